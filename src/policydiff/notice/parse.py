"""From a notice's wording to its structured form: the parse pipeline.

wording (:mod:`.wording`: header, items, clauses) → items (:mod:`.rules`: each
item's operations) → :class:`~policydiff.notice.record.Notice`. Each stage is a
pure function and its result can be dumped (``policydiff notice parse --json``).
"""

from __future__ import annotations

import datetime as dt

from policydiff.errors import FailedError, Location
from policydiff.notice.ops import Item, Resequence
from policydiff.notice.record import Clause, Notice
from policydiff.notice.rules import UnknownWording, parse_item
from policydiff.notice.wording import NoticePart, NoticeText, read_notice
from policydiff.zh import lexicon
from policydiff.zh.lazyre import lazy

_UNAMENDED = lazy(r"未(?:修订|修改)的条款自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


class PartError(FailedError):
    """A decision amending several documents that has no part, or several, for the target."""


def parse_wording(text: str, name: str, *, target: str | None = None) -> Notice:
    """The structured notice read from *text*; *target* picks the part of a multi-document decision."""
    return parse_notice_text(read_notice(text, name), name, target=target)


def parse_notice_text(wording: NoticeText, name: str, *, target: str | None = None) -> Notice:
    """:func:`parse_wording` of a wording already read (:func:`~policydiff.notice.wording.read_notice`),
    for a caller that needs its parts or clauses too, or parses one part per document it amends."""
    part = choose_part(wording, target, name)
    items = tuple(_parse_item(item.label, item.text, Location(name, item.line)) for item in part.items)
    items += _resequenced_on_republication(wording, part)
    _refuse_unknown(wording, name)
    return Notice(
        items=items,
        number=wording.number,
        title=wording.title,
        issuer=wording.issuer,
        recipients=wording.recipients,
        decided=wording.decided,
        adopted=wording.adopted,
        issued=wording.issued,
        effective=wording.effective,
        unamended_effective=_unamended(wording.effect_rule),
        effect_rule=wording.effect_rule,
        target=part.target or (wording.targets[0] if len(wording.targets) == 1 else None),
        clauses=(
            *(Clause("adoption", note) for note in wording.adoption),
            *(Clause(c.kind, c.text) for c in wording.clauses),
        ),
    )


_RESEQUENCE = lazy(r"条文(?:的)?顺序作(?:了)?相应(?:的)?调整")


def _resequenced_on_republication(wording: NoticeText, part: NoticePart) -> tuple[Item, ...]:
    """``《X》根据本决定作相应修改并对条文顺序作相应调整，重新公布``: the articles of X are numbered
    in order after the items, as if an item said so (NPC practice). The clause is the item's
    wording, label ``""``; a clause that names other documents only does not apply to this one."""
    for clause in wording.clauses:
        if clause.kind != "republication" or not _RESEQUENCE.search(clause.text):
            continue
        named = lexicon.book_titles(clause.text)
        if named and part.target and not any(lexicon.same_title(t, part.target) for t in named):
            continue
        return (Item("", clause.text, (Resequence("条"),), clause="republication"),)
    return ()


def _parse_item(label: str, text: str, where: Location) -> Item:
    try:
        return parse_item(label, text, where)
    except UnknownWording:
        raise
    except FailedError as exc:
        raise UnknownWording(f"item {label}: {exc.message}", where) from None


def _refuse_unknown(wording: NoticeText, name: str) -> None:
    for clause in wording.clauses:
        if clause.kind == "unknown":
            shown = clause.text if len(clause.text) <= 60 else clause.text[:59] + "…"
            raise UnknownWording(f"wording not understood: {shown!r}", Location(name, clause.line))


def choose_part(wording: NoticeText, target: str | None, name: str) -> NoticePart:
    """The part that amends *target*: the only part, or the one whose heading names it."""
    if len(wording.parts) == 1:
        return wording.parts[0]
    if target is None:
        raise PartError(f"the decision amends {len(wording.parts)} documents; name the target", Location(name))
    hits = [p for p in wording.parts if p.target and lexicon.same_title(p.target, target)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise PartError(f"no part of the decision amends 《{target}》", Location(name))
    raise PartError(f"{len(hits)} parts of the decision amend 《{target}》", Location(name))


def _unamended(rule: str | None) -> dt.date | None:
    match = _UNAMENDED.search(rule or "")
    if match is None:
        return None
    return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
