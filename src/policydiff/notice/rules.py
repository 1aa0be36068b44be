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
from policydiff.notice.address import Address, parse_address
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
    Renumber,
    ReplaceText,
    assumption_note,
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
    section: tuple[str, str] | None = None
    articles: tuple[int, int] | None = None

    def quote(self, match: re.Match[str], group: str) -> str:
        return self.quotes[int(match.group(group))]

    def addressed(self, match: re.Match[str]) -> str:
        words = match.groupdict().get("addr")
        if words:
            self.address = str(_within_context(parse_address(words), self.address))
        if self.address is None:
            raise UnknownWording(f"item {self.label}: no provision named before {match.group(0)!r}")
        return self.address


_RANK = {"编": 0, "分编": 1, "章": 2, "节": 3, "序言": 4, "引言": 4, "条": 4, "款": 5, "自然段": 5,
         "段": 5, "项": 6, "目": 7, "点": 7, "句": 8}  # fmt: skip


def _parent_in_context(c: Context, unit: str) -> str:
    """For ``增加一项`` with no address: the provision above that level in the item's address."""
    if c.address is None:
        raise UnknownWording(f"item {c.label}: 增加一{unit} names no provision to add it to")
    steps = tuple(s for s in parse_address(c.address).steps if _RANK.get(s.unit, 0) < _RANK[unit])
    return str(Address(steps))


def _within_context(address: Address, previous: str | None) -> Address:
    """``第八项`` after ``第八十九条第六项`` means 第八十九条第八项: lower units inherit the article."""
    first = _RANK.get(address.steps[0].unit, 0)
    if previous is None or first < _RANK["款"]:
        return address
    outer = tuple(s for s in parse_address(previous).steps if _RANK.get(s.unit, 0) < first)
    return Address(outer + address.steps)


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
    position = Position("end", assumed=True)
    c.assumptions.append(assumption_note(position))
    return [InsertText(c.addressed(m), c.quote(m, "q"), position)]


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
    return Renumber(str(parse_address(address)), to)


def _insert_as(m: re.Match[str], c: Context) -> list[Operation]:
    unit = m.group("unit")
    parent = c.addressed(m) if m.group("addr") else _parent_in_context(c, unit)
    number = f"第{m.group('n')}{unit}" + (f"之{m.group('sub')}" if m.group("sub") else "")
    words = c.quote(m, "q")
    heading, paragraphs = (words, ()) if unit == "节" else (None, tuple(words.split("\n")))
    if unit == "节":
        c.section = (parent, number)
    op = InsertProvision(parent, unit, number, paragraphs, heading=heading, renumber=not m.group("sub"))
    return [op, *renumbering(m.group("tail") or "", parent)]


_RANGE = re.compile(rf"第({_N})({_UNIT})至第({_N})\2相应地?改为第({_N})\2至第({_N})\2")
_LIST = re.compile(rf"((?:第{_N}{_UNIT}、?)+)相应地?改为((?:第{_N}{_UNIT}、?)+)")
_ONE = re.compile(rf"第({_N})({_UNIT})")


def renumbering(tail: str, parent: str | None) -> list[Operation]:
    """Renumber operations for ``第七项至第十五项相应改为第八项至第十六项`` and its kin.

    The numbers are read in the parent addressed by the item; a 款 renumbering only
    describes the effect of an insertion (款 are counted, not numbered) and makes none.
    """
    ops: list[Operation] = []
    for clause in (t for t in re.split(r"[，,]", tail) if t):
        pairs = _pairs(clause)
        if pairs is None:
            raise UnknownWording(f"renumbering not understood: {clause!r}")
        for unit, old, new in pairs:
            if unit != "款":
                ops.append(_renumber(_within(parent, unit, old), f"第{new}{unit}"))
    return ops


def _pairs(clause: str) -> list[tuple[str, int, int]] | None:
    m = _RANGE.fullmatch(clause)
    if m:
        a, unit, b, c = number_of(m.group(1)), m.group(2), number_of(m.group(3)), number_of(m.group(4))
        if number_of(m.group(5)) - c != b - a:
            return None
        return [(unit, a + k, c + k) for k in range(b - a + 1)]
    m = _LIST.fullmatch(clause)
    if m:
        old = [(u, number_of(n)) for n, u in _ONE.findall(m.group(1))]
        new = [number_of(n) for n, _ in _ONE.findall(m.group(2))]
        if len(old) == len(new):
            return [(u, o, n) for (u, o), n in zip(old, new, strict=True)]
    return None


def _within(parent: str | None, unit: str, number: int) -> str:
    # Articles, sections and chapters are found anywhere; items and points in their parent.
    if unit in ("条", "节", "章", "编") or not parent:
        return f"第{number}{unit}"
    return f"{parent}第{number}{unit}"


def _expect_articles(m: re.Match[str], c: Context) -> list[Operation]:
    first, last = number_of(m.group("a")), number_of(m.group("b"))
    if last - first + 1 != number_of(m.group("count")):
        raise UnknownWording(f"item {c.label}: {m.group(0)!r} does not add up")
    c.articles = (first, last)
    return []


def _renumber_clause(m: re.Match[str], c: Context) -> list[Operation]:
    return renumbering(m.group("tail"), c.address)


def _append_paragraph(m: re.Match[str], c: Context) -> list[Operation]:
    c.assumptions.append("position not stated: added as the last 款")
    return [InsertProvision(c.addressed(m), "款", "", tuple(c.quote(m, "q").split("\n")))]


def _delete_provision(m: re.Match[str], c: Context) -> list[Operation]:
    return [DeleteProvision(c.addressed(m))]


def _rename(m: re.Match[str], c: Context) -> list[Operation]:
    old = c.quote(m, "a") if m.groupdict().get("a") else None
    return [Rename(c.addressed(m), c.quote(m, "b"), old)]


def _rule(name: str, pattern: str, build: Build) -> Rule:
    return Rule(name, re.compile(pattern), build)


#: The wording forms, most specific first. Each pattern matches one whole clause.
LOC = r"(?:⟨(?P<loc>\d+)⟩)?"
_RENUMBER_TAIL = r"(?P<tail>第.+相应地?改为第.+)?"

#: The wording forms, most specific first. Each pattern matches one whole clause.
RULES: list[Rule] = [
    _rule(
        "insert a numbered provision and renumber the one it displaces",
        rf"{_LEAD}{ADDR}中，?{_ADD}{Q.format('q')}作为第\s*(?P<n>{_N})\s*(?P<unit>点|项|款|条)，"
        rf"原第\s*(?P<old>{_N})\s*(?P=unit)调整为第\s*(?P<to>{_N})\s*(?P=unit)$",
        _insert_numbered,
    ),
    _rule(
        "insert a numbered provision",
        rf"{_LEAD}(?:{ADDR}{LOC}(?:中|后)?，?)?{_ADD}一(?P<unit>条|款|项|点|节)，?作为第\s*(?P<n>{_N})\s*(?P=unit)"
        rf"(?:之(?P<sub>[一二三四五六七八九十]+))?(?:，规定)?：?{Q.format('q')}，?{_RENUMBER_TAIL}$",
        _insert_as,
    ),
    _rule("restate the provision", rf"^这一(?:自然段|款|条|项|段)相应地?修改为：{Q.format('q')}$", _restate),
    _rule(
        "replace words in a provision",
        rf"{_LEAD}(?:{ADDR}{LOC}中(?:的)?，?)?{_VIA}将?{Q.format('a')}{_TO}{Q.format('b')}$",
        _replace_text,
    ),
    _rule("delete words", rf"{_LEAD}(?:{ADDR}中的?)?{Q.format('a')}删去$", _delete_text),
    _rule("delete words (verb first)", rf"^删去(?:{ADDR}中的)?{Q.format('a')}$", _delete_text),
    _rule(
        "insert a sentence before or after a sentence",
        rf"{_LEAD}{ADDR}{Q.format('a')}(?P<side>后|前)增写一句，内容为：{Q.format('q')}$",
        _insert_beside,
    ),
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
    _rule("rename a chapter", rf"{_LEAD}{ADDR}章名{Q.format('a')}?{_TO}{Q.format('b')}$", _rename),
    _rule("rename the document", rf"{_LEAD}(?P<addr>名称){Q.format('a')}?{_TO}{Q.format('b')}$", _rename),
    _rule("add a paragraph at the end", rf"{_LEAD}{ADDR}(?:中)?增加(?:规定|一款)：?{Q.format('q')}$", _append_paragraph),
    _rule(
        "replace a provision",
        rf"{_LEAD}{ADDR}(?:：?{Q.format('o')})?{_TO}{Q.format('q')}$",
        _replace_provision,
    ),
    _rule("delete a provision", rf"^(?:删去|删除){ADDR}$", _delete_provision),
    _rule("renumber (described)", rf"^{_RENUMBER_TAIL}$", _renumber_clause),
    _rule(
        "add several articles, given below",
        rf"^{_ADD}(?P<count>[一二三四五六七八九十]+)条，分别作为第(?P<a>{_N})条至第(?P<b>{_N})条$",
        _expect_articles,
    ),
]


# Descriptive locators name what an address already names: “国务院行使下列职权”中第六项,
# 全国人民代表大会常务委员会职权第二十项. They are dropped before matching.
_LOCATOR = re.compile(r"⟨\d+⟩中(?=第)|(?<=条)[\u4e00-\u9fff]{2,16}?职权(?=第)")


def clauses(text: str) -> tuple[list[str], list[str]]:
    """The clauses of an item's skeleton (split at 。 and ；) and its quotations."""
    skel, quotes = skeleton(text)
    skel = _LOCATOR.sub("", skel)
    parts = [p.strip(" ，,") for p in re.split(r"[。；;]", skel)]
    return [p for p in parts if p], quotes


def parse_item(label: str, text: str, where: Location | None = None) -> Item:
    """The operations of one item; an :class:`UnknownWording` for any clause no rule reads."""
    head, listed, tail = _content_block(text)
    parts, quotes = clauses(head)
    context = Context(quotes, label)
    ops: list[Operation] = []
    for part in parts:
        ops.extend(_match(part, context, text, where))
    if listed:
        ops = _with_content(ops, context, listed, where)
        ops.extend(renumbering(tail, context.address))
    return Item(label, text, tuple(ops), assumptions=tuple(context.assumptions))


_CONTENT = "内容如下："


def _content_block(text: str) -> tuple[str, list[str], str]:
    """``……。内容如下：`` followed by unquoted provisions (constitution 2018 第五十二条).

    Returns the instruction, the listed lines and a closing renumbering sentence.
    """
    head, found, body = text.partition(_CONTENT)
    if not found:
        return text, [], ""
    lines = [line for line in body.split("\n") if line.strip()]
    tail = lines.pop().rstrip("。") if lines and re.search(r"相应地?改为", lines[-1]) else ""
    return head, lines, tail


def _with_content(ops: list[Operation], c: Context, lines: list[str], where: Location | None) -> list[Operation]:
    if c.section is None:
        raise UnknownWording(f"item {c.label}: {_CONTENT} follows no 增加一节", where)
    out: list[Operation] = []
    for op in ops:
        if isinstance(op, InsertProvision) and op.kind == "节":
            heading = f"{op.number} {op.heading}"
            if lines[0].replace("\u3000", " ") != heading:
                raise UnknownWording(f"item {c.label}: the listed section starts {lines[0]!r}, not {heading!r}", where)
            op = InsertProvision(op.parent, op.kind, op.number, tuple(lines[1:]), op.heading, renumber=op.renumber)
        out.append(op)
    return out


def _match(part: str, context: Context, text: str, where: Location | None) -> list[Operation]:
    ops = _match_one(part, context)
    if ops is not None:
        return ops
    # Several edits of one provision are often joined by commas: “A”修改为“B”，“C”修改为“D”.
    pieces = [p for p in re.split(r"[，,]", part) if p]
    if len(pieces) > 1:
        results = [_match_one(p, context) for p in pieces]
        if all(r is not None for r in results):
            return [op for r in results if r is not None for op in r]
    shown = _unskeleton(part, context.quotes)
    raise UnknownWording(f"item {context.label}: wording not understood: {shown!r}", where)


def _match_one(part: str, context: Context) -> list[Operation] | None:
    for rule in RULES:
        match = rule.pattern.match(part)
        if match:
            return rule.build(match, context)
    return None


def _unskeleton(part: str, quotes: list[str]) -> str:
    text = re.sub(r"⟨(\d+)⟩", lambda m: f"“{quotes[int(m.group(1))]}”", part)
    return text if len(text) <= 80 else text[:77] + "…"


def number_of(words: str) -> int:
    """The integer of a worded number such as ``9`` or ``九``."""
    return zh_to_int(words.strip())
