"""Revision and repeal: a re-issued full text recorded as the next version, a document repealed.

``policydiff revise SLUG FILE --by NOTICE --date D`` imports FILE, matches its provisions to the
current version's (:func:`policydiff.compare.matching.match_revision`: same text, or similar text
in the same place) so that ids continue and ``diff``, ``blame`` and the comparison table work
across the revision, and records it as ``events/NNN-revise/`` (the text as re-issued, beside an
``event.yaml`` naming the instrument and date). ``policydiff repeal SLUG --by NOTICE --date D``
records ``events/NNN-repeal/``: from that date the document is 已废止; its history stays readable.

The instrument (``--by``) is kept once in ``notices/<id>/`` as for amendments; its wording need not
parse into items (a revision decision re-issues a text rather than wording changes), only its
header is read: title, number, issuer and dates. The date is ``--date``, else the instrument's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from policydiff import history
from policydiff.app.amend import read_source, wording_name
from policydiff.app.instruments import header_notice
from policydiff.compare.matching import Revision, match_revision
from policydiff.errors import Location, UsageError
from policydiff.history import writing
from policydiff.history.store import EventRef
from policydiff.importing import import_file
from policydiff.notice.record import Notice
from policydiff.notice.wording import read_notice
from policydiff.storage.lock import write_lock
from policydiff.storage.repo import Repository
from policydiff.zh.lexicon import book_titles, same_title


@dataclass(frozen=True, slots=True)
class Recorded:
    """What ``revise`` or ``repeal`` recorded: the event folder, the instrument kept (if any), the
    date, and for a revision what the matching found."""

    event: str
    instrument: str | None
    date: dt.date
    revision: Revision | None = None


def revise(
    repo: Repository, slug: str, source: Path, *, by: Path | None, date: dt.date | None, dry_run: bool = False
) -> Recorded:
    """Record the full text in *source* as the next version of *slug* (see the module)."""
    notice, wording = _instrument(by)
    when = _date(notice, date, by)
    new = import_file(source, slug=slug).document
    with write_lock(repo.root) if not dry_run else contextlib.nullcontext():
        versions = history.versions(repo, slug, keep=False)
        _check_named(notice, (versions[-1].document.title, new.title), slug, by)
        writing.check_order(versions, _dated(notice, when), once=notice is not None)
        retired = frozenset(p.id for v in versions for p in v.document.walk())
        revision = match_revision(versions[-1].document, new, retired=retired)
        name = history.event_folder_name(len(versions), "revise")
        nid = None
        if not dry_run:
            text = repo.document_text(revision.document)
            nid = _commit(repo, slug, name, when, notice, wording, by, text)
    return Recorded(name, nid, when, revision)


def repeal(repo: Repository, slug: str, *, by: Path | None, date: dt.date | None) -> Recorded:
    """Record that *slug* is repealed from *date* (or the instrument's date)."""
    notice, wording = _instrument(by)
    when = _date(notice, date, by)
    with write_lock(repo.root):
        versions = history.versions(repo, slug, keep=False)
        _check_named(notice, (versions[-1].document.title,), slug, by)
        writing.check_order(versions, _dated(notice, when), once=notice is not None)
        name = history.event_folder_name(len(versions), "repeal")
        nid = _commit(repo, slug, name, when, notice, wording, by, None)
    return Recorded(name, nid, when)


def _commit(
    repo: Repository, slug: str, name: str, when: dt.date, notice: Notice | None, wording: str | None,
    by: Path | None, text: str | None,
) -> str | None:  # fmt: skip
    """Keep the instrument (if any) and write the event, all or nothing; the instrument's folder."""
    with writing.undo_on_failure() as undo:
        before = repo.schema_paths()
        undo.append(lambda: repo.remove_new_schemas(before))
        repo.write_schemas()
        nid = None
        if notice is not None and by is not None:
            instrument = writing.Instrument(wording, ((1, notice),), wording_name(by))
            nid = writing.keep_new_instrument(repo, instrument, undo)
        writing.write_event(repo, slug, name, EventRef(nid, 1 if nid else None, when), undo, text)
    return nid


def _check_named(notice: Notice | None, titles: tuple[str, ...], slug: str, by: Path | None) -> None:
    """Refuse an instrument whose 《title》 names another document than *slug* (by any of *titles*):
    recorded against the wrong document, it would make a history no instrument made."""
    if notice is None or notice.target is None or any(same_title(notice.target, t) for t in titles):
        return
    raise UsageError(
        f"the instrument names 《{notice.target}》, not 《{titles[0]}》: it does not revise or repeal {slug}",
        Location(str(by)) if by is not None else None,
    )


def _instrument(by: Path | None) -> tuple[Notice | None, str | None]:
    """The instrument in *by* as a notice without items (its header only), and its wording."""
    if by is None:
        return None, None
    wording = read_source(by)
    found = read_notice(wording, str(by))
    named = found.targets or tuple(dict.fromkeys(book_titles(found.title or "")))
    return header_notice(found, named[0] if len(named) == 1 else None), wording


def _date(notice: Notice | None, date: dt.date | None, by: Path | None) -> dt.date:
    if date is not None:
        return date
    if notice is not None and notice.date is not None:
        return notice.date
    where = Location(str(by)) if by is not None else None
    raise UsageError("give the date it takes effect: --date YYYY-MM-DD (the instrument states none)", where)


def _dated(notice: Notice | None, when: dt.date) -> Notice:
    """The notice the order checks see: the instrument's identity, on the event's date."""
    if notice is None:
        return Notice(items=(), effective=when)
    return Notice(items=(), number=notice.number, title=notice.title, effective=when)


__all__ = ["Recorded", "repeal", "revise"]
