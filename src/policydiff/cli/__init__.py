"""The ``policydiff`` command line: the entry point, and the commands registered on the group.

The group and the helpers the commands share are in :mod:`.base`; the commands are in
:mod:`.documents`, :mod:`.notices`, :mod:`.checking`, :mod:`.instruments` and :mod:`.lifecycle`,
each imported when one of its commands is looked up (:data:`.base.COMMAND_MODULES`). The command
line only parses arguments, calls the library, prints and sets the exit code.
"""

from __future__ import annotations

from policydiff.cli import terminal
from policydiff.cli.base import cli
from policydiff.cli.stopping import run


def main() -> None:
    """Entry point of the ``policydiff`` console script: control characters in what is printed are
    shown, not obeyed (:mod:`.terminal`); Ctrl-C exits 130, SIGTERM 143 (:mod:`.stopping`); the
    cyclic collector is off while it starts, and through ``apply`` (:mod:`.collector`)."""
    from policydiff.cli import collector

    collector.pause()
    terminal.protect()
    try:
        run(lambda: cli(prog_name="policydiff"))
    finally:
        collector.restore()


__all__ = ["cli", "main"]
