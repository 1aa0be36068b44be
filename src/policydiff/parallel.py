"""Per-document work spread over the CPUs: ``check``, ``build`` and ``import`` go through :func:`map_ordered`.

Work is per document and documents are independent, so processes (not threads: the work is
Python) each take documents in small chunks and send back only results, which keeps memory to
a document per process. Results come back in the order of the tasks, so output does not depend
on the number of processes. Small jobs stay in this process: a pool costs tens of milliseconds
to start, more than checking a handful of documents.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

#: Fewer tasks than this run in this process whatever the number of jobs.
MIN_TASKS = 16
#: Tasks sent to a worker at a time: small enough to balance documents of very different sizes.
CHUNK = 4
#: Seconds between a watchdog's looks at its worker's parent (where the kernel cannot watch).
WATCH_INTERVAL = 0.2
#: prctl's option that sends a signal to this process when its parent dies (Linux).
PR_SET_PDEATHSIG = 1


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_method() -> str:
    """``fork`` where there is one and this process runs no other thread, else ``spawn``.

    fork starts workers in milliseconds and shares what is already imported, but it copies
    other threads' locks as they are at that moment (the progress bar draws from a thread), so
    a worker could wait forever on one; spawn starts clean, at the price of its imports.
    """
    import multiprocessing
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def worker_init(parent: int) -> None:
    """Set up a worker process of *parent*: it dies with its parent and leaves Ctrl-C to it.

    The kernel kills the worker when the parent dies (``PR_SET_PDEATHSIG``, Linux); elsewhere a
    watchdog thread looks for a new parent every :data:`WATCH_INTERVAL`. A worker ignores SIGINT
    (Ctrl-C reaches the whole process group; the parent decides, and no worker prints a
    traceback) and takes SIGTERM by default, even where forked from a parent that handles it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not die_with_parent():
        watch(parent)
    if os.getppid() != parent:  # the parent died before the kernel was told
        os._exit(1)


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def watch(parent: int) -> None:
    """Start a daemon thread that ends this process as soon as its parent is no longer *parent*."""
    import threading
    import time

    def poll() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_INTERVAL)
        os._exit(1)

    threading.Thread(target=poll, name="policydiff-watchdog", daemon=True).start()


def open_pool(workers: int, method: str) -> ProcessPoolExecutor:
    """A process pool of *workers* started with *method*, each set up by :func:`worker_init`."""
    import multiprocessing  # here: a second's tenth of imports that small jobs never need
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=worker_init, initargs=(os.getpid(),))


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End *pool* now (Ctrl-C, SIGTERM): its workers killed, its tasks cancelled, nothing waited for.

    A worker killed while it held the pool's queue lock would leave the others waiting on it
    forever, so every worker is killed, not only the busy ones.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def stop_children() -> None:
    """Kill this process's workers and free what they shared (their semaphores), before ``os._exit``.

    Without it, the resource tracker of spawned workers warns on stderr about leaked semaphores.
    """
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is None:  # no worker was ever started
        return
    for child in multiprocessing.active_children():
        child.kill()
    finalize = getattr(sys.modules.get("multiprocessing.util"), "_run_finalizers", None)
    if finalize is not None:
        finalize(0)  # those a normal exit runs first: the semaphores' unlinking, not the queues' joins


def map_ordered(fn: Callable[[T], R], tasks: Sequence[T], jobs: int | None = None) -> Iterator[R]:
    """``fn(task)`` for every task, in order, using up to *jobs* processes (default: :func:`cpu_count`).

    *fn* and the tasks must be picklable (module-level functions, frozen dataclasses). An
    exception in a worker is raised here, as it would be in this process.
    """
    workers = min(cpu_count() if jobs is None else jobs, len(tasks))
    if workers <= 1 or len(tasks) < MIN_TASKS:
        yield from map(fn, tasks)
        return
    # The first task runs here: the modules it imports and the caches it fills (compiled
    # schemas and templates, the YAML loader) are then shared by forked workers, instead of
    # being made again in each.
    yield fn(tasks[0])
    import gc

    # Frozen, the parent's objects are left alone by the workers' collectors, so the memory pages
    # they share with the parent are not copied (check: about a tenth less CPU on two workers).
    gc.freeze()
    pool = open_pool(workers, start_method())
    try:
        yield from _results(pool, fn, tasks[1:])
    except (Exception, GeneratorExit):  # a task's error, or the caller stopped: what runs finishes
        pool.shutdown(cancel_futures=True)
        raise
    except BaseException:  # Ctrl-C, SIGTERM: nothing is waited for
        stop_pool(pool)
        raise
    else:
        pool.shutdown()
    finally:
        gc.unfreeze()


def _results(pool: ProcessPoolExecutor, fn: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]:
    """*pool*'s results in order; a worker killed by someone else is one line, not a traceback."""
    from concurrent.futures.process import BrokenProcessPool

    from policydiff.errors import FailedError  # the one policydiff module this one uses: it imports none

    try:
        yield from pool.map(fn, tasks, chunksize=CHUNK)
    except BrokenProcessPool:
        raise FailedError("a worker process ended abruptly (killed?)") from None
