"""`diff` through the command line: golden outputs and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import run

ROOT = Path(__file__).parent.parent
ITEM_11 = "贯彻党中央关于网络意识形态工作的决策部署存在只表态不落实、热衷于搞舆论造势、不见诸行动等形式主义、官僚主义行为，造成严重不良影响的"


@pytest.fixture(scope="module")
def builtin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "documents", root / "documents")
    return root


@pytest.mark.parametrize(("args", "golden"), [(["--no-color"], "fjwy.txt"), (["--format", "md"], "fjwy.md")])
def test_golden(builtin: Path, args: list[str], golden: str) -> None:
    code, out, err = run(builtin, "diff", "fjwy-network-ideology", "2021-03-12", "2021-05-21", *args)
    assert (code, err) == (1, "")
    assert out == (FIXTURES / "diff" / golden).read_text(encoding="utf-8")


def test_json_has_the_twelve_changes_of_the_notice(builtin: Path) -> None:
    code, out, _ = run(builtin, "diff", "fjwy-network-ideology", "2021-03-12", "2021-05-21", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert [c["kind"] for c in data["changes"]] == ["modified"] * 10 + ["added", "renumbered"]
    added = data["changes"][10]
    assert added["new_address"] == "四、（三）9."
    assert added["new_text"] == f"9.{ITEM_11}。"
    for change in data["changes"][:10]:
        segments = change["segments"]
        assert "".join(s["text"] for s in segments if s["op"] != "insert") == change["old_text"]
        assert "".join(s["text"] for s in segments if s["op"] != "delete") == change["new_text"]
    renumbered = data["changes"][11]
    assert (renumbered["old_address"], renumbered["new_address"]) == ("四、（三）9.", "四、（三）10.")
    assert renumbered["old_text"][2:] == renumbered["new_text"][3:] == "其他应当问责的失职失责情形。"


def test_equal_versions_exit_0(builtin: Path) -> None:
    code, out, _ = run(builtin, "diff", "fjwy-network-ideology", "v2", "2021-06-01", "--no-color")
    assert code == 0
    assert out == "--- v2\n+++ 2021-06-01\n没有改动\n"


def test_two_documents_can_be_compared(builtin: Path) -> None:
    code, out, _ = run(
        builtin, "diff", "datong-network-ideology", "v1", "cqu-materials-network-ideology", "--format", "json"
    )
    assert code == 1
    assert json.loads(out)["to"] == "cqu-materials-network-ideology"


def test_unknown_version_is_a_usage_error(builtin: Path) -> None:
    assert run(builtin, "diff", "fjwy-network-ideology", "v1", "v9") == (
        2,
        "",
        "policydiff: fjwy-network-ideology has versions 1 to 2, not 9\n",
    )


def test_draft_applies_back_to_the_new_version(builtin: Path, tmp_path: Path) -> None:
    notice = tmp_path / "draft.txt"
    code, out, _ = run(builtin, "draft", "fjwy-network-ideology", "v1", "v2", "-o", str(notice))
    assert (code, out) == (0, f"wrote {notice}\n")
    repo = tmp_path / "repo"
    run(repo, "import", str(FIXTURES / "golden" / "fjwy-2021" / "before.txt"), "--id", "fjwy", "--date", "2021-03-12")
    code, _, _ = run(repo, "apply", "fjwy", str(notice))
    assert code == 0
    _, shown, _ = run(repo, "show", "fjwy")
    assert shown == (FIXTURES / "golden" / "fjwy-2021" / "after.txt").read_text(encoding="utf-8")


def test_html_page_is_zh_cn_as_the_site(builtin: Path) -> None:
    """Failed on 49a027a: ``diff --format html`` said ``<html lang="zh">`` where the site says ``zh-CN``."""
    code, out, _ = run(builtin, "diff", "fjwy-network-ideology", "v1", "v2", "--format", "html")
    assert code == 1
    assert out.splitlines()[1] == '<html lang="zh-CN">'
