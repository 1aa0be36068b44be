"""The ``policydiff`` command line: the entry point, and the commands registered on the group.

The group and the helpers the commands share are in :mod:`.base`; the commands are in
:mod:`.documents`, :mod:`.notices` and :mod:`.checking`. The command line only parses
arguments, calls the library, prints and sets the exit code.
"""

from __future__ import annotations

from policydiff.cli import (  # noqa: F401  (the commands register on import)
    checking,
    documents,
    instruments,
    lifecycle,
    notices,
    terminal,
)
from policydiff.cli.base import add_root_option, cli
from policydiff.cli.examples import add_examples
from policydiff.cli.stopping import run

add_root_option(cli)  # every command takes --root after its name too
add_examples(cli)  # and ends its --help with an example


def main() -> None:
    """Entry point of the ``policydiff`` console script: control characters in what is printed are
    shown, not obeyed (:mod:`.terminal`); Ctrl-C exits 130, SIGTERM 143 (:mod:`.stopping`)."""
    terminal.protect()
    run(lambda: cli(prog_name="policydiff"))


__all__ = ["cli", "main"]
