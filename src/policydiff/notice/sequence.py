"""Numbers once every item applied: order, duplicates, gaps, and what moved unsaid.

A deletion in the middle of a numbered list, or an insertion whose effect on the later
siblings the notice does not state, changes numbers the notice never names. NPC practice,
which this module follows:

- **Items and points** (项, 目, 点): the later ones move up when one is deleted, and move
  down when one is inserted (``增加一项，作为第二项``).
- **Articles, sections, chapters**: a decision states it (``条文顺序作相应调整``, or the new
  numbers), while a 修正案 keeps a deleted article's number vacant. A deletion that leaves a
  gap the notice neither fills nor keeps is a :class:`GapError`; a deletion keeps its number
  vacant when its operation says ``renumber: false`` (and merging two articles does).
- **款** are counted, not numbered: nothing to renumber (references to them follow, see
  :mod:`policydiff.crossref`).

Every provision whose number changed without the notice stating it gets one note naming the
item (``item 3: 第五条第（四）项 renumbered 第（三）项 after 第五条第（三）项 was deleted``);
provisions the notice numbered itself, and kinds it resequenced, get none.

:class:`Event` is a named tuple rather than a frozen dataclass: immutable and compared by value all
the same, and its class is made at every start of a command that applies a notice, a dataclass's
for some 0.5 ms more (issue 19).
"""

from __future__ import annotations

from typing import NamedTuple

from policydiff.errors import FailedError
from policydiff.model import Document, Kind
from policydiff.notice.address import Step, parse_address
from policydiff.notice.tree import Node, WorkTree
from policydiff.zh import lexicon
from policydiff.zh.numbering import Num

#: Kinds whose later siblings move up when one is deleted.
MOVE_UP = frozenset({Kind.ITEM, Kind.POINT})
#: A numbered list: its parent's id (None: the top level, and for articles the whole document) and kind.
Scope = tuple[str | None, Kind]


class GapError(FailedError):
    """A number left vacant that the notice neither fills nor keeps vacant."""


class Event(NamedTuple):
    """A numbered provision an item added or deleted, with the words the notes name it by."""

    label: str
    scope: Scope
    num: Num
    prefix: str  # the address of the list's parent as the notice words it (``第五条``; ``""`` for articles)
    unit: str  # the notice's unit: 项, 目, 点, 条, 节, 章
    added: bool
    vacant: bool = False  # a deletion that keeps its number vacant

    def named(self, num: Num) -> str:
        """Number *num* of this event's list, as a notice words it: ``第五条第（四）项``."""
        return self.prefix + Step(self.unit, num).words()


def scope_of(node: Node) -> Scope:
    """The list *node* is numbered in."""
    return (None if node.kind is Kind.ARTICLE or node.parent is None else node.parent.id, node.kind)


def event(
    label: str, address: str, node: Node, *, added: bool, unit: str | None = None, vacant: bool = False
) -> Event | None:
    """What adding or deleting *node* did to its list, or None when it has no plain number.

    *address* is the op's: the deleted provision's, or the parent (or the sibling) an insertion
    names; *unit* the notice's word for an insertion's kind (a deletion's is its address's last).
    """
    steps = parse_address(address).steps if address else ()
    if not added and steps and lexicon.UNIT_KIND.get(steps[-1].unit) == node.kind.value:
        unit = steps[-1].unit  # 目 or 点, as the notice says
    unit = unit or lexicon.KIND_UNIT.get(node.kind.value)
    if node.num is None or node.num.sub or unit is None or node.kind is Kind.PARAGRAPH:
        return None
    rank = lexicon.UNIT_RANK[unit]
    outer = [] if node.kind is Kind.ARTICLE else [s for s in steps if lexicon.UNIT_RANK.get(s.unit, rank) < rank]
    prefix = "".join(s.words() for s in outer)
    return Event(label, scope_of(node), node.num, prefix, unit, added, vacant)


def sort_numbered(tree: WorkTree, ids: set[str]) -> None:
    """Put the numbered siblings of each provision in *ids* in number order, in place.

    Other siblings (unnumbered paragraphs, other kinds) keep their positions; a
    renumbered provision moves with everything below it.
    """
    nodes = [tree.node(i) for i in ids if i in tree.index]
    for parent in {id(n.parent): n.parent for n in nodes}.values():
        children = tree.children_of(parent)
        for kind in {n.kind for n in nodes if n.parent is parent}:
            slots = [k for k, c in enumerate(children) if c.kind is kind and c.num is not None]
            ordered = sorted((children[k] for k in slots), key=_num_key)
            for k, child in zip(slots, ordered, strict=True):
                children[k] = child


def _num_key(node: Node) -> tuple[int, int]:
    return node.num.key if node.num is not None else (0, 0)


def duplicate_number(tree: WorkTree) -> tuple[Node, Node] | None:
    """Two siblings of one kind that share a number (the first such pair), or None."""
    for parent in [None, *tree.index.values()]:
        seen: dict[tuple[Kind, tuple[int, int]], Node] = {}
        for child in tree.children_of(parent):
            if child.num is None:
                continue
            key = (child.kind, child.num.key)
            if key in seen:
                return seen[key], child
            seen[key] = child
    return None


def settle(
    tree: WorkTree, before: Document, events: list[Event], numbered: dict[str, str], told: set[Kind]
) -> list[str]:
    """Close the gaps *events* left, as :data:`MOVE_UP` kinds do, or raise a :class:`GapError`;
    then the notes: one per provision renumbered unsaid, one per number kept vacant.

    *numbered* maps the ids whose numbers the notice stated (added or renumbered) to their
    item's label; *told* holds the kinds the notice resequenced (条文顺序作相应调整).
    """
    if not events:  # nothing numbered was added or deleted: no gap, no note (and no copy of *before*)
        return []
    original = WorkTree.of(before)
    scopes = {e.scope: [x for x in events if x.scope == e.scope] for e in events}
    for scope, own in scopes.items():
        if scope[1] not in told:
            _close(_members(original, scope), _members(tree, scope), own, numbered)
    was = {p.id: p.num for p in before.walk() if p.num is not None}
    notes = []
    for scope, own in scopes.items():
        for node in _members(tree, scope) if scope[1] not in told else []:
            if node.id not in numbered and was.get(node.id, node.num) != node.num:
                notes.append(_renumbered(node, was[node.id], own))
        notes.extend(_kept_vacant(_members(tree, scope), own))
    return notes


def _members(tree: WorkTree, scope: Scope) -> list[Node]:
    parent, kind = scope
    if kind is Kind.ARTICLE:
        pool = tree.walk()
    elif parent is None or parent in tree.index:
        pool = tree.children_of(tree.index[parent] if parent else None)
    else:
        return []  # the parent went too
    return [n for n in pool if n.kind is kind and n.num is not None]


def _regular(members: list[Node]) -> bool:
    """Whether the plain numbers of *members* are 1, 2, … n (in any order)."""
    plain = sorted(n.num.value for n in members if n.num is not None and not n.num.sub)
    return plain == list(range(1, len(plain) + 1))


def _close(was: list[Node], now: list[Node], events: list[Event], numbered: dict[str, str]) -> None:
    """Number the list 1, 2, … in number order (之 numbers follow theirs) where the notice left a gap
    in a list that had none; a :class:`GapError` where that is not the official reading."""
    gone = [e for e in events if not e.added]
    if _regular(now) or not _regular(was) or (gone and all(e.vacant for e in gone)):
        return
    plan, count = [], 0
    for node in sorted(now, key=_num_key):
        assert node.num is not None
        count += 0 if node.num.sub else 1
        plan.append((node, Num(count, node.num.sub) if count else node.num))
    stated = any(node.id in numbered and node.num != num for node, num in plan)
    if now[0].kind not in MOVE_UP or stated:
        raise GapError(_gap(now, events, numbered))
    for node, num in plan:
        node.num = num


def _gap(now: list[Node], events: list[Event], numbered: dict[str, str]) -> str:
    plain = {n.num.value for n in now if n.num is not None and not n.num.sub}
    vacant = Num(min(v for v in range(1, max(plain) + 2) if v not in plain))
    after = min((n for n in now if n.num is not None and n.num.key > vacant.key), key=_num_key)
    first = events[0]
    gone = [e for e in events if not e.added and not e.vacant]
    assert after.num is not None
    if gone:
        how = "条文顺序作相应调整, or the new numbers" if after.kind is Kind.ARTICLE else "the new numbers"
        deleted, before = gone[0].named(gone[0].num), first.named(after.num)
        return (
            f"item {gone[0].label}: deleting {deleted} leaves a gap before {before}: "
            f"state the renumbering ({how}) or keep {first.named(vacant)} vacant (renumber: false)"
        )
    label = numbered.get(after.id, first.label)
    return f"item {label}: renumbering leaves {first.named(vacant)} vacant before {first.named(after.num)}"


def _renumbered(node: Node, was: Num, events: list[Event]) -> str:
    assert node.num is not None
    causes = [e for e in events if e.num.key <= was.key and (e.added or e.num.key < was.key)] or events
    first, now = causes[0], Step(causes[0].unit, node.num).words()
    return f"item {first.label}: {first.named(was)} renumbered {now} after {_why(causes)}"


def _why(causes: list[Event]) -> str:
    added = [e.named(e.num) for e in causes if e.added]
    gone = [e.named(e.num) for e in causes if not e.added]
    said = []
    if added:
        said.append(f"a new {added[0]} was added" if len(added) == 1 else f"new {'、'.join(added)} were added")
    if gone:
        said.append(f"{'、'.join(gone)} {'was' if len(gone) == 1 else 'were'} deleted")
    return " and ".join(said)


def _kept_vacant(now: list[Node], events: list[Event]) -> list[str]:
    taken = {n.num.key for n in now if n.num is not None}
    last = max(taken, default=(0, 0))
    return [
        f"item {e.label}: {e.named(e.num)} was deleted; its number stays vacant (renumber: false)"
        for e in events
        if e.vacant and not e.added and e.num.key not in taken and e.num.key < last
    ]
