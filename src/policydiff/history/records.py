"""The records of a history: an event, and a version of the document (the replay cache's
:mod:`.packed` builds them too, so they live apart from the replay that makes them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from policydiff.model import Document
from policydiff.model.plaintext import to_text

if TYPE_CHECKING:
    from policydiff.notice.record import Notice

#: The folder of a document's events: ``documents/<slug>/events/``.
EVENTS = "events"


class Event:
    """One recorded event: its sequence number, folder and notice, and its kind.

    ``notice`` is the part applied (an amendment), or the instrument that revised or repealed
    the document, dated by the event (a bare dated notice when none is named). ``instrument``
    is the folder under ``notices/`` (None for an amendment kept the old way); ``revised`` the
    text as re-issued (a revision). The notice may be given as a function that makes it, called
    once, when it is first asked for; equality and the repr are of the notice it makes.
    """

    # A plain class, not a dataclass (whose class costs 0.5 ms at every start of a command that reads
    # a history): its own __init__, equality and repr were written already; frozen as below.
    __slots__ = ("_notice", "folder", "instrument", "kind", "revised", "seq")

    seq: int
    folder: Path
    kind: str
    instrument: str | None
    revised: Document | None
    _notice: Notice | Callable[[], Notice]

    def __init__(
        self,
        seq: int,
        folder: Path,
        notice: Notice | Callable[[], Notice],
        kind: str = "amend",
        instrument: str | None = None,
        revised: Document | None = None,
    ) -> None:
        # A function: an entry of the replay cache, whose notice a warm ``diff`` never asks for, so
        # that it does not import the notice engine (policydiff.notice) to decode it.
        object.__setattr__(self, "seq", seq)
        object.__setattr__(self, "folder", folder)
        object.__setattr__(self, "_notice", notice)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "instrument", instrument)
        object.__setattr__(self, "revised", revised)

    @property
    def notice(self) -> Notice:
        """The notice of the event (made now if it was given as a function)."""
        if callable(self._notice):
            object.__setattr__(self, "_notice", self._notice())  # frozen: made once, the same ever after
        assert not callable(self._notice)
        return self._notice

    def _key(self) -> tuple[object, ...]:
        return (self.seq, self.folder, self.notice, self.kind, self.instrument, self.revised)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: an Event is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: an Event is immutable")

    def __reduce__(self) -> tuple[type[Event], tuple[object, ...]]:
        # Pickled (a worker process's result) and copied by its arguments, the notice made.
        return Event, self._key()

    def __eq__(self, other: object) -> bool:
        return other.__class__ is Event and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        names = ("seq", "folder", "notice", "kind", "instrument", "revised")
        return "Event(" + ", ".join(f"{n}={v!r}" for n, v in zip(names, self._key(), strict=True)) + ")"


class Version(NamedTuple):
    """The document as it stood after an event (``event`` None for the enacted text).

    A named tuple rather than a frozen dataclass (immutable, compared by value all the same): its
    class is made at the start of every command that reads a history, a dataclass's for 0.4 ms more."""

    number: int
    date: dt.date | None
    document: Document
    event: Event | None = None
    changed: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def text(self) -> str:
        """The version as plain text: the title, then one provision per line."""
        return to_text(self.document)


__all__ = ["EVENTS", "Event", "Version"]
