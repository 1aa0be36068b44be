"""Atom feeds of amendments: ``<slug>/feed.xml`` for each document and ``feed.xml`` for the site.

One entry per event (amendment, revision, repeal), dated by the event, linking to that
version's comparison table, newest first. Nothing depends on the clock: a feed's ``updated``
is its newest entry's date (or the document's enactment), so building twice gives the same
bytes. Links are relative (to the feed's own URL), as every link of the site is. The site's
feed is made from the documents' feeds on disk, so documents not rendered again (an
incremental build) need not be loaded.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ATOM = "{http://www.w3.org/2005/Atom}"
KINDS = {"amend": "修改", "revise": "修订", "repeal": "废止"}
EPOCH = dt.date(1970, 1, 1)  # an undated event's date in the feed (Atom requires one)


@dataclass(frozen=True, slots=True)
class Entry:
    """One event in a feed: its id, title, link (relative to the feed) and date."""

    id: str
    title: str
    link: str
    date: dt.date


def event_entry(
    slug: str, doc_title: str, number: int, kind: str, instrument: str | None, date: dt.date | None
) -> Entry:
    """The entry of version *number* of *slug*, made by an event of *kind* (by *instrument*)."""
    by = f"（{instrument}）" if instrument else ""
    title = f"{doc_title}：第{number}版，{KINDS.get(kind, kind)}{by}"
    return Entry(f"urn:policydiff:{quote(slug)}:v{number}", title, f"v{number}-compare.html", date or EPOCH)


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def render_feed(feed_id: str, title: str, entries: list[Entry], since: dt.date | None) -> str:
    """The Atom feed *title* of *entries* (sorted newest first here), updated on the newest's date."""
    from feedgen.feed import FeedGenerator

    ordered = sorted(entries, key=lambda e: (e.date, e.id), reverse=True)
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.link(href="feed.xml", rel="self")
    fg.link(href="index.html", rel="alternate")
    fg.language("zh-CN")
    fg.updated(_stamp(ordered[0].date if ordered else since or EPOCH))
    for e in reversed(ordered):  # feedgen puts each new entry first
        fe = fg.add_entry()
        fe.id(e.id)
        fe.title(e.title)
        fe.link(href=e.link)
        fe.updated(_stamp(e.date))
        fe.published(_stamp(e.date))
    text: bytes = fg.atom_str(pretty=True)
    return text.decode("utf-8")


def read_entries(path: Path, prefix: str) -> list[Entry]:
    """The entries of the feed at *path* (one this module wrote), their links prefixed with *prefix*."""
    root = ET.parse(path).getroot()
    found = []
    for node in root.iter(f"{ATOM}entry"):
        link = node.find(f"{ATOM}link")
        href = link.get("href", "") if link is not None else ""
        updated = node.findtext(f"{ATOM}updated", "")[:10]
        found.append(Entry(node.findtext(f"{ATOM}id", ""), node.findtext(f"{ATOM}title", ""), prefix + href,
                           dt.date.fromisoformat(updated)))  # fmt: skip
    return found
