"""``python -m policydiff``, and the entry point of the ``policydiff`` console script: the command
line (:func:`policydiff.cli.main`) imported with Python's collector paused (the pause
:mod:`policydiff.cli.collector` then keeps until the command starts), the objects alive at its end
frozen for the shutdown, and the shutdown itself skipped when nothing waits on it (:func:`program`).
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading


def main() -> None:
    """Run the ``policydiff`` command; it ends by raising :class:`SystemExit` with its exit code."""
    # Importing the command line (click, policydiff's group) makes tens of thousands of objects, none
    # of them garbage, and the collector would go over them several times meanwhile: some 2 ms of
    # every command. It is off from here; the command line's own policy (policydiff.cli.collector)
    # takes the pause over, and ends it, with what start-up made frozen, as the command starts.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from policydiff.cli import collector
        from policydiff.cli import main as command
    except BaseException:
        if collecting:
            gc.enable()
        raise
    collector.pause(was_on=collecting)
    try:
        command()
    finally:
        # The command is over and the process ends next. Python's shutdown runs full collections
        # over every object still alive (the modules, the documents read): some 8 ms, as much as a
        # warm diff's own work. Frozen, they are skipped; objects are still freed, and files closed,
        # as their modules go. Nothing of policydiff's waits on a collection at exit: writes,
        # temporary files and the lock are finished by then (``with`` and ``finally``).
        gc.freeze()


def program() -> None:
    """The console script: :func:`main`, then the process ends at once when its exit would only
    free memory.

    After the command, Python's shutdown still clears every module and frees every object one by
    one (some 1.5 ms after a warm ``diff``), which the operating system does at once. So when the
    output is flushed, no exit handler is registered (``atexit``: a temporary folder's cleanup, for
    one) and no other thread runs, the process leaves with ``os._exit`` and the command's exit code;
    otherwise, or when flushing fails (a closed pipe), Python's own shutdown runs as usual.
    """
    try:
        main()
    except SystemExit as done:
        if isinstance(done.code, int | None) and _nothing_waits():
            os._exit(done.code or 0)
        raise


def _nothing_waits() -> bool:
    """Whether the output is flushed and no exit handler or other thread is left to run."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a broken pipe or a closed stream: Python's shutdown says so
        return False
    return atexit._ncallbacks() == 0 and threading.active_count() == 1


# Guarded: a worker started with spawn (policydiff.parallel, policydiff.site.pool) imports this
# module again, and must not run the command a second time.
if __name__ == "__main__":
    program()
