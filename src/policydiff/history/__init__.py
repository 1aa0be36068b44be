"""A document's history: the enacted text and the events that changed it, replayed.

Layout of ``documents/<slug>/``::

    document.yaml                     the enacted text (version 1)
    events/001-amend/event.yaml       an amendment: the instrument (notices/<id>/) and part applied
    events/002-revise/event.yaml      a revision: its date (and instrument), and beside it
    events/002-revise/document.yaml   the text as re-issued, provision ids kept where they continue
    events/003-repeal/event.yaml      a repeal: its date (and instrument)

Instruments are kept once, in ``notices/<id>/`` (:mod:`.store`). An amendment written before
that, ``events/NNN-amend/notice.yaml`` with its wording beside it, is read as it is.

Recording events is :mod:`.writing`. Every version is computed by replaying the events in order, so no version can drift
from the notices that made it. An event folder is written complete under a
temporary name and renamed into place, so a crash never leaves half an event, and
recording holds the repository's lock from reading the history to the rename.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from policydiff.errors import FailedError, Location, SchemaError
from policydiff.history.records import EVENTS, Event, Version
from policydiff.model import Document
from policydiff.storage.repo import DOCUMENT_FILE, Repository, load_document_file

if TYPE_CHECKING:
    from policydiff.history import store
    from policydiff.notice.apply import Applied
    from policydiff.notice.ops import Item
    from policydiff.notice.record import Notice

# Reading events (YAML, the schemas), the notice records and the apply engine are imported where
# they are used: a history found in the replay cache (.cache) needs none of them.

# The layout of a document's events, in one place (check reads it from here too); EVENTS is
# in .records, with the records of a history.
#: The name of an event folder: its sequence number and kind (``001-amend``).
EVENT_FOLDER = re.compile(r"(\d{3})-(amend|revise|repeal)")
#: The kinds of events: a notice's items applied, a full text re-issued, the document repealed.
KINDS = ("amend", "revise", "repeal")
#: The structured notice of an event, and the names its wording as signed may have.
NOTICE_FILE = "notice.yaml"
WORDING_FILES = ("notice.txt", "notice.md")


def event_folder_name(seq: int, kind: str = "amend") -> str:
    """The folder of event number *seq* of *kind*: ``001-amend``."""
    return f"{seq:03d}-{kind}"


def events(repo: Repository, slug: str) -> list[Event]:
    """The recorded events of *slug*, in order."""
    folder = repo.document_dir(slug) / EVENTS
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        match = EVENT_FOLDER.fullmatch(path.name)
        if match:
            found.append(load_event(repo, int(match.group(1)), match.group(2), path))
    return found


def load_event(repo: Repository, seq: int, kind: str, path: Path) -> Event:
    """The event in folder *path*: an ``event.yaml`` referring to an instrument, or (an amendment
    kept the old way) the notice itself in ``notice.yaml``."""
    from policydiff.history import store

    ref_file = path / store.EVENT_FILE
    if not ref_file.is_file():
        if kind != "amend":
            raise SchemaError(f"event {path.name} has no {store.EVENT_FILE}", Location(_shown(repo, path)))
        return Event(seq, path, _load_notice(repo, path / NOTICE_FILE))
    ref = store.read_ref(ref_file, _shown(repo, ref_file))
    notice = _event_notice(repo, kind, ref, _shown(repo, ref_file))
    revised = None
    if kind == "revise":
        text_file = path / DOCUMENT_FILE
        revised = load_document_file(text_file, _shown(repo, text_file))
    return Event(seq, path, notice, kind, ref.notice, revised)


def _event_notice(repo: Repository, kind: str, ref: store.EventRef, shown: str) -> Notice:
    """The notice of an event: the part applied, or the instrument dated by the event."""
    from policydiff.history import store

    if kind == "amend":
        if ref.notice is None:
            raise SchemaError("an amendment's event.yaml names its instrument: notice: <id>", Location(shown))
        return store.load_part(repo, ref.notice, ref.part or 1, shown)
    if ref.date is None:
        raise SchemaError(f"a {kind} event's event.yaml gives its date: date: YYYY-MM-DD", Location(shown))
    if ref.notice is None:
        from policydiff.notice.record import Notice

        return Notice(items=(), effective=ref.date)
    found = store.load_part(repo, ref.notice, ref.part or 1, shown)
    return found._replace(items=(), effective=ref.date)


def _shown(repo: Repository, path: Path) -> str:
    return path.relative_to(repo.root).as_posix() if path.is_relative_to(repo.root) else str(path)


def _load_notice(repo: Repository, path: Path) -> Notice:
    from policydiff.history.noticefile import parse_notice
    from policydiff.storage import yamlio

    shown = _shown(repo, path)
    text = yamlio.read(path, shown)
    return parse_notice(yamlio.load(text, shown), text, shown)


#: What an event does to the version before it: a notice's items, or a whole new text.
Step: TypeAlias = "Sequence[Item] | Document"


def step_of(event: Event) -> Step:
    """What *event* does, for :func:`replay`: the items of an amendment, the text of a revision,
    nothing for a repeal (the text stays; the document is no longer in force)."""
    if event.kind == "revise" and event.revised is not None:
        return event.revised
    return event.notice.items


def replay(base: Document, steps: Iterable[Step]) -> Iterator[Applied]:
    """Each step applied to the version before it, in order: the one replay loop of policydiff
    (``history`` and ``check`` both use it). A step is a notice's items, or a revised text, which
    replaces the version whole. Ids of earlier versions are retired, so a deleted id is never
    given out again; an error stops the replay where it is raised."""
    from policydiff.crossref.amend import apply_items
    from policydiff.crossref.find import Found
    from policydiff.notice.apply import Applied

    previous, retired = base, set[str]()
    found: Found = {}  # references found, by provision id and text: most texts stay from step to step
    for step in steps:
        retired |= {p.id for p in previous.walk()}
        if isinstance(step, Document):
            applied = Applied(step, _revised_ids(previous, step))
        else:
            applied = apply_items(previous, step, retired=frozenset(retired), found=found)
        yield applied
        previous = applied.document


def _revised_ids(before: Document, after: Document) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The provisions a revision changed, added or dropped, as one change labelled 修订."""
    old = {p.id: (p.heading, p.text, p.num) for p in before.walk()}
    new = {p.id: (p.heading, p.text, p.num) for p in after.walk()}
    ids = [pid for pid in new if old.get(pid) != new[pid]] + [pid for pid in old if pid not in new]
    return (("修订", tuple(ids)),) if ids else ()


def versions(repo: Repository, slug: str, *, keep: bool = True) -> list[Version]:
    """Every version of *slug*, enacted first, by replaying its events: from the replay cache
    (:mod:`.cache`) when it holds them for the document's files as they are. *keep* False: a
    replay is not written to the cache (a command about to record an event, which would make
    the entry stale at once)."""
    from policydiff.history.cache import through_cache

    return through_cache(repo, slug, lambda: replayed(repo, slug), keep=keep)


def replayed(repo: Repository, slug: str) -> list[Version]:
    """Every version of *slug*, enacted first, by replaying its events (the cache neither read nor written)."""
    base = repo.load(slug)
    out = [Version(1, base.meta.effective or base.meta.issued or base.meta.adopted, base)]
    recorded = events(repo, slug)
    steps = replay(base, (step_of(event) for event in recorded))
    for event in recorded:
        try:
            applied = next(steps)
        except FailedError as exc:
            raise FailedError(f"{event.folder.name}: {exc.message}") from None
        out.append(Version(len(out) + 1, event.notice.date, applied.document, event, applied.changed))
    return out


def current(repo: Repository, slug: str) -> Document:
    """The latest version of *slug*."""
    return versions(repo, slug)[-1].document


__all__ = [
    "EVENTS",
    "EVENT_FOLDER",
    "KINDS",
    "NOTICE_FILE",
    "WORDING_FILES",
    "Event",
    "Step",
    "Version",
    "current",
    "event_folder_name",
    "events",
    "load_event",
    "replay",
    "replayed",
    "step_of",
    "versions",
]
