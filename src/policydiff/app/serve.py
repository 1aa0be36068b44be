"""``policydiff serve``: build the site, serve it on 127.0.0.1, and rebuild it when the sources change.

The server listens on the loopback address only (there is no way to ask for another: the site
of a repository being edited is for its editor); it serves the built folder as files, as any
static host would. A watcher thread (watchfiles) waits for changes under ``documents/``,
``notices/`` and ``templates/`` of the repository and runs the incremental build, which
renders only what changed; a build that fails is reported and the last good pages stay
served. The main thread serves, so Ctrl-C (and SIGTERM) reach it at once
(:mod:`policydiff.cli.stopping`): the server is closed and the watcher told to stop.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from policydiff.errors import PolicyDiffError, UsageError
from policydiff.site import BuildReport, build
from policydiff.storage.repo import Repository

HOST = "127.0.0.1"
WATCHED = ("documents", "notices", "templates")
TICK_MS = 200  # the watcher wakes this often when nothing changes (to see the stop event)
WATCH_START_S = 10  # at most this long to wait for the watches to be in place before serving


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """One rebuild after a change: the changed paths (relative to the repository) and its report or error."""

    changed: tuple[str, ...]
    report: BuildReport | None
    error: PolicyDiffError | None


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def watched(root: Path, path: str) -> bool:
    """Whether a change at *path* is one of the repository's sources (under a WATCHED folder)."""
    try:
        parts = Path(path).resolve().relative_to(root.resolve()).parts
    except ValueError:
        return False
    return len(parts) > 1 and parts[0] in WATCHED and not any(p.startswith(".") for p in parts)


def serve(repo: Repository, out: Path, port: int, *, ready: Callable[[str, BuildReport], None],
          rebuilt: Callable[[Rebuilt], None]) -> None:  # fmt: skip
    """Build *repo* into *out*, serve it on 127.0.0.1:*port* (0: a free port) until interrupted,
    rebuilding on every change of its sources. *ready* gets the site's URL and the first build's
    report; *rebuilt* each rebuild. The first build's errors are raised; later ones reported."""
    first = build(repo, out)
    handler = functools.partial(_Quiet, directory=str(out))
    try:
        httpd = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        raise UsageError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
    httpd.daemon_threads = True
    stop, watching = threading.Event(), threading.Event()
    watcher = threading.Thread(target=_watch, args=(repo, out, stop, watching, rebuilt), daemon=True)
    watcher.start()
    try:
        watching.wait(timeout=WATCH_START_S)  # a change saved once ready is seen
        ready(f"http://{HOST}:{httpd.server_address[1]}/", first)
        httpd.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        httpd.server_close()
        watcher.join(timeout=5)


def _watch(repo: Repository, out: Path, stop: threading.Event, watching: threading.Event,
           rebuilt: Callable[[Rebuilt], None]) -> None:  # fmt: skip
    """Rebuild on every change; *watching* is set once the watches are in place (the first
    timeout's empty yield) and the catch-up build for what changed since the first build is done."""
    from watchfiles import DefaultFilter, watch

    root = repo.root
    default = DefaultFilter()

    def sources(change: Any, path: str) -> bool:
        return default(change, path) and watched(root, path)

    changes_ = watch(root, watch_filter=sources, stop_event=stop, debounce=200, raise_interrupt=False,
                     rust_timeout=TICK_MS, yield_on_timeout=True)  # fmt: skip
    for changes in changes_:
        if not watching.is_set():
            # What changed before the watches were in place, built before the site is announced: an
            # edit saved once it is ready then comes as a change, never into this catch-up build.
            _rebuild(repo, out, (), rebuilt, quiet=True)
            watching.set()
        if changes:
            _rebuild(repo, out, tuple(sorted({_relative(root, p) for _, p in changes})), rebuilt)


def _relative(root: Path, path: str) -> str:
    return Path(path).resolve().relative_to(root.resolve()).as_posix()


def _rebuild(repo: Repository, out: Path, changed: tuple[str, ...], rebuilt: Callable[[Rebuilt], None],
             *, quiet: bool = False) -> None:  # fmt: skip
    try:
        report = build(repo, out)
    except PolicyDiffError as exc:
        rebuilt(Rebuilt(changed, None, exc))
        return
    if not quiet or report.rendered:
        rebuilt(Rebuilt(changed, report, None))
