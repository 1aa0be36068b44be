"""One document's pages: its text, every version, the change log, the comparisons and its feed,
rendered from its replayed history (:func:`render_document`)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

from policydiff import history
from policydiff.history.headnote import headnote
from policydiff.history.status import Status, document_status, repealed_on, version_status
from policydiff.history.timeline import EVENT_WORDS, since_note, text_sources
from policydiff.render import changelog, render
from policydiff.render.views import VersionView, document_context, rows
from policydiff.site import feeds
from policydiff.site import instruments as notice_pages
from policydiff.site.buildcache import Built, IndexEntry
from policydiff.storage.repo import Repository


def render_document(
    repo: Repository, slug: str, today: dt.date, *, search: bool = False
) -> tuple[Iterator[tuple[str, str]], Built]:
    """The pages of *slug* (name, text), made one at a time, and its manifest entry (digest unset).

    The history is replayed once; what the pages show depends on *today* only through
    which versions are still to come, so the entry says for which days they hold.
    """
    versions = history.versions(repo, slug)
    prospective = [v.date is not None and v.date > today for v in versions]
    current = [v for v, future in zip(versions, prospective, strict=True) if not future]
    # A document not yet in force shows its enacted text, and says from when it applies.
    in_force = current[-1] if current else versions[0]
    doc = in_force.document
    status = _status(versions, today, any(prospective))
    entry = IndexEntry(slug, doc.title, doc.meta.number, doc.meta.issuer, _iso(in_force.date), status)
    past = [v.date for v in versions if v.date is not None and v.date <= today]
    future = [v.date for v in versions if v.date is not None and v.date > today]
    refers = tuple(notice_pages.referring(slug, versions))
    built = Built(None, (), entry, max(past, default=None), min(future, default=None), refers)
    links = notice_pages.log_links(slug, versions)
    statuses = [version_status(versions, v.number, today).value for v in versions]
    rows_ = _timeline_rows(versions, prospective)
    return _pages(repo, versions, rows_, in_force, links, (status, statuses), search), built


def _status(versions: list[history.Version], today: dt.date, coming: bool) -> str:
    """The document's status on *today* (:mod:`policydiff.history.status`), with the day it
    starts or ended, and whether amendments are still to take effect."""
    status = document_status(versions, today)
    if status is Status.PENDING:
        return f"尚未施行（{_iso(versions[0].date)}起施行）"
    if status is Status.REPEALED:
        return f"已废止（{_iso(repealed_on(versions))}起）"
    if status is Status.IN_FORCE:
        return "现行有效" + ("（有待施行的修改）" if coming else "")
    return status.value


def _pages(repo: Repository, versions: list[history.Version], timeline: list[dict[str, Any]],
           in_force: history.Version, links: dict[int, str],
           statuses: tuple[str, list[str]], search: bool = False) -> Iterator[tuple[str, str]]:  # fmt: skip
    status, of_version = statuses
    root = repo.root
    provisions = rows(in_force.document)  # the document page's and its version page's
    note = headnote(versions, in_force.number)
    sources = text_sources(versions)
    since = [{pid: since_note(v) for pid, v in by.items()} for by in sources]
    context = document_context(
        in_force.document, _view(in_force), headnote=note, timeline=timeline, provisions=provisions, status=status,
        since=since[in_force.number - 1], search=search,
    )  # fmt: skip
    yield "index.html", render("docpage.html.j2", context, root)
    for v in versions:
        own = provisions if v is in_force else rows(v.document)
        yield (
            f"v{v.number}.html",
            render(
                "version.html.j2",
                document_context(
                    v.document,
                    _view(v),
                    headnote=headnote(versions, v.number),
                    provisions=own,
                    status=of_version[v.number - 1],
                    since=since[v.number - 1],
                ),
                root,
            ),
        )
    entries = changelog.entries(versions)
    log_context = {"document": in_force.document, "changelog": entries, "instrument_links": links}
    yield "changelog.html", render("changelog.html.j2", log_context, root)
    yield "changelog.md", render("changelog.md.j2", log_context, root)
    yield "feed.xml", _feed(versions, in_force)
    for before, after in itertools.pairwise(versions):
        yield from changelog.comparison_pages(before, after, root)


def _feed(versions: list[history.Version], in_force: history.Version) -> str:
    """The Atom feed of the document's events (:mod:`policydiff.site.feeds`)."""
    slug = in_force.document.slug
    title = in_force.document.title
    entries = [
        feeds.event_entry(slug, title, v.number, v.event.kind, v.event.notice.number, v.date)
        for v in versions
        if v.event is not None
    ]
    return feeds.render_feed(f"urn:policydiff:{slug}", f"{title}：修改记录", entries, versions[0].date)


def _timeline_rows(versions: list[history.Version], prospective: list[bool]) -> list[dict[str, Any]]:
    """The rows of the timeline picture (what :func:`policydiff.history.timeline.log` gives, from *versions*)."""
    out = []
    for v, future in zip(versions, prospective, strict=True):
        notice = v.event.notice if v.event else None
        instrument = notice.number if notice else v.document.meta.number
        event = v.event.kind if v.event else "enact"
        row = {
            "number": v.number,
            "date": _iso(v.date),
            "event": event,
            "event_word": EVENT_WORDS[event],
            "instrument": instrument,
        }
        out.append({**row, "prospective": future})
    return out


def _view(v: history.Version) -> VersionView:
    event = None if v.event is None else (v.event.notice.number or v.event.folder.name)
    return VersionView(v.number, _iso(v.date), event)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --------------------------------------------------------------------------- writing pages
