"""Crash safety for real: ``policydiff apply`` killed with SIGKILL at random moments.

A repository made with ``policydiff init``, holding the built-in fjwy document as enacted,
gets its 2021 notice applied by a real process, killed at a random moment. Afterwards the
files are byte for byte the old state or the new one (what an apply that finished gives),
or the old state with the instrument kept in ``notices/`` and no event yet referring to it
("kept": the instrument is written first, the event that applies it last, so a kill between
the two leaves the history as it was, and the next apply uses the kept instrument); never a mix; ``policydiff check`` passes; what the killed run left (the lock file, a
``.staging`` folder) is ignored; and applying again works, tidies every leftover and ends
in the new state.

CI runs 20 kills (``slow``, a few seconds); ``POLICYDIFF_KILL_RUNS=300 python -m pytest -s
-m slow tests/test_killsafe.py`` runs more and prints the figures.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from policydiff.storage.repo import Repository

RUNS = int(os.environ.get("POLICYDIFF_KILL_RUNS", "20"))
SEED = int(os.environ.get("POLICYDIFF_KILL_SEED", "0"))
FJWY = Path(__file__).parent.parent / "documents" / "fjwy-network-ideology"
SLUG = FJWY.name
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
#: What a killed writer may leave: tempfile names (see policydiff.storage.fsutil), and the lock file.
LEFTOVER = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.(tmp|staging|old)")
LOCK = ".policydiff/lock"

Files = dict[str, bytes]


@dataclass(frozen=True, slots=True)
class Run:
    delay: float
    killed: bool
    state: str  # "old", "kept", "new" or "mixed"
    leftovers: tuple[str, ...]

    @property
    def moment(self) -> str:
        """When the kill came, as the files tell it."""
        if not self.killed:
            return "finished before the kill"
        staged = any(name.endswith(".staging") for name in self.leftovers)
        locked = LOCK in self.leftovers
        if self.state == "kept":
            return "between keeping the instrument and recording the event"
        if self.state == "old":
            return "while staging the event" if staged else "holding the lock" if locked else "before the lock"
        return "after the commit, holding the lock" if locked else "after the lock was released"


def files(root: Path) -> tuple[Files, tuple[str, ...]]:
    """Every file below *root* with its bytes, and apart, the leftovers of a killed writer."""
    found: Files = {}
    leftovers: set[str] = set()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        left = [part for part in rel.split("/") if LEFTOVER.fullmatch(part)]
        if left or rel == LOCK:
            leftovers.add(rel[: rel.index(left[0]) + len(left[0])] if left else rel)
        elif path.is_file():
            found[rel] = path.read_bytes()
    return found, tuple(sorted(leftovers))


def make_repository(tmp_path: Path) -> tuple[Path, Path]:
    """``policydiff init``, the fjwy document as enacted, the schemas; and the notice beside, outside it."""
    root = tmp_path / "pristine"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    shutil.copytree(FJWY, root / "documents" / SLUG, ignore=shutil.ignore_patterns("events"))
    Repository(root).write_schemas()
    shutil.copytree(FJWY / "events" / "001-amend", tmp_path / "notice")
    return root, tmp_path / "notice" / "notice.yaml"


def start_apply(root: Path, notice: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "policydiff", "--root", str(root), "apply", SLUG, str(notice)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)


def fresh(pristine: Path, root: Path) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(pristine, root)
    return root


def calibrate(pristine: Path, root: Path, notice: Path) -> tuple[float, Files]:
    """How long a whole apply takes (median of 3), and the files it leaves: the new state."""
    times = []
    for _ in range(3):
        fresh(pristine, root)
        start = time.perf_counter()
        assert start_apply(root, notice).wait(timeout=120) == 0
        times.append(time.perf_counter() - start)
    new, leftovers = files(root)
    assert leftovers == ()
    return statistics.median(times), new


def kill_once(pristine: Path, root: Path, notice: Path, delay: float, states: dict[str, Files]) -> Run:
    fresh(pristine, root)
    proc = start_apply(root, notice)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)  # a no-op on a process that finished but was not waited for
    code = proc.wait(timeout=120)
    assert code in (0, -signal.SIGKILL), code
    found, leftovers = files(root)
    state = next((name for name, snapshot in states.items() if found == snapshot), "mixed")
    return Run(delay, code != 0, state, leftovers)


def invoke(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def then_everything_works(root: Path, notice: Path, run: Run, new: Files) -> None:
    """``check`` passes despite the leftovers; applying again gives the new state and tidies them."""
    assert invoke(root, "check") == (0, "", ""), run
    code, _, err = invoke(root, "apply", SLUG, str(notice))
    if run.state in ("old", "kept"):
        assert (code, err) == (0, ""), run
    else:
        assert (code, err) == (1, "policydiff: notice 闽卫院委宣〔2021〕6 号 is already applied (event 001-amend)\n")
    assert files(root) == (new, ()), run


def report(runs: list[Run], took: float, whole: float) -> str:
    delays = [r.delay for r in runs]
    moments = Counter(r.moment for r in runs)
    left = Counter(name for r in runs for name in {LEFTOVER.sub(r".\1.XXXXXXXX.\2", x) for x in r.leftovers})
    return (
        f"\n{len(runs)} runs in {took:.0f} s (a whole apply: {whole:.2f} s); kill delays "
        f"{min(delays):.3f} to {max(delays):.3f} s\n"
        f"states: {dict(Counter(r.state for r in runs))}\nmoments: {dict(moments)}\nleftovers: {dict(left)}"
    )


@pytest.mark.slow
def test_apply_killed_at_random_moments_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    start = time.perf_counter()
    pristine, notice = make_repository(tmp_path)
    root = tmp_path / "repo"
    whole, new = calibrate(pristine, root, notice)
    old = files(pristine)[0]
    states = {"old": old, "kept": {**old, **{k: v for k, v in new.items() if k.startswith("notices/")}}, "new": new}
    rng = random.Random(SEED)
    runs = []
    for n in range(RUNS):
        # Half over the whole run, half over its last 45%, where it holds the lock and writes.
        delay = rng.uniform(0, 1.1 * whole) if n % 2 == 0 else rng.uniform(0.55 * whole, whole)
        run = kill_once(pristine, root, notice, delay, states)
        runs.append(run)
        assert run.state != "mixed", run
        then_everything_works(root, notice, run, new)
    print(report(runs, time.perf_counter() - start, whole))
    if RUNS >= 100:  # at this count every kind of moment turns up
        assert {"old", "new"} <= {r.state for r in runs}
        assert any(r.moment == "while staging the event" for r in runs)


def test_leftovers_of_killed_writers_confuse_no_command(tmp_path: Path) -> None:
    """Every kind of leftover at once: readers ignore them, the next writer tidies them."""
    root, notice = make_repository(tmp_path)
    documents = root / "documents"
    (documents / ".other.abcd1234.staging").mkdir()  # a killed import of another document
    (documents / ".other.abcd1234.staging" / "document.yaml").write_bytes(
        (documents / SLUG / "document.yaml").read_bytes()
    )
    (documents / SLUG / "events" / ".001-amend.x_y_z_00.staging").mkdir(parents=True)
    (root / ".policydiff" / "schemas" / ".notice.schema.json.qwertyui.tmp").write_text("{", encoding="utf-8")
    (root / LOCK).write_bytes(b"")
    for args in (["check"], ["list"], ["log", SLUG], ["show", SLUG], ["build", "-o", str(tmp_path / "site")]):
        code, out, err = invoke(root, *args)
        assert (code, err) == (0, ""), args
        assert ".staging" not in out
    assert (
        invoke(root, "list")[1]
        == f"{SLUG}\t中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法  (44 provisions)  现行有效\n"
    )
    assert invoke(root, "apply", SLUG, str(notice))[0] == 0
    assert files(root)[1] == ("documents/.other.abcd1234.staging",)  # beside another document
    source = tmp_path / "other.txt"
    source.write_text("示例办法\n第一条 为了示例，制定本办法。\n", encoding="utf-8")
    assert invoke(root, "import", str(source))[0] == 0  # the next write into documents/ tidies it
    assert files(root)[1] == ()
