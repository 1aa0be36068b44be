"""How bench/run.py measures: whole processes run in interleaved rounds, and their peak memory.

Time: a process's wall time and its CPU time (user + system, from ``os.wait4``, which counts the
worker processes it waited for). Workloads compared with each other run in rounds, one run of
each per round, so that a change in the machine's load falls on all of them alike; each is
reported as min / median / max, and ratios are of medians.

Memory: the peak resident set of one process is the kernel's high-water mark of that process,
read by ``/usr/bin/time -v`` (``Maximum resident set size``). It is not ``ru_maxrss`` of a child
of this harness: a child forked from a Python process of 150 MB starts with that mark and keeps
it through ``exec`` (``/bin/true`` then reports 163 MB). GNU time is a small C program, so the
process it starts inherits next to nothing. Without ``/usr/bin/time`` the figure is sampled
(``VmRSS`` of the process tree every 10 ms, which can miss a short peak) and marked so. The sum
over a process tree (``--jobs 2``: the parent and its workers) is always sampled.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import platform
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
T = TypeVar("T")


def every_kth(items: Sequence[T], count: int | None) -> list[T]:
    """*count* of *items*, spread evenly (every k-th, k not necessarily whole); all of them when
    *count* is 0, None or not smaller: the samples of the corpus every benchmark takes."""
    if not count or count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


@dataclasses.dataclass(frozen=True)
class Sample:
    """One run: wall and CPU seconds, peak RSS (KiB; 0 when not measured), processes at once, exit code."""

    wall: float
    cpu: float
    rss_kb: int = 0
    procs: int = 1
    rc: int = 0


@dataclasses.dataclass(frozen=True)
class Stats:
    """The runs of one workload."""

    runs: tuple[Sample, ...]

    def cpu(self, how: Callable[[list[float]], float] = statistics.median) -> float:
        return how([s.cpu for s in self.runs])

    def wall(self, how: Callable[[list[float]], float] = statistics.median) -> float:
        return how([s.wall for s in self.runs])

    @property
    def rss_kb(self) -> int:
        return max(s.rss_kb for s in self.runs)

    @property
    def rc(self) -> int:
        return max(s.rc for s in self.runs)

    def spread(self, of: str = "cpu") -> str:
        """``min / median / max`` of CPU (or wall) time."""
        get = self.cpu if of == "cpu" else self.wall
        return " / ".join(fmt(get(how)) for how in (min, statistics.median, max))


@dataclasses.dataclass(frozen=True)
class Workload:
    """A command to run as a whole process; *setup* runs untimed before each run."""

    name: str
    cmd: Sequence[str]
    cwd: Path | None = None
    env: Mapping[str, str] | None = None
    setup: Callable[[], object] | None = None


def fmt(seconds: float) -> str:
    if seconds < 0.1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _env(extra: Mapping[str, str] | None) -> dict[str, str] | None:
    return {**os.environ, **extra} if extra else None


def run_once(cmd: Sequence[str], cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Sample:
    """Wall and CPU time of *cmd* run to its end (no memory figure: nothing wraps the process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Sample(wall, usage.ru_utime + usage.ru_stime, rc=proc.returncode)


def peak_rss(cmd: Sequence[str], cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Sample:
    """One run of *cmd* with the peak RSS of its largest process (``/usr/bin/time -v``), else sampled."""
    if GNU_TIME is None:
        return sampled(cmd, cwd, env)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        start = time.perf_counter()
        proc = subprocess.run([GNU_TIME, "-v", "-o", out.name, *cmd], cwd=cwd, env=_env(env),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        wall = time.perf_counter() - start
        report = Path(out.name).read_text()
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    user = re.search(r"User time \(seconds\): ([\d.]+)", report)
    system = re.search(r"System time \(seconds\): ([\d.]+)", report)
    cpu = float(user.group(1)) + float(system.group(1)) if user and system else 0.0
    code = re.search(r"Exit status: (\d+)", report)
    return Sample(wall, cpu, int(m.group(1)) if m else 0, rc=int(code.group(1)) if code else proc.returncode)


def _tree(pid: int) -> list[int]:
    """*pid* and its descendants (Linux /proc children lists)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        with contextlib.suppress(OSError, ValueError):
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
    return out


def _vm_rss_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def sampled(cmd: Sequence[str], cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Sample:
    """One run of *cmd*: the largest sum of ``VmRSS`` over its process tree, sampled every 10 ms,
    and the most processes alive at once."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, procs, done = [0], [1], threading.Event()

    def watch() -> None:
        while not done.wait(0.01):
            pids = _tree(proc.pid)
            peak[0] = max(peak[0], sum(_vm_rss_kb(p) for p in pids))
            procs[0] = max(procs[0], len(pids))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    watcher.join()
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak[0], procs[0], os.waitstatus_to_exitcode(status))


def interleave(workloads: Sequence[Workload], runs: int) -> dict[str, Stats]:
    """*runs* rounds, each running every workload once, in order; their :class:`Stats` by name."""
    got: dict[str, list[Sample]] = {w.name: [] for w in workloads}
    for _ in range(runs):
        for w in workloads:
            if w.setup:
                w.setup()
            got[w.name].append(run_once(w.cmd, w.cwd, w.env))
    return {name: Stats(tuple(samples)) for name, samples in got.items()}


def in_process(fns: Mapping[str, Callable[[], object]], runs: int) -> dict[str, Stats]:
    """In-process timing, interleaved as :func:`interleave` does."""
    got: dict[str, list[Sample]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            w, c = time.perf_counter(), time.process_time()
            fn()
            got[name].append(Sample(time.perf_counter() - w, time.process_time() - c))
    return {name: Stats(tuple(samples)) for name, samples in got.items()}


def copy_fresh(pristine: Path, work: Path) -> Callable[[], None]:
    """A setup that replaces *work* by a copy of *pristine*."""

    def setup() -> None:
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(pristine, work)

    return setup


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())  # fmt: skip
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs, {cpu}, Python {platform.python_version()}, load average {load}"
