"""The children of containers, as a notice adds, deletes, rewrites and renumbers them (:mod:`.draft`).

Children are lined up by id (:func:`align`), numbered ones out of place sorted back by
renumbering where they can be (:func:`unsortable`); each container's changes are then worded
in one of three modes (:class:`Children`), one item per change, keyed in old document order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from policydiff.compare.drafting_words import lines_of, quote
from policydiff.model import Document, Kind, Provision
from policydiff.model.plaintext import find
from policydiff.zh import lexicon
from policydiff.zh.numbering import Num, int_to_zh

ROOT = ""  # the container id of the document's top level
OUTLINE = (Kind.PART, Kind.SUBPART, Kind.CHAPTER, Kind.SECTION)
UNIT = {Kind(kind): unit for kind, unit in lexicon.KIND_UNIT.items()}
Key = tuple[float, int]
Stretch = tuple[Kind, int]  # the places of a kind's numbered children between siblings that stay


class Drafting(Protocol):
    """What the children's units need of the drafter (:class:`policydiff.compare.draft._Drafter`)."""

    old: Document
    new: Document
    legal: bool
    order: dict[str, int]
    end: dict[str, int]
    kept: dict[str, Provision]
    match: dict[str, Match]

    def item(self, primary: float, owner: str, *clauses: str) -> Item: ...

    def address(self, pid: str, *, own: bool = False) -> str | None: ...

    def number(self, kind: Kind, num: Num, shown: str | None = None) -> str: ...

    def whole_text(self, p: Provision, q: Provision, doc: Document | None = None) -> str | None: ...


@dataclass(order=True)
class Item:
    """One numbered item: where it goes (old document order) and its clauses."""

    key: Key
    clauses: list[str] = field(compare=False)
    owner: str = field(compare=False, default=ROOT)

    @property
    def wording(self) -> str:
        return "；".join(self.clauses)


@dataclass(frozen=True, slots=True)
class Match:
    """A container's children in both versions and how they line up (difflib opcodes by id)."""

    olds: tuple[Provision, ...]
    news: tuple[Provision, ...]
    ops: tuple[tuple[str, int, int, int, int], ...]
    moved: dict[str, Provision]  # numbered children out of place: renumbering puts them back in order
    recast: frozenset[str]  # the others out of place: deleted and added anew, never one rewritten in place
    across: frozenset[str]  # the moved ones that sorting takes into another stretch (see crossings)


def align(olds: tuple[Provision, ...], news: tuple[Provision, ...]) -> tuple[tuple[str, int, int, int, int], ...]:
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


def crossings(
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


def unsortable(crossing: dict[tuple[Stretch, Stretch], list[str]]) -> set[str]:
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


# --- children, one container at a time ----------------------------------------------------


@dataclass
class Children:
    """Items for the children of containers: deletions, rewrites, insertions and renumbering.

    *mode* is ``natural`` (a single insertion stated with its displaced siblings, as
    notices do), ``explicit`` (every renumbered sibling stated) or ``resequence`` (legal
    articles numbered in order at the end: 条文顺序作相应调整).
    """

    d: Drafting
    mode: str
    items: list[Item] = field(default_factory=list)
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
        if o.kind in OUTLINE and o.id in self.d.match:
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
        lines = lines_of(self.d.new, a)
        quoted = quote(lines) if lines else None
        if quoted is None or a.kind not in UNIT:
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
        unit, parent = UNIT[a.kind], self.d.address(state.cid)
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

    def _natural(self, m: Match) -> set[Kind]:
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
        clause = f"{inside}增加一{UNIT[a.kind]}，作为{self.d.number(a.kind, a.num)}：{quoted}"
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
    last: Item | None = None
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
