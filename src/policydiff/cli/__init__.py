"""The ``policydiff`` command line: the entry point, and the commands registered on the group.

The group and the helpers the commands share are in :mod:`.base`; the commands are in
:mod:`.documents`, :mod:`.notices`, :mod:`.checking`, :mod:`.instruments` and :mod:`.lifecycle`,
each imported when one of its commands is looked up (:data:`.base.COMMAND_MODULES`). The command
line only parses arguments, calls the library, prints and sets the exit code.
"""

from __future__ import annotations

import gc

from policydiff.cli import terminal
from policydiff.cli.base import cli
from policydiff.cli.stopping import run


def main() -> None:
    """The ``policydiff`` command (the console script's entry point, :func:`policydiff.__main__.main`,
    imports this module and calls it): control characters in what is printed are shown, not obeyed
    (:mod:`.terminal`); Ctrl-C exits 130, SIGTERM 143 (:mod:`.stopping`)."""
    terminal.protect()
    try:
        run(lambda: cli(prog_name="policydiff"))
    finally:
        # The command is over and the process ends next. Python's shutdown runs full collections over
        # every object still alive (the modules, the documents read): some 8 ms, as much as a warm
        # diff's own work. Frozen, they are skipped; objects are still freed, and files closed, as
        # their modules go. Nothing of policydiff's waits on a collection at exit: writes, temporary
        # files and the lock are finished by then (``with`` and ``finally``), not by finalizers.
        gc.freeze()


__all__ = ["cli", "main"]
