"""Drafting a notice: the wording that turns one version of a document into another.

:func:`draft` is the reverse of applying a notice: parsing ``draft(a, b)`` and applying it to
*a* gives *b* (its plain text, byte for byte). The notice is worded in the document's own
family: administrative (``在本文第三条第（二）项第1点末尾增加“…”``, ``新增“…”作为第9点，
原第9点调整为第10点``) or NPC legal style (``将第十条修改为：“…”``, ``在第十条后增加一条，
作为第十条之一：“…”``, ``删去第十二条``, ``条文顺序作相应调整``). Addresses are those of *a*,
since a notice is read against the version it amends.

- **Words of a provision**: the shortest of appending (``末尾增加``), prefixing
  (``开始部分增加``), phrase edits (``将“A”改为“B”``, ``删去“A”``, ``在“A”后增加“B”``, each
  quotation widened with context until it occurs once) and replacing the provision whole.
- **Provisions** added, deleted, rewritten in place or renumbered, parent by parent. Articles
  and the outline (编 章 节) are one unit, since articles are numbered through the document;
  when their numbers move, a legal notice ends with ``条文顺序作相应调整``.
- Where a change cannot be worded piece by piece, the nearest provision that can be replaced
  whole (``将…修改为：“…”``) is.

Every unit is tried before it is kept: it is parsed and applied with :mod:`policydiff.notice`
and must give exactly the expected text, and so must the whole notice at the end. A change no
form reproduces is a :class:`DraftError` naming it; wording the parser would read differently
is never written.

The words of one provision are found in :mod:`policydiff.compare.drafting_words`, the items for the
children of each container in :mod:`policydiff.compare.drafting_children`.
"""

from __future__ import annotations

import dataclasses

from policydiff import crossref
from policydiff.compare.drafting_children import (
    OUTLINE,
    ROOT,
    UNIT,
    Children,
    Item,
    Match,
    align,
    crossings,
    unsortable,
)
from policydiff.compare.drafting_words import first_clause, heads, lines_of, phrase_edits, quote, tails
from policydiff.crossref.amend import apply_items
from policydiff.errors import FailedError, PolicyDiffError
from policydiff.model import Document, Family, Kind, Provision
from policydiff.model.plaintext import find, path_label, to_text
from policydiff.notice.address import paragraphs_of_article, parse_address, resolve
from policydiff.notice.parse import parse_wording
from policydiff.zh.numbering import Num, int_to_zh

_TITLE = "名称"  # the owner of the title's item
# What a failed try raises: the notice's own errors, and the parser's slips, which only
# mean that this wording is not the one to write.
# What a wording that does not apply raises; an AssertionError is a bug and surfaces.
_FAILS = (PolicyDiffError, LookupError, ValueError)
_MODES = ("natural", "explicit", "resequence")


class DraftError(FailedError):
    """A change that no wording the notice parser reads reproduces exactly."""


def draft(old: Document, new: Document, *, title: str | None = None, names: tuple[str, str] = ("OLD", "NEW")) -> str:
    """The notice that turns *old* into *new*; *title* names the document (default: its old title).

    Raises :class:`DraftError` if some change cannot be worded so that it applies exactly, or
    when the two texts are the same (a notice of no items, which ``apply`` refuses); *names*
    are the two texts' names in that message.
    """
    if to_text(old) == to_text(new):
        raise DraftError(f"{names[0]} and {names[1]} are the same text: there is nothing to draft")
    for follow in (True, False):  # leave references to follow the renumbering, else word them too
        drafter = _Drafter(old, new, follow=follow)
        drafter.run()
        text = notice_text(title or old.title, drafter.legal, [i.wording for i in sorted(drafter.items)])
        if _reproduces(old, text, to_text(new)):
            return text
    raise DraftError("the drafted items apply one by one but not together; draft the changes in steps")


def notice_text(title: str, legal: bool, wordings: list[str]) -> str:
    """A decision's text: title, lead-in and the numbered items (``一、`` legal, ``1.`` administrative)."""
    lines = [f"关于修改《{title}》的决定", f"{'' if legal else '经研究，'}决定对《{title}》作如下修改："]
    lines += [f"{int_to_zh(n) + '、' if legal else f'{n}.'}{w}。" for n, w in enumerate(wordings, 1)]
    return "".join(line + "\n" for line in lines)


def _reproduces(doc: Document, text: str, expected: str) -> bool:
    try:
        return to_text(apply_items(doc, parse_wording(text, "draft").items).document) == expected
    except _FAILS:
        return False


class _Drafter:
    """The units of one draft: the title, each provision's words, then the children of each parent."""

    def __init__(self, old: Document, new: Document, *, follow: bool = True) -> None:
        self.old, self.new = old, new
        self.legal = old.numbering.family is Family.LEGAL
        self.items: list[Item] = []
        self.seq = 0
        self.order = {p.id: n for n, p in enumerate(old.walk())}
        self.end = {p.id: self.order[p.id] + sum(1 for _ in p.walk()) - 1 for p in old.walk()}
        self.end[ROOT] = len(self.order) - 1
        self.match: dict[str, Match] = {}
        self.kept: dict[str, Provision] = {}
        self._line_up(ROOT, old.provisions, new.provisions)
        self.done: set[str] = set()  # provisions inside one replaced whole
        self.whole: set[str] = set()  # the provisions replaced whole
        self.follows = _following(old, new, self.kept) if follow else set()

    def _line_up(self, cid: str, olds: tuple[Provision, ...], news: tuple[Provision, ...]) -> None:
        ops = align(olds, news)
        pairs = [
            (o, n) for tag, i1, i2, j1, _ in ops if tag == "equal" for o, n in zip(olds[i1:i2], news[j1:], strict=False)
        ]
        ids = {o.id for o, _ in pairs}
        by_id = {o.id: o for o in olds}
        out = [(by_id[n.id], n) for n in news if n.id in by_id and n.id not in ids]
        crossing = crossings(olds, news, ids, [n for o, n in out if o.num and n.num])
        stuck = unsortable(crossing)
        moved = [(o, n) for o, n in out if o.num and n.num and n.id not in stuck]
        recast = frozenset(o.id for o, _ in out) - {o.id for o, _ in moved}
        across = frozenset(pid for pids in crossing.values() for pid in pids) - stuck
        self.match[cid] = Match(olds, news, ops, {o.id: o for o, _ in moved}, recast, across)
        for o, n in pairs + moved:
            self.kept[o.id] = n
            self._line_up(o.id, o.children, n.children)

    def item(self, primary: float, owner: str, *clauses: str) -> Item:
        """A new item keyed at *primary* (old document order), made by the unit of *owner*."""
        self.seq += 1
        return Item((primary, self.seq), list(clauses), owner)

    # --- the units ----------------------------------------------------------------------

    def run(self) -> None:
        """Every unit in turn; each keeps the first wording that applies exactly."""
        if self.old.title != self.new.title:
            rename = self.item(-1, _TITLE, f"将名称{quote([self.old.title])}修改为{quote([self.new.title])}")
            if not self._try([[rename]], self.old._replace(title=self.new.title)):
                raise DraftError("cannot word the change of the title so that it applies exactly")
        for p in self._kept():
            if p.id not in self.done and not self._words(p):
                self._escalate(p)
        outline = [ROOT, *(p.id for p in self._kept() if p.kind in OUTLINE)]
        if not self._children(outline, self._modes()):
            raise DraftError("cannot word the changes of the articles and outline so that they apply exactly")
        for p in self._kept():
            if p.id not in self.done and p.kind not in OUTLINE and not self._children([p.id], _MODES[:2]):
                self._escalate(p)

    def _kept(self) -> list[Provision]:
        return [p for p in self.old.walk() if p.id in self.kept and p.id not in self.done]

    def _try(
        self,
        candidates: list[list[Item]],
        expected: Document,
        base: list[Item] | None = None,
        fix: tuple[str, ...] = (),
    ) -> bool:
        """Keep the first candidate that, after the *base* items, gives *expected*.

        A candidate that leaves the provisions *fix* with other words (a parser rule
        touched them) gets clauses putting them right, if that is all that differs.
        """
        want, base = to_text(expected), base or []
        for items in candidates:
            got = self._apply(base + items)
            if got is not None and to_text(got) != want and fix:
                items = self._repaired(items, got, expected, fix)
                got = self._apply(base + items)
            if got is not None and to_text(got) == want:
                self.items.extend(items)
                return True
        return False

    def _apply(self, items: list[Item]) -> Document | None:
        # One unit at a time, references elsewhere stay as they are; the whole notice lets them follow.
        text = notice_text(self.old.title, self.legal, [i.wording for i in sorted(items)])
        try:
            return apply_items(self.old, parse_wording(text, "draft").items, follow_references=False).document
        except _FAILS:
            return None

    def _repaired(self, items: list[Item], got: Document, expected: Document, fix: tuple[str, ...]) -> list[Item]:
        """*items* with clauses that give the provisions *fix* the words *expected* has."""
        clauses: list[str] = []
        for pid in fix:
            have, want, where = _own(got, pid), _own(expected, pid), self.address(pid)
            if have is None or want is None or have.heading != want.heading or where is None:
                return items
            if have.text != want.text:
                edits = phrase_edits(have.text or "", want.text or "", [c.text or "" for c in have.children])
                if not edits or not have.text:
                    return items
                clauses += [first_clause(where, edits[0]), *edits[1:]]
        if not clauses or not items:
            return items
        last = max(items)
        return [i for i in items if i is not last] + [dataclasses.replace(last, clauses=last.clauses + clauses)]

    def _words(self, p: Provision) -> bool:
        """The change of *p*'s heading and its own text (not its children); False if it has no wording."""
        q = self.kept[p.id]
        if p.heading != q.heading:
            rename = self._rename(p, q)
            swap = p._replace(heading=q.heading)
            if rename is None or not self._try([[rename]], self._expect(swap={p.id: swap})):
                return False
        if p.text != q.text and p.id not in self.follows:
            forms = sorted(self._text_forms(p, q), key=len)
            tries = [[self.item(self.order[p.id], p.id, form)] for form in forms]
            return self._try(tries, self._expect(swap={p.id: p._replace(text=q.text)}))
        return True

    def _children(self, cids: list[str], modes: list[str] | tuple[str, ...]) -> bool:
        """The changes among the children of *cids* (the first, with the rest nested in it)."""
        kids = {cid: self._target(self.match[cid]) for cid in cids if cid not in self.done}
        expected = self._expect(kids=kids)
        children = tuple(c.id for cid in kids for c in self.match[cid].olds if c.id in self.kept)
        if to_text(expected) == to_text(self._expect(swap={c: self._decided(c) for c in children})):
            return True  # nothing among the children but their own words
        base = [i for i in self.items if i.owner in children]
        tries = [c for c in (self._structure(cids[0], mode) for mode in modes) if c is not None]
        return self._try(tries, expected, base, children)

    def _decided(self, pid: str) -> Provision:
        """A kept provision as its own units leave it: new words, or new altogether if replaced whole."""
        p, q = self._old(pid), self.kept[pid]
        if pid in self.whole:
            return q._replace(id=pid, sep=p.sep)
        text = p.text if pid in self.follows else q.text
        return p._replace(num=q.num, text=text, heading=q.heading)

    def _old(self, pid: str) -> Provision:
        chain = find(self.old, pid)
        assert chain is not None
        return chain[-1]

    def _target(self, m: Match) -> tuple[Provision, ...]:
        """The children a structural unit should leave: kept ones as decided, the others as new."""
        out: list[Provision] = []
        for tag, i1, i2, j1, j2 in m.ops:
            olds = m.olds[i1:i2] if tag == "equal" else tuple(m.moved.get(n.id, n) for n in m.news[j1:j2])
            out += [self._decided(o.id) if o.id in self.kept else o for o in olds]
        return tuple(out)

    def _escalate(self, p: Provision) -> None:
        """Replace *p*, or the nearest ancestor that can be, whole; the items inside it go."""
        for a in reversed(find(self.old, p.id) or ()):
            if a.kind in OUTLINE or a.id not in self.kept:
                break
            whole = self.whole_text(a, self.kept[a.id])
            swap = self.kept[a.id]._replace(id=a.id, num=a.num, sep=a.sep)
            inside = {x.id for x in a.walk()}
            kept, self.items = self.items, [i for i in self.items if i.owner not in inside]
            tries = [[self.item(self.order[a.id], a.id, whole)]] if whole else []
            if self._try(tries, self._expect(swap={a.id: swap})):
                self.done.update(inside)
                self.whole.add(a.id)
                return
            self.items = kept
        raise DraftError(f"cannot word the change of {path_label(self.old, p.id)} so that it applies exactly")

    def _expect(
        self, *, swap: dict[str, Provision] | None = None, kids: dict[str, tuple[Provision, ...]] | None = None
    ) -> Document:
        """The old version with provisions swapped and children lists replaced (what a unit should give)."""
        swap, kids = swap or {}, kids or {}

        def fix(p: Provision) -> Provision:
            p = swap.get(p.id, p)
            return p._replace(children=tuple(fix(c) for c in kids.get(p.id, p.children)))

        return self.old._replace(provisions=tuple(fix(p) for p in kids.get(ROOT, self.old.provisions)))

    def _modes(self) -> list[str]:
        moved = any(
            o.kind is Kind.ARTICLE and self.kept[o.id].num != o.num for o in self.old.walk() if o.id in self.kept
        )
        return ["resequence", "explicit"] if moved and self.legal else list(_MODES)

    # --- words ------------------------------------------------------------------------------

    def address(self, pid: str, *, own: bool = False) -> str | None:
        """How a notice names provision *pid* of the old version (checked by resolving it), or None."""
        if pid == ROOT:
            return None
        chain = find(self.old, pid) or ()
        steps = [self._step(chain[n - 1] if n else None, p) for n, p in enumerate(chain)]
        if self.legal and any(p.kind is Kind.ARTICLE for p in chain):
            steps = [s for s, p in zip(steps, chain, strict=True) if p.kind not in OUTLINE]
        if own:
            steps.append("第一款")
        if any(s is None for s in steps):
            return None
        words = ("" if self.legal else "本文") + "".join(s for s in steps if s)
        try:
            target = resolve(self.old, parse_address(words))
        except _FAILS:
            return None
        return words if target.id == pid and target.span is None else None

    def _step(self, parent: Provision | None, p: Provision) -> str | None:
        if p.kind is Kind.PREAMBLE:
            return "序言"
        if p.kind is Kind.PARAGRAPH:
            heads = paragraphs_of_article(parent) if self.legal and parent and parent.kind is Kind.ARTICLE else []
            if p in heads:
                return f"第{int_to_zh(heads.index(p) + 1)}款"
            siblings = [c for c in (parent.children if parent else self.old.provisions) if c.kind is Kind.PARAGRAPH]
            unit = "自然段" if parent is not None and parent.kind is Kind.PREAMBLE else "段"
            return f"第{int_to_zh(siblings.index(p) + 1)}{unit}"
        if p.num is None or p.kind not in UNIT:
            return None
        number = f"（{int_to_zh(p.num.value)}）" if p.kind is Kind.ITEM and not self.legal else None
        return self.number(p.kind, p.num, number)

    def number(self, kind: Kind, num: Num, shown: str | None = None) -> str:
        """``第十条之一``, ``第三项``, ``第9点``: a number as a notice states it."""
        value = shown or (str(num.value) if kind is Kind.POINT else int_to_zh(num.value))
        return f"第{value}{UNIT[kind]}" + (f"之{int_to_zh(num.sub)}" if num.sub else "")

    def _rename(self, p: Provision, q: Provision) -> Item | None:
        where = self.address(p.id)
        if where is None or p.heading is None or q.heading is None:
            return None
        return self.item(self.order[p.id], p.id, f"将{where}章名{quote([p.heading])}修改为{quote([q.heading])}")

    def _text_forms(self, p: Provision, q: Provision) -> list[str]:
        """Wordings of the change of *p*'s own text: appending, prefixing, phrase edits, whole."""
        old, new = p.text or "", q.text or ""
        own = self.legal and p.kind is Kind.ARTICLE and bool(p.children)
        where = self.address(p.id, own=own)
        forms: list[str] = []
        if where is not None and old:
            others = [] if own else [c.text or "" for c in p.walk() if c is not p]
            forms += [f"在{where}末尾增加{w}" for w in tails(old, new)]
            forms += [f"在{where}开始部分增加{w}" for w in heads(old, new)]
            edits = phrase_edits(old, new, others)
            if edits:
                forms.append(first_clause(where, edits[0]) + "".join("；" + e for e in edits[1:]))
        whole = self.whole_text(p, p._replace(text=q.text), self.old)
        return forms + ([whole] if whole else [])

    def whole_text(self, p: Provision, q: Provision, doc: Document | None = None) -> str | None:
        """``将…修改为：“…”`` with *q*'s lines (its text, then everything below it)."""
        where, lines = self.address(p.id), lines_of(doc or self.new, q)
        if where is None or lines is None or p.heading is not None:
            return None
        quoted = quote(lines)
        return f"将{where}修改为：{quoted}" if quoted else None

    # --- children: added, deleted, rewritten, renumbered ------------------------------------

    def _structure(self, cid: str, mode: str) -> list[Item] | None:
        """The items for the children of *cid* (and, for the outline, of its outline children)."""
        build = Children(self, mode)
        if not build.container(cid):
            return None
        if mode == "resequence":
            build.items.append(self.item(float("inf"), ROOT, "条文顺序作相应调整"))
        return build.items


def _following(old: Document, new: Document, kept: dict[str, Provision]) -> set[str]:
    """Provisions whose only change is a reference that follows the renumbering: applying the
    notice makes it (:func:`policydiff.crossref.renumber_references`), so no item says it."""
    before = {p.id: p.text for p in old.walk()}

    def revert(p: Provision) -> Provision:
        # One deleted and added anew is another provision: references to it do not follow.
        pid = p.id if p.id in kept or p.id not in before else f"{p.id}~"
        text = before[p.id] if p.id in kept else p.text
        return p._replace(id=pid, text=text, children=tuple(revert(c) for c in p.children))

    unchanged = new._replace(provisions=tuple(revert(p) for p in new.provisions))
    followed = {p.id: p.text for p in crossref.renumber_references(old, unchanged).walk()}
    return {p.id for p in new.walk() if p.id in kept and before[p.id] != p.text == followed[p.id]}


def _own(doc: Document, pid: str) -> Provision | None:
    chain = find(doc, pid)
    return chain[-1] if chain else None
