"""The small rules the tree builder (:mod:`.structure`) applies line by line.

Which kind a label makes, whether a line reads like a heading, whether a number
continues the one before it, which family a document is written in, and the
readable ids of the finished tree. The rules themselves are listed in the
docstring of :mod:`policydiff.importing.structure`.

:class:`KindRule` and :class:`SequenceBreak` are named tuples rather than frozen dataclasses:
immutable and compared by value all the same, and their classes are made at every start of a
command that builds a provision tree, a dataclass's for some 0.5 ms more each (issue 19).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import NamedTuple

from policydiff.model import RANK, Family, Kind
from policydiff.zh.lexicon import PREAMBLE_HEADINGS as PREAMBLE_HEADINGS  # read by structure
from policydiff.zh.numbering import Label, LabelStyle, Num, parse_label

#: The kind each label style (its main style, see :attr:`LabelStyle.canonical`) makes.
KIND_OF_STYLE = {
    LabelStyle.PART: Kind.PART,
    LabelStyle.SUBPART: Kind.SUBPART,
    LabelStyle.CHAPTER: Kind.CHAPTER,
    LabelStyle.SECTION: Kind.SECTION,
    LabelStyle.ARTICLE: Kind.ARTICLE,
    LabelStyle.ZH_COMMA: Kind.ARTICLE,
    LabelStyle.ZH_PAREN: Kind.ITEM,
    LabelStyle.ARABIC_DOT: Kind.POINT,
    LabelStyle.ARABIC_COMMA: Kind.POINT,
    LabelStyle.ARABIC_PAREN: Kind.SUBPOINT,
}
HEADING_KINDS = (Kind.PART, Kind.SUBPART, Kind.CHAPTER, Kind.SECTION)
#: Sequential 第X条 lines from 第一条 that make a document legal whatever else it has.
ARTICLE_RUN = 3
_SENTENCE_MARK = re.compile(r"[。；;：:！？!?，,]")
_SENTENCE_END = re.compile(r"[。；;：:！？!?]")
_HEADING_MAX = 40
_ID_PREFIX = {Kind.PART: "b", Kind.SUBPART: "fb", Kind.CHAPTER: "c", Kind.SECTION: "s", Kind.ARTICLE: "a",
              Kind.ITEM: "i", Kind.POINT: "pt", Kind.SUBPOINT: "sp"}  # fmt: skip


def kind_of(label: Label) -> Kind | None:
    """The kind a label of this style makes (None for styles that make none, such as ①)."""
    return KIND_OF_STYLE.get(label.style.canonical)


def short_unended(words: str) -> bool:
    """Short words without sentence-final marks (commas allowed): ``加强组织领导，健全保障机制``."""
    words = words.strip()
    return 0 < len(words) <= _HEADING_MAX and not _SENTENCE_END.search(words)


class KindRule(NamedTuple):
    """A row of :data:`KIND_RULES`: in a *family* document that starts no line with a label of
    style *unless*, a label of *style* whose words pass *words* (or that is a Markdown heading)
    makes *kind*: before the first article, and after it while *kind* is written in *style* (the
    document's first provision of *kind* fixed it so)."""

    family: Family
    style: LabelStyle
    kind: Kind
    words: Callable[[str], bool]
    unless: LabelStyle


#: Labels that make another kind than :data:`KIND_OF_STYLE` says, tried in order.
KIND_RULES = (
    # ``一、总则`` in a document of 第X条 articles (and no 第X章) stands where ``第一章 总则`` would: a chapter.
    KindRule(Family.LEGAL, LabelStyle.ZH_COMMA, Kind.CHAPTER, short_unended, unless=LabelStyle.CHAPTER),
)


def ruled_kind(
    label: Label,
    words: str,
    *,
    family: Family,
    hinted: bool,
    before_articles: bool,
    fixed: Mapping[Kind, LabelStyle],
    typed: Collection[LabelStyle],
) -> Kind | None:
    """The kind the first row of :data:`KIND_RULES` that applies gives *label* (None: no row applies).

    *words* follow the label; *hinted*: the line is a Markdown heading; *fixed*: the style fixed for
    each kind so far; *typed*: the styles (:func:`typed_styles`) that start lines of the document.
    """
    for rule in KIND_RULES:
        opens = fixed.get(rule.kind) is rule.style or (before_articles and rule.kind not in fixed)
        if rule.family is not family or rule.unless in typed or label.style.canonical is not rule.style:
            continue
        if opens and (hinted or rule.words(words)):
            return rule.kind
    return None


def typed_styles(lines: Sequence[str]) -> frozenset[LabelStyle]:
    """The main styles (:attr:`LabelStyle.canonical`) of the labels that start *lines*."""
    return frozenset(label.style.canonical for label in map(parse_label, lines) if label is not None)


class SequenceBreak(NamedTuple):
    """A label that does not continue its kind's numbering: ``第五十二条`` where ``第十五条`` comes next."""

    label: str  # as typed
    kind: Kind
    expected: str  # the label that would continue, in the style typed


def rank(kind: Kind) -> int:
    """Nesting rank: a provision's numbered children rank higher (part 0 … paragraph last)."""
    return RANK[kind]


def separator(rest: str) -> str:
    """The white space that separates a label from its words (*rest* follows the label)."""
    return rest[: len(rest) - len(rest.lstrip())]


def continues(previous: Num, num: Num) -> bool:
    """Whether *num* is the next number after *previous*: n+1, or n之(k+1)."""
    return (num.value == previous.value + 1 and num.sub == 0) or (
        num.value == previous.value and num.sub == previous.sub + 1
    )


def looks_like_heading(words: str) -> bool:
    """Short words without sentence punctuation: ``指导思想``, not ``为了示例，制定本办法。``."""
    words = words.strip()
    return 0 < len(words) <= 40 and not _SENTENCE_MARK.search(words)


def detect_family(lines: Sequence[str]) -> Family:
    """Legal style when at least as many lines start with 第X条 as with 一、, or when
    第一条, 第二条, 第三条 … start lines in sequence (an act whose articles list
    一、二、 items); administrative style otherwise."""
    articles = headings = run = 0
    last: Num | None = None
    for line in lines:
        label = parse_label(line)
        if label is not None and label.style is LabelStyle.ARTICLE:
            articles += 1
            if (last is None and label.num == Num(1)) or (last is not None and continues(last, label.num)):
                last, run = label.num, run + 1
        elif label is not None and label.style is LabelStyle.ZH_COMMA:
            headings += 1
    legal = articles and (articles >= headings or run >= ARTICLE_RUN)
    return Family.LEGAL if legal else Family.ADMINISTRATIVE


def base_id(kind: Kind, num: Num | None, prefix: str, paragraph_no: int) -> str:
    """Readable ids: ``a12`` (article), ``a12-p2`` (its second 款), ``a3-i2-pt1``, ``b2-c1``, ``b1-fb2``."""
    join = f"{prefix}-" if prefix else ""
    if kind is Kind.PARAGRAPH:
        return f"{join}p{paragraph_no}"
    if kind is Kind.PREAMBLE:
        return f"{join}preamble"
    assert num is not None
    if kind in (Kind.ARTICLE, Kind.PART):
        join = ""  # numbered through the whole document, so unique without a prefix
    return f"{join}{_ID_PREFIX[kind]}{num.arabic}"


def unique(pid: str, used: set[str]) -> str:
    """*pid*, or ``pid~2``, ``pid~3`` … if it is taken; the result is marked as taken."""
    candidate, n = pid, 1
    while candidate in used:
        n += 1
        candidate = f"{pid}~{n}"
    used.add(candidate)
    return candidate
