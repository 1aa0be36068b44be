"""A document's history: the enacted text and the notices that amended it, replayed.

Layout of ``documents/<slug>/``::

    document.yaml              the enacted text (version 1)
    events/001-amend/notice.yaml   the first notice, structured (what is applied)
    events/001-amend/notice.txt    its wording as signed (kept verbatim)
    events/002-amend/…

Every version is computed by replaying the events in order, so no version can drift
from the notices that made it. An event folder is written complete under a
temporary name and renamed into place, so a crash never leaves half an event, and
recording holds the repository's lock from reading the history to the rename.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from policydiff.crossref.amend import apply_items
from policydiff.errors import FailedError, Location
from policydiff.history.noticefile import parse_notice
from policydiff.model import Document
from policydiff.model.plaintext import to_text
from policydiff.notice.apply import Applied
from policydiff.notice.ops import Item
from policydiff.notice.record import SCHEMA_NAME, Notice, describe, identity, notice_data
from policydiff.storage import yamlio
from policydiff.storage.fsutil import WriteError, atomic_write_text, clear_leftovers, replacing_dir
from policydiff.storage.lock import write_lock
from policydiff.storage.repo import Repository

# The layout of a document's events, in one place (check reads it from here too).
EVENTS = "events"
#: The name of an event folder: its sequence number and kind (``001-amend``).
EVENT_FOLDER = re.compile(r"(\d{3})-(amend)")
#: The structured notice of an event, and the names its wording as signed may have.
NOTICE_FILE = "notice.yaml"
WORDING_FILES = ("notice.txt", "notice.md")


def event_folder_name(seq: int) -> str:
    """The folder of event number *seq*: ``001-amend``."""
    return f"{seq:03d}-amend"


@dataclass(frozen=True, slots=True)
class Event:
    """One recorded amendment: its sequence number, folder and structured notice."""

    seq: int
    folder: Path
    notice: Notice


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


def events(repo: Repository, slug: str) -> list[Event]:
    """The recorded events of *slug*, in order."""
    folder = repo.document_dir(slug) / EVENTS
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        match = EVENT_FOLDER.fullmatch(path.name)
        if match:
            found.append(Event(int(match.group(1)), path, _load_notice(repo, path / NOTICE_FILE)))
    return found


def _load_notice(repo: Repository, path: Path) -> Notice:
    shown = path.relative_to(repo.root).as_posix() if path.is_relative_to(repo.root) else str(path)
    text = yamlio.read(path, shown)
    return parse_notice(yamlio.load(text, shown), text, shown)


def replay(base: Document, notices: Iterable[Sequence[Item]]) -> Iterator[Applied]:
    """Each notice's items applied to the version before it, in order: the one replay loop of
    policydiff (``history`` and ``check`` both use it). Ids of earlier versions are retired, so
    a deleted id is never given out again; an error stops the replay where it is raised."""
    previous, retired = base, set[str]()
    for items in notices:
        retired |= {p.id for p in previous.walk()}
        applied = apply_items(previous, items, retired=frozenset(retired))
        yield applied
        previous = applied.document


def versions(repo: Repository, slug: str) -> list[Version]:
    """Every version of *slug*, enacted first, by replaying its events."""
    base = repo.load(slug)
    out = [Version(1, base.meta.effective or base.meta.issued or base.meta.adopted, base)]
    recorded = events(repo, slug)
    steps = replay(base, (event.notice.items for event in recorded))
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


def preview_amendment(repo: Repository, slug: str, notice: Notice) -> Applied:
    """What applying *notice* to the current version gives, without writing anything."""
    return prepare_amendment(repo, slug, notice).applied


@dataclass(frozen=True, slots=True)
class Prepared:
    """A notice applied to the current version but not yet recorded: the result and the event it
    would be recorded as (:func:`commit_amendment` records it)."""

    slug: str
    notice: Notice
    applied: Applied
    seq: int

    @property
    def event(self) -> str:
        """The folder the event would be recorded in: ``001-amend``."""
        return event_folder_name(self.seq)


def prepare_amendment(repo: Repository, slug: str, notice: Notice) -> Prepared:
    """Apply *notice* to the current version of *slug* in memory, refusing a notice already
    recorded (:func:`~policydiff.notice.record.identity`) or dated before the version it amends.

    Writes nothing; hold the repository's lock until :func:`commit_amendment` if it is to be recorded.
    """
    history = versions(repo, slug)
    _check_order(history, notice)
    retired = frozenset(p.id for v in history for p in v.document.walk())
    applied = apply_items(history[-1].document, notice.items, retired=retired)
    return Prepared(slug, notice, applied, len(history))


def commit_amendment(repo: Repository, prepared: Prepared, wording: str | None) -> None:
    """Record *prepared* as its event, atomically: the event folder is complete or absent.

    The caller holds the repository's lock from :func:`prepare_amendment` on.
    """
    folder = repo.document_dir(prepared.slug) / EVENTS
    clear_leftovers(folder)
    repo.write_schemas()  # before staging: if it fails, there is nothing to take back
    final = folder / prepared.event
    with replacing_dir(final) as staged:
        try:
            data = notice_data(prepared.notice)
            yamlio.write(staged / NOTICE_FILE, data, f"../../../../.policydiff/schemas/{SCHEMA_NAME}")
            if wording is not None:
                atomic_write_text(staged / WORDING_FILES[0], wording)
        except WriteError as exc:  # named where it was going, not by the staging folder's random name
            raise exc.at(Location(str(final / Path(exc.location.file or "").name))) from None


def record_amendment(repo: Repository, slug: str, notice: Notice, wording: str | None) -> Applied:
    """Apply *notice* to the current version and record it as the next event, all or nothing."""
    with write_lock(repo.root):
        prepared = prepare_amendment(repo, slug, notice)
        commit_amendment(repo, prepared, wording)
    return prepared.applied


def _check_order(history: list[Version], notice: Notice) -> None:
    """Refuse a notice recorded before (PD503) or dated before the version it amends (PD701)."""
    key = identity(notice)
    for version in history:
        if version.event is not None and identity(version.event.notice) == key:
            raise FailedError(f"{describe(notice)} is already applied (event {version.event.folder.name})")
    dated = [(v, v.date) for v in history if v.date is not None]
    if not dated or notice.date is None or notice.date >= dated[-1][1]:
        return
    last, when = dated[-1]
    if last.event is None:
        name = "the enacted text"
    else:
        name = "the current version" if last is history[-1] else f"event {last.event.folder.name}"
    raise FailedError(
        f"notice dated {notice.date.isoformat()} is older than {name} ({when.isoformat()}); apply notices in date order"
    )
