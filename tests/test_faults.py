"""Fault injection, in the spirit of SQLite's I/O-error tests: the Nth file-system operation of a
command fails, for N = 1, 2, … until the command completes.

Every operation a write is made of is counted: creating a temporary file or folder, opening,
writing through a descriptor, fsync, rename/replace, mkdir, unlink and rmtree. The Nth raises
``OSError(EIO)`` once (the ones after it succeed, so that clean-up code runs, as after a real
transient error). After each failure:

- the command exits 1 or 2 with one line on stderr, never a traceback;
- the repository is byte-identical to before, but for the dot-named leftovers a killed writer
  may leave (``.X.tmp``, ``.X.staging``, ``.X.old``), which readers ignore;
- the same command then run without a fault succeeds, and leaves the repository exactly as a
  run that never failed, with no leftover at all.

A failed operation that is only best effort (the fsync of a folder, removing a leftover) may
let the command succeed; then its result must be exactly a clean run's.

``FAULT_POINTS`` records how many operations each command performs, so that a change that adds a
write shows here; the note of issue 15 quotes them. :func:`run_with_faults` is reusable by every
command that writes.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from tests.conftest import FIXTURES

FJWY = FIXTURES / "golden" / "fjwy-2021"
#: What a writer stopped by an error may leave, readers ignore and the next writer removes: its
#: temporary files and folders, and the lock file when removing it was what failed.
_LEFTOVER = re.compile(r"^\..+\.(tmp|staging|old)$|^lock$")


class _Faults:
    """Counts file-system operations and fails the *at*-th one (0: none)."""

    def __init__(self, at: int) -> None:
        self.at, self.count = at, 0

    def wrap(self, func: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            if self.count != self.at:
                return func(*args, **kwargs)
            if kwargs.get("ignore_errors"):  # shutil.rmtree(…, ignore_errors=True) fails silently
                return None
            raise OSError(errno.EIO, "injected I/O error")

        return counted


_TARGETS: list[tuple[Any, str]] = [
    (os, "replace"), (os, "rename"), (os, "fsync"), (os, "mkdir"), (os, "unlink"), (os, "write"),
    (os, "rmdir"), (tempfile, "mkstemp"), (tempfile, "mkdtemp"), (shutil, "rmtree"), (Path, "mkdir"),
    (Path, "unlink"), (Path, "write_bytes"), (Path, "write_text"),
]  # fmt: skip


@contextmanager
def _injected(monkeypatch: pytest.MonkeyPatch, at: int) -> Iterator[_Faults]:
    faults = _Faults(at)
    with monkeypatch.context() as patch:
        for owner, name in _TARGETS:
            patch.setattr(owner, name, faults.wrap(getattr(owner, name)))
        yield faults


def _snapshot(root: Path, *, leftovers: bool = False) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under *root*, the writers' leftovers ignored unless asked."""
    out: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not leftovers and any(_LEFTOVER.match(part) for part in rel.parts):
            continue
        out[rel.as_posix()] = path.read_bytes() if path.is_file() else None
    return out


def run_with_faults(
    monkeypatch: pytest.MonkeyPatch,
    prepare: Callable[[Path], None],
    args: list[str],
    tmp: Path,
    output: str | None = None,
) -> int:
    """Run ``policydiff ARGS`` in a repository made by *prepare*, failing its 1st, 2nd, …
    file-system operation until it completes; check the invariants after each; return how
    many operations the command performs.

    *output* is a folder the command writes outside the repository's data (build's site): a
    failure may leave part of it written, but the run after must give a clean run's result."""
    clean = tmp / "clean"
    prepare(clean)
    expected = _run(clean, args)
    assert expected.exit_code == 0, expected.output
    n = 0
    while True:
        n += 1
        root = tmp / f"at-{n}"
        prepare(root)
        before = _without(_snapshot(root), output)
        with _injected(monkeypatch, n) as faults:
            result = _run(root, args)
        if faults.count < n:  # the command completed before the Nth operation
            assert result.exit_code == 0
            return n - 1
        if result.exit_code == 0:  # a best-effort operation (an fsync of a folder, a clean-up) failed
            assert _snapshot(root) == _snapshot(clean), f"operation {n} failed unseen and the result differs"
            continue
        _assert_clean_failure(result, n)
        assert _without(_snapshot(root), output) == before, f"operation {n} failed and the repository changed"
        again = _run(root, args)
        assert again.exit_code == 0, again.output
        assert _snapshot(root, leftovers=True) == _snapshot(clean, leftovers=True)


def _without(snapshot: dict[str, bytes | None], output: str | None) -> dict[str, bytes | None]:
    if output is None:
        return snapshot
    return {k: v for k, v in snapshot.items() if k != output and not k.startswith(f"{output}/")}


def _run(root: Path, args: list[str]) -> Any:
    """``policydiff --root ROOT ARGS``; ``{root}`` in an argument is the repository's folder."""
    return CliRunner().invoke(cli, ["--root", str(root), *(a.replace("{root}", str(root)) for a in args)])


def _assert_clean_failure(result: Any, n: int) -> None:
    assert result.exit_code in (1, 2), f"operation {n}: exit {result.exit_code}: {result.output}"
    assert isinstance(result.exception, SystemExit), f"operation {n}: {result.exception!r}"
    assert len(result.stderr.splitlines()) == 1, f"operation {n}: {result.stderr}"
    assert "injected I/O error" in result.stderr


def _empty(root: Path) -> None:
    root.mkdir()


def _imported(root: Path) -> None:
    root.mkdir()
    assert _run(root, ["import", str(FJWY / "before.txt"), "--id", "fjwy", "--date", "2021-03-12"]).exit_code == 0


#: How many file-system operations each command performs (a new write shows here first).
FAULT_POINTS = {
    "import": 29,
    "import --force": 17,
    "apply": 26,
    "apply NOTICE": 54,
    "build": 66,
    "revise --by": 30,
    "revise": 16,
    "repeal --by": 26,
    "repeal": 12,
}  # build: +4, the instrument page, +8 the feeds (the document's, the site's), +5 the replay cache's entry (two mkdir, a replace, and the removal of the document's format-1 entry: Path.unlink and the os.unlink it calls) and +3 check's record of what it found clean (each outside the repository, best effort: two mkdir, a replace); revise and repeal: +14 with --by (the instrument kept), revise +4 (its text)


def test_import_survives_a_failure_at_every_operation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    args = ["import", str(FJWY / "before.txt"), "--id", "fjwy", "--date", "2021-03-12"]
    assert run_with_faults(monkeypatch, _empty, args, tmp_path) == FAULT_POINTS["import"]


def test_import_force_survives_a_failure_at_every_operation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    args = ["import", str(FJWY / "after.txt"), "--id", "fjwy", "--date", "2021-05-21", "--force"]
    assert run_with_faults(monkeypatch, _imported, args, tmp_path) == FAULT_POINTS["import --force"]


def test_apply_survives_a_failure_at_every_operation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    args = ["apply", "fjwy", str(FJWY / "notice.txt")]
    assert run_with_faults(monkeypatch, _imported, args, tmp_path) == FAULT_POINTS["apply"]


def _three(root: Path) -> None:
    root.mkdir()
    files = [str(FIXTURES / "instruments" / f"{name}.txt") for name in "abc"]
    assert _run(root, ["import", *files, "--date", "2020-01-01", "--jobs", "1"]).exit_code == 0


def test_apply_of_a_decision_to_three_documents_survives_a_failure_at_every_operation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """All or nothing across documents: a failure writing the third event takes back the first two."""
    args = ["apply", str(FIXTURES / "instruments" / "three.txt")]
    assert run_with_faults(monkeypatch, _three, args, tmp_path) == FAULT_POINTS["apply NOTICE"]


def _amended(root: Path) -> None:
    _imported(root)
    assert _run(root, ["apply", "fjwy", str(FJWY / "notice.txt")]).exit_code == 0


def test_build_survives_a_failure_at_every_operation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    args = ["build", "-o", "{root}/site", "--quiet", "--jobs", "1"]
    assert run_with_faults(monkeypatch, _amended, args, tmp_path, output="site") == FAULT_POINTS["build"]


LIFECYCLE = FIXTURES / "lifecycle"


def _jia(root: Path) -> None:
    root.mkdir()
    args = ["import", str(FIXTURES / "instruments" / "a.txt"), "--id", "jia", "--date", "2020-01-01"]
    assert _run(root, args).exit_code == 0


@pytest.mark.parametrize(
    ("name", "args"),
    [
        (
            "revise --by",
            ["revise", "jia", str(LIFECYCLE / "jia-2024.txt"), "--by", str(LIFECYCLE / "revise-notice.txt")],
        ),
        ("revise", ["revise", "jia", str(LIFECYCLE / "jia-2024.txt"), "--date", "2024-03-01"]),
        ("repeal --by", ["repeal", "jia", "--by", str(LIFECYCLE / "repeal-notice.txt")]),
        ("repeal", ["repeal", "jia", "--date", "2025-01-01"]),
    ],
)
def test_revise_and_repeal_survive_a_failure_at_every_operation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, args: list[str]
) -> None:
    """The instrument kept in notices/ and the event folder: both, or neither."""
    assert run_with_faults(monkeypatch, _jia, args, tmp_path) == FAULT_POINTS[name]
