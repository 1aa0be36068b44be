"""Versions in time: which text was in force on a day, and which event made each provision.

A version is in force from its event's date (the notice's effective date, else its
issue or adoption date) until the next version's. A notice dated after *today* is
*prospective*: it is listed, but the text in force today does not include it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from policydiff.history import Version, events, versions
from policydiff.history.picking import at as at
from policydiff.history.picking import pick as pick
from policydiff.history.picking import repeal_before as repeal_before
from policydiff.history.status import version_status
from policydiff.model import Document, Provision
from policydiff.model.plaintext import own_lines, path_label
from policydiff.storage.repo import Repository

#: Each kind of event in Chinese, as the site names it.
EVENT_WORDS = {"enact": "制定", "amend": "修改", "revise": "修订", "repeal": "废止"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the timeline: ``event`` is enact, amend, revise or repeal; ``status`` the
    version's (:mod:`policydiff.history.status`) on the day the log is made."""

    number: int
    date: dt.date | None
    event: str
    instrument: str | None
    title: str | None
    changed: int
    prospective: bool
    status: str = ""


def log(repo: Repository, slug: str, today: dt.date | None = None) -> list[Entry]:
    """The timeline of *slug*, oldest first."""
    today = today or dt.date.today()
    history = versions(repo, slug)
    return [_entry(history, v, today) for v in history]


def _entry(history: list[Version], v: Version, today: dt.date) -> Entry:
    notice = v.event.notice if v.event else None
    changed = len({pid for _, ids in v.changed for pid in ids})
    future = v.date is not None and v.date > today
    bare = v.event is not None and v.event.kind != "amend" and v.event.instrument is None
    title = notice.title if notice and not bare else v.document.title  # no instrument: the text's title
    number = notice.number if notice else v.document.meta.number
    kind = v.event.kind if v.event else "enact"
    status = version_status(history, v.number, today).value
    return Entry(v.number, v.date, kind, number, title, changed, future, status)


@dataclass(frozen=True, slots=True)
class Blame:
    """Who made a provision what it is: the event behind its text, and behind its number.

    ``text`` is the provision's own words, without its number or its children: its heading
    and its text, joined by a space when it has both."""

    id: str
    address: str
    text: str
    text_by: str
    text_since: dt.date | None
    number_by: str
    number_since: dt.date | None


def blame(repo: Repository, slug: str, when: str | None = None, today: dt.date | None = None) -> list[Blame]:
    """For every provision of the version *when*, the event that last changed its text and its number."""
    return blame_version(repo, slug, when, today)[1]


def blame_version(
    repo: Repository, slug: str, when: str | None = None, today: dt.date | None = None
) -> tuple[int, list[Blame]]:
    """:func:`blame`, with the number of the version it is of (``blame --json``'s ``version_shown``)."""
    everything = versions(repo, slug)
    target = at(repo, slug, when, today, everything)
    history = everything[: target.number]
    text_by, number_by = _sources(history, _same_text)[-1], _sources(history, _same_number)[-1]
    doc = target.document
    return target.number, [_blame_line(doc, p, text_by[p.id], number_by[p.id]) for p in doc.walk()]


def version_dates(repo: Repository, slug: str) -> list[dt.date | None]:
    """The date of each version of *slug*, enacted first, read without replaying its events:
    what shell completion offers for ``--at`` and diff's OLD and NEW."""
    base = repo.load(slug)
    return [base.meta.effective or base.meta.issued or base.meta.adopted, *(e.notice.date for e in events(repo, slug))]


def text_sources(history: list[Version]) -> list[dict[str, Version]]:
    """For each version of *history*, every provision's id and the version that gave it its text
    (whose date it is in force from): the per-provision dates of ``blame``, ``show --dates`` and
    the site's pages."""
    return _sources(history, _same_text)


def _sources(history: list[Version], same: Callable[[Provision, Provision], bool]) -> list[dict[str, Version]]:
    """For each version, every provision's id and the version since which it is *same* as now."""
    out: list[dict[str, Version]] = []
    by: dict[str, Version] = {}
    previous: dict[str, Provision] = {}
    for version in history:
        current = {p.id: p for p in version.document.walk()}
        by = {pid: by[pid] if pid in previous and same(previous[pid], p) else version for pid, p in current.items()}
        out.append(by)
        previous = current
    return out


def _same_number(old: Provision, new: Provision) -> bool:
    return old.num == new.num


def _same_text(old: Provision, new: Provision) -> bool:
    return (old.text, old.heading) == (new.text, new.heading)


def dated_text(history: list[Version], number: int) -> str:
    """Version *number* of *history* as plain text, each provision's lines after the date its text
    took effect (``2021-05-21  第三条 …``; ``----------`` when that version has no date): ``show --dates``."""
    version = history[number - 1]
    by = text_sources(history[:number])[-1]
    doc = version.document
    out = [doc.title]
    for p in doc.walk():
        since = by[p.id].date
        stamp = since.isoformat() if since else "-" * 10
        out.extend(f"{stamp}  {line}" for line in own_lines(doc, p))
    return "".join(line + "\n" for line in out)


def since_note(version: Version) -> str:
    """How a page says when a provision's text took effect: ``自2021-05-21起施行（闽卫院委宣〔2021〕6 号）``."""
    when = f"自{version.date.isoformat()}起施行" if version.date else "施行日期不详"
    if version.event is None:
        return f"{when}（制定）"
    notice = version.event.notice
    return f"{when}（{notice.number or notice.title or version.event.folder.name}）"


def _blame_line(doc: Document, p: Provision, text: Version, number: Version) -> Blame:
    if p.num is None:
        number = text  # unnumbered provisions have no number of their own to blame
    words = " ".join(part for part in (p.heading, p.text) if part is not None)
    return Blame(p.id, path_label(doc, p.id), words, _name(text), _since(text), _name(number), _since(number))


def _name(version: Version) -> str:
    if version.event is None:
        return "enacted"
    return version.event.notice.number or version.event.folder.name


def _since(version: Version) -> dt.date | None:
    # Per the effect rule of seed 000: amended provisions from the notice's date.
    return version.date
