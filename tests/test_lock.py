"""The write lock: one writing process at a time, readers never blocked, a killed holder no obstacle."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from policydiff.storage.fsutil import WriteError
from policydiff.storage.lock import LockedError, write_lock

ROOT = Path(__file__).parent.parent
FJWY = ROOT / "documents" / "fjwy-network-ideology"
SLUG = "fjwy-network-ideology"
MESSAGE = "another policydiff process is writing this repository; try again when it has finished"
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}

#: Holds the lock of the repository named by argv[1] until its stdin is closed.
HOLDER = """\
import sys
from pathlib import Path
from policydiff.storage.lock import write_lock
with write_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository holding the built-in fjwy document as enacted; its 2021 notice in tmp_path/notice/."""
    root = tmp_path / "repo"
    shutil.copytree(FJWY, root / "documents" / SLUG, ignore=shutil.ignore_patterns("events"))
    shutil.copytree(FJWY / "events" / "001-amend", tmp_path / "notice")
    return root


def snapshot(root: Path) -> dict[str, bytes | str]:
    return {p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else "dir" for p in sorted(root.rglob("*"))}


def policydiff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "policydiff", *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=ENV, timeout=120)


class Holder:
    """Another process holding the repository's lock."""

    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=ENV
        )
        assert self.proc.stdout is not None and self.proc.stdout.readline() == "locked\n"

    def release(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=60) == 0

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        assert self.proc.wait(timeout=60) == -signal.SIGKILL


@pytest.fixture
def holder(repo: Path) -> Iterator[Holder]:
    held = Holder(repo)
    yield held
    if held.proc.poll() is None:
        held.kill()


def test_a_second_process_is_refused_with_one_line_and_nothing_changes(repo: Path, holder: Holder) -> None:
    before = snapshot(repo)
    assert before[".policydiff/lock"] == b""
    proc = policydiff("apply", SLUG, "../notice/notice.yaml", cwd=repo)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", f".policydiff/lock: {MESSAGE}\n")
    assert snapshot(repo) == before
    holder.release()
    proc = policydiff("apply", SLUG, "../notice/notice.yaml", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.endswith(f"applied 11 items to {SLUG}, recorded as documents/{SLUG}/events/001-amend\n")
    assert not (repo / ".policydiff" / "lock").exists()


def test_the_message_names_the_lock_under_the_root_given(repo: Path, holder: Holder, tmp_path: Path) -> None:
    proc = policydiff("--root", str(repo), "apply", SLUG, "notice/notice.yaml", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (1, f"{repo}/.policydiff/lock: {MESSAGE}\n")


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_import_and_init_are_refused_too(repo: Path, holder: Holder, tmp_path: Path) -> None:
    source = tmp_path / "other.txt"
    source.write_text("示例办法\n第一条 为了示例，制定本办法。\n", encoding="utf-8")
    before = snapshot(repo)
    assert run(repo, "import", str(source)) == (1, "", f"{repo}/.policydiff/lock: {MESSAGE}\n")
    assert run(repo, "import", str(source), "--split") == (1, "", f"{repo}/.policydiff/lock: {MESSAGE}\n")
    assert run(repo, "init", str(repo)) == (1, "", f"{repo}/.policydiff/lock: {MESSAGE}\n")
    assert snapshot(repo) == before


READERS = [
    ["show", SLUG],
    ["show", SLUG, "--format", "html"],
    ["list"],
    ["log", SLUG],
    ["blame", SLUG],
    ["diff", SLUG, "v1", "v1"],
    ["check"],
    ["render", SLUG, "--template", "changelog.md.j2"],
    ["draft", SLUG, "v1", "v1"],
    ["apply", SLUG, "NOTICE", "--dry-run"],
]
#: What a reader says when it refuses (else exit 0 and nothing on stderr): never the lock.
REFUSED = {"draft": (1, "policydiff: v1 and v1 are the same text: there is nothing to draft\n")}


@pytest.mark.parametrize("args", READERS, ids=[" ".join(a[:1] + a[2:]) for a in READERS])
def test_commands_that_only_read_take_no_lock(repo: Path, holder: Holder, tmp_path: Path, args: list[str]) -> None:
    args = [str(tmp_path / "notice" / "notice.yaml") if a == "NOTICE" else a for a in args]
    code, _, err = run(repo, *args)
    assert (code, err) == REFUSED.get(args[0], (0, ""))


def test_build_takes_no_lock(repo: Path, holder: Holder, tmp_path: Path) -> None:
    code, out, err = run(repo, "build", "-o", str(tmp_path / "site"), "--quiet")
    assert (code, err) == (0, "")
    assert out.startswith("built ") and (tmp_path / "site" / "index.html").is_file()


def test_a_killed_holder_leaves_its_file_and_no_lock(repo: Path, holder: Holder) -> None:
    holder.kill()
    assert (repo / ".policydiff" / "lock").read_bytes() == b""
    proc = policydiff("apply", SLUG, "../notice/notice.yaml", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (repo / ".policydiff").iterdir()) == ["schemas"]


def test_two_applies_at_once_never_both_record(tmp_path: Path) -> None:
    # Without the lock both read an empty history and both write event 001: both say
    # "applied", and one notice silently replaces the other.
    for n in range(3):
        root = tmp_path / f"r{n}"
        shutil.copytree(FJWY, root / "documents" / SLUG, ignore=shutil.ignore_patterns("events"))
        notice = str(FJWY / "events" / "001-amend" / "notice.yaml")
        cmd = [sys.executable, "-m", "policydiff", "--root", str(root), "apply", SLUG, notice]
        procs = [
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV) for _ in "ab"
        ]
        results = sorted((p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs)
        assert results[0] == (0, "")
        assert results[1] in (
            (1, f"{root}/.policydiff/lock: {MESSAGE}\n"),
            (1, "policydiff: notice 闽卫院委宣〔2021〕6 号 is already applied (event 001-amend)\n"),
        )
        assert [p.name for p in (root / "documents" / SLUG / "events").iterdir()] == ["001-amend"]
        assert run(root, "check") == (0, "", "")


def test_the_lock_is_reentrant_in_a_thread_and_exclusive_between_threads(tmp_path: Path) -> None:
    errors: list[str] = []

    def other() -> None:
        try:
            with write_lock(tmp_path):
                errors.append("taken twice")
        except LockedError as exc:
            errors.append(str(exc))

    with write_lock(tmp_path), write_lock(tmp_path):
        assert (tmp_path / ".policydiff" / "lock").is_file()
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert errors == [f"{tmp_path}/.policydiff/lock: {MESSAGE}"]
    assert list(tmp_path.iterdir()) == []  # the lock file and the folder made for it are gone


def test_locking_a_repository_that_does_not_exist_leaves_nothing(tmp_path: Path) -> None:
    with write_lock(tmp_path / "new" / "repo"):
        assert (tmp_path / "new" / "repo" / ".policydiff" / "lock").is_file()
    assert list(tmp_path.iterdir()) == []


def test_a_file_where_the_lock_folder_goes_is_a_write_error(tmp_path: Path) -> None:
    (tmp_path / ".policydiff").write_text("x", encoding="utf-8")
    with pytest.raises(WriteError) as info, write_lock(tmp_path):
        pass
    assert str(info.value) == f"{tmp_path}/.policydiff/lock: cannot write: Not a directory"
    assert [p.name for p in tmp_path.iterdir()] == [".policydiff"]


def test_a_failed_command_leaves_no_lock_folder(tmp_path: Path) -> None:
    notice = str(FJWY / "events" / "001-amend" / "notice.yaml")
    (tmp_path / "documents").mkdir()  # a repository (since 49a027a a folder without one is refused first)
    assert run(tmp_path, "apply", "missing", notice) == (2, "", "policydiff: no document 'missing' in documents/\n")
    assert list(tmp_path.iterdir()) == [tmp_path / "documents"]


def test_a_forked_worker_does_not_inherit_the_right_to_write(tmp_path: Path) -> None:
    with write_lock(tmp_path):
        pid = os.fork()
        if pid == 0:  # the child: refused, although it shares the parent's open lock file
            try:
                with write_lock(tmp_path):
                    os._exit(3)
            except LockedError as exc:
                os._exit(0 if str(exc) == f"{tmp_path}/.policydiff/lock: {MESSAGE}" else 4)
        assert os.waitpid(pid, 0)[1] == 0
