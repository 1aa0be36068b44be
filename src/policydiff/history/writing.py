"""Recording events: a notice applied in memory first, then kept, all or nothing.

An amendment is prepared (:func:`prepare_amendment`: applied to the current version in memory,
refused when it is recorded already, dated out of order, or the document is repealed), then
committed with its instrument (:func:`commit_amendments`): the instrument's folder under
``notices/`` is written, or the parts it lacks are added, and each document's event folder is
written complete under a temporary name and renamed into place. When any write fails, every
write made before it is taken back, so a decision applied to three documents changes all three
or none. The caller holds the repository's lock from preparing to committing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from policydiff.crossref.amend import apply_items
from policydiff.errors import FailedError, Location
from policydiff.history import EVENTS, Version, event_folder_name, store, versions
from policydiff.history.noticefile import notice_text
from policydiff.notice.apply import Applied
from policydiff.notice.record import SCHEMA_NAME, Notice, describe, identity
from policydiff.storage import yamlio
from policydiff.storage.fsutil import WriteError, atomic_write_text, clear_leftovers, replacing_dir
from policydiff.storage.lock import write_lock
from policydiff.storage.repo import Repository

_SCHEMAS = "../../../../.policydiff/schemas"
_INSTRUMENT_SCHEMAS = "../../.policydiff/schemas"


@dataclass(frozen=True, slots=True)
class Prepared:
    """A notice applied to the current version but not yet recorded: the result, the event it
    would be recorded as, and the part of its instrument it is (:func:`commit_amendments`)."""

    slug: str
    notice: Notice
    applied: Applied
    seq: int
    part: int = 1

    @property
    def event(self) -> str:
        """The folder the event would be recorded in: ``001-amend``."""
        return event_folder_name(self.seq)


@dataclass(frozen=True, slots=True)
class Repeal:
    """A repeal an instrument makes, to record with its amendments: the document, the event's
    folder, the instrument's part that names it, and the date."""

    slug: str
    event: str
    part: int
    date: dt.date


@dataclass(frozen=True, slots=True)
class Instrument:
    """An instrument to keep in ``notices/``: its wording as signed (and the name to keep it
    under, ``notice.txt`` or ``notice.md``) and its parts, each with its number."""

    wording: str | None
    parts: tuple[tuple[int, Notice], ...]
    wording_name: str = store.WORDING_NAMES[0]


def preview_amendment(repo: Repository, slug: str, notice: Notice) -> Applied:
    """What applying *notice* to the current version gives, without writing anything."""
    return prepare_amendment(repo, slug, notice).applied


def prepare_amendment(
    repo: Repository, slug: str, notice: Notice, part: int = 1, replayed: list[Version] | None = None
) -> Prepared:
    """Apply *notice* to the current version of *slug* in memory, refusing a notice already
    recorded (:func:`~policydiff.notice.record.identity`), dated before the version it amends,
    or amending a repealed document. Writes nothing. *replayed* is ``versions(repo, slug)`` when
    the caller has it (the history is replayed once per command)."""
    history = versions(repo, slug, keep=False) if replayed is None else replayed
    check_order(history, notice)
    retired = frozenset(p.id for v in history for p in v.document.walk())
    applied = apply_items(history[-1].document, notice.items, retired=retired)
    return Prepared(slug, notice, applied, len(history), part)


def commit_amendment(repo: Repository, prepared: Prepared, wording: str | None) -> None:
    """Record one prepared amendment with its instrument (:func:`commit_amendments`)."""
    commit_amendments(repo, [prepared], Instrument(wording, ((prepared.part, prepared.notice),)))


def record_amendment(repo: Repository, slug: str, notice: Notice, wording: str | None) -> Applied:
    """Apply *notice* to the current version and record it as the next event, all or nothing."""
    with write_lock(repo.root):
        prepared = prepare_amendment(repo, slug, notice)
        commit_amendment(repo, prepared, wording)
    return prepared.applied


def commit_amendments(
    repo: Repository, prepared: Sequence[Prepared], instrument: Instrument, repeals: Sequence[Repeal] = ()
) -> str:
    """Keep *instrument* and record every prepared amendment (and every repeal) as its document's
    next event, all or nothing; the instrument's folder name. The caller holds the lock from
    preparing on."""
    nid = store.instrument_id(repo, instrument.parts)
    with undo_on_failure() as undo:
        before = repo.schema_paths()
        undo.append(lambda: repo.remove_new_schemas(before))
        repo.write_schemas()
        keep_instrument(repo, nid, instrument, undo)
        for one in prepared:
            ref = store.EventRef(nid, one.part)
            write_event(repo, one.slug, one.event, ref, undo)
        for gone in repeals:
            write_event(repo, gone.slug, gone.event, store.EventRef(nid, gone.part, gone.date), undo)
    return nid


@contextlib.contextmanager
def undo_on_failure() -> Iterator[list[Callable[[], object]]]:
    """A list of undo steps: run, last first, when the block raises (best effort), then the error goes on."""
    steps: list[Callable[[], object]] = []
    try:
        yield steps
    except BaseException:
        for step in reversed(steps):
            with contextlib.suppress(OSError):
                step()
        raise


def keep_new_instrument(repo: Repository, instrument: Instrument, undo: list[Callable[[], object]]) -> str:
    """Keep *instrument* (:func:`keep_instrument`) under the folder its identity gives; that folder."""
    nid = store.instrument_id(repo, instrument.parts)
    keep_instrument(repo, nid, instrument, undo)
    return nid


def keep_instrument(repo: Repository, nid: str, instrument: Instrument, undo: list[Callable[[], object]]) -> None:
    """Write instrument *nid*'s folder, or add the parts and wording it lacks; a kept part that
    differs from the one being applied is refused (the instrument is kept once: edit it there)."""
    folder = repo.instrument_dir(nid)
    clear_leftovers(repo.notices_dir)
    texts = {part: _part_text(notice) for part, notice in instrument.parts}
    if not folder.exists():
        made = not repo.notices_dir.exists()
        with _named(folder), replacing_dir(folder) as staged:
            if instrument.wording is not None:
                atomic_write_text(staged / instrument.wording_name, instrument.wording)
            for part, text in texts.items():
                atomic_write_text(staged / store.part_name(part), text)
        if made:
            undo.append(repo.notices_dir.rmdir)
        undo.append(lambda: shutil.rmtree(folder))
        return
    clear_leftovers(folder)
    kept = store.kept_parts(repo, nid)
    for part, text in texts.items():
        path = folder / store.part_name(part)
        if part in kept:
            if path.read_text(encoding="utf-8") != text:
                raise FailedError(
                    f"notices/{nid}/{path.name} differs from the notice applied: an instrument is kept once; "
                    "correct it there, or apply that file"
                )
            continue
        atomic_write_text(path, text)
        undo.append(path.unlink)
    if instrument.wording is not None and store.wording_file(repo, nid) is None:
        path = folder / instrument.wording_name
        atomic_write_text(path, instrument.wording)
        undo.append(path.unlink)


def _part_text(notice: Notice) -> str:
    return notice_text(notice, f"{_INSTRUMENT_SCHEMAS}/{SCHEMA_NAME}")


def write_event(
    repo: Repository, slug: str, name: str, ref: store.EventRef, undo: list[Callable[[], object]],
    document_text: str | None = None,
) -> None:  # fmt: skip
    """Write event folder *name* of *slug*: its ``event.yaml`` (and the revised text, if any)."""
    folder = repo.document_dir(slug) / EVENTS
    clear_leftovers(folder)
    final = folder / name
    made = not folder.exists()
    with _named(final), replacing_dir(final) as staged:
        yamlio.write(staged / store.EVENT_FILE, store.ref_data(ref), f"{_SCHEMAS}/{store.EVENT_SCHEMA}")
        if document_text is not None:
            atomic_write_text(staged / "document.yaml", document_text)
    if made:
        undo.append(folder.rmdir)
    undo.append(lambda: shutil.rmtree(final))


@contextlib.contextmanager
def _named(final: Path) -> Iterator[None]:
    """A write error named where it was going, not by the staging folder's random name."""
    try:
        yield
    except WriteError as exc:
        raise exc.at(Location(str(final / Path(exc.location.file or "").name))) from None


def check_order(history: list[Version], notice: Notice, *, once: bool = True) -> None:
    """Refuse a notice recorded before (PD503), dated before the version it amends (PD701), or
    amending a repealed document. *once* False: a revision or repeal named by no instrument,
    which nothing identifies (a bare date is not an instrument), is not refused as recorded before."""
    key = identity(notice)
    for version in history:
        if version.event is not None and version.event.kind == "repeal":
            raise FailedError(f"the document is repealed (event {version.event.folder.name}): nothing amends it")
        if once and version.event is not None and identity(version.event.notice) == key:
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
