"""``python -m policydiff``, and the entry point of the ``policydiff`` console script: the command
line (:func:`policydiff.cli.main`) imported with Python's collector paused."""

from __future__ import annotations

import gc


def main() -> None:
    """Run the ``policydiff`` command."""
    # Importing the command line (click, policydiff's group) makes tens of thousands of objects, none
    # of them garbage, and the collector would go over them several times meanwhile: some 2 ms of
    # every command. Paused during the import, they are then frozen out of its sight (they live as
    # long as the process); what the command itself makes is collected as usual.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from policydiff.cli import main as command
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    command()


# Guarded: a worker started with spawn (policydiff.parallel, policydiff.site.pool) imports this
# module again, and must not run the command a second time.
if __name__ == "__main__":
    main()
