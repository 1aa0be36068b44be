"""Rendering documents of the site in worker processes, one document per task.

Each worker loads, renders and writes one document at a time and sends back only
its manifest entry, so memory stays that of the largest document per worker,
whatever the size of the repository.

Workers are started with ``spawn``, not by forking this process: it may be running
threads (the progress bar's), and a fork copies their locks as they are. ``spawn``
costs each worker its imports (a few tenths of a second, once per build), and its
workers are children of this process, so their CPU time counts as its children's
(under ``forkserver`` it would not). As with any ``spawn``, a script that builds
with several jobs must guard its top level with ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, as_completed
from dataclasses import dataclass
from pathlib import Path

from policydiff.errors import FailedError, PolicyDiffError
from policydiff.site.buildcache import Built


@dataclass(frozen=True, slots=True)
class Job:
    """One document to render: the repository and site folder (as given: workers share the cwd), the day."""

    root: Path
    out: Path
    slug: str
    today: dt.date
    digest: str | None
    search: bool = False  # the document page carries the search box


@dataclass(frozen=True, slots=True)
class Done:
    """A rendered document: its manifest entry and the pages whose bytes changed."""

    slug: str
    built: Built
    written: tuple[str, ...]


#: Fewer documents than this are rendered in this process: starting spawned workers costs
#: about a second of CPU (their imports, their templates compiled), which 40 documents of
#: the corpus (~20 ms each) only just repay on two CPUs.
MIN_TASKS = 32

Runner = Callable[[Job], Done]
Progress = Callable[[str], None] | None
Result = tuple[dict[str, Done], PolicyDiffError | None]


def render_all(work: list[Job], run: Runner, jobs: int, progress: Progress = None) -> Result:
    """Run *run* on every job with up to *jobs* processes (1, or few jobs: in this one).

    Stops at the first document that fails with a :class:`PolicyDiffError` (others
    already running finish); returns what was done and the error of the first failed
    document in slug order, if any. Any other exception propagates.
    """
    workers = min(jobs, len(work))
    if workers <= 1 or len(work) < MIN_TASKS:
        return _serial(work, run, progress)
    return _parallel(work, run, workers, progress)


def _serial(work: list[Job], run: Runner, progress: Progress) -> Result:
    done: dict[str, Done] = {}
    for job in work:
        try:
            done[job.slug] = run(job)
        except PolicyDiffError as exc:
            return done, exc
        if progress:
            progress(job.slug)
    return done, None


def _parallel(work: list[Job], run: Runner, workers: int, progress: Progress) -> Result:
    from policydiff import parallel

    pool = parallel.open_pool(workers, "spawn")
    futures: dict[Future[Done], str] = {}
    try:
        futures.update((pool.submit(run, job), job.slug) for job in work)
        result = _collect(futures, progress)
    except Exception:  # a bug: only the documents being rendered finish
        _cancel(futures)
        pool.shutdown()
        raise
    except BaseException:  # Ctrl-C, SIGTERM: the workers are killed, nothing is waited for
        parallel.stop_pool(pool)
        raise
    pool.shutdown()
    return result


def _collect(futures: dict[Future[Done], str], progress: Progress) -> Result:
    from concurrent.futures.process import BrokenProcessPool

    done: dict[str, Done] = {}
    errors: dict[str, PolicyDiffError] = {}
    for future in as_completed(futures):
        slug = futures[future]
        try:
            done[slug] = future.result()
        except CancelledError:
            continue
        except PolicyDiffError as exc:
            errors[slug] = exc
            _cancel(futures)
            continue
        except BrokenProcessPool:
            raise FailedError(f"a worker process ended abruptly while rendering {slug} (killed?)") from None
        if progress:
            progress(slug)
    return done, errors[min(errors)] if errors else None


def _cancel(futures: dict[Future[Done], str]) -> None:
    for future in futures:
        future.cancel()
