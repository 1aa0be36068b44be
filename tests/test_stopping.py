"""Workers die with their parent; Ctrl-C and SIGTERM end a command at once, in one line (issue 15, item 12).

Real processes: ``policydiff check --jobs 2``, ``build --jobs 2`` and ``import --jobs 2`` of 240
documents of 1,000 articles, signalled once both workers run. Each test is bounded in time (a few seconds).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policydiff import parallel
from policydiff.storage.repo import Repository
from policydiff.zh.numbering import int_to_zh
from tests.conftest import doc_from_text

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")

# Enough work to outlast the signal by seconds on a fast machine: every test signals once both
# workers run and waits 0.3 s more. At 60 documents of 400 articles, `check --jobs 2` took 0.45 s
# once files in policydiff's layout were read line by line (issue 19), and a worker could be gone
# before it was killed; at 240 of 1,000 it takes some 3 s here.
DOCUMENTS = 240
ARTICLES = 1000
# The installed policydiff (editable, or the built wheel in the release workflow): a PYTHONPATH of
# src/ would shadow a wheel with a package that lacks policydiff.templates (templates/ is mapped in).
ENV = dict(os.environ)


def make_repository(root: Path) -> Path:
    """DOCUMENTS documents: one made in code, copied under other slugs."""
    lines = ["测试办法", *(f"第{int_to_zh(i)}条 内容{i}，依照第一条的规定执行。" for i in range(1, ARTICLES + 1))]
    first = Repository(root).create(doc_from_text("\n".join(lines), slug="doc00")).parent
    text = (first / "document.yaml").read_text("utf-8")
    for n in range(1, DOCUMENTS):
        folder = first.parent / f"doc{n:02}"
        folder.mkdir()
        (folder / "document.yaml").write_text(text.replace("slug: doc00", f"slug: doc{n:02}"), "utf-8")
    return root


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repository(tmp_path_factory.mktemp("stopping"))


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """DOCUMENTS text files of ARTICLES articles to import."""
    folder = tmp_path_factory.mktemp("sources")
    body = "".join(f"第{int_to_zh(i)}条 内容{i}，依照第一条的规定执行。\n" for i in range(1, ARTICLES + 1))
    for n in range(DOCUMENTS):
        (folder / f"doc{n:02}.txt").write_text(f"测试办法{n}\n{body}", "utf-8")
    return folder


def command(name: str, repository: Path, sources: Path, tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    """Where to run *name* with two workers, and its arguments (import: into an empty folder)."""
    if name == "import":
        return tmp_path, ("import", "--jobs", "2", str(sources))
    return repository, {"check": ("check", "--jobs", "2"), "build": ("build", "--jobs", "2", "-o", "site")}[name]


def children(pid: int) -> set[int]:
    """The live child processes of *pid*."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.update(int(c) for c in task.read_text().split())
        except OSError:  # the task ended
            continue
    return {c for c in found if alive(c)}


def alive(pid: int) -> bool:
    """Whether *pid* runs (a zombie waiting for its reaper counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def start(root: Path, args: tuple[str, ...]) -> tuple[subprocess.Popen[bytes], set[int]]:
    """Start ``policydiff ARGS`` in its own session; wait until two workers run; return them."""
    cmd = [sys.executable, "-m", "policydiff", *args]
    proc = subprocess.Popen(
        cmd, cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 20
    while len(workers := children(proc.pid)) < 2:
        assert proc.poll() is None, f"{args} ended before its workers started"
        assert time.monotonic() < deadline, f"{args}: no two workers after 20 s"
        time.sleep(0.01)
    time.sleep(0.3)  # the workers at work (spawned ones past their imports)
    assert proc.poll() is None, f"{args} ended before the signal: make the repository bigger"
    return proc, workers


def ended(proc: subprocess.Popen[bytes], workers: set[int]) -> tuple[int, str, float]:
    """Wait for EOF on the pipes (every process holding them gone): exit code, stderr, seconds taken."""
    begin = time.monotonic()
    _, err = proc.communicate(timeout=5)
    took = time.monotonic() - begin
    deadline = time.monotonic() + 2
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(alive(w) for w in workers)
    return proc.returncode, err.decode("utf-8"), took


COMMANDS = ["check", "build", "import"]


@pytest.mark.parametrize("name", COMMANDS)
def test_sigterm_ends_the_command_within_a_second_in_one_line(
    repository: Path, sources: Path, tmp_path: Path, name: str
) -> None:
    """Failed on commit d126d35: exit -15 (no handler), the workers left running, holding stdout open."""
    proc, workers = start(*command(name, repository, sources, tmp_path))
    proc.send_signal(signal.SIGTERM)
    code, err, took = ended(proc, workers)
    assert (code, err) == (143, "policydiff: terminated\n")
    assert took < 1.0


@pytest.mark.parametrize("name", COMMANDS)
def test_ctrl_c_ends_the_command_with_one_line_and_no_worker_traceback(
    repository: Path, sources: Path, tmp_path: Path, name: str
) -> None:
    """Ctrl-C reaches the whole process group: the workers ignore it, the parent stops them.

    Failed on commit d126d35: click's "Aborted!" with exit 1, or workers' KeyboardInterrupt tracebacks.
    """
    proc, workers = start(*command(name, repository, sources, tmp_path))
    os.killpg(proc.pid, signal.SIGINT)
    code, err, took = ended(proc, workers)
    assert (code, err) == (130, "policydiff: interrupted\n")
    assert took < 1.0


@pytest.mark.parametrize("name", COMMANDS)
def test_workers_die_with_a_killed_parent(repository: Path, sources: Path, tmp_path: Path, name: str) -> None:
    """SIGKILL to the parent: the kernel kills the workers (PR_SET_PDEATHSIG), the pipes see EOF.

    Failed on commit d126d35: both workers survived, blocked on the queue, holding stdout open.
    """
    proc, workers = start(*command(name, repository, sources, tmp_path))
    proc.send_signal(signal.SIGKILL)
    code, _, took = ended(proc, workers)
    assert code == -signal.SIGKILL
    assert took < 2.0


def test_the_watchdog_ends_a_worker_whose_parent_died(tmp_path: Path) -> None:
    """Where the kernel cannot kill a worker with its parent, a thread watching getppid() does."""
    script = (
        "import os, sys, time\n"
        "from policydiff import parallel\n"
        "if os.fork() == 0:\n"
        "    parallel.watch(os.getppid())\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(30)\n"
        "    os._exit(0)\n"
        "time.sleep(30)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], env=ENV, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    worker = int(proc.stdout.readline())
    proc.kill()
    proc.wait(timeout=5)
    deadline = time.monotonic() + 2
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not alive(worker)
    proc.stdout.close()


def test_workers_ignore_ctrl_c_and_take_sigterm_by_default() -> None:
    """Even forked from a parent whose handlers raise (the command line's), a worker ignores SIGINT."""
    results = list(parallel.map_ordered(_handlers, list(range(20)), jobs=2))
    assert set(results[1:]) == {(signal.SIG_IGN, signal.SIG_DFL)}


def _handlers(_: int) -> tuple[object, object]:
    return signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)


def test_a_worker_killed_by_someone_else_ends_check_with_one_line(repository: Path) -> None:
    """Failed on commit d126d35: a 20-line BrokenProcessPool traceback."""
    proc, workers = start(repository, ("check", "--jobs", "2"))
    os.kill(min(workers), signal.SIGKILL)
    code, err, _ = ended(proc, workers)
    assert (code, err) == (1, "policydiff: a worker process ended abruptly (killed?)\n")
