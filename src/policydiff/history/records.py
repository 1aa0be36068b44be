"""The records of a history: an event, and a version of the document (the replay cache's
:mod:`.packed` builds them too, so they live apart from the replay that makes them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from policydiff.model import Document
from policydiff.model.plaintext import to_text
from policydiff.notice.record import Notice

#: The folder of a document's events: ``documents/<slug>/events/``.
EVENTS = "events"


@dataclass(frozen=True, slots=True)
class Event:
    """One recorded event: its sequence number, folder and notice, and its kind.

    ``notice`` is the part applied (an amendment), or the instrument that revised or repealed
    the document, dated by the event (a bare dated notice when none is named). ``instrument``
    is the folder under ``notices/`` (None for an amendment kept the old way); ``revised`` the
    text as re-issued (a revision).
    """

    seq: int
    folder: Path
    notice: Notice
    kind: str = "amend"
    instrument: str | None = None
    revised: Document | None = None


@dataclass(frozen=True, slots=True)
class Version:
    """The document as it stood after an event (``event`` None for the enacted text)."""

    number: int
    date: dt.date | None
    document: Document
    event: Event | None = None
    changed: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def text(self) -> str:
        """The version as plain text: the title, then one provision per line."""
        return to_text(self.document)


__all__ = ["EVENTS", "Event", "Version"]
