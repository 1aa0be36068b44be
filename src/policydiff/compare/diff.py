"""The changes between two versions of a document, provision by provision.

Provisions are matched by their stable id, never by number or position, so a
renumbered provision is followed through its new number. For every id:

- only in the new version: **added**; only in the old: **deleted**;
- in both, **moved** when its parent differs, or when its place among the
  siblings it keeps (same parent in both versions) is out of order. The
  siblings that stay in place are a longest subsequence of them in their old
  relative order (the fewest moves that explain the new order; ties are broken
  deterministically, see :func:`_keep_in_order`). Insertions and deletions
  alone therefore never make a provision moved. Only the provision itself is
  reported, not the descendants that travel with it; if its words changed too,
  the moved change carries their segments;
- otherwise **renumbered** when its label (``第十条``, ``9.``) changed and its
  own text after the label did not;
- otherwise **modified** when its own text changed. A provision that was both
  renumbered and reworded is one *modified* change with both addresses, and
  its segments include the label.

A change of punctuation width (``（`` / ``(``, ``，`` / ``,``) or of spacing
only is *modified* with :attr:`Change.formatting_only`; with
``ignore_formatting`` it is left out (or reported as *renumbered* when the
label changed too). A title change is a *modified* change with id ``""``.

Changes come in the new document's order, the title first; a deleted
provision comes where it stood in the old version.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, NamedTuple

from policydiff.compare.textdiff import Segment, segments
from policydiff.model import Document, Provision
from policydiff.model.plaintext import Chains, chains, own_lines, path_label
from policydiff.zh.lazyre import lazy

ChangeKind = Literal["added", "deleted", "modified", "renumbered", "moved"]

#: Each kind of change in Chinese, as the comparison table's 说明 and every Chinese output name it.
KIND_WORDS: dict[ChangeKind, str] = {
    "modified": "修改",
    "added": "新增",
    "deleted": "删除",
    "renumbered": "序号调整",
    "moved": "移动",
}
#: A modification of punctuation width or spacing only.
FORMATTING_WORD = "仅标点或空格"

#: The id of the title in a change list.
TITLE_ID = ""

# Full-width ASCII (U+FF01–FF5E) maps to ASCII, half-width CJK marks to full width.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0xFF61: "。", 0xFF62: "「", 0xFF63: "」", 0xFF64: "、"}
_SPACE = lazy(r"[^\S\n]+")  # lazy: only --ignore-formatting uses it


class Change(NamedTuple):
    """One provision's change between two versions.

    ``old_address``/``new_address`` are :func:`~policydiff.model.plaintext.path_label`
    in each version and ``old_text``/``new_text`` the provision's own lines
    (:func:`~policydiff.model.plaintext.own_text`, label included), None on the side
    where the provision does not exist. ``segments`` is the diff of ``old_text``
    to ``new_text`` for *modified* changes, and for *moved* ones whose words
    (the text after the label) changed too; it rebuilds both texts exactly.

    A named tuple (immutable, compared by value like a frozen dataclass): creating a dataclass's
    class costs some 0.4 ms at every start of ``diff``, a named tuple's a seventh of that.
    """

    kind: ChangeKind
    id: str
    old_address: str | None
    new_address: str | None
    old_text: str | None
    new_text: str | None
    segments: tuple[Segment, ...] = ()
    formatting_only: bool = False


class _Place(NamedTuple):  # one per provision of both versions: a tuple is the cheapest to make
    provision: Provision
    parent: str | None
    position: int


def formatting_key(text: str) -> str:
    """*text* with punctuation width and spacing normalised; equal keys differ only in formatting."""
    return _SPACE.sub("", text.translate(_WIDTH))


class _Side:
    """One version being compared: the document, its :func:`_places`, and
    :func:`~policydiff.model.plaintext.path_label` of its provisions."""

    __slots__ = ("_chains", "doc", "places")

    def __init__(self, doc: Document, places: dict[str, _Place], ids: list[str]) -> None:
        self.doc = doc
        self.places = places
        # A provision's chain is found by its parents' ids when every id is once in the document (as
        # a stored one's is): no second walk of a long law for the few it changes. Else the chains
        # are found once, as path_label does (the first provision of each id).
        self._chains: Chains | None = None if len(places) == len(ids) else chains(doc)

    def address(self, pid: str) -> str:
        """Where *pid* is in this version, as :func:`~policydiff.model.plaintext.path_label` says it."""
        if self._chains is not None:
            return path_label(self.doc, pid, self._chains)
        chain = []
        at: str | None = pid
        while at is not None:
            place = self.places[at]
            chain.append(place.provision)
            at = place.parent
        return path_label(self.doc, pid, {pid: tuple(reversed(chain))})


def diff_documents(old: Document, new: Document, *, ignore_formatting: bool = False) -> tuple[Change, ...]:
    """The changes from *old* to *new*, in the new document's order (deletions at their old place)."""
    old_ids: list[str] = []
    new_ids: list[str] = []
    before, after = _places(old, old_ids), _places(new, new_ids)
    moved = _moved(before, after)
    sides = _Side(old, before, old_ids), _Side(new, after, new_ids)
    same_numbering = old.numbering == new.numbering
    found: dict[str, Change] = {}
    for pid, place in after.items():
        if pid not in before:
            found[pid] = _one_side("added", sides[1], place.provision)
            continue
        p, q = before[pid].provision, place.provision
        if same_numbering and pid not in moved and _same_words(p, q):
            continue  # the same own text, without computing it: most provisions of a version
        change = _compare(sides, p, q, pid in moved, ignore_formatting)
        if change is not None:
            found[pid] = change
    gone = {pid: _one_side("deleted", sides[0], place.provision) for pid, place in before.items() if pid not in after}
    title = _title(old, new, ignore_formatting)
    return (*title, *_in_order(old_ids, new_ids, found, gone, moved))


def _places(doc: Document, ids: list[str]) -> dict[str, _Place]:
    """Every provision by id, with its parent's id and its index among its siblings; every id is
    appended to *ids* in document order too (:meth:`~policydiff.model.Document.walk`'s)."""
    out: dict[str, _Place] = {}

    def visit(children: tuple[Provision, ...], parent: str | None) -> None:
        for n, child in enumerate(children):
            out[child.id] = _Place(child, parent, n)
            ids.append(child.id)
            visit(child.children, child.id)

    visit(doc.provisions, None)
    return out


def _moved(before: dict[str, _Place], after: dict[str, _Place]) -> set[str]:
    """Ids whose parent changed, or that are out of order among the siblings they keep."""
    moved = {pid for pid, place in after.items() if pid in before and before[pid].parent != place.parent}
    families: dict[str | None, list[str]] = {}
    for pid, place in after.items():  # dicts keep document order, so siblings come in new order
        if pid in before and pid not in moved:
            families.setdefault(place.parent, []).append(pid)
    for siblings in families.values():
        positions = [before[pid].position for pid in siblings]
        if positions == sorted(positions):  # in order, as most are (positions differ): every one kept
            continue
        kept = _keep_in_order(positions)
        moved.update(pid for n, pid in enumerate(siblings) if n not in kept)
    return moved


def _keep_in_order(positions: list[int]) -> set[int]:
    """Indexes of a longest increasing subsequence of *positions* (patience sorting).

    Deterministic: among equally long choices it keeps, at every length, the
    candidate with the smallest old position seen last, so of two swapped
    siblings the one that now comes first is the one reported as moved.
    """
    from bisect import bisect_left

    tails: list[int] = []  # old position ending the best run of each length
    tail_index: list[int] = []
    back: list[int] = []
    for n, pos in enumerate(positions):
        k = bisect_left(tails, pos)
        back.append(tail_index[k - 1] if k else -1)
        if k == len(tails):
            tails.append(pos)
            tail_index.append(n)
        else:
            tails[k], tail_index[k] = pos, n
    kept: set[int] = set()
    n = tail_index[-1] if tail_index else -1
    while n >= 0:
        kept.add(n)
        n = back[n]
    return kept


def _same_words(p: Provision, q: Provision) -> bool:
    """Whether *p* and *q* have the same own text under one numbering: what that text is made of.

    Provisions an amendment left alone are often the very same object (the replay cache shares them)."""
    return p is q or (p.kind, p.num, p.heading, p.text, p.sep) == (q.kind, q.num, q.heading, q.text, q.sep)


def _own(doc: Document, p: Provision) -> str:
    """The provision's own lines (what :func:`~policydiff.model.plaintext.own_text` gives), without a tree search."""
    return "\n".join(own_lines(doc, p))


def _one_side(kind: Literal["added", "deleted"], side: _Side, p: Provision) -> Change:
    address, text = side.address(p.id), _own(side.doc, p)
    if kind == "added":
        return Change(kind, p.id, None, address, None, text)
    return Change(kind, p.id, address, None, text, None)


def _compare(
    sides: tuple[_Side, _Side], p: Provision, q: Provision, moved: bool, ignore_formatting: bool
) -> Change | None:
    """The change of a provision present in both versions, or None."""
    old, new = sides[0].doc, sides[1].doc
    old_text, new_text = _own(old, p), _own(new, q)
    if old_text == new_text and not moved:
        return None
    old_label, new_label = old.label(p), new.label(q)
    relabelled = old_label != new_label
    old_body, new_body = old_text[len(old_label) :], new_text[len(new_label) :]

    def change(kind: ChangeKind, diff: bool = False, formatting: bool = False) -> Change:
        parts = segments(old_text, new_text) if diff else ()
        addresses = sides[0].address(p.id), sides[1].address(q.id)
        return Change(kind, p.id, *addresses, old_text, new_text, parts, formatting)

    if moved:
        return change("moved", diff=old_body != new_body)
    if old_body == new_body:
        return change("renumbered")
    formatting = formatting_key(old_body) == formatting_key(new_body)
    if formatting and ignore_formatting:
        return change("renumbered") if relabelled else None
    return change("modified", diff=True, formatting=formatting and not relabelled)


def _title(old: Document, new: Document, ignore_formatting: bool) -> tuple[Change, ...]:
    if old.title == new.title:
        return ()
    formatting = formatting_key(old.title) == formatting_key(new.title)
    if formatting and ignore_formatting:
        return ()
    where = path_label(new, TITLE_ID)
    parts = segments(old.title, new.title)
    return (Change("modified", TITLE_ID, where, where, old.title, new.title, parts, formatting),)


def _in_order(
    old_ids: list[str], new_ids: list[str], found: dict[str, Change], gone: dict[str, Change], moved: set[str]
) -> Iterator[Change]:
    """Changes in new document order.

    A deleted provision comes after the provision it followed in the old version
    (the nearest one that still exists and did not move), or first if none did.
    """
    after_anchor: dict[str | None, list[Change]] = {}
    anchor: str | None = None
    for pid in old_ids:
        if pid in gone:
            after_anchor.setdefault(anchor, []).append(gone[pid])
        elif pid not in moved:
            anchor = pid
    yield from after_anchor.get(None, [])
    for pid in new_ids:
        if pid in found:
            yield found[pid]
        yield from after_anchor.get(pid, [])
