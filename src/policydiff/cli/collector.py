"""The cyclic garbage collector of a ``policydiff`` process: off while it starts, and for ``apply``.

Start-up (click, the command's modules and the library they import) only makes modules, classes
and functions that live as long as the process: the collector, run every 700 allocations, found
nothing to free there and took some 6 ms of ``apply``'s 210 (issue 19). :func:`pause` (the entry
point) turns it off; :func:`resume`, as the command starts, turns it back on with what start-up
made moved out of its sight (``gc.freeze``), unless the command is one of :data:`UNCOLLECTED`:
those read a bounded amount (``apply``: the documents the notice amends and the notice), and the
cycles they leave (a document's tree: 9,096 objects for 刑法) go with the process. A process that
did not come in through the entry point (a test's ``CliRunner``, a library caller) is left as it is,
and the entry point leaves the collector as it found it (:func:`restore`). The console script's
``policydiff.__main__.main`` turns it off before the command line (this module among it) is
imported, hands that pause over (``pause(was_on=...)``), and freezes what is alive at the end for
the shutdown: one pause, from the first import to the command's start.
"""

from __future__ import annotations

import gc

#: The commands that run to their end with the collector off.
UNCOLLECTED = frozenset({"apply"})

_paused = False


def pause(*, was_on: bool | None = None) -> None:
    """Turn the collector off for start-up (the entry point, before any command is looked up).
    *was_on*: whether it was on before the caller turned it off itself (the console script, to
    import the command line); else it is asked."""
    global _paused
    if gc.isenabled() if was_on is None else was_on:
        gc.disable()
        _paused = True


def resume(command: str) -> None:
    """Turn the collector back on as *command* starts, if :func:`pause` turned it off and the
    command is not one of :data:`UNCOLLECTED`; what start-up made is frozen out of its sight."""
    global _paused
    if not _paused or command in UNCOLLECTED:
        return
    _paused = False
    gc.freeze()
    gc.enable()


def restore() -> None:
    """Turn the collector back on at the entry point's end if :func:`pause` turned it off and no
    command did (``--version``, ``--help``, a usage error, and the commands of :data:`UNCOLLECTED`):
    the process is left as it was found."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
