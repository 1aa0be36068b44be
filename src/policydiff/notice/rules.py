"""The recognisers: one small rule per wording form, tried in order.

An item's wording is first reduced to its *skeleton* (:mod:`.quotes`): quotations
become ``⟨n⟩``. The skeleton is cut into clauses at ``。`` and ``；``. The first
clause usually names the provision (``在本文第三条第（二）项第 1 点中，…``); later
clauses of the same item inherit it (``这一自然段相应修改为：…``). Each clause must
match exactly one rule of :data:`RULES`; a clause that matches none is an
:class:`UnknownWording` error quoting it. To support a new wording form, add a row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from policydiff.errors import FailedError, Location
from policydiff.notice.address import parse_address
from policydiff.notice.ops import (
    Check,
    DeleteProvision,
    DeleteText,
    InsertProvision,
    InsertText,
    Item,
    Operation,
    Position,
    Rename,
    ReplaceProvision,
    ReplaceText,
)
from policydiff.notice.quotes import skeleton
from policydiff.numbering import zh_to_int

_N = r"[零〇一二三四五六七八九十百千两\d１-９０]+"
_UNIT = r"(?:分编|编|章|节|条|款|项|目|点|自然段|段|句)"
_STEP = rf"(?:第\s*[（(]?\s*{_N}\s*[）)]?\s*{_UNIT}(?:之[一二三四五六七八九十]+)?|序言|引言|名称|[前后][两二三四五]句)"
_DOC = r"(?:本文|本办法|本细则|本规定|本解释|本决定|刑法|宪法)?"
ADDR = rf"(?P<addr>{_DOC}{_STEP}(?:\s*{_STEP})*)"
Q = r"⟨(?P<{}>\d+)⟩"
_LEAD = r"^(?:在|对|将)?"
_VIA = r"(?:按照[^，]*，)?"
_ADD = r"(?:新增|增加|增写)"
_TO = r"(?:修改为|改为)：?"


class UnknownWording(FailedError):
    """Wording that no recogniser understands. It is never skipped."""


@dataclass(slots=True)
class Context:
    """What the clauses of one item share: quotations, the address in force, notes."""

    quotes: list[str]
    label: str
    address: str | None = None
    assumptions: list[str] = field(default_factory=list)

    def quote(self, match: re.Match[str], group: str) -> str:
        return self.quotes[int(match.group(group))]

    def addressed(self, match: re.Match[str]) -> str:
        words = match.groupdict().get("addr")
        if words:
            self.address = str(parse_address(words))
        if self.address is None:
            raise UnknownWording(f"item {self.label}: no provision named before {match.group(0)!r}")
        return self.address


Build = Callable[[re.Match[str], Context], list[Operation]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One wording form: its name, its pattern over a clause's skeleton, what it builds."""

    name: str
    pattern: re.Pattern[str]
    build: Build


def _append(m: re.Match[str], c: Context) -> list[Operation]:
    if m.group("tail"):
        return [InsertText(c.addressed(m), c.quote(m, "q"), Position("end"))]
    c.assumptions.append("position not stated: inserted at the end of the provision")
    return [InsertText(c.addressed(m), c.quote(m, "q"), Position("end", assumed=True))]


def _insert_beside(m: re.Match[str], c: Context) -> list[Operation]:
    where = "after" if m.group("side") in ("后", "之后") else "before"
    return [InsertText(c.addressed(m), c.quote(m, "q"), Position(where, c.quote(m, "a")))]  # type: ignore[arg-type]


def _replace_text(m: re.Match[str], c: Context) -> list[Operation]:
    return [ReplaceText(c.addressed(m), c.quote(m, "a"), c.quote(m, "b"))]


def _delete_text(m: re.Match[str], c: Context) -> list[Operation]:
    return [DeleteText(c.addressed(m), c.quote(m, "a"))]


def _replace_provision(m: re.Match[str], c: Context) -> list[Operation]:
    old = tuple(c.quote(m, "o").split("\n")) if m.groupdict().get("o") else None
    return [ReplaceProvision(c.addressed(m), tuple(c.quote(m, "q").split("\n")), old)]


def _restate(m: re.Match[str], c: Context) -> list[Operation]:
    return [Check(c.addressed(m), tuple(c.quote(m, "q").split("\n")))]


def _insert_numbered(m: re.Match[str], c: Context) -> list[Operation]:
    parent = c.addressed(m)
    unit = m.group("unit")
    number = f"第{m.group('n')}{unit}"
    ops: list[Operation] = [InsertProvision(parent, unit, number, (c.quote(m, "q"),), renumber=True)]
    if m.groupdict().get("old"):
        old_address = f"{parent}第{m.group('old')}{unit}"
        ops.append(_renumber(old_address, f"第{m.group('to')}{unit}"))
    return ops


def _renumber(address: str, to: str) -> Operation:
    from policydiff.notice.ops import Renumber

    return Renumber(str(parse_address(address)), to)


def _delete_provision(m: re.Match[str], c: Context) -> list[Operation]:
    return [DeleteProvision(c.addressed(m))]


def _rename(m: re.Match[str], c: Context) -> list[Operation]:
    old = c.quote(m, "a") if m.groupdict().get("a") else None
    return [Rename(c.addressed(m), c.quote(m, "b"), old)]


def _rule(name: str, pattern: str, build: Build) -> Rule:
    return Rule(name, re.compile(pattern), build)


#: The wording forms, most specific first. Each pattern matches one whole clause.
RULES: list[Rule] = [
    _rule(
        "insert a numbered provision and renumber the one it displaces",
        rf"{_LEAD}{ADDR}中，?{_ADD}{Q.format('q')}作为第\s*(?P<n>{_N})\s*(?P<unit>点|项|款|条)，"
        rf"原第\s*(?P<old>{_N})\s*(?P=unit)调整为第\s*(?P<to>{_N})\s*(?P=unit)$",
        _insert_numbered,
    ),
    _rule("restate the provision", rf"^这一(?:自然段|款|条|项|段)相应地?修改为：{Q.format('q')}$", _restate),
    _rule(
        "replace words in a provision",
        rf"{_LEAD}(?:{ADDR}中(?:的)?，?)?{_VIA}将?{Q.format('a')}{_TO}{Q.format('b')}$",
        _replace_text,
    ),
    _rule("delete words", rf"{_LEAD}(?:{ADDR}中的?)?{Q.format('a')}删去$", _delete_text),
    _rule("delete words (verb first)", rf"^删去(?:{ADDR}中的)?{Q.format('a')}$", _delete_text),
    _rule(
        "insert words before or after words",
        rf"{_LEAD}(?:{ADDR}中)?{Q.format('a')}(?P<side>之后|之前|后|前){_ADD}{Q.format('q')}$",
        _insert_beside,
    ),
    _rule(
        "append words to a provision",
        rf"{_LEAD}{ADDR}(?:中|(?P<tail>末尾))，?{_VIA}{_ADD}：?{Q.format('q')}$",
        _append,
    ),
    _rule("rename", rf"{_LEAD}{ADDR}(?:章名)?{Q.format('a')}?{_TO}{Q.format('b')}$", _rename),
    _rule(
        "replace a provision",
        rf"{_LEAD}{ADDR}(?:：?{Q.format('o')})?{_TO}{Q.format('q')}$",
        _replace_provision,
    ),
    _rule("delete a provision", rf"^(?:删去|删除){ADDR}$", _delete_provision),
]


def clauses(text: str) -> tuple[list[str], list[str]]:
    """The clauses of an item's skeleton (split at 。 and ；) and its quotations."""
    skel, quotes = skeleton(text)
    parts = [p.strip(" ，,") for p in re.split(r"[。；;]", skel)]
    return [p for p in parts if p], quotes


def parse_item(label: str, text: str, where: Location | None = None) -> Item:
    """The operations of one item; an :class:`UnknownWording` for any clause no rule reads."""
    parts, quotes = clauses(text)
    context = Context(quotes, label)
    ops: list[Operation] = []
    for part in parts:
        ops.extend(_match(part, context, text, where))
    return Item(label, text, tuple(ops), assumptions=tuple(context.assumptions))


def _match(part: str, context: Context, text: str, where: Location | None) -> list[Operation]:
    for rule in RULES:
        match = rule.pattern.match(part)
        if match:
            return rule.build(match, context)
    shown = _unskeleton(part, context.quotes)
    raise UnknownWording(f"item {context.label}: wording not understood: {shown!r}", where)


def _unskeleton(part: str, quotes: list[str]) -> str:
    text = re.sub(r"⟨(\d+)⟩", lambda m: f"“{quotes[int(m.group(1))]}”", part)
    return text if len(text) <= 80 else text[:77] + "…"


def number_of(words: str) -> int:
    """The integer of a worded number such as ``9`` or ``九``."""
    return zh_to_int(words.strip())
