"""Issue 15, items 1-5: a failed apply records nothing, import --force keeps the history unless told,
and a notice is one instrument: applied once, to the document it names, in date order."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.app import amend
from policydiff.cli import cli
from policydiff.storage import fsutil
from policydiff.zh.numbering import int_to_zh
from tests.conftest import file_tree

HEADER = "关于修改《测试管理办法》的决定\n\n"
ADD_21 = (
    HEADER + "一、增加一条，作为第二十一条：“第二十一条　本办法自公布之日起施行。”\n\n本决定自2024年1月1日起施行。\n"
)
CHANGE_2 = HEADER + "一、将第二条中的“内容”修改为“规定”。\n\n本决定自2024年1月1日起施行。\n"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A repository with 测试管理办法 (20 articles, in force from 2022-01-01) as ``ceshi``."""
    root = tmp_path / "repo"
    root.mkdir()
    lines = ["测试管理办法", ""] + [f"第{int_to_zh(i)}条　本办法第{int_to_zh(i)}条的内容。" for i in range(1, 21)]
    source = tmp_path / "reg.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(root, "import", str(source), "--id", "ceshi", "--date", "2022-01-01")[0] == 0
    return root


def notice(tmp_path: Path, text: str, name: str = "notice.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(root: Path, old: str, new: str) -> None:
    path = root / "documents" / "ceshi" / "document.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_label_that_cannot_be_written_records_nothing(root: Path, tmp_path: Path) -> None:
    """Item 1: failed on d126d35 (exit 2, yet events/001-amend was written; a second run wrote 002)."""
    edit(root, "  article: 第{zh}条　\n", "  article: '{circle} '\n")
    source = notice(tmp_path, ADD_21)
    before = file_tree(root)
    for _ in range(2):
        assert run(root, "apply", "ceshi", str(source)) == (2, "", f"{source}:item 一: no circled digit for 21\n")
        assert file_tree(root) == before
    assert run(root, "check") == (0, "", "")


def test_a_provision_number_2_0_records_nothing(root: Path, tmp_path: Path) -> None:
    """Item 1: failed on d126d35 (``num: 2.0``: TypeError, exit 1, and the event was recorded).

    The loader now refuses the number itself, with one located line (exit 2), and nothing is written.
    """
    edit(root, "    num: 2\n", "    num: 2.0\n")
    before = file_tree(root)
    code, out, err = run(root, "apply", "ceshi", str(notice(tmp_path, CHANGE_2)))
    assert (code, out) == (2, "")
    assert err == "documents/ceshi/document.yaml:23:5: provision 'a2': 'num': 2.0 is not of type 'integer'\n"
    assert file_tree(root) == before


def test_a_report_that_fails_records_nothing(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 1: whatever labelling the changes raises, it is raised before the event is written."""

    def broken(*args: object) -> str:
        raise TypeError("the report cannot be made")

    monkeypatch.setattr(amend, "path_label", broken)
    before = file_tree(root)
    with pytest.raises(TypeError):
        CliRunner().invoke(
            cli, ["--root", str(root), "apply", "ceshi", str(notice(tmp_path, CHANGE_2))], catch_exceptions=False
        )
    assert file_tree(root) == before


def test_no_space_leaves_no_events_folder(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 1: failed on d126d35 (ENOSPC left an empty ``events/`` folder); no ``notices/`` either."""

    def full(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.tempfile, "mkstemp", full)
    before = file_tree(root)
    event = root / "notices" / "2024-01-01-关于修改《测试管理办法》的决定" / "notice.txt"
    assert run(root, "apply", "ceshi", str(notice(tmp_path, CHANGE_2))) == (
        1,
        "",
        f"{event}: cannot write: No space left on device\n",
    )
    assert file_tree(root) == before


def test_import_force_keeps_the_history(root: Path, tmp_path: Path) -> None:
    """Item 2: failed on d126d35 (``import --force`` exited 0 and deleted events/ without a word)."""
    assert run(root, "apply", "ceshi", str(notice(tmp_path, CHANGE_2)))[0] == 0
    before = file_tree(root)
    source = str(tmp_path / "reg.txt")
    assert run(root, "import", source, "--id", "ceshi", "--force") == (
        2,
        "",
        "policydiff: document 'ceshi' has 1 recorded amendment (documents/ceshi/events/); "
        "--force --discard-history replaces it and discards its history\n",
    )
    assert file_tree(root) == before
    assert run(root, "import", source, "--id", "ceshi", "--force", "--discard-history") == (
        0,
        "documents/ceshi/document.yaml: 测试管理办法 (20 provisions)\n",
        "",
    )
    assert not (root / "documents" / "ceshi" / "events").exists()


def test_discard_history_needs_force(root: Path, tmp_path: Path) -> None:
    """Item 2: --discard-history alone is a usage error."""
    code, _, err = run(root, "import", str(tmp_path / "reg.txt"), "--id", "ceshi", "--discard-history")
    assert (code, err.splitlines()[-1]) == (2, "Error: --discard-history is only meaningful with --force")


def test_a_notice_without_a_number_is_applied_once(root: Path, tmp_path: Path) -> None:
    """Item 3: failed on d126d35 (two events, the article inserted twice, check clean)."""
    source = notice(tmp_path, ADD_21)
    assert run(root, "apply", "ceshi", str(source))[0] == 0
    before = file_tree(root)
    assert run(root, "apply", "ceshi", str(source)) == (
        1,
        "",
        "policydiff: notice “关于修改《测试管理办法》的决定” of 2024-01-01 is already applied (event 001-amend)\n",
    )
    assert file_tree(root) == before


def test_check_finds_a_notice_without_a_number_recorded_twice(root: Path, tmp_path: Path) -> None:
    """Item 3: failed on d126d35 (PD503 compared only the number: check exited 0)."""
    assert run(root, "apply", "ceshi", str(notice(tmp_path, ADD_21)))[0] == 0
    events = root / "documents" / "ceshi" / "events"
    (events / "002-amend").mkdir()
    (events / "002-amend" / "event.yaml").write_bytes((events / "001-amend" / "event.yaml").read_bytes())
    code, out, _ = run(root, "check")
    assert code == 1
    assert out.splitlines()[0] == (
        "documents/ceshi/events/002-amend/event.yaml:3:1: PD503 notice “关于修改《测试管理办法》的决定” "
        "of 2024-01-01 is recorded twice: events 001-amend and 002-amend"
    )


def test_same_title_and_date_with_other_wording_is_another_notice(root: Path, tmp_path: Path) -> None:
    """Item 3: without a number, the wording tells two notices of one title and date apart."""
    assert run(root, "apply", "ceshi", str(notice(tmp_path, CHANGE_2)))[0] == 0
    assert run(root, "apply", "ceshi", str(notice(tmp_path, ADD_21, "other.txt")))[0] == 0


def test_a_notice_for_another_document_is_refused(root: Path, tmp_path: Path) -> None:
    """Item 4: failed on d126d35 (applied with exit 0 and recorded with ``target: 其他办法``)."""
    source = notice(tmp_path, CHANGE_2.replace("测试管理办法", "其他办法"))
    before = file_tree(root)
    assert run(root, "apply", "ceshi", str(source)) == (
        2,
        "",
        f"{source}: the notice amends 《其他办法》, not 《测试管理办法》: --target 其他办法 applies it to ceshi anyway\n",
    )
    assert file_tree(root) == before
    assert run(root, "apply", "ceshi", str(source), "--target", "其他办法")[0] == 0


def test_a_notice_dated_before_enactment_is_refused(root: Path, tmp_path: Path) -> None:
    """Item 5: failed on d126d35 (after an undated notice, one dated before enactment was accepted)."""
    undated = notice(tmp_path, CHANGE_2.replace("\n本决定自2024年1月1日起施行。\n", ""), "undated.txt")
    assert run(root, "apply", "ceshi", str(undated))[0] == 0
    early = notice(tmp_path, ADD_21.replace("2024年1月1日", "2021年6月1日"), "early.txt")
    before = file_tree(root)
    assert run(root, "apply", "ceshi", str(early)) == (
        1,
        "",
        "policydiff: notice dated 2021-06-01 is older than the enacted text (2022-01-01); apply notices in date order\n",
    )
    assert file_tree(root) == before


def test_a_notice_dated_before_the_previous_event_is_refused(root: Path, tmp_path: Path) -> None:
    """Item 5: PD701 at the door, naming the event it would come before."""
    assert run(root, "apply", "ceshi", str(notice(tmp_path, CHANGE_2)))[0] == 0
    undated = notice(tmp_path, ADD_21.replace("\n本决定自2024年1月1日起施行。\n", ""), "undated.txt")
    assert run(root, "apply", "ceshi", str(undated))[0] == 0
    early = HEADER + "一、将第三条中的“内容”修改为“规定”。\n\n本决定自2023年1月1日起施行。\n"
    assert run(root, "apply", "ceshi", str(notice(tmp_path, early, "early.txt"))) == (
        1,
        "",
        "policydiff: notice dated 2023-01-01 is older than event 001-amend (2024-01-01); apply notices in date order\n",
    )


def test_a_first_notice_dated_before_enactment_names_the_enacted_text(root: Path, tmp_path: Path) -> None:
    """Item 5: the refusal names the version it would come before (it said "the current version")."""
    early = notice(tmp_path, ADD_21.replace("2024年1月1日", "2021年6月1日"), "early.txt")
    before = file_tree(root)
    for flags in ((), ("--dry-run",)):
        assert run(root, "apply", "ceshi", str(early), *flags) == (
            1,
            "",
            "policydiff: notice dated 2021-06-01 is older than the enacted text (2022-01-01); "
            "apply notices in date order\n",
        )
    assert file_tree(root) == before


@pytest.mark.parametrize("call", ["mkdir", "mkdtemp", "mkstemp", "fsync", "replace"])
def test_a_failure_at_any_step_of_recording_leaves_every_file(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    """Item 1: a disk error in any call that records the event (making events/, the staging folder,
    the temporary file, its fsync, a rename) leaves the repository byte-identical, events/ included.

    All but ``mkdir`` failed on d126d35: an empty ``events/`` folder was left behind."""
    module = fsutil.tempfile if "temp" in call else None

    def failing(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device")

    if module is not None:
        monkeypatch.setattr(module, call, failing)
    elif call == "mkdir":
        original = Path.mkdir

        def mkdir(self: Path, *args: object, **kwargs: object) -> None:
            if self.name == "events":
                failing()
            original(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "mkdir", mkdir)
    else:
        original_call = getattr(os, call)

        def on_events(*args: object) -> object:
            if call == "fsync" or "events" in str(args[0]):
                failing()
            return original_call(*args)

        monkeypatch.setattr(fsutil.os, call, on_events)
    before = file_tree(root)
    code, out, _ = run(root, "apply", "ceshi", str(notice(tmp_path, CHANGE_2)))
    assert (code, out) == (1, "")
    assert file_tree(root) == before


def _closed_stdout(root: Path, *args: str) -> tuple[int, str]:
    """Run policydiff with a standard output whose reader is gone (``| head -0``): exit code, stderr."""
    import subprocess
    import sys

    reader, writer = os.pipe()
    os.close(reader)  # before the process starts, so that its first line already meets EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "policydiff", "--root", str(root), *args], stdout=writer, stderr=subprocess.PIPE
        )
    finally:
        os.close(writer)
    return done.returncode, done.stderr.decode("utf-8")


CUT = "policydiff: standard output was closed early: the rest of this report was not printed\n"


def test_apply_into_a_closed_output_records_and_says_so(root: Path, tmp_path: Path) -> None:
    """Failed on 202e150: the event was recorded, yet the command exited 1 without a word."""
    assert _closed_stdout(root, "apply", "ceshi", str(notice(tmp_path, CHANGE_2))) == (0, CUT)
    assert sorted(p.name for p in (root / "documents" / "ceshi" / "events").iterdir()) == ["001-amend"]
    assert run(root, "show", "ceshi")[1].splitlines()[2] == "第二条　本办法第二条的规定。"


def test_import_into_a_closed_output_imports_every_file(root: Path, tmp_path: Path) -> None:
    """Failed on 202e150: exit 1 without a word, though the import went on writing."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"{name}办法\n\n第一条　内容。\n", encoding="utf-8")
    assert _closed_stdout(root, "import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--jobs", "1") == (0, CUT)
    assert sorted(p.name for p in (root / "documents").iterdir()) == ["a", "b", "ceshi"]


def test_apply_reads_the_wording_once(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsed, looked at for its parts and for what it repeals: one reading serves all three."""
    from policydiff.notice import parse, wording
    from policydiff.storage.repo import Repository

    calls: list[str] = []
    monkeypatch.setattr(amend, "read_notice", lambda text, name: calls.append(name) or wording.read_notice(text, name))
    monkeypatch.setattr(parse, "read_notice", lambda text, name: pytest.fail(f"read again: {name}"))
    path = notice(tmp_path, CHANGE_2)
    outcome = amend.apply_file(Repository(root), "ceshi", path, dry_run=True, target=None)
    assert calls == [str(path)]
    assert [(c.address, c.new) for c in outcome.changes] == [("第二条", "第二条\u3000本办法第二条的规定。")]
