"""Shell completion: document ids for SLUG, versions and dates for --at and diff's OLD and NEW."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from policydiff.cli import cli

ROOT = Path(__file__).parent.parent
BUILT_IN = [
    "cqu-materials-network-ideology",
    "datong-network-ideology",
    "fjwy-network-ideology",
    "prc-constitution",
    "seed003-part8",
    "seed004-part6",
]


def complete(line: str) -> list[str]:
    """What ``policydiff LINE<TAB>`` offers, through click's completion API."""
    words = line.split()
    incomplete = "" if line.endswith(" ") else words.pop()
    return [item.value for item in ShellComplete(cli, {}, "policydiff", "").get_completions(words, incomplete)]


def complete_bash(line: str) -> tuple[int, str, str]:
    """``policydiff LINE<TAB>`` as bash asks it: the ``_POLICYDIFF_COMPLETE`` variable, COMP_WORDS, COMP_CWORD."""
    words = ["policydiff", *line.split()]
    cword = len(words) if line.endswith(" ") or not line else len(words) - 1
    env = {"_POLICYDIFF_COMPLETE": "bash_complete", "COMP_WORDS": " ".join(words), "COMP_CWORD": str(cword)}
    result = CliRunner().invoke(cli, [], env=env, prog_name="policydiff")
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("in_project")
def test_slug_candidates_are_the_documents() -> None:
    assert complete("show ") == BUILT_IN
    assert complete("show fj") == ["fjwy-network-ideology"]
    assert complete("show x") == []
    for command in ("log", "blame", "diff", "render", "draft", "revise", "repeal"):
        assert complete(f"{command} prc") == ["prc-constitution"], command


@pytest.mark.usefixtures("in_project")
def test_at_offers_the_versions_then_their_dates() -> None:
    assert complete("show prc-constitution --at ") == ["v1", "v2", "v3", "v4", "v5", "v6"]
    assert complete("show prc-constitution --at 19") == ["1982-12-04", "1988-04-12", "1993-03-29", "1999-03-15"]
    assert complete("blame --json fjwy-network-ideology --at v") == ["v1", "v2"]
    assert complete("render fjwy-network-ideology --format docx --at 2021-05") == ["2021-05-21"]
    assert complete("show --at ") == []  # no document named yet


@pytest.mark.usefixtures("in_project")
def test_diff_old_and_new_take_versions_dates_and_other_documents() -> None:
    assert complete("diff fjwy-network-ideology ") == ["v1", "v2"]
    assert complete("diff fjwy-network-ideology v1 ") == ["v1", "v2"]
    assert complete("diff fjwy-network-ideology v1 da") == ["datong-network-ideology"]
    assert complete("draft fjwy-network-ideology v1 2") == ["2021-03-12", "2021-05-21"]


@pytest.mark.usefixtures("in_project")
def test_apply_offers_documents_then_files() -> None:
    shell = ShellComplete(cli, {}, "policydiff", "")
    items = shell.get_completions(["apply"], "prc")
    assert [(i.value, i.type) for i in items] == [("prc-constitution", "plain"), ("prc", "file")]
    items = shell.get_completions(["apply", "prc-constitution"], "no")
    assert [(i.value, i.type) for i in items] == [("no", "file")]


@pytest.mark.usefixtures("in_project")
def test_bash_completion_through_the_environment() -> None:
    assert complete_bash("show ") == (0, "".join(f"plain,{slug}\n" for slug in BUILT_IN), "")
    assert complete_bash("show fj") == (0, "plain,fjwy-network-ideology\n", "")
    versions = "".join(f"plain,v{n}\n" for n in range(1, 7))
    assert complete_bash("show prc-constitution --at ") == (0, versions, "")


def test_no_candidates_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert complete("show ") == []
    assert complete("show prc-constitution --at ") == []
    assert complete_bash("show ") == (0, "\n", "")  # click prints an empty line for no candidates
    assert complete(f"--root {tmp_path / 'nowhere'} show ") == []


def test_root_option_and_an_unreadable_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "documents" / "broken").mkdir(parents=True)
    (tmp_path / "documents" / "broken" / "document.yaml").write_text("title: [\n", encoding="utf-8")
    monkeypatch.chdir(ROOT)
    assert complete(f"--root {tmp_path} show ") == ["broken"]
    assert complete(f"--root {tmp_path} show broken --at ") == []
    assert complete(f"--root {tmp_path} diff broken v1 ") == []
