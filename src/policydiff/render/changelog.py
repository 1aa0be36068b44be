"""The change log, the redline and the comparison table (修订对照表) of an amendment.

Rows come from :func:`policydiff.compare.diff.diff_documents`, matched by id, and are tied
to the notice items that made them through the ids each item touched.
:func:`table_between` gives the table of any two texts ``diff`` can name; when
they are a version and the next one, it is the table of that amendment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from policydiff.compare.diff import FORMATTING_WORD, KIND_WORDS, Change, diff_documents
from policydiff.compare.textdiff import Segment
from policydiff.compare.texts import diff_between, replayed
from policydiff.errors import UsageError
from policydiff.history import Version
from policydiff.history.timeline import at
from policydiff.model.plaintext import path_label
from policydiff.notice.record import item_name
from policydiff.render import render
from policydiff.render.views import anchor, document_context
from policydiff.storage.repo import Repository


@dataclass(frozen=True, slots=True)
class Link:
    """A changed provision as the change log links to it."""

    address: str
    anchor: str


@dataclass(frozen=True, slots=True)
class LogItem:
    """One notice item in the change log: its label, wording and the provisions it changed."""

    label: str
    wording: str
    provisions: tuple[Link, ...]
    name: str = ""  # the item as the notice names it (:func:`policydiff.notice.record.item_name`)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One amendment in the change log."""

    number: int
    date: str | None
    instrument: str | None
    title: str | None
    items: tuple[LogItem, ...]


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the comparison table: 原条文 | 修订后条文 | 说明."""

    id: str
    kind: str
    old: tuple[Segment, ...]
    new: tuple[Segment, ...]
    note: str
    anchor: str
    address: str


def entries(versions: list[Version]) -> list[LogEntry]:
    """The change log: every amendment with its items and the provisions each changed."""
    out = []
    for v in versions:
        if v.event is None:
            continue
        notice = v.event.notice
        wording = {item.label: item.wording for item in notice.items}
        items = tuple(
            LogItem(
                label,
                wording.get(label, ""),
                tuple(Link(path_label(v.document, pid), anchor(pid)) for pid in ids),
                item_name(notice, label),
            )
            for label, ids in v.changed
        )
        date = v.date.isoformat() if v.date else None
        out.append(LogEntry(v.number, date, notice.number, notice.title, items))
    return out


def rows(before: Version, after: Version) -> tuple[list[Row], list[Row]]:
    """The comparison table of the amendment that made *after* from *before*.

    Returns the rows (one per provision whose text changed, was added, deleted or
    moved) and, apart, the provisions that were only renumbered, which the table
    notes below itself.
    """
    return split_rows(diff_documents(before.document, after.document), _items(after))


def split_rows(changes: Iterable[Change], items: Mapping[str, str] | None = None) -> tuple[list[Row], list[Row]]:
    """The rows of *changes* and, apart, the renumbered ones; *items* maps ids to notice item names."""
    table = [row(change, (items or {}).get(change.id)) for change in changes]
    return [r for r in table if r.kind != "renumbered"], [r for r in table if r.kind == "renumbered"]


def _items(after: Version) -> dict[str, str]:
    """Each changed id mapped to the name of the notice item that changed it."""
    if after.event is None:
        return {}
    notice = after.event.notice
    return {pid: item_name(notice, label) for label, ids in after.changed for pid in ids}


def row(change: Change, item: str | None = None) -> Row:
    """The table row of one change; *item* names the notice item that made it, if known."""
    if change.kind == "renumbered":
        note = f"{KIND_WORDS['renumbered']}：{change.old_address} → {change.new_address}，内容未改"
    else:
        note = KIND_WORDS[change.kind] + (f"（{FORMATTING_WORD}）" if change.formatting_only else "")
    if item:
        note = f"{item}：{note}"
    old, new = _sides(change)
    where = change.new_address or change.old_address or ""
    return Row(change.id, change.kind, old, new, note, anchor(change.id), where)


_row = row


def _sides(change: Change) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    if change.segments:
        old = tuple(s for s in change.segments if s.op != "insert")
        new = tuple(s for s in change.segments if s.op != "delete")
        return old, new
    old = (Segment("delete" if change.kind == "deleted" else "equal", change.old_text),) if change.old_text else ()
    new = (Segment("insert" if change.kind == "added" else "equal", change.new_text),) if change.new_text else ()
    return old, new


def comparison_pages(before: Version, after: Version, root: Path | None) -> Iterator[tuple[str, str]]:
    """The redline and the comparison table (HTML and Markdown) of one amendment."""
    table, renumbered = rows(before, after)
    notice = after.event.notice if after.event else None
    context = document_context(
        after.document, None, rows=table, renumbered=renumbered, notice=notice, number=after.number
    )
    yield f"v{after.number}-compare.html", render("compare.html.j2", context, root)
    yield f"v{after.number}-compare.md", render("compare.md.j2", context, root)
    changes = {c.id: c for c in diff_documents(before.document, after.document)}
    yield f"v{after.number}-redline.html", render("redline.html.j2", {**context, "changes": changes}, root)


@dataclass(frozen=True, slots=True)
class Table:
    """A comparison table between two named texts: heading, subtitle, rows and renumbered rows."""

    title: str
    subtitle: str
    rows: tuple[Row, ...]
    renumbered: tuple[Row, ...]


def table_between(repo: Repository, slug: str, old: str, new: str, *, ignore_formatting: bool = False) -> Table:
    """The comparison table from *old* to *new* (versions, dates or document ids, as ``diff`` takes them).

    When *new* is the version right after *old*, the table is that amendment's: the
    subtitle is the notice's number and title and the notes name its items. Otherwise
    the subtitle is ``old → new``.
    """
    history = replayed(repo, slug)  # once, for both names and the diff
    pair = _versions(repo, slug, old, new, history)
    items: dict[str, str] = {}
    if pair is None:
        comparison = diff_between(repo, slug, old, new, ignore_formatting=ignore_formatting, history=history)
        changes, title, subtitle = comparison.changes, comparison.title, f"{old} → {new}"
    else:
        before, after = pair
        changes = diff_documents(before.document, after.document, ignore_formatting=ignore_formatting)
        title, subtitle = after.document.title, f"{old} → {new}"
        if after.event is not None and after.number == before.number + 1:
            notice = after.event.notice
            items = _items(after)
            subtitle = " ".join(part for part in (notice.number, notice.title) if part) or subtitle
    table, renumbered = split_rows(changes, items)
    return Table(title, subtitle, tuple(table), tuple(renumbered))


def _versions(
    repo: Repository, slug: str, old: str, new: str, history: list[Version] | None
) -> tuple[Version, Version] | None:
    """Both names as versions of *slug*, or None when one of them is not (another document's id)."""
    if history is None:
        return None
    try:
        return at(repo, slug, old, history=history), at(repo, slug, new, history=history)
    except UsageError:
        return None
