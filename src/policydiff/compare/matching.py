"""Provision ids kept across a re-issued full text (修订): each new provision matched to the old one it continues.

A revision arrives as a whole new text, imported with fresh ids that mean nothing.
:func:`match_revision` gives every provision of the new text the id of the old provision it
continues, so that :func:`~policydiff.compare.diff.diff_documents`, blame and the comparison
table follow it across the revision. A provision that continues none gets a fresh id named
like the importer's (``a12``, ``a12-p2``, ``c3-s1``), with ``~2``, ``~3`` … when that name was
ever used.

The rules, in order (:data:`RULES`; all of them pair provisions of the same kind only):

1. **identical**: the same own words (heading and text) and kind, found once in the old text
   and once in the new. Runs over the whole document first, where it may follow a provision
   that moved (the diff then reports it moved), and again in every gap (below), where a gap
   whose two sides are the same sequence is paired in order.
2. **numbered**: the same kind and number under a matched parent, with similar words.
3. **similar**: similar words in the same place, each the other's one best candidate.

Rules 2 and 3 run inside each matched parent (the document itself first, then every matched
provision in the new document's order), in the gaps between its children already matched in
order, so their matches never cross: the pairs keep document order, like a longest common
subsequence. Words are compared with the provision's whole subtree (an article with a new first
款 is still the same article), a part, chapter or section by its heading.

Ambiguity is never guessed: a text found twice, two candidates equally similar, or pairs that
would cross are left unmatched (one provision deleted, one added). That is never wrong, only
less helpful; a wrong match would make the diff, blame and comparison table lie.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import count, pairwise
from typing import Literal

from policydiff.importing.structure_rules import base_id
from policydiff.model import Document, Kind, Provision
from policydiff.zh.numbering import Num

RuleName = Literal["identical", "numbered", "similar"]

#: Rule 3's bar (difflib ratio of the subtrees' words). 0.6 is difflib's own "close match"
#: cutoff (``get_close_matches``), and it is above every ratio between two neighbouring
#: articles of the 1982 Constitution (at most 0.58, median 0.22: legal Chinese shares many
#: characters), so an insertion next to a rewording is not taken for it.
SIMILAR_RATIO = 0.6
#: Rule 2's bar is lower: the same number under the same matched parent is evidence too. The
#: articles the five amendments of the Constitution rewrote most keep 0.46 to 0.59 (第十一、十三、
#: 十五、一百条); below 0.5 the words of neighbouring articles begin (5 of 137 pairs reach it).
NUMBERED_RATIO = 0.5
#: In a gap of many provisions, rule 3 compares a provision only with those within this many
#: places of its proportional place on the other side: the cost stays linear in the gap's size.
BAND = 24

_HEADED = frozenset({Kind.PART, Kind.SUBPART, Kind.CHAPTER, Kind.SECTION})


@dataclass(frozen=True, slots=True)
class Pair:
    """A new provision that continues an old one and keeps its ``id``: the rule that paired them,
    and the number before and after (None for unnumbered kinds)."""

    id: str
    rule: RuleName
    old_num: Num | None
    new_num: Num | None


@dataclass(frozen=True, slots=True)
class Single:
    """A provision on one side only: added (its fresh id) or deleted (its old id)."""

    id: str
    kind: Kind


@dataclass(frozen=True, slots=True)
class Revision:
    """The new text under kept and fresh ids, and what the matching found.

    ``matched`` holds the pairs whose own words are unchanged, ``modified`` those whose words
    changed (together: every pair), ``renumbered`` the pairs whose number changed (with or
    without new words); all in the new document's order. ``added`` are the new provisions that
    continue none (new order), ``deleted`` the old ones no new provision continues (old order).
    """

    document: Document
    matched: tuple[Pair, ...]
    modified: tuple[Pair, ...]
    renumbered: tuple[Pair, ...]
    added: tuple[Single, ...]
    deleted: tuple[Single, ...]


@dataclass(frozen=True, slots=True)
class _Side:
    """One document's provisions in document order, by index; parent -1 is the document."""

    nodes: tuple[Provision, ...]
    children: dict[int, tuple[int, ...]]
    words: tuple[str, ...]

    @classmethod
    def of(cls, doc: Document) -> _Side:
        """Index *doc*: every provision, the children of each, the words compared."""
        nodes: list[Provision] = []
        children: dict[int, list[int]] = defaultdict(list)
        subtree: list[list[str]] = []

        def visit(p: Provision, parent: int) -> None:
            at = len(nodes)
            nodes.append(p)
            subtree.append([own_words(p)])
            children[parent].append(at)
            for child in p.children:
                visit(child, at)
            if p.kind not in _HEADED or not p.heading:
                for below in children[at]:
                    subtree[at].extend(subtree[below])

        for p in doc.provisions:
            visit(p, -1)
        words = tuple("\n".join(parts) for parts in subtree)
        return cls(tuple(nodes), {k: tuple(v) for k, v in children.items()}, words)

    def kids(self, parent: int) -> tuple[int, ...]:
        """The children of *parent* (-1: the top level)."""
        return self.children.get(parent, ())


@dataclass(frozen=True, slots=True)
class Gap:
    """Unmatched provisions between two matched neighbours: old and new indexes, in order."""

    old: tuple[int, ...]
    new: tuple[int, ...]


@dataclass(slots=True)
class _Run:
    """The matching in progress: both sides and the pairs found so far, by index."""

    old: _Side
    new: _Side
    to_new: dict[int, int] = field(default_factory=dict)
    to_old: dict[int, int] = field(default_factory=dict)
    rule: dict[int, RuleName] = field(default_factory=dict)

    def pair(self, name: RuleName, pairs: Sequence[tuple[int, int]]) -> None:
        """Record *pairs* (old, new) as found by rule *name*."""
        for o, n in pairs:
            self.to_new[o], self.to_old[n], self.rule[n] = n, o, name

    def ratio(self, o: int, n: int, floor: float) -> float:
        """How alike the words of old *o* and new *n* are, or 0.0 when below *floor*."""
        a, b = self.old.words[o], self.new.words[n]
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            return 0.0
        found = matcher.ratio()
        return found if found >= floor else 0.0


Finder = Callable[[_Run, Gap], list[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One matching rule: its name, what it pairs in a gap, and whether it also runs once over
    the whole document first (moves allowed) before the gaps."""

    name: RuleName
    find: Finder
    whole_document: bool = False


def own_words(p: Provision) -> str:
    """A provision's own words, heading and text: what rule 1 compares."""
    return f"{p.heading or ''}\n{p.text or ''}"


def _key(side: _Side, at: int) -> tuple[Kind, str]:
    """What rule 1 compares: the kind and the own words."""
    p = side.nodes[at]
    return p.kind, own_words(p)


def _identical(run: _Run, gap: Gap) -> list[tuple[int, int]]:
    """Rule 1: same kind and own words, once on each side; a gap whose sides are the same
    sequence, in order."""
    old_keys = [_key(run.old, o) for o in gap.old]
    new_keys = [_key(run.new, n) for n in gap.new]
    if old_keys == new_keys:
        return list(zip(gap.old, gap.new, strict=True))
    old_count, new_count = Counter(old_keys), Counter(new_keys)
    where = {k: o for k, o in zip(old_keys, gap.old, strict=True) if old_count[k] == 1}
    return [(where[k], n) for k, n in zip(new_keys, gap.new, strict=True) if new_count[k] == 1 and k in where]


def _numbered(run: _Run, gap: Gap) -> list[tuple[int, int]]:
    """Rule 2: the same kind and number, once on each side of the gap, with similar words."""

    def numbers(side: _Side, indexes: tuple[int, ...]) -> dict[tuple[Kind, Num], list[int]]:
        found: dict[tuple[Kind, Num], list[int]] = defaultdict(list)
        for at in indexes:
            p = side.nodes[at]
            if p.num is not None:
                found[p.kind, p.num].append(at)
        return found

    old, new = numbers(run.old, gap.old), numbers(run.new, gap.new)
    pairs = [(old[k][0], ns[0]) for k, ns in new.items() if len(ns) == 1 and len(old.get(k, ())) == 1]
    return [(o, n) for o, n in pairs if run.ratio(o, n, NUMBERED_RATIO) > 0]


def _similar(run: _Run, gap: Gap) -> list[tuple[int, int]]:
    """Rule 3: similar words, each the other's one best candidate (a tie is no candidate)."""
    best_old: dict[int, tuple[float, list[int]]] = {}
    best_new: dict[int, tuple[float, list[int]]] = {}
    for o, n in _candidates(run, gap):
        score = run.ratio(o, n, SIMILAR_RATIO)
        if score > 0:
            _keep_best(best_old, o, n, score)
            _keep_best(best_new, n, o, score)
    mutual = []
    for o, (_, ns) in best_old.items():
        if len(ns) == 1 and best_new[ns[0]][1] == [o]:
            mutual.append((o, ns[0]))
    return sorted(mutual)


def _candidates(run: _Run, gap: Gap) -> Iterator[tuple[int, int]]:
    """The pairs of the same kind that rule 3 compares: all of a small gap, a band of a large one."""
    size_old, size_new = len(gap.old), len(gap.new)
    for i, o in enumerate(gap.old):
        kind = run.old.nodes[o].kind
        middle = i * size_new // max(size_old, 1)
        for n in gap.new[max(0, middle - BAND) : middle + BAND + 1]:
            if run.new.nodes[n].kind is kind:
                yield o, n


def _keep_best(best: dict[int, tuple[float, list[int]]], at: int, other: int, score: float) -> None:
    """Note *other* as a candidate of *at*: the best score so far and every candidate that has it."""
    held = best.get(at)
    if held is None or score > held[0]:
        best[at] = (score, [other])
    elif score == held[0]:
        held[1].append(other)


#: The rules, in the order they run. Each has its fixtures (tests/fixtures/revise/).
RULES: tuple[Rule, ...] = (
    Rule("identical", _identical, whole_document=True),
    Rule("numbered", _numbered),
    Rule("similar", _similar),
)


def match_revision(old: Document, new: Document, *, retired: frozenset[str] = frozenset()) -> Revision:
    """*new* under the ids of the *old* provisions it continues, and fresh ids elsewhere.

    A fresh id is in neither *old* nor *retired* (ids of any earlier version) and is used once.
    """
    run = _Run(_Side.of(old), _Side.of(new))
    everything = Gap(tuple(range(len(run.old.nodes))), tuple(range(len(run.new.nodes))))
    for rule in RULES:
        if rule.whole_document:
            run.pair(rule.name, rule.find(run, everything))
    for parent in (-1, *range(len(run.new.nodes))):  # the document, then each provision in order
        partner = -1 if parent == -1 else run.to_old.get(parent)
        if partner is not None:
            _match_children(run, partner, parent)
    taken = {p.id for p in run.old.nodes} | retired
    body = _rebuild(run, new.provisions, "", taken, count(), 1)
    return _report(run, new._replace(provisions=body))


def _match_children(run: _Run, old_parent: int, new_parent: int) -> None:
    """Run every rule in the gaps between the matched children of two matched parents."""
    for rule in RULES:
        for gap in _gaps(run, run.old.kids(old_parent), run.new.kids(new_parent)):
            if gap.old and gap.new:
                run.pair(rule.name, _uncrossed(rule.find(run, gap)))


def _gaps(run: _Run, old: tuple[int, ...], new: tuple[int, ...]) -> Iterator[Gap]:
    """The unmatched children between consecutive anchors: the pairs among *old* and *new*
    that keep their order (a longest run of them; a pair that moved is no anchor)."""
    place = {o: i for i, o in enumerate(old)}
    pairs = [(place[run.to_old[n]], j) for j, n in enumerate(new) if run.to_old.get(n, -1) in place]
    anchors = [(-1, -1), *_longest_increasing(pairs), (len(old), len(new))]
    for (i0, j0), (i1, j1) in pairwise(anchors):
        old_gap = tuple(o for o in old[i0 + 1 : i1] if o not in run.to_new)
        new_gap = tuple(n for n in new[j0 + 1 : j1] if n not in run.to_old)
        yield Gap(old_gap, new_gap)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A longest subsequence of *pairs* (in new order) whose old places increase; deterministic."""
    tails: list[int] = []
    ends: list[int] = []
    back: list[int] = []
    for k, (i, _) in enumerate(pairs):
        at = bisect_left(tails, i)
        back.append(ends[at - 1] if at else -1)
        if at == len(tails):
            tails.append(i)
            ends.append(k)
        else:
            tails[at], ends[at] = i, k
    kept: list[tuple[int, int]] = []
    k = ends[-1] if ends else -1
    while k >= 0:
        kept.append(pairs[k])
        k = back[k]
    return kept[::-1]


def _uncrossed(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """*pairs* without any that crosses another (which of two crossing pairs is right is a guess)."""
    pairs = sorted(pairs)
    news = [n for _, n in pairs]
    before, top = [], -1
    for n in news:
        before.append(top)
        top = max(top, n)
    after, low = [], len(news) and max(news) + 1
    for n in reversed(news):
        after.append(low)
        low = min(low, n)
    after.reverse()
    return [p for k, p in enumerate(pairs) if before[k] < p[1] < after[k]]


def _rebuild(
    run: _Run, children: tuple[Provision, ...], prefix: str, taken: set[str], order: Iterator[int], first: int
) -> tuple[Provision, ...]:
    """*children* of the new text under their kept or fresh ids, counting 款 as the importer does
    (an article's own text is its first 款)."""
    out: list[Provision] = []
    paragraph_no = first
    for child in children:
        at = next(order)
        partner = run.to_old.get(at)
        if partner is not None:
            pid = run.old.nodes[partner].id
        else:
            pid = _fresh(base_id(child.kind, child.num, prefix, paragraph_no), taken)
        taken.add(pid)
        paragraph_no += child.kind is Kind.PARAGRAPH
        below = _rebuild(run, child.children, pid, taken, order, 2 if child.text is not None else 1)
        out.append(child._replace(id=pid, children=below))
    return tuple(out)


def _fresh(base: str, taken: set[str]) -> str:
    """*base*, or *base* with ``~2``, ``~3`` … (the importer's and the engine's scheme), untaken."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}~{n}"
    return candidate


def _report(run: _Run, document: Document) -> Revision:
    """The pairs and the lone provisions of a finished run, with the rebuilt document."""
    final = tuple(document.walk())
    pairs: list[tuple[Pair, bool]] = []
    added: list[Single] = []
    for n, p in enumerate(final):
        o = run.to_old.get(n)
        if o is None:
            added.append(Single(p.id, p.kind))
            continue
        before = run.old.nodes[o]
        pairs.append((Pair(p.id, run.rule[n], before.num, p.num), own_words(before) == own_words(p)))
    deleted = tuple(Single(p.id, p.kind) for o, p in enumerate(run.old.nodes) if o not in run.to_new)
    return Revision(
        document,
        matched=tuple(pair for pair, same in pairs if same),
        modified=tuple(pair for pair, same in pairs if not same),
        renumbered=tuple(pair for pair, _ in pairs if pair.old_num != pair.new_num),
        added=tuple(added),
        deleted=deleted,
    )
