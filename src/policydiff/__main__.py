"""``python -m policydiff``, and the entry point of the ``policydiff`` console script: the command
line (:func:`policydiff.cli.main`) imported with Python's collector paused (the pause
:mod:`policydiff.cli.collector` then keeps until the command starts), and the objects alive at its
end frozen for the shutdown."""

from __future__ import annotations

import gc


def main() -> None:
    """Run the ``policydiff`` command."""
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


# Guarded: a worker started with spawn (policydiff.parallel, policydiff.site.pool) imports this
# module again, and must not run the command a second time.
if __name__ == "__main__":
    main()
