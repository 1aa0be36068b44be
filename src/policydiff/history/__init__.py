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
from policydiff.errors import FailedError, UsageError
from policydiff.history.noticefile import parse_notice
from policydiff.model import Document
from policydiff.model.plaintext import to_text
from policydiff.notice.apply import Applied
from policydiff.notice.ops import Item
from policydiff.notice.record import SCHEMA_NAME, Notice, notice_data
from policydiff.storage import yamlio
from policydiff.storage.fsutil import atomic_write_text, clear_leftovers, replacing_dir
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
    return _prepare(repo, slug, notice)[0]


def _prepare(repo: Repository, slug: str, notice: Notice) -> tuple[Applied, int]:
    history = versions(repo, slug)
    _check_order(history, notice)
    retired = frozenset(p.id for v in history for p in v.document.walk())
    return apply_items(history[-1].document, notice.items, retired=retired), len(history)


def record_amendment(repo: Repository, slug: str, notice: Notice, wording: str | None) -> Applied:
    """Apply *notice* to the current version and record it as the next event, all or nothing."""
    with write_lock(repo.root):
        applied, seq = _prepare(repo, slug, notice)
        folder = repo.document_dir(slug) / EVENTS
        clear_leftovers(folder)
        repo.write_schemas()  # before staging: if it fails, there is nothing to take back
        with replacing_dir(folder / event_folder_name(seq)) as staged:
            yamlio.write(staged / NOTICE_FILE, notice_data(notice), f"../../../../.policydiff/schemas/{SCHEMA_NAME}")
            if wording is not None:
                atomic_write_text(staged / WORDING_FILES[0], wording)
    return applied


def _check_order(history: list[Version], notice: Notice) -> None:
    for version in history:
        if version.event is not None and notice.number and notice.number == version.event.notice.number:
            raise UsageError(f"notice {notice.number} is already applied (event {version.event.folder.name})")
    last = history[-1]
    if last.date and notice.date and notice.date < last.date:
        raise UsageError(
            f"notice dated {notice.date.isoformat()} is older than the current version ({last.date.isoformat()}); "
            "apply notices in date order"
        )
