"""Applying a notice's operations to a document: resolve everything, then edit by id.

Every address of every item is resolved against the version being amended before
anything changes, so items cannot disturb each other's addresses. The edits then
go to a working copy (:mod:`.tree`); the new version exists only if every item
applied and every restatement matched. Nothing is guessed: words found zero times
or more than once, a provision not found, or a numbering left with a duplicate is
an :class:`ApplyError` naming the item and the address.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from policydiff.errors import FailedError
from policydiff.model import Document, Kind
from policydiff.notice import structops, textops
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
)
from policydiff.notice.tree import Node, WorkTree


class ApplyError(FailedError):
    """An item that cannot be applied exactly."""


@dataclass(frozen=True, slots=True)
class Applied:
    """The new version and what changed: ids of the provisions each item touched."""

    document: Document
    changed: tuple[tuple[str, tuple[str, ...]], ...]
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class _Run:
    tree: WorkTree
    original: Document
    targets: dict[int, Target] = field(default_factory=dict)
    renumbered: set[str] = field(default_factory=set)
    touched: list[str] = field(default_factory=list)


def apply_items(doc: Document, items: Sequence[Item], *, retired: frozenset[str] = frozenset()) -> Applied:
    """*doc* amended by *items*, all or nothing."""
    run = _Run(WorkTree.of(doc, retired), doc)
    for item in items:
        for n, op in enumerate(item.operations):
            run.targets[_key(item, n)] = _resolve(doc, item, op)
            if isinstance(op, Renumber):
                run.renumbered.add(run.targets[_key(item, n)].id)
    changed: list[tuple[str, tuple[str, ...]]] = []
    warnings = [f"item {item.label}: {note}" for item in items for note in item.assumptions]
    for item in items:
        run.touched = []
        for n, op in enumerate(item.operations):
            _apply(run, item, op, run.targets[_key(item, n)])
        changed.append((item.label, tuple(dict.fromkeys(run.touched))))
        try:
            structops.check_numbering(run.tree)
        except FailedError as exc:
            raise ApplyError(f"item {item.label}: {exc.message}") from None
    return Applied(run.tree.freeze(), tuple(changed), tuple(warnings))


def _key(item: Item, n: int) -> int:
    return id(item) * 1000 + n


def _address_of(op: Operation) -> str:
    return op.parent if isinstance(op, InsertProvision) else op.address


def _resolve(doc: Document, item: Item, op: Operation) -> Target:
    words = _address_of(op)
    if isinstance(op, InsertProvision) and not words:
        return Target("")
    try:
        return resolve(doc, parse_address(words))
    except AddressError as exc:
        raise ApplyError(f"item {item.label}: {exc.message}") from None


def _apply(run: _Run, item: Item, op: Operation, target: Target) -> None:
    try:
        _dispatch(run, op, target)
    except FailedError as exc:
        raise ApplyError(f"item {item.label}: {_address_of(op)}: {exc.message}") from None
    if target.id and not isinstance(op, InsertProvision):
        run.touched.append(target.id)


def _dispatch(run: _Run, op: Operation, target: Target) -> None:
    tree = run.tree
    if isinstance(op, InsertText):
        _insert_text(tree.node(target.id), op, target)
    elif isinstance(op, ReplaceText | DeleteText):
        _replace_text(tree.node(target.id), op.old, op.new if isinstance(op, ReplaceText) else "", op.occurrence)
    elif isinstance(op, ReplaceProvision):
        structops.replace_provision(tree, tree.node(target.id), op, target.span, target.own)
    elif isinstance(op, InsertProvision):
        node = tree.node(target.id) if target.id else None
        run.touched.append(structops.insert_provision(tree, node, op, run.renumbered))
    elif isinstance(op, DeleteProvision):
        structops.delete_provision(tree, tree.node(target.id), run.original)
    elif isinstance(op, Renumber):
        structops.renumber(tree.node(target.id), op.to)
    elif isinstance(op, Rename):
        _rename(tree, target, op)
    elif isinstance(op, Check):
        _check(tree, tree.node(target.id), op)


def _text(node: Node) -> str:
    if node.text is None:
        raise ApplyError(f"{node.id} has no text to edit (it has only a heading)")
    return node.text


def _insert_text(node: Node, op: InsertText, target: Target) -> None:
    text, pos = _text(node), op.position
    op = dataclasses.replace(op, text=textops.normalise_quotes(op.text))
    if target.span is not None:
        end = target.span[1]
        node.text = text[:end] + textops.with_terminal(op.text, textops.terminal_mark(text[:end])) + text[end:]
    elif pos.where == "end":
        node.text = textops.append(text, op.text)
    elif pos.where == "start":
        node.text = textops.with_terminal(op.text, textops.terminal_mark(text)) + text
    else:
        assert pos.anchor is not None
        start, end = _find_once(text, pos.anchor, None)
        node.text = textops.insert_beside(text, start, end, op.text, pos.where == "after")


def _find_once(text: str, words: str, occurrence: int | None) -> tuple[int, int]:
    form, hits = textops.locate(text, words)
    if not hits:
        raise ApplyError(f"“{_short(words)}” not found in the text")
    if occurrence is None and len(hits) > 1:
        raise ApplyError(f"“{_short(words)}” occurs {len(hits)} times; state which occurrence")
    if occurrence is not None and not 1 <= occurrence <= len(hits):
        raise ApplyError(f"“{_short(words)}” occurs {len(hits)} times, not {occurrence}")
    start = hits[(occurrence or 1) - 1]
    return start, start + len(form)


def _replace_text(node: Node, old: str, new: str, occurrence: int | None) -> None:
    text = _text(node)
    start, end = _find_once(text, old, occurrence)
    node.text = text[:start] + textops.normalise_quotes(new) + text[end:]


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


__all__ = ["Applied", "ApplyError", "Kind", "apply_items"]
