"""Cross-references inside a document's text: finding them, checking them, renumbering them.

Finding them, and what a reference looks like, is :mod:`policydiff.crossref.find` (:func:`find`,
:func:`references`, :class:`Reference`, :class:`Step`, re-exported here); this module resolves
and rewrites them.

:func:`dangling` lists the references that name no provision in the version they are in.

Renumbering: references **follow** (NPC practice: 条文顺序作相应调整, and a re-issued
text carries the new numbers). :func:`rewrites` reads every reference of a provision the
notice did not touch against the version before the notice, and says how it reads once
the provisions it names carry their new numbers; :func:`renumber_references` applies
those rewrites. Provisions a notice edited are left alone: their words are the notice's,
already in the new numbering. Relative words (前款, 前条) are never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from policydiff.crossref.find import RELATIVE, STEP, Found, Reference, Step, find_kept, references
from policydiff.model import Document, Kind, Provision
from policydiff.model.plaintext import path_label
from policydiff.zh import lexicon
from policydiff.zh.numbering import Num, int_to_zh, zh_to_int

__all__ = [
    "Dangling",
    "Index",
    "Rewrite",
    "dangling",
    "renumber_references",
    "resolve",
    "rewrites",
    "targets",
    "where",
]

_KIND = {unit: Kind(kind) for unit, kind in lexicon.UNIT_KIND.items()}
_ABOUT_ANOTHER = re.compile(r"《|修正案|修改")


# Named tuples rather than frozen dataclasses: immutable and compared by value all the same, and
# their classes are made at every start of a command that applies a notice, a dataclass's for some
# 0.5 ms more each (issue 19).
class Dangling(NamedTuple):
    """A reference that names no provision, and why."""

    reference: Reference
    reason: str


class Rewrite(NamedTuple):
    """How a reference in an untouched provision reads once the provisions it names are renumbered."""

    source: str
    old: str
    new: str
    start: int
    end: int
    targets: tuple[str, ...]


class _UnresolvedError(Exception):
    """Resolution failed: why (the :class:`Dangling` reason), or None where the reference cannot
    be checked where it stands (前项 outside an item), which is no error."""

    def __init__(self, reason: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason


# --- resolving them ---------------------------------------------------------------------------


class Index:
    """What resolving needs of one version, each lookup a dictionary's: parents, the chain down to
    each provision, the first provision of each kind and number, articles in order."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.parent: dict[str, Provision | None] = {}
        self.by_id: dict[str, Provision] = {}
        self.articles: list[Provision] = []
        #: The chain from the top down to the first provision of each id (as plaintext.find gives it).
        self.chains: dict[str, tuple[Provision, ...]] = {}
        #: The first provision of each kind and number, in document order.
        self.first: dict[tuple[Kind, Num], Provision] = {}
        self._positions: dict[Provision, int] | None = None
        self._walk(doc.provisions, None, ())
        # An instrument about another one (实施《…》办法, 刑法修正案, 关于修改…的决定) uses bare
        # numbers for the other's provisions: only its explicitly scoped references are checked.
        self.bare = not _ABOUT_ANOTHER.search(doc.title)

    def _walk(self, provisions: tuple[Provision, ...], parent: Provision | None, trail: tuple[Provision, ...]) -> None:
        for p in provisions:
            self.parent[p.id] = parent
            self.by_id[p.id] = p
            here = (*trail, p)
            self.chains.setdefault(p.id, here)
            if p.num is not None:
                self.first.setdefault((p.kind, p.num), p)
            if p.kind is Kind.ARTICLE:
                self.articles.append(p)
            self._walk(p.children, p, here)

    def position(self, article: Provision) -> int:
        """Where *article* is among the articles (the first equal one's place, as ``list.index``)."""
        if self._positions is None:
            self._positions = {}
            for n, a in enumerate(self.articles):
                self._positions.setdefault(a, n)
        return self._positions[article]

    def enclosing(self, pid: str, kind: Kind) -> Provision | None:
        """The nearest provision of *kind* at or above *pid*."""
        p: Provision | None = self.by_id.get(pid)
        while p is not None and p.kind is not kind:
            p = self.parent.get(p.id)
        return p

    def clauses(self, article: Provision) -> list[list[Provision]]:
        """The 款 of *article*: each its head and the lines it takes (``：`` takes the list after it)."""
        out: list[list[Provision]] = [[article]] if article.text is not None else []
        open_list = bool(article.text and article.text.endswith(("：", ":")))
        for child in article.children:
            if (child.kind is Kind.PARAGRAPH and not open_list) or not out:
                out.append([child])
                open_list = (child.text or "").endswith(("：", ":"))
            else:
                out[-1].append(child)
                open_list = open_list and not (child.text or "").endswith("。")
        return out

    def clause_of(self, pid: str) -> tuple[Provision, int] | None:
        """The article holding *pid* and the (1-based) 款 it is in."""
        article = self.enclosing(pid, Kind.ARTICLE)
        if article is None:
            return None
        top = self.by_id[pid]
        while top is not article and self.parent.get(top.id) is not article:
            top = self.parent[top.id]  # type: ignore[assignment]
        for n, members in enumerate(self.clauses(article), 1):
            if any(m.id == top.id for m in members):
                return article, n
        return article, 1


_Scope = Provision | tuple[Provision, int] | None  # None: the document; (article, n): its n-th 款


def resolve(index: Index, ref: Reference) -> tuple[str, ...]:
    """The ids of the provisions *ref*'s steps name, outermost first; :class:`_UnresolvedError` if none."""
    scope = _start(index, ref)
    ids = []
    for step in ref.steps:
        found, scope = _down(index, scope, step)
        ids.append(found.id)
    return tuple(ids)


_ENCLOSING = {"本项": Kind.ITEM, "本章": Kind.CHAPTER, "本节": Kind.SECTION, "本编": Kind.PART}


def _start(index: Index, ref: Reference) -> _Scope:
    word = ref.scope or ""
    if word.startswith("前"):
        return _previous(index, ref)
    if word in _ENCLOSING:
        return index.enclosing(ref.source, _ENCLOSING[word])
    if not word and not index.bare:
        raise _UnresolvedError()
    if word in ("本条", "本款") or (not word and ref.steps[0].unit in ("款", "项")):
        here = index.clause_of(ref.source)
        if here is None or (not word and _names_an_article(index, ref.source, here[0])):
            raise _UnresolvedError()  # 第二款 after 第十条 in the same sentence may be 第十条's: not checkable
        return here if word == "本款" else here[0]
    return None


def _names_an_article(index: Index, source: str, article: Provision) -> bool:
    texts = {index.by_id[source].text or "", article.text or ""}
    return any(m.group("unit") == "条" for text in texts for m in STEP.finditer(text))


def _previous(index: Index, ref: Reference) -> _Scope:
    m = RELATIVE.match(ref.scope or "")
    assert m is not None
    count = {"": 1, "两": 2}.get(m.group("n")) or zh_to_int(m.group("n"))
    unit = m.group("unit")
    if unit == "条":
        article = index.enclosing(ref.source, Kind.ARTICLE)
        at = index.position(article) if article is not None else -1
        if article is None:
            raise _UnresolvedError()
        if at < count:
            raise _UnresolvedError(f"{ref.scope} in the first article")
        return index.articles[at - 1]
    if unit == "款":
        here = index.clause_of(ref.source)
        if here is None:
            raise _UnresolvedError()
        if here[1] <= count:
            raise _UnresolvedError(f"{ref.scope} in the first 款")
        return here[0], here[1] - 1
    item = index.enclosing(ref.source, Kind.ITEM)
    if item is None or item.num is None:
        raise _UnresolvedError()
    if item.num.value <= count:
        raise _UnresolvedError(f"{ref.scope} in the first item")
    return index.parent[item.id]


def _down(index: Index, scope: _Scope, step: Step) -> tuple[Provision, _Scope]:
    if step.unit == "款":
        # A Provision is itself a (named) tuple, so it is told from an (article, n) pair by its class.
        article = scope if scope is None or isinstance(scope, Provision) else scope[0]
        if article is None or article.kind is not Kind.ARTICLE:
            raise _UnresolvedError()
        clauses = index.clauses(article)
        if step.num.sub or not 1 <= step.num.value <= len(clauses):
            raise _UnresolvedError(f"{_label(index, article)} has {len(clauses)} 款, not {step.num.value}")
        return clauses[step.num.value - 1][0], (article, step.num.value)
    kind = _KIND[step.unit]
    if scope is None:  # the first in the document: looked up, not searched for
        found = index.first.get((kind, step.num))
    else:
        found = next((p for p in _pool(index, scope, kind) if p.kind is kind and p.num == step.num), None)
    if found is None:
        where = f"{_scope_label(index, scope)} has no" if scope is not None else "there is no"
        raise _UnresolvedError(f"{where} {_written(step)}")
    return found, found


def _pool(index: Index, scope: Provision | tuple[Provision, int], kind: Kind) -> Iterator[Provision]:
    # Asked as "not a Provision", not "a tuple": a Provision is a named tuple too.
    if not isinstance(scope, Provision):  # items of a 款: those its list holds, else any of the article's
        members = index.clauses(scope[0])[scope[1] - 1]
        own = [q for m in members for q in ([m] if m is scope[0] else m.walk())]
        return iter(own + [q for c in scope[0].children for q in c.walk()])
    return (q for c in scope.children for q in c.walk())


def _written(step: Step) -> str:
    if step.written:
        return step.written
    number = str(step.num.value) if step.arabic else int_to_zh(step.num.value)
    sub = f"之{int_to_zh(step.num.sub)}" if step.num.sub else ""
    return f"第{number}{step.unit}{sub}"


def _label(index: Index, p: Provision) -> str:
    return where(index.doc, p.id, index)


def where(doc: Document, pid: str, index: Index | None = None) -> str:
    """Where *pid* is, from its article down (article numbers are unique): ``第五条第2段``."""
    index = index if index is not None else indexed(doc)
    full = path_label(doc, pid, index.chains)
    article = index.enclosing(pid, Kind.ARTICLE)
    above = index.parent.get(article.id) if article is not None else None
    if above is None:
        return full
    prefix = path_label(doc, above.id, index.chains)
    return full[len(prefix) :] if full.startswith(prefix) else full


_LAST: list[Index] = []


def indexed(doc: Document) -> Index:
    """The :class:`Index` of *doc*, kept for the next call on the same document.

    Checks ask :func:`where` about many provisions of one version in a row; without it each
    question would index the whole document again (quadratic in its size).
    """
    if not _LAST or _LAST[0].doc is not doc:
        _LAST[:] = [Index(doc)]
    return _LAST[0]


def _scope_label(index: Index, scope: _Scope) -> str:
    assert scope is not None
    if isinstance(scope, Provision):  # before any test for a tuple: a Provision is a named tuple
        return _label(index, scope)
    return f"{_label(index, scope[0])}第{int_to_zh(scope[1])}款"


def targets(index: Index, ref: Reference) -> tuple[str, ...]:
    """The ids of the provisions *ref* names in the version of *index*; empty when it names none."""
    try:
        return resolve(index, ref)
    except _UnresolvedError:
        return ()


def dangling(doc: Document, index: Index | None = None) -> list[Dangling]:
    """The references of *doc* that name no provision of *doc*."""
    index = index or Index(doc)
    out = []
    for ref in references(doc):
        try:
            resolve(index, ref)
        except _UnresolvedError as exc:
            if exc.reason is not None:
                out.append(Dangling(ref, exc.reason))
    return out


# --- renumbering --------------------------------------------------------------------------------


def rewrites(
    before: Document, after: Document, found: Found | None = None, indexes: tuple[Index, Index] | None = None
) -> list[Rewrite]:
    """The references in provisions untouched between *before* and *after* that the renumbering made
    stale. *found*, if given, gives the references already found and receives those found here
    (:func:`~policydiff.crossref.find.find_kept`); *indexes*, the :class:`Index` of each if the
    caller has them."""
    old, new = indexes or (Index(before), Index(after))
    out = []
    for p in after.walk():
        was = old.by_id.get(p.id)
        if not p.text or was is None or was.text != p.text:
            continue
        for ref in find_kept(found, p.id, p.text):
            rewrite = _rewrite(old, new, ref)
            if rewrite is not None:
                out.append(rewrite)
    return out


def _rewrite(old: Index, new: Index, ref: Reference) -> Rewrite | None:
    try:
        ids = resolve(old, ref)
    except _UnresolvedError:
        return None
    text = ref.words
    for step, pid in reversed(list(zip(ref.steps, ids, strict=True))):
        if step.span is None or pid not in new.by_id:
            continue
        num = _number_in(new, pid, step.unit)
        if num is None or num == step.num:
            continue
        start, end = step.span[0] - ref.start, step.span[1] - ref.start
        text = text[:start] + _numeral(num, step.arabic) + text[end:]
    if text == ref.words:
        return None
    return Rewrite(ref.source, ref.words, text, ref.start, ref.end, ids)


def _number_in(index: Index, pid: str, unit: str) -> Num | None:
    p = index.by_id[pid]
    if unit != "款":
        return p.num
    where = index.clause_of(pid)
    return Num(where[1]) if where else None


def _numeral(num: Num, arabic: bool) -> str:
    head = str(num.value) if arabic else int_to_zh(num.value)
    return head + (f"之{int_to_zh(num.sub)}" if num.sub else "")


def renumber_references(before: Document, after: Document, stale: list[Rewrite] | None = None) -> Document:
    """*after* with the references of its untouched provisions following the renumbering from
    *before*; *stale*: their :func:`rewrites`, if the caller has them."""
    by_source: dict[str, list[Rewrite]] = {}
    for r in rewrites(before, after) if stale is None else stale:
        by_source.setdefault(r.source, []).append(r)
    if not by_source:
        return after
    return after._replace(provisions=tuple(_rewritten(p, by_source) for p in after.provisions))


def _rewritten(p: Provision, by_source: dict[str, list[Rewrite]]) -> Provision:
    text = p.text
    for r in sorted(by_source.get(p.id, ()), key=lambda r: -r.start):
        assert text is not None
        text = text[: r.start] + r.new + text[r.end :]
    children = tuple(_rewritten(c, by_source) for c in p.children)
    return p._replace(text=text, children=children)
