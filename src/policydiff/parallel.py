"""Per-document work spread over the CPUs: ``check``, ``build`` and ``import`` go through :func:`map_ordered`.

Work is per document and documents are independent, so processes (not threads: the work is
Python) each take documents in small chunks and send back only results, which keeps memory to
a document per process. Results come back in the order of the tasks, so output does not depend
on the number of processes. Small jobs stay in this process: a pool costs tens of milliseconds
to start, more than checking a handful of documents.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Fewer tasks than this run in this process whatever the number of jobs.
MIN_TASKS = 16
#: Tasks sent to a worker at a time: small enough to balance documents of very different sizes.
CHUNK = 4


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
    import multiprocessing  # here: a second's tenth of imports that small jobs never need
    from concurrent.futures import ProcessPoolExecutor

    # Frozen, the parent's objects are left alone by the workers' collectors, so the memory pages
    # they share with the parent are not copied (check: about a tenth less CPU on two workers).
    gc.freeze()

    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(start_method())) as pool:
            yield from pool.map(fn, tasks[1:], chunksize=CHUNK)
    finally:
        gc.unfreeze()
