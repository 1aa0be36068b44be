"""Ctrl-C and SIGTERM: every command ends at once with one line and exit 130 or 143.

The command line's entry point runs the command under :func:`run`. A signal raises
:class:`Stopped` in the main thread wherever it is, so ``finally`` blocks (temporary files, the
lock) run as the command unwinds; then one line goes to stderr and the process leaves without
waiting for anything (worker processes die with it: see :mod:`policydiff.parallel`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType

#: The signals a command stops on: the exit code (128 + the signal's number) and the line's word.
SIGNALS: dict[int, tuple[int, str]] = {
    signal.SIGINT: (130, "interrupted"),
    signal.SIGTERM: (143, "terminated"),
}


class Stopped(BaseException):
    """A stop signal arrived: not an ``Exception``, so that no ``except Exception`` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise(signum: int, frame: FrameType | None) -> None:
    for other in SIGNALS:  # a second Ctrl-C does not interrupt the unwinding of the first
        signal.signal(other, signal.SIG_IGN)
    raise Stopped(signum)


def run(command: Callable[[], object]) -> None:
    """Run *command*; on SIGINT or SIGTERM, print one line and exit 130 or 143."""
    for signum in SIGNALS:
        signal.signal(signum, _raise)
    try:
        command()
    except Stopped as exc:
        code, word = SIGNALS[exc.signum]
        _leave(f"policydiff: {word}", code)


def _leave(line: str, code: int) -> None:
    """Print *line* on stderr and end the process now: no exit handler waits on a worker or a queue."""
    parallel = sys.modules.get("policydiff.parallel")  # not loaded: no worker was ever started
    if parallel is not None:
        parallel.stop_children()
    with contextlib.suppress(OSError, ValueError):  # a closed or broken stdout
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    os._exit(code)
