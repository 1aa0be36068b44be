"""Cutting one item's wording into clauses, and what its clauses share (:class:`Context`).

An item is cut, in this order:

1. at a line break outside every quotation that does not open a quotation: the
   next paragraph is a new instruction (刑法修正案（七）第二条: ``将…第一款修改为：“…”``
   then, on its own line, ``增加一款作为第四款：“…”``). A line that opens with ``“`` is
   more of the quotation (court texts quote paragraph by paragraph);
2. into the skeleton of each piece (:func:`~policydiff.notice.quotes.skeleton`), with
   the placeholders numbered through the whole item;
3. at ``。``, ``；`` and ``;``, and after a quotation that is directly followed by a
   new instruction (``：“……”原第三项改为第四项``).

Descriptive locators that name what an address already names are dropped first:
``“国务院行使下列职权”中第六项``, ``全国人民代表大会常务委员会职权第二十项``.

The clauses of an item share a :class:`Context`: the address in force (``第二款`` after
``第九条第一款`` is 第九条第二款; ``该条`` is the article just named). Unquoted content
after ``内容如下：`` (constitution 2018 第五十二条) becomes the body of the section the
item adds, and must hold exactly the articles the wording announces.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass, field

from policydiff.errors import FailedError, Location
from policydiff.notice.address import Address, parse_address
from policydiff.notice.ops import InsertProvision, Operation
from policydiff.notice.quotes import PLACEHOLDER, find_quotes, skeleton
from policydiff.zh import lexicon
from policydiff.zh.lazyre import lazy
from policydiff.zh.numbering import LabelStyle, parse_label

CONTENT = "内容如下："
#: Punctuation typed half-width outside the quotations (web copies): read as the full-width marks.
_FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})
_LOCATOR = lazy(rf"⟨\d+⟩中(?=第)|(?<=条){lexicon.HAN}{{2,16}}?职权(?=第)")
_BREAK = lazy(r"[。；;]|(?<=⟩)(?=原第|增加|将|在|(?:删去|删除)(?![。；;，,]|$))")
#: Words that name the provision just named: 将该条修改为, 这一款相应修改为.
REFER = lexicon.REFERRING
_REFERRING = lazy(lexicon.REFERRING_PATTERN)


def clauses(text: str) -> tuple[list[str], list[str]]:
    """The clauses of an item's skeleton and its quotations (``⟨n⟩`` is ``quotes[n]``)."""
    parts: list[str] = []
    quotes: list[str] = []
    for line in instruction_lines(text):
        skel, found = skeleton(line)
        skel = _ABBREVIATED.sub(_spelled_out, skel.translate(_FULL_WIDTH))
        skel = PLACEHOLDER.sub(lambda m: f"⟨{int(m.group(1)) + len(quotes)}⟩", skel)
        quotes.extend(found)
        pieces = (p.strip(" ，,") for p in _BREAK.split(_LOCATOR.sub("", skel)))
        parts.extend(p for p in pieces if p)
    return parts, quotes


#: 第一、二款 and 第十五、十六条: a list that names its unit once.
_ABBREVIATED = lazy(rf"第((?:{lexicon.NUMERAL}、)+{lexicon.NUMERAL})({lexicon.NUMBERED_UNIT})")


def _spelled_out(match: re.Match[str]) -> str:
    return "、".join(f"第{n}{match[2]}" for n in match[1].split("、"))


def instruction_lines(text: str) -> list[str]:
    """*text* cut at the line breaks that start a new instruction (outside quotations)."""
    spans = [(q.start, q.end) for q in find_quotes(text)]
    cuts = [
        i
        for i, ch in enumerate(text)
        if ch == "\n" and text[i + 1 : i + 2] != "“" and not any(a < i < b for a, b in spans)
    ]
    bounds = [-1, *cuts, len(text)]
    return [text[a + 1 : b] for a, b in itertools.pairwise(bounds) if text[a + 1 : b].strip()]


def content_block(text: str) -> tuple[str, list[str], str]:
    """``……。内容如下：`` followed by unquoted provisions (constitution 2018 第五十二条).

    Returns the instruction, the listed lines and a closing renumbering sentence.
    """
    head, found, body = text.partition(CONTENT)
    if not found:
        return text, [], ""
    lines = [line for line in body.split("\n") if line.strip()]
    tail = lines.pop().rstrip("。") if lines and re.search(r"相应地?改为", lines[-1]) else ""
    return head, lines, tail


def unskeleton(part: str, quotes: list[str]) -> str:
    """A clause with its quotations put back, cut to 80 characters, for error messages."""
    text = PLACEHOLDER.sub(lambda m: f"“{quotes[int(m.group(1))]}”", part)
    return text if len(text) <= 80 else text[:77] + "…"


class UnknownWording(FailedError):  # noqa: N818 - the public name parse.py and the CLI use
    """Wording that no recogniser understands. It is never skipped."""


@dataclass(slots=True)
class Context:
    """What the clauses of one item share: quotations, the address in force, a section being added."""

    quotes: list[str]
    label: str
    address: str | None = None
    section: tuple[str, str] | None = None
    articles: tuple[int, int] | None = None
    #: The names of the rules that read the item's clauses, in order (``--json`` shows them).
    fired: list[str] = field(default_factory=list)

    def quote(self, match: re.Match[str], group: str) -> str:
        return self.quotes[int(match.group(group))]

    def paragraphs(self, match: re.Match[str], group: str = "q") -> tuple[str, ...]:
        return tuple(self.quote(match, group).split("\n"))

    def addressed(self, match: re.Match[str], group: str = "addr") -> str:
        return self.read(match.groupdict().get(group))

    def snapshot(self) -> Context:
        """A copy of the state, for :meth:`restore` after a reading that failed."""
        return dataclasses.replace(self, fired=list(self.fired))

    def restore(self, saved: Context) -> None:
        """Back to the state :meth:`snapshot` took."""
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(saved, f.name))

    def read(self, words: str | None) -> str:
        """The address *words* name, read in the item's context; it becomes the context.

        ``该条``/``其中`` name the provision just named; ``该条第二款`` a 款 of it.
        """
        referring = _REFERRING.match(words or "")
        if referring and re.match(lexicon.SELF_REFERENCE, words or ""):
            referring = None  # 本条例第三条 names the document, not 本条
        if referring and referring.end() < len(words or ""):
            self.read(referring.group())
            words = (words or "")[referring.end() :]
        if words in ("其", "其中"):
            pass  # 其中的“A”: the provision just named
        elif words in REFER:
            self.address = str(_referred(self.address, REFER[words], self.label))
        elif words:
            self.address = str(_within_context(parse_address(words), self.address))
        if self.address is None:
            raise UnknownWording(f"item {self.label}: no provision named")
        return self.address


_RANK = lexicon.UNIT_RANK


def parent_in_context(c: Context, unit: str) -> str:
    """For ``增加一项`` with no address: the provision above that level in the item's address.

    Articles are numbered through the document, so a new 条 needs no parent: its number
    says where it goes (``增加一条作为第二条``).
    """
    if unit == "条" and c.address is None:
        return ""
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


def _referred(previous: str | None, unit: str, label: str) -> Address:
    """``该条`` after ``第一百六十五条第二款``: the address cut after its 条."""
    steps = parse_address(previous).steps if previous else ()
    ends = [n for n, s in enumerate(steps) if s.unit == unit]
    if not ends:
        raise UnknownWording(f"item {label}: 该{unit} refers to no {unit} named before")
    return Address(steps[: ends[-1] + 1])


def paragraph_groups(lines: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Quoted lines grouped into 款: a line ending in ``：`` takes the lines after it up to
    and including the first that ends in ``。`` (the rule addresses count 款 by)."""
    groups: list[list[str]] = []
    open_list = False
    for line in lines:
        if open_list:
            groups[-1].append(line)
            open_list = not line.endswith("。")
        else:
            groups.append([line])
            open_list = line.endswith(("：", ":"))
    return [tuple(g) for g in groups]


def with_content(ops: list[Operation], c: Context, lines: list[str], where: Location | None) -> list[Operation]:
    """The section an item adds (增加一节) takes the lines listed after 内容如下：."""
    if c.section is None:
        raise UnknownWording(f"item {c.label}: {CONTENT} follows no 增加一节", where)
    _check_listed_articles(c, lines, where)
    out: list[Operation] = []
    for op in ops:
        if isinstance(op, InsertProvision) and op.kind == "节":
            heading = f"{op.number} {op.heading}"
            if lines[0].replace("\u3000", " ") != heading:
                raise UnknownWording(f"item {c.label}: the listed section starts {lines[0]!r}, not {heading!r}", where)
            op = InsertProvision(op.parent, op.kind, op.number, tuple(lines[1:]), op.heading, renumber=op.renumber)
        out.append(op)
    return out


def _check_listed_articles(c: Context, lines: list[str], where: Location | None) -> None:
    """增加五条，分别作为第一百二十三条至第一百二十七条: the listed lines hold exactly those articles."""
    if c.articles is None:
        return
    found = [label.num.value for label in map(parse_label, lines) if label and label.style is LabelStyle.ARTICLE]
    expected = list(range(c.articles[0], c.articles[1] + 1))
    if found != expected:
        raise UnknownWording(f"item {c.label}: the listed articles are {found}, the wording says {expected}", where)
