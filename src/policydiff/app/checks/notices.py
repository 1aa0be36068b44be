"""Notices: the wording parses (PD401) and the structured form agrees with it (PD402).

The structured form (notice.yaml) is what gets applied; the wording (notice.txt) is what was
signed. They must say the same: the same items, each with its wording, the same operations
on the same addresses, the same quoted texts and numbers. The structured form may only add
what the wording leaves open and the parser marks as assumed: a position (and its anchor)
where the wording states none, an occurrence, every-occurrence for a change of term.

The instrument of a revision or a repeal re-issues or ends a text rather than wording changes:
as ``revise --by`` and ``repeal --by`` read it, only its header need read (PD401), and its
structured form carries no items, only the header the wording gives (PD402); its effective date
is the event's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from policydiff.app.checks.context import DocumentCheck, EventFiles, PathPart, item_path
from policydiff.errors import NumberingError, PolicyDiffError
from policydiff.notice.address import AddressError, parse_address
from policydiff.notice.ops import InsertText, Item, Operation, ReplaceText
from policydiff.notice.parse import parse_wording
from policydiff.notice.record import Notice
from policydiff.notice.wording import read_notice
from policydiff.zh import lexicon
from policydiff.zh.numbering import zh_to_int

_HEADER = ("number", "title", "decided", "adopted", "issued", "effective", "unamended_effective", "effect_rule")
_TEXTS = ("old", "new", "text", "paragraphs", "heading", "anchor")
_ADDRESSES = ("address", "parent")
_NUMBERS = ("number", "to")
_NUMERAL = re.compile(lexicon.NUMERAL)


def wording(ctx: DocumentCheck) -> None:
    """PD401 and PD402 for every amendment that keeps its wording beside its structured form (a
    revision or repeal applies no items: its instrument's header is all it keeps)."""
    for event in ctx.events:
        if event.wording is None or event.notice is None or event.wording.text is None:
            continue
        if event.kind != "amend":
            _header_only(ctx, event)
            continue
        target = event.notice.target or (ctx.document.title if ctx.document else None)
        try:
            worded = parse_wording(event.wording.text, event.wording.name, target=target)
        except PolicyDiffError as exc:
            ctx.report_error(event.wording, exc, "PD401", "the wording does not parse: ")
            continue
        for path, message in disagreements(event, worded):
            ctx.report(event.notice_file, path, "PD402", message)


def _header_only(ctx: DocumentCheck, event: EventFiles) -> None:
    """PD401 and PD402 for the instrument of a revision or a repeal: its header only."""
    assert event.wording is not None and event.wording.text is not None and event.notice is not None
    try:
        worded = read_notice(event.wording.text, event.wording.name)
    except PolicyDiffError as exc:
        ctx.report_error(event.wording, exc, "PD401", "the wording does not parse: ")
        return
    for key in _HEADER:
        said, kept = getattr(worded, key, None), getattr(event.notice, key)
        if key != "effective" and said is not None and kept != said:
            message = f"{key} is {_show(kept)} in notice.yaml; the wording says {_show(said)}"
            ctx.report(event.notice_file, [key], "PD402", message)


def disagreements(event: EventFiles, worded: Notice) -> Iterator[tuple[list[PathPart], str]]:
    """Where the structured notice says something the wording does not."""
    stored = event.notice
    assert stored is not None
    for key in _HEADER:
        said, kept = getattr(worded, key), getattr(stored, key)
        if said is not None and kept != said:
            yield [key], f"{key} is {_show(kept)} in notice.yaml; the wording says {_show(said)}"
    said_items = {item.label: item for item in worded.items}
    for item in stored.items:
        if item.label not in said_items:
            yield item_path(event, item.label), f"item {item.label} is not in the wording"
            continue
        difference = item_difference(item, said_items[item.label])
        if difference is not None:
            yield item_path(event, item.label), f"item {item.label}: {difference}"
    kept_labels = {item.label for item in stored.items}
    for item in worded.items:
        if item.label not in kept_labels:
            yield ["items"], f"item {item.label} of the wording is missing from notice.yaml"


def item_difference(kept: Item, said: Item) -> str | None:
    """The first way the structured item *kept* departs from the item *said* read from the wording."""
    if _squeeze(kept.wording) != _squeeze(said.wording):
        return "its wording differs from the notice's"
    kinds = [op.op for op in kept.operations], [op.op for op in said.operations]
    if kinds[0] != kinds[1]:
        return f"notice.yaml has {_list(kinds[0])}; the wording gives {_list(kinds[1])}"
    for a, b in zip(kept.operations, said.operations, strict=True):
        difference = op_difference(a, b)
        if difference is not None:
            return difference
    return None


def op_difference(kept: Operation, said: Operation) -> str | None:
    """The first field in which *kept* says what the wording (*said*) does not."""
    for name in kept._fields:
        a, b = getattr(kept, name), getattr(said, name)
        if name == "op" or a == b or _assumed(kept, said, name):
            continue
        if name == "position" and (a.where, a.anchor) != (b.where, b.anchor):
            return f"position is {_position(a)} in notice.yaml; the wording says {_position(b)}"
        if name == "position" or (name in _ADDRESSES and _address(a) == _address(b)):
            continue
        if name in _NUMBERS and _numbers(a) == _numbers(b):
            continue
        if name in _TEXTS:
            return f"notice.yaml quotes {_quote(a)} where the wording quotes {_quote(b)}"
        return f"{name} is {_show(a)} in notice.yaml; the wording says {_show(b)}"
    return None


def _assumed(kept: Operation, said: Operation, name: str) -> bool:
    """Whether the wording leaves *name* open, so the structured form may set it."""
    if name == "position":
        return isinstance(said, InsertText) and said.position.assumed
    if name == "occurrence":
        return getattr(said, "occurrence", None) is None
    if name == "every":
        return isinstance(said, ReplaceText) and said.every
    return False


def _address(words: str) -> str:
    try:
        return str(parse_address(words))
    except (AddressError, NumberingError):
        return _squeeze(words)


def _numbers(words: Any) -> str:
    def value(m: re.Match[str]) -> str:
        try:
            return str(zh_to_int(m.group()))
        except NumberingError:
            return m.group()

    return _NUMERAL.sub(value, _squeeze(str(words)))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _position(position: Any) -> str:
    anchor = f" “{_short(position.anchor)}”" if position.anchor else ""
    return f"{position.where}{anchor}"


def _quote(value: Any) -> str:
    if isinstance(value, tuple):
        return "、".join(_quote(v) for v in value) or "nothing"
    return f"“{_short(value)}”" if value is not None else "nothing"


def _show(value: Any) -> str:
    if value is None:
        return "not given"
    return value.isoformat() if hasattr(value, "isoformat") else repr(value) if isinstance(value, bool) else str(value)


def _list(kinds: Sequence[str]) -> str:
    return ", ".join(kinds) if kinds else "no operations"


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"
