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
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field

from policydiff import crossref
from policydiff.errors import FailedError, PolicyDiffError
from policydiff.model import Document, Family, Kind, Provision
from policydiff.notice import textops
from policydiff.notice.address import parse_address, resolve
from policydiff.notice.apply import apply_items
from policydiff.notice.parse import parse_wording
from policydiff.numbering import Num, int_to_zh
from policydiff.plaintext import find, path_label, provision_lines, to_text
from policydiff.textdiff import segments

ROOT = ""  # the container id of the document's top level
_TITLE = "名称"  # the owner of the title's item
_OUTLINE = (Kind.PART, Kind.SUBPART, Kind.CHAPTER, Kind.SECTION)
_UNIT = {Kind.PART: "编", Kind.SUBPART: "分编", Kind.CHAPTER: "章", Kind.SECTION: "节", Kind.ARTICLE: "条",
         Kind.ITEM: "项", Kind.POINT: "点", Kind.PARAGRAPH: "款"}  # fmt: skip
# What a failed try raises: the notice's own errors, and the parser's slips, which only
# mean that this wording is not the one to write.
_FAILS = (PolicyDiffError, LookupError, ValueError, AssertionError)
_MODES = ("natural", "explicit", "resequence")
Key = tuple[float, int]
Stretch = tuple[Kind, int]  # the places of a kind's numbered children between siblings that stay


class DraftError(FailedError):
    """A change that no wording the notice parser reads reproduces exactly."""


def draft(old: Document, new: Document, *, title: str | None = None) -> str:
    """The notice that turns *old* into *new*; *title* names the document (default: its old title).

    Raises :class:`DraftError` if some change cannot be worded so that it applies exactly.
    """
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


@dataclass(order=True)
class _Item:
    """One numbered item: where it goes (old document order) and its clauses."""

    key: Key
    clauses: list[str] = field(compare=False)
    owner: str = field(compare=False, default=ROOT)

    @property
    def wording(self) -> str:
        return "；".join(self.clauses)


@dataclass(frozen=True, slots=True)
class _Match:
    """A container's children in both versions and how they line up (difflib opcodes by id)."""

    olds: tuple[Provision, ...]
    news: tuple[Provision, ...]
    ops: tuple[tuple[str, int, int, int, int], ...]
    moved: dict[str, Provision]  # numbered children out of place: renumbering puts them back in order
    recast: frozenset[str]  # the others out of place: deleted and added anew, never one rewritten in place
    across: frozenset[str]  # the moved ones that sorting takes into another stretch (see _crossing)


def _quote(lines: list[str]) -> str | None:
    """``“l1”“l2”``, or None when a line's quotation marks do not pair up (it could not be quoted)."""
    for line in lines:
        depth = 0
        for ch in line:
            depth += (ch == "“") - (ch == "”")
            if depth < 0:
                return None
        if depth or not line:
            return None
    return "".join(f"“{line}”" for line in lines)


def _balanced(words: str) -> bool:
    return _quote([words]) is not None


class _Drafter:
    """The units of one draft: the title, each provision's words, then the children of each parent."""

    def __init__(self, old: Document, new: Document, *, follow: bool = True) -> None:
        self.old, self.new = old, new
        self.legal = old.numbering.family is Family.LEGAL
        self.items: list[_Item] = []
        self.seq = 0
        self.order = {p.id: n for n, p in enumerate(old.walk())}
        self.end = {p.id: self.order[p.id] + sum(1 for _ in p.walk()) - 1 for p in old.walk()}
        self.end[ROOT] = len(self.order) - 1
        self.match: dict[str, _Match] = {}
        self.kept: dict[str, Provision] = {}
        self._line_up(ROOT, old.provisions, new.provisions)
        self.done: set[str] = set()  # provisions inside one replaced whole
        self.whole: set[str] = set()  # the provisions replaced whole
        self.follows = _following(old, new, self.kept) if follow else set()

    def _line_up(self, cid: str, olds: tuple[Provision, ...], news: tuple[Provision, ...]) -> None:
        ops = _align(olds, news)
        pairs = [
            (o, n) for tag, i1, i2, j1, _ in ops if tag == "equal" for o, n in zip(olds[i1:i2], news[j1:], strict=False)
        ]
        ids = {o.id for o, _ in pairs}
        by_id = {o.id: o for o in olds}
        out = [(by_id[n.id], n) for n in news if n.id in by_id and n.id not in ids]
        crossing = _crossing(olds, news, ids, [n for o, n in out if o.num and n.num])
        stuck = _unsortable(crossing)
        moved = [(o, n) for o, n in out if o.num and n.num and n.id not in stuck]
        recast = frozenset(o.id for o, _ in out) - {o.id for o, _ in moved}
        across = frozenset(pid for pids in crossing.values() for pid in pids) - stuck
        self.match[cid] = _Match(olds, news, ops, {o.id: o for o, _ in moved}, recast, across)
        for o, n in pairs + moved:
            self.kept[o.id] = n
            self._line_up(o.id, o.children, n.children)

    def item(self, primary: float, owner: str, *clauses: str) -> _Item:
        """A new item keyed at *primary* (old document order), made by the unit of *owner*."""
        self.seq += 1
        return _Item((primary, self.seq), list(clauses), owner)

    # --- the units ----------------------------------------------------------------------

    def run(self) -> None:
        """Every unit in turn; each keeps the first wording that applies exactly."""
        if self.old.title != self.new.title:
            rename = self.item(-1, _TITLE, f"将名称{_quote([self.old.title])}修改为{_quote([self.new.title])}")
            if not self._try([[rename]], dataclasses.replace(self.old, title=self.new.title)):
                raise DraftError("cannot word the change of the title so that it applies exactly")
        for p in self._kept():
            if p.id not in self.done and not self._words(p):
                self._escalate(p)
        outline = [ROOT, *(p.id for p in self._kept() if p.kind in _OUTLINE)]
        if not self._children(outline, self._modes()):
            raise DraftError("cannot word the changes of the articles and outline so that they apply exactly")
        for p in self._kept():
            if p.id not in self.done and p.kind not in _OUTLINE and not self._children([p.id], _MODES[:2]):
                self._escalate(p)

    def _kept(self) -> list[Provision]:
        return [p for p in self.old.walk() if p.id in self.kept and p.id not in self.done]

    def _try(
        self,
        candidates: list[list[_Item]],
        expected: Document,
        base: list[_Item] | None = None,
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

    def _apply(self, items: list[_Item]) -> Document | None:
        # One unit at a time, references elsewhere stay as they are; the whole notice lets them follow.
        text = notice_text(self.old.title, self.legal, [i.wording for i in sorted(items)])
        try:
            return apply_items(self.old, parse_wording(text, "draft").items, follow_references=False).document
        except _FAILS:
            return None

    def _repaired(self, items: list[_Item], got: Document, expected: Document, fix: tuple[str, ...]) -> list[_Item]:
        """*items* with clauses that give the provisions *fix* the words *expected* has."""
        clauses: list[str] = []
        for pid in fix:
            have, want, where = _own(got, pid), _own(expected, pid), self.address(pid)
            if have is None or want is None or have.heading != want.heading or where is None:
                return items
            if have.text != want.text:
                edits = _phrase_edits(have.text or "", want.text or "", [c.text or "" for c in have.children])
                if not edits or not have.text:
                    return items
                clauses += [_first_clause(where, edits[0]), *edits[1:]]
        if not clauses or not items:
            return items
        last = max(items)
        return [i for i in items if i is not last] + [dataclasses.replace(last, clauses=last.clauses + clauses)]

    def _words(self, p: Provision) -> bool:
        """The change of *p*'s heading and its own text (not its children); False if it has no wording."""
        q = self.kept[p.id]
        if p.heading != q.heading:
            rename = self._rename(p, q)
            swap = dataclasses.replace(p, heading=q.heading)
            if rename is None or not self._try([[rename]], self._expect(swap={p.id: swap})):
                return False
        if p.text != q.text and p.id not in self.follows:
            forms = sorted(self._text_forms(p, q), key=len)
            tries = [[self.item(self.order[p.id], p.id, form)] for form in forms]
            return self._try(tries, self._expect(swap={p.id: dataclasses.replace(p, text=q.text)}))
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
            return dataclasses.replace(q, id=pid, sep=p.sep)
        text = p.text if pid in self.follows else q.text
        return dataclasses.replace(p, num=q.num, text=text, heading=q.heading)

    def _old(self, pid: str) -> Provision:
        chain = find(self.old, pid)
        assert chain is not None
        return chain[-1]

    def _target(self, m: _Match) -> tuple[Provision, ...]:
        """The children a structural unit should leave: kept ones as decided, the others as new."""
        out: list[Provision] = []
        for tag, i1, i2, j1, j2 in m.ops:
            olds = m.olds[i1:i2] if tag == "equal" else tuple(m.moved.get(n.id, n) for n in m.news[j1:j2])
            out += [self._decided(o.id) if o.id in self.kept else o for o in olds]
        return tuple(out)

    def _escalate(self, p: Provision) -> None:
        """Replace *p*, or the nearest ancestor that can be, whole; the items inside it go."""
        for a in reversed(find(self.old, p.id) or ()):
            if a.kind in _OUTLINE or a.id not in self.kept:
                break
            whole = self.whole_text(a, self.kept[a.id])
            swap = dataclasses.replace(self.kept[a.id], id=a.id, num=a.num, sep=a.sep)
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
            return dataclasses.replace(p, children=tuple(fix(c) for c in kids.get(p.id, p.children)))

        return dataclasses.replace(self.old, provisions=tuple(fix(p) for p in kids.get(ROOT, self.old.provisions)))

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
            steps = [s for s, p in zip(steps, chain, strict=True) if p.kind not in _OUTLINE]
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
            heads = _paragraph_heads(parent) if self.legal and parent and parent.kind is Kind.ARTICLE else []
            if p in heads:
                return f"第{int_to_zh(heads.index(p) + 1)}款"
            siblings = [c for c in (parent.children if parent else self.old.provisions) if c.kind is Kind.PARAGRAPH]
            unit = "自然段" if parent is not None and parent.kind is Kind.PREAMBLE else "段"
            return f"第{int_to_zh(siblings.index(p) + 1)}{unit}"
        if p.num is None or p.kind not in _UNIT:
            return None
        number = f"（{int_to_zh(p.num.value)}）" if p.kind is Kind.ITEM and not self.legal else None
        return self.number(p.kind, p.num, number)

    def number(self, kind: Kind, num: Num, shown: str | None = None) -> str:
        """``第十条之一``, ``第三项``, ``第9点``: a number as a notice states it."""
        value = shown or (str(num.value) if kind is Kind.POINT else int_to_zh(num.value))
        return f"第{value}{_UNIT[kind]}" + (f"之{int_to_zh(num.sub)}" if num.sub else "")

    def _rename(self, p: Provision, q: Provision) -> _Item | None:
        where = self.address(p.id)
        if where is None or p.heading is None or q.heading is None:
            return None
        return self.item(self.order[p.id], p.id, f"将{where}章名{_quote([p.heading])}修改为{_quote([q.heading])}")

    def _text_forms(self, p: Provision, q: Provision) -> list[str]:
        """Wordings of the change of *p*'s own text: appending, prefixing, phrase edits, whole."""
        old, new = p.text or "", q.text or ""
        own = self.legal and p.kind is Kind.ARTICLE and bool(p.children)
        where = self.address(p.id, own=own)
        forms: list[str] = []
        if where is not None and old:
            others = [] if own else [c.text or "" for c in p.walk() if c is not p]
            forms += [f"在{where}末尾增加{w}" for w in _tails(old, new)]
            forms += [f"在{where}开始部分增加{w}" for w in _heads(old, new)]
            edits = _phrase_edits(old, new, others)
            if edits:
                forms.append(_first_clause(where, edits[0]) + "".join("；" + e for e in edits[1:]))
        whole = self.whole_text(p, dataclasses.replace(p, text=q.text), self.old)
        return forms + ([whole] if whole else [])

    def whole_text(self, p: Provision, q: Provision, doc: Document | None = None) -> str | None:
        """``将…修改为：“…”`` with *q*'s lines (its text, then everything below it)."""
        where, lines = self.address(p.id), _lines(doc or self.new, q)
        if where is None or lines is None or p.heading is not None:
            return None
        quoted = _quote(lines)
        return f"将{where}修改为：{quoted}" if quoted else None

    # --- children: added, deleted, rewritten, renumbered ------------------------------------

    def _structure(self, cid: str, mode: str) -> list[_Item] | None:
        """The items for the children of *cid* (and, for the outline, of its outline children)."""
        build = _Children(self, mode)
        if not build.container(cid):
            return None
        if mode == "resequence":
            build.items.append(self.item(float("inf"), ROOT, "条文顺序作相应调整"))
        return build.items


def _align(olds: tuple[Provision, ...], news: tuple[Provision, ...]) -> tuple[tuple[str, int, int, int, int], ...]:
    """Opcodes (as difflib's) keeping in place the most children present in both, unnumbered ones
    first: a numbered child out of order can be put back by renumbering, an unnumbered one cannot."""
    at = {p.id: i for i, p in enumerate(olds)}
    shared = [(j, at[n.id], 1 if n.num is not None else len(news) + 1) for j, n in enumerate(news) if n.id in at]
    best: list[tuple[int, int]] = []  # (weight of the best chain ending here, previous index)
    for k, (_, i, w) in enumerate(shared):
        prior = [(best[x][0], x) for x in range(k) if shared[x][1] < i]
        best.append((w + max(prior)[0], max(prior)[1]) if prior else (w, -1))
    k = max(range(len(best)), key=lambda x: best[x][0], default=-1)
    anchors: list[tuple[int, int]] = []
    while k >= 0:
        anchors.append((shared[k][1], shared[k][0]))
        k = best[k][1]
    ops, i, j = [], 0, 0
    for oi, nj in [*reversed(anchors), (len(olds), len(news))]:
        if (oi, nj) != (i, j):
            ops.append(("replace" if oi > i and nj > j else "delete" if oi > i else "insert", i, oi, j, nj))
        if oi < len(olds):
            ops.append(("equal", oi, oi + 1, nj, nj + 1))
        i, j = oi + 1, nj + 1
    return tuple(ops)


def _crossing(
    olds: tuple[Provision, ...], news: tuple[Provision, ...], kept: set[str], out: list[Provision]
) -> dict[tuple[Stretch, Stretch], list[str]]:
    """The numbered children out of place (*out*) that move from one stretch to another.

    Renumbering sorts the numbered children of a kind among the places they hold, and the
    siblings kept in place (other kinds, unnumbered ones) cut those places into stretches that
    hold as many before the sorting as after it.
    """

    def stretch(children: tuple[Provision, ...], p: Provision) -> int:
        at = [c.id for c in children].index(p.id)
        return sum(1 for c in children[:at] if c.id in kept and (c.kind is not p.kind or c.num is None))

    crossing: dict[tuple[Stretch, Stretch], list[str]] = {}
    for p in out:
        a, b = (p.kind, stretch(olds, p)), (p.kind, stretch(news, p))
        if a != b:
            crossing.setdefault((a, b), []).append(p.id)
    return crossing


def _unsortable(crossing: dict[tuple[Stretch, Stretch], list[str]]) -> set[str]:
    """Those *crossing* that renumbering cannot put back: children crossing in a round (from
    one stretch to another and back) are sorted into place; the others are added anew."""
    count = Counter({edge: len(ids) for edge, ids in crossing.items()})
    while cycle := _cycle(+count):
        least = min(count[edge] for edge in cycle)
        count.subtract(dict.fromkeys(cycle, least))
    return {pid for edge, ids in crossing.items() for pid in ids[len(ids) - count[edge] :]}


def _cycle(count: Counter[tuple[Stretch, Stretch]]) -> list[tuple[Stretch, Stretch]] | None:
    """The edges of a cycle among the stretches children cross between, or None."""
    ahead: dict[Stretch, list[Stretch]] = {}
    for a, b in count:
        ahead.setdefault(a, []).append(b)
    for start in ahead:
        path, seen = [start], {start}
        while path:
            step = next((b for b in ahead.get(path[-1], []) if b == start or b not in seen), None)
            if step == start:
                return list(zip(path, [*path[1:], start], strict=True))
            if step is None:
                path.pop()
                continue
            path.append(step)
            seen.add(step)
    return None


def _following(old: Document, new: Document, kept: dict[str, Provision]) -> set[str]:
    """Provisions whose only change is a reference that follows the renumbering: applying the
    notice makes it (:func:`policydiff.crossref.renumber_references`), so no item says it."""
    before = {p.id: p.text for p in old.walk()}

    def revert(p: Provision) -> Provision:
        # One deleted and added anew is another provision: references to it do not follow.
        pid = p.id if p.id in kept or p.id not in before else f"{p.id}~"
        text = before[p.id] if p.id in kept else p.text
        return dataclasses.replace(p, id=pid, text=text, children=tuple(revert(c) for c in p.children))

    unchanged = dataclasses.replace(new, provisions=tuple(revert(p) for p in new.provisions))
    followed = {p.id: p.text for p in crossref.renumber_references(old, unchanged).walk()}
    return {p.id for p in new.walk() if p.id in kept and before[p.id] != p.text == followed[p.id]}


def _own(doc: Document, pid: str) -> Provision | None:
    chain = find(doc, pid)
    return chain[-1] if chain else None


def _paragraph_heads(article: Provision) -> list[Provision]:
    """The 款 of an article (its own text first); a 款 ending in ``：`` takes the lines up to a ``。``."""
    heads = [article] if article.text is not None else []
    open_list = (article.text or "").endswith(("：", ":"))
    for child in article.children:
        if open_list:
            open_list = not (child.text or "").endswith("。")
        elif child.kind is Kind.PARAGRAPH:
            heads.append(child)
            open_list = (child.text or "").endswith(("：", ":"))
    return heads


def _lines(doc: Document, p: Provision) -> list[str] | None:
    """*p*'s text and every line below it, as a quotation gives them; None for a headed provision."""
    if p.heading is not None or p.text is None:
        return None
    return [p.text] + [line for child in p.children for line in provision_lines(doc, child)]


# --- the words of one provision -----------------------------------------------------------


def _tails(old: str, new: str) -> list[str]:
    """Quotations that ``末尾增加`` turns *old* into *new* with (the final mark left out if it may be)."""
    if not new.startswith(old) or new == old:
        return []
    added = new[len(old) :]
    found = [w for w in (added[:-1], added) if w and textops.append(old, w) == new and _balanced(w)]
    return [f"“{w}”" for w in found[:1]]


def _heads(old: str, new: str) -> list[str]:
    if not new.endswith(old) or new == old:
        return []
    added = new[: len(new) - len(old)]
    found = [w for w in (added[:-1], added) if w and _prefixed(old, w) == new and _balanced(w)]
    return [f"“{w}”" for w in found[:1]]


def _prefixed(text: str, words: str) -> str:
    return textops.with_terminal(words, textops.terminal_mark(text)) + text


_PUNCTUATION = re.compile(r"[\s，。；：、！？“”‘’（）《》,.;:!?()]")  # a quotation of these alone says too little
_WIDEST = 40  # the most context a phrase edit quotes; beyond it, the provision is replaced whole


def _phrase_edits(old: str, new: str, others: list[str]) -> list[str] | None:
    """Clauses (after the first, which names the provision) that turn *old* into *new*, or None."""
    current = old
    out: list[str] = []
    while current != new and len(out) < 12:
        found = _one_edit(current, new, others)
        if found is None:
            return None
        out.append(found[0])
        current = found[1]
    return out if current == new else None


def _one_edit(current: str, new: str, others: list[str]) -> tuple[str, str] | None:
    """The shortest clause making the first difference of *current* from *new*, and the result."""
    a, b, words = _first_hunk(current, new)
    want = current[:a] + words + current[b:]
    for size in range(min(len(current), _WIDEST) + 1):
        done = []
        for k in range(size + 1):
            start, end = a - k, b + size - k
            if start < 0 or end > len(current) or start == end:
                continue
            for clause, result in _clauses(current, start, end, a, b, words, others):
                if result == want:
                    done.append((clause, result))
        if done:
            return min(done, key=lambda pair: len(pair[0]))
    return None


def _clauses(
    current: str, start: int, end: int, a: int, b: int, words: str, others: list[str]
) -> list[tuple[str, str]]:
    """The clauses that quote ``current[start:end]`` for the edit, each with the text it gives."""
    old = current[start:end]
    new = current[start:a] + words + current[b:end]
    form, hits = textops.locate(current, old)
    if len(hits) != 1 or not _balanced(old) or not _balanced(new) or not _PUNCTUATION.sub("", old):
        return []
    at, out = hits[0], []
    if a == b and words and _balanced(words) and (end == b or start == a):
        after = end == b
        inserted = textops.insert_beside(current, at, at + len(form), textops.normalise_quotes(words), after)
        out.append((f"在“{old}”{'后' if after else '前'}增加“{words}”", inserted))
    if not any(old in other for other in others):
        edited = textops.replace_at(current, at, at + len(form), textops.normalise_quotes(new))
        out.append((f"将“{old}”改为“{new}”" if new else f"删去“{old}”", edited))
    return out


def _first_hunk(current: str, new: str) -> tuple[int, int, str]:
    """Where the first difference is in *current* (start, end) and the words that replace it."""
    at, start, gone, added = 0, None, "", ""
    for seg in segments(current, new):
        if seg.op == "equal":
            if start is not None:
                break
            at += len(seg.text)
            continue
        start = at if start is None else start
        if seg.op == "delete":
            gone += seg.text
        else:
            added += seg.text
    return at, at + len(gone), added


def _first_clause(where: str, clause: str) -> str:
    """The first clause of an item names the provision: ``在第X条中，将…``, ``删去第X条中的…``."""
    if clause.startswith("删去"):
        return f"删去{where}中的{clause[2:]}"
    if clause.startswith("在"):
        return f"在{where}中{clause[1:]}"
    return f"在{where}中，{clause}"


# --- children, one container at a time ----------------------------------------------------


@dataclass
class _Children:
    """Items for the children of containers: deletions, rewrites, insertions and renumbering.

    *mode* is ``natural`` (a single insertion stated with its displaced siblings, as
    notices do), ``explicit`` (every renumbered sibling stated) or ``resequence`` (legal
    articles numbered in order at the end: 条文顺序作相应调整).
    """

    d: _Drafter
    mode: str
    items: list[_Item] = field(default_factory=list)
    numbers: dict[str, Num] = field(default_factory=dict)  # resequence: articles' numbers as items apply
    prev_article: dict[str, str | None] = field(default_factory=dict)
    inserted: set[Kind] = field(default_factory=set)  # kinds numbered through the text with an insertion
    added: set[str] = field(default_factory=set)  # the provisions inserted so far

    def __post_init__(self) -> None:
        articles = [p for p in self.d.new.walk() if p.kind is Kind.ARTICLE]
        self.prev_article = {p.id: (articles[n - 1].id if n else None) for n, p in enumerate(articles)}
        self.numbers = {p.id: p.num for p in self.d.old.walk() if p.kind is Kind.ARTICLE and p.num}

    def container(self, cid: str) -> bool:
        """Items for *cid*'s children, in document order; False if some change has no wording."""
        m, state = self.d.match[cid], _State(cid)
        state.current = list(m.olds)
        natural = self._natural(m) if self.mode == "natural" else set()
        for tag, i1, i2, j1, j2 in m.ops:
            if tag == "equal":
                for o, n in zip(m.olds[i1:i2], m.news[j1:j2], strict=True):
                    if not self._keep(state, o, n, natural):
                        return False
                continue
            key = self.d.order[m.olds[i1].id] if i1 < len(m.olds) else self.d.end[cid] + 0.5
            if not self._gap(state, key, list(m.olds[i1:i2]), list(m.news[j1:j2]), natural):
                return False
        return True

    def _keep(self, state: _State, o: Provision, n: Provision, natural: set[Kind]) -> bool:
        state.prev[o.kind], state.last_any = o, o
        resequenced = self.mode == "resequence" and o.kind is Kind.ARTICLE
        # A plain insertion moves every later sibling of its kind (every later article of a legal
        # text) unless the notice numbers it: those that keep their number are stated too.
        moved = o.num != n.num or (o.kind in state.inserted | self.inserted and o.num is not None)
        if moved and not resequenced and o.kind not in natural:
            clause = self._renumber(o, n.num)
            if clause is None:
                return False
            if state.last is not None:
                state.last.clauses.append(clause)
            else:
                state.last = self.d.item(self.d.order[o.id] - 0.25, state.cid, clause)
                self.items.append(state.last)
        if o.kind in _OUTLINE and o.id in self.d.match:
            return self.container(o.id)
        return True

    def _renumber(self, o: Provision, num: Num | None) -> str | None:
        where = self.d.address(o.id)
        return None if where is None or num is None else f"将{where}改为{self.d.number(o.kind, num)}"

    def _gap(
        self, state: _State, key: float, gone: list[Provision], added: list[Provision], natural: set[Kind]
    ) -> bool:
        moved, recast = self.d.match[state.cid].moved, self.d.match[state.cid].recast
        gone, out_of_place = [d for d in gone if d.id not in moved], moved.keys() | recast
        pairs = _pair([d for d in gone if d.id not in recast], [a for a in added if a.id not in out_of_place])
        paired = {d.id for d in pairs.values()}
        for d in (d for d in gone if d.id not in paired):
            where = self.d.address(d.id)
            if where is None:
                return False
            state.last = self.d.item(key, state.cid, f"删去{where}")
            self.items.append(state.last)
            state.current.remove(d)
            if d.id not in self.added:  # a recast one added already keeps its new number
                self.numbers.pop(d.id, None)
        for a in added:
            if a.id in moved:
                state.current.remove(moved[a.id])
                state.current.insert(state.current.index(state.last_any) + 1 if state.last_any else 0, moved[a.id])
                ok = self._keep(state, moved[a.id], a, natural)
            elif a.id in pairs:
                ok = self._rewrite(state, key, pairs[a.id], a)
            else:
                ok = self._insert(state, key, a, natural)
            if not ok:
                return False
        return True

    def _rewrite(self, state: _State, key: float, d: Provision, a: Provision) -> bool:
        whole = self.d.whole_text(d, a)
        if whole is None:
            return False
        state.last = self.d.item(key, state.cid, whole)
        self.items.append(state.last)
        if d.id in self.numbers:
            self.numbers[a.id] = self.numbers[d.id]
        return self._keep(state, d, a, set())

    def _insert(self, state: _State, key: float, a: Provision, natural: set[Kind]) -> bool:
        # After a sibling of its kind right before it, else by its number (before the one holding it).
        # Not after one that sorting takes into this stretch: before the sorting, it is in another.
        prev = state.prev.get(a.kind)
        across = prev is not None and prev.id in self.d.match[state.cid].across
        state.anchor = prev if state.last_any is prev and not across else None
        at = state.current.index(state.last_any) + 1 if state.last_any in state.current else 0
        state.current.insert(at, a)
        state.last_any = a
        self.added.add(a.id)
        lines = _lines(self.d.new, a)
        quoted = _quote(lines) if lines else None
        if quoted is None or a.kind not in _UNIT:
            return False
        clause = self._where_and_number(state, a, at, quoted, natural)
        if clause is None:
            return False
        state.last = self.d.item(key, state.cid, clause)
        self.items.append(state.last)
        if a.num is not None and not a.num.sub:
            global_ = a.kind is Kind.ARTICLE and self.d.legal
            (self.inserted if global_ else state.inserted).add(a.kind)
        return True

    def _where_and_number(self, state: _State, a: Provision, at: int, quoted: str, natural: set[Kind]) -> str | None:
        unit, parent = _UNIT[a.kind], self.d.address(state.cid)
        inside = f"在{parent}中" if parent else ""
        if a.num is None:  # a 款 or 段, counted among the paragraphs as they are when it applies
            holder = find(self.d.old, state.cid)
            offset = 1 if holder and holder[-1].text is not None else 0
            count = sum(1 for c in state.current[:at] if c.kind is Kind.PARAGRAPH) + offset + 1
            return f"{inside}增加一款，作为第{int_to_zh(count)}款：{quoted}" if parent else None
        num = self._stated(a)
        if a.kind in natural:
            return self._natural_clause(state, a, inside, quoted)
        where = self.d.address(state.anchor.id) if state.anchor is not None else None
        head = f"在{where}后" if where else inside
        return f"{head}增加一{unit}，作为{self.d.number(a.kind, num)}：{quoted}"

    def _stated(self, a: Provision) -> Num:
        """The number an insertion states: the new one, or (resequencing) one in order as items apply."""
        assert a.num is not None
        if self.mode != "resequence" or a.kind is not Kind.ARTICLE:
            return a.num
        before = self.prev_article.get(a.id)
        base = self.numbers.get(before) if before else None
        if a.num.sub:
            num = Num(base.value if base else a.num.value, a.num.sub)
        else:
            num = Num(base.value + 1 if base else 1)
            for k, v in self.numbers.items():
                self.numbers[k] = Num(v.value + 1, v.sub) if v.key >= num.key else v
        self.numbers[a.id] = num
        return num

    def _natural(self, m: _Match) -> set[Kind]:
        """Kinds with one plain insertion, nothing else but its displaced siblings moving up by one."""
        out = set()
        for kind in {n.kind for n in m.news if n.num is not None and n.id not in {o.id for o in m.olds}}:
            olds = [o for o in m.olds if o.kind is kind]
            news = [n for n in m.news if n.kind is kind]
            added = [n for n in news if n.id not in {o.id for o in olds}]
            if len(added) != 1 or len(news) != len(olds) + 1 or added[0].num is None or added[0].num.sub:
                continue
            at = added[0].num.value
            steps = {o.id: (o.num, self.d.kept.get(o.id)) for o in olds}
            if all(
                k is not None and k.num == (Num(v.value + 1) if v and v.value >= at else v) for v, k in steps.values()
            ):
                out.add(kind)
        return out

    def _natural_clause(self, state: _State, a: Provision, inside: str, quoted: str) -> str | None:
        assert a.num is not None
        later = [o for o in self.d.match[state.cid].olds if o.kind is a.kind and o.num and o.num.value >= a.num.value]
        if not inside:
            return None
        if len(later) == 1 and not a.children:
            before, after = self.d.number(a.kind, a.num), self.d.number(a.kind, Num(a.num.value + 1))
            return f"{inside}，新增{quoted}作为{before}，原{before}调整为{after}"
        clause = f"{inside}增加一{_UNIT[a.kind]}，作为{self.d.number(a.kind, a.num)}：{quoted}"
        if later:
            first, last = (o.num for o in (later[0], later[-1]))
            assert first is not None and last is not None
            moved = [self.d.number(a.kind, Num(v)) for v in (first.value, last.value, first.value + 1, last.value + 1)]
            clause += f"，{moved[0]}至{moved[1]}相应改为{moved[2]}至{moved[3]}"
        return clause


@dataclass
class _State:
    """Where a container's items have got to: the last item, siblings seen, children as they apply."""

    cid: str
    last: _Item | None = None
    last_any: Provision | None = None
    anchor: Provision | None = None
    prev: dict[Kind, Provision] = field(default_factory=dict)
    inserted: set[Kind] = field(default_factory=set)
    current: list[Provision] = field(default_factory=list)


def _rewritable(d: Provision, a: Provision) -> bool:
    """Whether *a* can take the place of *d* by rewriting it (一条 stays 一条, 之一 stays 之一)."""
    same_sub = (d.num.sub if d.num else None) == (a.num.sub if a.num else None)
    return d.kind is a.kind and d.heading is None and a.heading is None and same_sub


def _pair(gone: list[Provision], added: list[Provision]) -> dict[str, Provision]:
    """Deleted and added children of one kind, in order, that are one provision rewritten in place."""
    pairs: dict[str, Provision] = {}
    rest = list(gone)
    for a in added:
        match = next((d for d in rest if _rewritable(d, a)), None)
        if match is not None:
            pairs[a.id] = match
            rest = rest[rest.index(match) + 1 :]
    return pairs
