"""Addresses as notices word them, and their resolution to provisions.

An address is a chain of steps: ``第四条第（二）项第 1 点`` is 条 4 → 项 2 → 点 1;
``宪法序言第七自然段后两句`` is 序言 → 自然段 7 → the last two 句. The notice's units
map onto the provision tree by the document's family:

====== ========================== ==========================
unit   legal style                administrative style
====== ========================== ==========================
编章节  part, chapter, section
条      article (第X条)            article (the ``一、`` level)
款      the n-th paragraph of an   —
        article, its own text
        being the first
项      item （一）                 item （一）
目 点   point 1.                   point 1.
段      the n-th unnumbered paragraph of the provision
句      a sentence (ending in 。) of the provision's text
====== ========================== ==========================

:func:`resolve` finds the one provision an address names, or raises an
:class:`AddressError` naming what exists there instead. It never guesses.

:class:`Step`, :class:`Address` and :class:`Target` are named tuples rather than frozen
dataclasses: immutable and compared by value all the same, and their classes are made at every
start of a command that applies a notice, a dataclass's for some 0.5 ms more each (issue 19).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from policydiff.errors import FailedError, Location
from policydiff.model import Document, Kind, Provision
from policydiff.zh import lexicon
from policydiff.zh.lazyre import lazy
from policydiff.zh.numbering import Num, int_to_zh, zh_to_int

_STEP = lazy(
    rf"{lexicon.STEP}"
    r"|(?P<word>序言|引言|名称|标题|章名|节名|末尾|条首|题注|附件|附录|全文)"
    r"|(?P<tail>[前后])(?P<count>[两二三四五])句"
)
# Verbs, the document's name and 原 (the number before this notice, which is how every
# address of a notice is read anyway) come before the first step.
_PREFIX = lazy(rf"^(?:在|对|将|把)?\s*{lexicon.DOCUMENT_NAME}?的?原?")
_QUOTED = lazy(r"“(?P<text>[^“”]+)”")
#: The address of the whole document: its title, headings and every provision's text.
EVERYWHERE = "全文"
#: The unit of a provision named by its own words (将“三、技术转让合同”修改为：…).
QUOTED = "引文"


class AddressError(FailedError):
    """An address that names no provision, or more than one."""


class Step(NamedTuple):
    """One link of an address: a unit (条, 款, 序言, …) with its number or count."""

    unit: str
    num: Num | None = None
    # A field named count hides tuple.count, which nothing calls on a step.
    count: int | None = None  # type: ignore[assignment]
    from_end: bool = False
    quoted: str | None = None

    def words(self) -> str:
        """The step as a notice would word it."""
        if self.quoted is not None:
            return f"“{self.quoted}”"
        if self.num is None and self.count is None:
            return self.unit
        if self.count is not None:
            return f"{'后' if self.from_end else '前'}{'两' if self.count == 2 else int_to_zh(self.count)}句"
        assert self.num is not None
        number = int_to_zh(self.num.value)
        if self.unit == "项":
            number = f"（{number}）"
        elif self.unit == "点":
            number = str(self.num.value)
        return f"第{number}{self.unit}" + (f"之{int_to_zh(self.num.sub)}" if self.num.sub else "")


class Address(NamedTuple):
    """A parsed address: its steps, outermost first."""

    steps: tuple[Step, ...]

    def __str__(self) -> str:
        return "".join(step.words() for step in self.steps)


def parse_address(words: str) -> Address:
    """Read an address such as ``本文第三条第（二）项第 1 点`` or ``宪法序言第七自然段``.

    Leading verbs, the document's name (本文, 刑法, 《…》) and 原 are skipped. A
    provision may also be named by its quoted words (``“三、技术转让合同”``). Anything
    else that is not an address step is an :class:`AddressError`.
    """
    quoted = _QUOTED.fullmatch(words.strip())
    if quoted is not None:
        return Address((Step(QUOTED, quoted=quoted.group("text")),))
    rest = _PREFIX.sub("", words.strip(), count=1)
    steps: list[Step] = []
    pos = 0
    for match in _STEP.finditer(rest):
        if rest[pos : match.start()].strip(" 的中"):
            break
        steps.append(_step(match))
        pos = match.end()
    if not steps or rest[pos:].strip(" 的中，,"):
        raise AddressError(f"not an address: {words!r}")
    return Address(tuple(steps))


def _step(match: re.Match[str]) -> Step:
    if match.group("word"):
        return Step(match.group("word"))
    if match.group("tail"):
        return Step("句", count=zh_to_int(match.group("count")), from_end=match.group("tail") == "后")
    sub = zh_to_int(match.group("sub")) if match.group("sub") else 0
    return Step(match.group("unit"), Num(zh_to_int(match.group("num")), sub))


class Target(NamedTuple):
    """What an address resolves to: a provision, and optionally a span of its text."""

    id: str
    span: tuple[int, int] | None = None
    title: bool = False
    own: bool = False
    head: bool = False
    everywhere: bool = False


def resolve(doc: Document, address: Address, where: Location | None = None) -> Target:
    """The provision *address* names in *doc*; an :class:`AddressError` if none or several."""
    scope: Provision | None = None
    for n, step in enumerate(address.steps):
        if step.unit == EVERYWHERE:
            return Target("", everywhere=True)
        if step.unit in ("名称", "标题") and scope is None:
            return Target("", title=True)
        if step.unit in _NOT_STORED:
            raise AddressError(f"{address}: {_NOT_STORED[step.unit]}", where)
        if step.unit in ("句", "条首") and scope is None:
            raise AddressError(f"{address} does not say which provision's {step.unit} it means", where)
        if step.unit == "句":
            assert scope is not None
            return Target(scope.id, _sentences(scope, step, address, where))
        if step.unit in _END_OR_HEADING:  # the end, or the heading, of the provision named so far
            continue
        if step.unit == "条首":
            assert scope is not None
            return Target(scope.id, own=True, head=True)
        if step.unit == QUOTED:
            return Target(_by_words(doc, step, where).id)
        scope = _find(doc, scope, step, Address(address.steps[: n + 1]), where)
    if scope is None:  # only 末尾: the end of what?
        raise AddressError(f"{address} does not say which provision it means", where)
    # A 款 is the provision's own text: the first 款 of an article is its text alone.
    return Target(scope.id, own=address.steps[-1].unit == "款")


def _by_words(doc: Document, step: Step, where: Location | None) -> Provision:
    """The one provision whose text, or label and heading, is the quoted words."""
    words = step.quoted or ""
    found = _lookup(doc).by_words.get(words, [])
    if len(found) == 1:
        return found[0]
    if not found:
        raise AddressError(f"no provision reads “{words}”", where)
    raise AddressError(f"{len(found)} provisions read “{words}”", where)


class _Lookup:
    """A document's provisions by kind and number, and by their words, each list in document order."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.numbered: dict[tuple[Kind, Num | None], list[Provision]] = {}
        self.by_words: dict[str | None, list[Provision]] = {}
        for p in _descendants(doc, None):
            self.numbered.setdefault((p.kind, p.num), []).append(p)
            heading = _labelled_heading(doc, p)
            self.by_words.setdefault(p.text, []).append(p)
            if heading is not None and heading != p.text:
                self.by_words.setdefault(heading, []).append(p)


_LAST: list[_Lookup] = []


def _lookup(doc: Document) -> _Lookup:
    """The :class:`_Lookup` of *doc*, kept while the addresses of one notice are resolved in it."""
    if not _LAST or _LAST[0].doc is not doc:
        _LAST[:] = [_Lookup(doc)]
    return _LAST[0]


def _labelled_heading(doc: Document, p: Provision) -> str | None:
    if p.heading is None or p.num is None:
        return None
    return doc.label(p) + doc.separator(p) + p.heading


def _children(doc: Document, scope: Provision | None) -> tuple[Provision, ...]:
    return doc.provisions if scope is None else scope.children


def _descendants(doc: Document, scope: Provision | None) -> Iterator[Provision]:
    for child in _children(doc, scope):
        yield from child.walk()


#: Parts of an instrument that the stored text does not hold, and what to do instead.
_NOT_STORED = {
    "题注": "the 题注 is not part of the stored text; edit the document's metadata",
    "附件": "an attachment (附件) is not part of the stored text: keep it as a document of its own",
    "附录": "an appendix (附录) is not part of the stored text: keep it as a document of its own",
}
_END_OR_HEADING = frozenset({"末尾", "章名", "节名", "名称", "标题"})
_KIND_OF_UNIT = {unit: Kind(kind) for unit, kind in lexicon.UNIT_KIND.items()}


def _find(doc: Document, scope: Provision | None, step: Step, so_far: Address, where: Location | None) -> Provision:
    if step.unit in ("序言", "引言"):
        return _preamble(doc, step, where)
    if step.unit == "款":
        return _nth(_paragraphs_of_article(scope), step, so_far, where, "款")
    if step.unit in ("段", "自然段"):
        paragraphs = [c for c in _children(doc, scope) if c.kind is Kind.PARAGRAPH]
        return _nth(paragraphs, step, so_far, where, step.unit)
    kind = _KIND_OF_UNIT[step.unit]
    deep = kind in (Kind.PART, Kind.CHAPTER, Kind.SECTION, Kind.ARTICLE)
    if scope is None and deep:  # the whole document: looked up, not searched (a notice of 4,000 items)
        found = _lookup(doc).numbered.get((kind, step.num), [])
    else:
        pool = _descendants(doc, scope) if deep else iter(_items_under(doc, scope))
        found = [p for p in pool if p.kind is kind and p.num == step.num]
    if len(found) == 1:
        return found[0]
    candidates = _candidates(doc, Address(so_far.steps[:-1]), scope, kind, deep, step.num)
    if not found:
        raise AddressError(f"{so_far} not found; {candidates}", where)
    raise AddressError(f"{so_far} is ambiguous: {len(found)} provisions have that number", where)


def _items_under(doc: Document, scope: Provision | None) -> Sequence[Provision]:
    # Items follow their 款 as siblings in the tree, so a 款 reaches them through its parent.
    if scope is not None and scope.kind is Kind.PARAGRAPH:
        raise AddressError("items addressed inside a 款 are not supported yet")
    return _children(doc, scope)


def _paragraphs_of_article(scope: Provision | None) -> list[Provision]:
    if scope is None or scope.kind is not Kind.ARTICLE:
        raise AddressError("a 款 can only be addressed inside an article (第X条)")
    return paragraphs_of_article(scope)


def paragraphs_of_article(article: Provision) -> list[Provision]:
    """The 款 of an article, in order: its own text first, then its paragraphs.

    A 款 ending in ``：`` takes the lines after it (items, or list lines such as
    ``委员长，``) up to and including the first that ends in ``。``.
    """
    heads = [article] if article.text is not None else []
    open_list = bool(article.text and article.text.endswith(("：", ":")))
    for child in article.children:
        if open_list:
            open_list = not (child.text or "").endswith("。")
        elif child.kind is Kind.PARAGRAPH:
            heads.append(child)
            open_list = (child.text or "").endswith(("：", ":"))
    return heads


def _nth(pool: Sequence[Provision], step: Step, so_far: Address, where: Location | None, unit: str) -> Provision:
    assert step.num is not None
    if step.num.sub == 0 and 1 <= step.num.value <= len(pool):
        return pool[step.num.value - 1]
    owner = str(Address(so_far.steps[:-1])) or "the document"
    raise AddressError(f"{so_far} not found; {owner} has {len(pool)} {unit}", where)


def _preamble(doc: Document, step: Step, where: Location | None) -> Provision:
    preambles = [p for p in doc.provisions if p.kind is Kind.PREAMBLE]
    if len(preambles) == 1:
        return preambles[0]
    paragraphs = [p for p in doc.provisions if p.kind is Kind.PARAGRAPH]
    if step.unit == "引言" and len(paragraphs) == 1:
        return paragraphs[0]
    raise AddressError(f"{step.unit} not found: the document has no single preamble", where)


def _candidates(
    doc: Document, outer: Address, scope: Provision | None, kind: Kind, deep: bool, wanted: Num | None
) -> str:
    """What exists where a provision was not found: all of it, or the numbers nearest *wanted*."""
    pool = _descendants(doc, scope) if deep else iter(_children(doc, scope))
    numbered = [(p.num, doc.label(p)) for p in pool if p.kind is kind and p.num is not None]
    owner = str(outer) if outer.steps else "the document"
    if not numbered:
        return f"{owner} has no {kind.value}"
    if len(numbered) <= _SHOWN or wanted is None:
        return f"{owner} has {'、'.join(label for _, label in numbered)}"
    # A long list is cut to the numbers either side of the one asked for.
    nearest = sorted(numbered, key=lambda pair: (abs(pair[0].value - wanted.value), pair[0].key))[:_NEAREST]
    shown = "、".join(label for _, label in sorted(nearest, key=lambda pair: pair[0].key))
    return f"{owner} has {len(numbered)} {kind.value}s; the nearest are {shown}"


_SHOWN, _NEAREST = 6, 4


_SENTENCE_END = lazy(r"[^。！？]*[。！？]”?|[^。！？]+$")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of *text*: each ends after 。, ！ or ？ (and a closing ”)."""
    return [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text) if m.group()]


def _sentences(scope: Provision, step: Step, address: Address, where: Location | None) -> tuple[int, int]:
    spans = sentences(scope.text or "")
    if step.count is not None:
        if step.count > len(spans):
            raise AddressError(f"{address}: the text has only {len(spans)} sentences", where)
        chosen = spans[-step.count :] if step.from_end else spans[: step.count]
        return chosen[0][0], chosen[-1][1]
    assert step.num is not None
    if not 1 <= step.num.value <= len(spans):
        raise AddressError(f"{address}: the text has only {len(spans)} sentences", where)
    return spans[step.num.value - 1]
