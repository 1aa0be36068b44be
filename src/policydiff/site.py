"""The static site: an index of documents and, for each, every version, the change log,
and for each amendment its redline and comparison table.

Pages use relative links only and inline their stylesheet, so the site works from
``file://``, from any sub-path (GitHub Pages project sites) and offline. Building
twice gives identical bytes: nothing depends on the clock or on dict order.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policydiff import changelog, history
from policydiff.fsutil import atomic_write_text
from policydiff.render import render
from policydiff.repo import Repository
from policydiff.timeline import Entry, log
from policydiff.views import VersionView, document_context

SITE_TITLE = "规章制度文本库"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One row of the index page."""

    slug: str
    title: str
    number: str | None
    issuer: str | None
    date: str | None
    status: str


def build(repo: Repository, out: Path, *, today: dt.date | None = None,
          progress: Callable[[str], None] | None = None) -> list[Path]:  # fmt: skip
    """Write the site for every document of *repo* into *out*; returns the pages written."""
    today = today or dt.date.today()
    written: list[Path] = []
    entries = []
    for slug in repo.slugs():
        pages, entry = _document_pages(repo, slug, today)
        for name, text in pages:
            written.append(_write(out / slug / name, text))
        entries.append(entry)
        if progress:
            progress(slug)
    index = render("index.html.j2", {"site_title": SITE_TITLE, "documents": entries}, repo.root)
    written.append(_write(out / "index.html", index))
    return written


def _write(path: Path, text: str) -> Path:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        atomic_write_text(path, text)
    return path


def _document_pages(repo: Repository, slug: str, today: dt.date) -> tuple[list[tuple[str, str]], IndexEntry]:
    versions = history.versions(repo, slug)
    timeline = log(repo, slug, today)
    in_force = [v for v, e in zip(versions, timeline, strict=True) if not e.prospective][-1]
    pages = list(_pages(repo, versions, timeline, in_force))
    doc = in_force.document
    pending = any(e.prospective for e in timeline)
    status = "现行有效" + ("（有待施行的修改）" if pending else "")
    entry = IndexEntry(slug, doc.title, doc.meta.number, doc.meta.issuer, _iso(in_force.date), status)
    return pages, entry


def _pages(repo: Repository, versions: list[history.Version], timeline: list[Entry],
           in_force: history.Version) -> Iterator[tuple[str, str]]:  # fmt: skip
    root = repo.root
    context = document_context(in_force.document, _view(in_force), timeline=_timeline_rows(timeline))
    yield "index.html", render("docpage.html.j2", context, root)
    for v in versions:
        yield f"v{v.number}.html", render("version.html.j2", document_context(v.document, _view(v)), root)
    entries = changelog.entries(versions)
    log_context = {"document": in_force.document, "changelog": entries}
    yield "changelog.html", render("changelog.html.j2", log_context, root)
    yield "changelog.md", render("changelog.md.j2", log_context, root)
    for before, after in itertools.pairwise(versions):
        yield from changelog.comparison_pages(before, after, root)


def _timeline_rows(timeline: list[Entry]) -> list[dict[str, Any]]:
    return [
        {
            "number": e.number,
            "date": _iso(e.date),
            "event": e.event,
            "instrument": e.instrument,
            "prospective": e.prospective,
        }
        for e in timeline
    ]


def _view(v: history.Version) -> VersionView:
    event = None if v.event is None else (v.event.notice.number or v.event.folder.name)
    return VersionView(v.number, _iso(v.date), event)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
