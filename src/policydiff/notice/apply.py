"""Applying a notice's operations to a document: resolve everything, then edit by id.

Every address of every item is resolved against the version being amended before
anything changes, so items cannot disturb each other's addresses. The edits then
go to a working copy (:mod:`.tree`); the new version exists only if every item
applied and every restatement matched. Nothing is guessed: words found zero times
or more than once, a provision not found, or a numbering left with a duplicate is
an :class:`ApplyError` naming the item and the address.

Nothing is silent either: where the text needs what the notice does not say (a number
moved by an insertion or deletion, a joint for words added at the start, a mark a deletion
would leave dangling, the final mark of a list that gained or lost its last item), the
official reading is taken and said in :attr:`Applied.warnings`, one line naming the item.

After the items, in this order: siblings whose numbers an item changed are put in
number order (``将第二条修改为第六条`` moves the article); a requested resequencing
(条文顺序作相应调整) numbers the articles in document order; no two siblings of one kind
may share a number; and a gap left by a deletion is closed or refused (:mod:`.sequence`).

:class:`Applied` is a named tuple and the run's state a plain class with ``__slots__``, not
dataclasses: a dataclass's class costs some 0.5 ms to make at every start of a command that
applies a notice (issue 19), a named tuple's or a plain class's a fraction of that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, assert_never

from policydiff.errors import FailedError
from policydiff.model import Document, Kind
from policydiff.notice import sequence, structops, textops
from policydiff.notice.address import AddressError, Target, parse_address, resolve
from policydiff.notice.ops import (
    Check,
    DeleteProvision,
    DeleteText,
    InsertProvision,
    InsertText,
    Item,
    Operation,
    Rename,
    Renumber,
    ReplaceProvision,
    ReplaceText,
    Resequence,
)
from policydiff.notice.tree import Node, WorkTree


class ApplyError(FailedError):
    """An item that cannot be applied exactly."""


#: What is said of a list's old last item when a new one follows it, and of the new last one when it went.
LIST_GAINED = "no longer ends the list: its “。” becomes “；”"
LIST_LOST = "now ends the list: its “；” becomes “。”"


class Applied(NamedTuple):
    """The new version and what changed: ids of the provisions each item touched; *warnings*,
    one line each, what was assumed or done that the notice does not say (see :func:`apply_operations`)."""

    document: Document
    changed: tuple[tuple[str, tuple[str, ...]], ...]
    warnings: tuple[str, ...] = ()


class _Run:
    __slots__ = ("events", "notes", "numbered_by", "original", "renumbered", "resequence", "targets", "touched", "tree")

    def __init__(self, tree: WorkTree, original: Document) -> None:
        self.tree = tree
        self.original = original
        self.targets: dict[tuple[int, int], Target] = {}
        self.renumbered: set[str] = set()
        self.touched: list[str] = []
        self.numbered_by: dict[str, str] = {}  # node id → label of the item that numbered it
        self.resequence: list[tuple[Item, Resequence]] = []
        self.events: list[sequence.Event] = []  # numbered provisions added and deleted
        self.notes: list[str] = []  # what was done that the notice does not say


def apply_operations(doc: Document, items: Sequence[Item], *, retired: frozenset[str] = frozenset()) -> Applied:
    """*doc* amended by *items*, all or nothing; *doc* itself is never changed.

    References are left as they are: :func:`policydiff.crossref.amend.apply_items` applies and
    then makes the references of untouched provisions follow the renumbering. The warnings are
    the items' assumptions, then what applying did that the notice does not say.
    """
    run = _Run(WorkTree.of(doc, retired), doc)
    for i, item in enumerate(items):
        for n, op in enumerate(item.operations):
            run.targets[i, n] = target = _resolve(doc, item, op)
            if isinstance(op, Renumber):
                run.renumbered.add(target.id)
    changed: list[tuple[str, tuple[str, ...]]] = []
    warnings = [f"{item_name(item.label)}: {note}" for item in items for note in item.assumptions]
    for i, item in enumerate(items):
        run.touched = []
        for n, op in enumerate(item.operations):
            _apply(run, item, op, run.targets[i, n])
        changed.append((item.label, tuple(dict.fromkeys(run.touched))))
    warnings += _in_item_order(items, [*run.notes, *_finish(run)])
    return Applied(run.tree.freeze(), tuple(changed), tuple(warnings))


def item_name(label: str) -> str:
    """How a message names the item labelled *label*: ``item 3``, or ``item`` when it has no label
    (the items of a decision's headed part are often not numbered)."""
    return f"item {label}" if label else "item"


def _in_item_order(items: Sequence[Item], notes: list[str]) -> list[str]:
    """*notes* (each ``item LABEL: …``) sorted by their item's place in the notice, stably."""
    order = {f"{item_name(item.label)}": n for n, item in enumerate(items)}
    return sorted(notes, key=lambda note: order.get(note.split(": ", 1)[0], len(order)))


def _finish(run: _Run) -> list[str]:
    """Number order, requested resequencing, the duplicate check, then the gaps; the notes of those."""
    sequence.sort_numbered(run.tree, set(run.numbered_by))
    for item, op in run.resequence:
        try:
            structops.resequence(run.tree, op.unit)
        except FailedError as exc:
            raise ApplyError(f"{item_name(item.label)}: {exc.message}") from None
    clash = sequence.duplicate_number(run.tree)
    if clash is not None:
        first, second = clash
        label = run.numbered_by.get(second.id) or run.numbered_by.get(first.id)
        shown = run.tree.doc.numbering.label(second.kind, second.num) if second.num else second.id
        message = f"renumbering leaves two provisions numbered {shown} ({first.id}, {second.id})"
        raise ApplyError(f"{item_name(label)}: {message}" if label else message)
    told = {structops.KIND_OF_UNIT[op.unit] for _, op in run.resequence}
    try:
        return sequence.settle(run.tree, run.original, run.events, run.numbered_by, told)
    except sequence.GapError as exc:
        raise ApplyError(exc.message) from None


def _address_of(op: Operation) -> str:
    if isinstance(op, Resequence):
        return ""
    return op.parent if isinstance(op, InsertProvision) else op.address


def _resolve(doc: Document, item: Item, op: Operation) -> Target:
    words = _address_of(op)
    if not words and not isinstance(op, InsertProvision | Resequence):  # those two may act on the top
        raise ApplyError(f"{item_name(item.label)}: {op.op} names no provision (its address is empty)")
    if not words:
        return Target("")
    try:
        return resolve(doc, parse_address(words))
    except AddressError as exc:
        raise ApplyError(f"{item_name(item.label)}: {exc.message}") from None


def _apply(run: _Run, item: Item, op: Operation, target: Target) -> None:
    if target.title and not isinstance(op, ReplaceText | DeleteText | Rename):  # the title has words only
        raise ApplyError(f"{item_name(item.label)}: {op.op} cannot act on the title (名称)")
    if target.id and target.id not in run.tree.index:  # addresses are read before any item applies
        where = _address_of(op)
        raise ApplyError(f"{item_name(item.label)}: {where}: an earlier operation of this notice deleted it")
    try:
        _dispatch(run, item, op, target)
    except FailedError as exc:
        where = _address_of(op)
        raise ApplyError(f"{item_name(item.label)}: {where + ': ' if where else ''}{exc.message}") from None
    if target.id and not isinstance(op, InsertProvision | ReplaceText | DeleteText):
        run.touched.append(target.id)  # words edited say which provisions they changed themselves


def _dispatch(run: _Run, item: Item, op: Operation, target: Target) -> None:
    tree = run.tree
    if isinstance(op, InsertText):
        _say(run, item, op, [_insert_text(tree.node(target.id), op, target)])
    elif isinstance(op, ReplaceText | DeleteText):
        _say(run, item, op, _edit_words(tree, op, target, run.touched))
    elif isinstance(op, ReplaceProvision):
        structops.replace_provision(tree, tree.node(target.id), op, target)
    elif isinstance(op, InsertProvision):
        _insert_provision(run, item, op, target)
    elif isinstance(op, DeleteProvision):
        _delete_provision(run, item, op, target)
    elif isinstance(op, Renumber):
        structops.renumber(tree.node(target.id), op.to)
        run.numbered_by[target.id] = item.label
    elif isinstance(op, Resequence):
        run.resequence.append((item, op))  # after every other edit of the notice
    elif isinstance(op, Rename):
        _rename(tree, target, op)
    elif isinstance(op, Check):
        _check(tree, tree.node(target.id), op)
    else:
        assert_never(op)


def _say(run: _Run, item: Item, op: Operation, phrases: Sequence[str | None]) -> None:
    run.notes.extend(f"{item_name(item.label)}: {_address_of(op)}: {p}" for p in phrases if p)


def _insert_provision(run: _Run, item: Item, op: InsertProvision, target: Target) -> None:
    tree, marks = run.tree, list[Node]()
    new_id = structops.insert_provision(tree, tree.node(target.id) if target.id else None, op, run.renumbered, marks)
    run.touched.append(new_id)
    run.numbered_by[new_id] = item.label
    added = sequence.event(item.label, op.parent, tree.node(new_id), added=True, unit=op.kind)
    if added is not None and op.renumber:
        run.events.append(added)
    for node in marks:  # the old last item of the list
        run.notes.append(f"{item_name(item.label)}: {_named(run, added, node)} {LIST_GAINED}")


def _delete_provision(run: _Run, item: Item, op: DeleteProvision, target: Target) -> None:
    node, marks = run.tree.node(target.id), list[Node]()
    gone = None if target.own else sequence.event(item.label, op.address, node, added=False, vacant=not op.renumber)
    structops.delete_provision(run.tree, node, own=target.own, marks=marks)
    if gone is not None:
        run.events.append(gone)
    for last in marks:  # the new last item of the list
        run.notes.append(f"{item_name(item.label)}: {_named(run, gone, last)} {LIST_LOST}")


def _named(run: _Run, event: sequence.Event | None, node: Node) -> str:
    if event is not None and node.num is not None:
        return event.named(node.num)
    return run.tree.doc.numbering.label(node.kind, node.num) if node.num else node.id


def _text(node: Node) -> str:
    if node.text is None:
        raise ApplyError(f"{node.id} has no text to edit (it has only a heading)")
    return node.text


def _insert_text(node: Node, op: InsertText, target: Target) -> str | None:
    """Insert the words; what is said of a joint the notice did not quote, or None."""
    text, pos = _text(node), op.position
    op = op._replace(text=textops.normalise_quotes(op.text))
    if pos.where == "start":  # of the provision, or of the sentences addressed
        at = target.span[0] if target.span is not None else 0
        joined, joint = textops.prepend(text[at:], op.text)
        node.text = text[:at] + joined
        return f"“{_short(op.text)}” ends in no mark: “{joint}” joins it to the text after it" if joint else None
    if target.span is not None:
        end = target.span[1]
        node.text = text[:end] + textops.with_terminal(op.text, textops.terminal_mark(text[:end])) + text[end:]
    elif pos.where == "end":
        node.text = textops.append(text, op.text)
    else:
        if not pos.anchor:  # a hand-edited notice.yaml can say before/after without the words
            raise ApplyError(f"position {pos.where} needs an anchor: the words to insert {pos.where}")
        start, end = _find_once(text, pos.anchor, None)
        node.text = textops.insert_beside(text, start, end, op.text, pos.where == "after")
    return None


def _find_once(text: str, words: str, occurrence: int | None) -> tuple[int, int]:
    form, hits = textops.locate(text, words)
    _count_ok(words, len(hits), occurrence)
    start = hits[(occurrence or 1) - 1]
    return start, start + len(form)


def _count_ok(words: str, found: int, occurrence: int | None) -> None:
    if not found:
        raise ApplyError(f"“{_short(words)}” not found in the text")
    if occurrence is None and found > 1:
        raise ApplyError(f"“{_short(words)}” occurs {found} times; state which occurrence")
    if occurrence is not None and not 1 <= occurrence <= found:
        raise ApplyError(f"“{_short(words)}” occurs {found} times, not {occurrence}")


class _Title:
    """The document title, edited like a provision's text."""

    def __init__(self, tree: WorkTree) -> None:
        self.tree = tree

    @property
    def text(self) -> str:
        return self.tree.title

    @text.setter
    def text(self, value: str) -> None:
        self.tree.title = value


def _edit_words(tree: WorkTree, op: ReplaceText | DeleteText, target: Target, touched: list[str]) -> list[str]:
    """Replace or delete words in the provision: its own text, or (for a whole provision)
    the texts of everything below it, counted together so “occurs twice” spans them all.

    The ids of the provisions whose words changed go to *touched* (the 款 or 项 that holds them,
    not the article addressed). Returns what is said of each mark a deletion took with the
    words (:func:`.textops.delete_at`)."""
    holders: list[Node | _Title | _Heading]
    if target.everywhere:
        holders = [_Title(tree), *_everything(tree)]
    else:
        holders = [_Title(tree)] if target.title else [*_holders(tree.node(target.id), target)]
    new = textops.normalise_quotes(op.new) if isinstance(op, ReplaceText) else ""
    every = isinstance(op, ReplaceText) and op.every
    hits = [(h, form, at) for h in holders for form, at in _hits(h.text, op.old)]
    if every:
        _count_ok(op.old, min(len(hits), 1), None)  # found at least once
        chosen = hits
    else:
        _count_ok(op.old, len(hits), op.occurrence)
        chosen = [hits[(op.occurrence or 1) - 1]]
    said: list[str] = []
    touched.extend(dict.fromkeys(_id_of(holder) for holder, _, _ in chosen if _id_of(holder)))
    for holder, form, at in reversed(chosen):  # from the end, so earlier offsets stay valid
        assert holder.text is not None
        if new:
            holder.text = textops.replace_at(holder.text, at, at + len(form), new)
            continue
        holder.text, tidied = textops.delete_at(holder.text, at, at + len(form))
        said += [f"deleting “{_short(op.old)}” leaves {tidied}"] if tidied else []
    return said[::-1]


def _id_of(holder: Node | _Title | _Heading) -> str:
    if isinstance(holder, _Heading):
        return holder.node.id
    return "" if isinstance(holder, _Title) else holder.id


class _Heading:
    """A provision's heading (第一章 总则), edited like a text when a term changes throughout."""

    def __init__(self, node: Node) -> None:
        self.node = node

    @property
    def text(self) -> str | None:
        return self.node.heading

    @text.setter
    def text(self, value: str) -> None:
        self.node.heading = value


def _everything(tree: WorkTree) -> list[Node | _Heading]:
    """Every heading and text of the document, in reading order."""
    out: list[Node | _Heading] = []
    for node in tree.walk():
        if node.heading is not None:
            out.append(_Heading(node))
        if node.text is not None:
            out.append(node)
    return out


def _holders(node: Node, target: Target) -> list[Node | _Title]:
    if target.own or target.span is not None:
        return [node]
    out: list[Node | _Title] = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(current.children))
    return [h for h in out if h.text is not None]


def _hits(text: str | None, words: str) -> list[tuple[str, int]]:
    form, starts = textops.locate(text or "", words)
    return [(form, at) for at in starts]


def _rename(tree: WorkTree, target: Target, op: Rename) -> None:
    if target.title:
        if op.old is not None and op.old != tree.title:
            raise ApplyError(f"the title is “{tree.title}”, not “{op.old}”")
        tree.title = op.heading
        return
    node = tree.node(target.id)
    if op.old is not None and textops.normalise_quotes(op.old) != node.heading:
        raise ApplyError(f"the heading is “{node.heading}”, not “{op.old}”")
    node.heading = op.heading


def _check(tree: WorkTree, node: Node, op: Check) -> None:
    actual = structops.paragraphs_of(node, tree.doc)
    expected = [textops.normalise_quotes(p) for p in op.paragraphs]
    if actual != expected:
        raise ApplyError(f"restatement does not match the amended text: {_first_difference(actual, expected)}")


def _first_difference(actual: list[str], expected: list[str]) -> str:
    for a, e in zip(actual, expected, strict=False):
        if a != e:
            at = next((i for i, (x, y) in enumerate(zip(a, e, strict=False)) if x != y), min(len(a), len(e)))
            return f"at character {at + 1}: amended “{_short(a[at:])}”, restated “{_short(e[at:])}”"
    return f"amended text has {len(actual)} paragraphs, restated {len(expected)}"


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:23] + "…"


__all__ = ["Applied", "ApplyError", "Kind", "apply_operations"]
