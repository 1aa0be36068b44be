"""Importing a file that holds an amendment notice and the full text it re-issues.

The file is split by :func:`policydiff.importing.reissued.split_reissued`; the notice is parsed
(:func:`~policydiff.notice.parse.parse_wording`) and the re-issued text imported. Then:

* **the document exists** (its current title is the notice's target, :func:`.instruments.titles_in`):
  the notice is applied to its current version, as ``apply`` would, and the result must equal the
  re-issued text provision by provision; if it does, the amendment is recorded (the instrument
  kept in ``notices/``), else nothing is written and each differing provision is named.
* **it does not**: the text before the notice is derived by undoing the notice's items on the
  re-issued text (:func:`derive`), only where an item states everything it changed (words
  inserted or replaced, a provision inserted, a heading renamed with its old words); applying the
  notice to that text must give the re-issued text back exactly. It is recorded as the document
  (in force from the notice's ``未修订的条款自…`` date) and the notice as its first amendment, so
  ``log`` and ``blame`` tell which provisions the notice made. An item that deletes or rewrites
  text without quoting it leaves the text before unknown: then nothing is written, and that is said.

A position the notice does not state (``增加“…”`` with no place) is taken from the re-issued
text when the inserted words stand there at the start, at the end, or before other words of the
provision; a warning names each such item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policydiff.compare.textdiff import segments
from policydiff.crossref.amend import apply_items
from policydiff.errors import FailedError, Location, PolicyDiffError
from policydiff.model import Document, Metadata
from policydiff.model.plaintext import chains, lines, path_label
from policydiff.notice.address import parse_address, resolve
from policydiff.notice.ops import (
    DeleteProvision,
    DeleteText,
    InsertProvision,
    InsertText,
    Item,
    Operation,
    Position,
    Rename,
    Renumber,
    ReplaceText,
)
from policydiff.notice.record import Notice

#: Marks the apply engine may add after inserted words (a sentence's end, a list's joint).
_JOINT_MARKS = ("", "。", "；", "，")
_MARK = re.compile(r"[，。；：、]")
_LAST_STEP = re.compile(r"第[^第]+$")


class UnderivableError(FailedError):
    """The text before the notice cannot be derived from the re-issued text."""


@dataclass(frozen=True, slots=True)
class Derived:
    """The text before the notice, and the notice with the positions it left open taken from
    the re-issued text (one warning per such item)."""

    before: Document
    notice: Notice
    warnings: tuple[str, ...]


def derive(notice: Notice, after: Document, name: str) -> Derived:
    """Undo *notice*'s items, last first, on the re-issued text *after*; each undoing is checked
    by applying the item again, and the whole by applying the notice to the result."""
    current, items, notes = after, list(notice.items), list[str]()
    for k in range(len(items) - 1, -1, -1):
        item = items[k]
        if not item.operations:
            continue
        forward, note = _placed(item, current)
        current = _undo(item, forward, current, name)
        items[k] = forward
        if note:
            notes.insert(0, note)
    resolved = notice._replace(items=tuple(items))
    again = apply_items(current, resolved.items).document
    if lines(again) != lines(after):
        where = differences(again, after)
        raise UnderivableError(
            f"the notice applied to the text derived before it does not give the re-issued text: {where[0]}"
        )
    return Derived(current, resolved, tuple(notes))


def _placed(item: Item, after: Document) -> tuple[Item, str | None]:
    """*item* with each position it leaves open set where the re-issued text has the words."""
    ops: list[Operation] = []
    placed: list[str] = []
    for op in item.operations:
        if isinstance(op, InsertText) and op.position.assumed:
            found = _position_in(after, op)
            if found is not None:
                op = op._replace(position=found)
                placed.append(_said(found))
        ops.append(op)
    if not placed:
        return item, None
    forward = item._replace(operations=tuple(ops), assumptions=())
    return (
        forward,
        f"item {item.label}: position not stated: inserted {', '.join(placed)}, as the re-issued text has it",
    )


def _said(position: Position) -> str:
    if position.where in ("start", "end"):
        return f"at the {position.where} of the provision"
    return f"{position.where} “{position.anchor}”"


def _position_in(doc: Document, op: InsertText) -> Position | None:
    """Where *op*'s words stand in the provision it names in *doc*: start, end or before other words."""
    text = _text_at(doc, op.address)
    if not text or text.count(op.text) != 1:
        return None
    at = text.index(op.text)
    rest = text[at + len(op.text) :]
    if at == 0:
        return Position("start")
    if rest in _JOINT_MARKS:
        return Position("end")
    anchor = _MARK.split(rest, maxsplit=1)[0]
    if len(anchor) < 4 or text.count(anchor) != 1:
        return None
    return Position("before", anchor)


def _undo(item: Item, forward: Item, after: Document, name: str) -> Document:
    """The text before *item*: the first undoing whose result *forward* turns back into *after*."""
    for ops in _undoings(forward, after):
        try:
            before = apply_items(after, [Item(item.label, item.wording, ops)], follow_references=False).document
            again = apply_items(before, [forward], follow_references=False).document
        except PolicyDiffError:
            continue
        if lines(again) == lines(after):
            return before
    raise UnderivableError(_why(item), Location(name, item=item.label))


def _undoings(item: Item, after: Document) -> list[tuple[Operation, ...]]:
    """The operations that may undo *item*, to try in order; none when it does not state what it changed."""
    inverse: list[list[Operation]] = [[]]
    for op in reversed(item.operations):
        if isinstance(op, InsertText):
            inverse = [[*ops, undo] for undo in _uninserted(after, op) for ops in inverse]
        elif isinstance(op, ReplaceText):
            inverse = [[*ops, ReplaceText(op.address, op.new, op.old, op.occurrence, op.every)] for ops in inverse]
        elif isinstance(op, InsertProvision):
            gone = DeleteProvision(op.parent + op.number, op.renumber)
            inverse = [[*ops, gone] for ops in inverse]
        elif isinstance(op, Renumber):
            back = _renumbered_back(op)
            inverse = [*inverse, *([*ops, back] for ops in inverse if back is not None)]
        elif isinstance(op, Rename) and op.old is not None:
            inverse = [[*ops, Rename(op.address, op.old, op.heading)] for ops in inverse]
        else:
            return []
    return [tuple(ops) for ops in inverse]


def _uninserted(after: Document, op: InsertText) -> list[Operation]:
    """Ways to take *op*'s words (and a mark the insertion added after them) out of the provision:
    replacing them with the character beside them keeps the marks around them as they are."""
    text = _text_at(after, op.address)
    found: list[Operation] = []
    if text is not None and text.count(op.text) == 1:
        at = text.index(op.text)
        for mark in _JOINT_MARKS:
            end = at + len(op.text) + len(mark)
            if not text.startswith(mark, at + len(op.text)):
                continue
            if at > 0:
                found.append(ReplaceText(op.address, text[at - 1 : end], text[at - 1]))
            elif end < len(text):
                found.append(ReplaceText(op.address, text[at : end + 1], text[end]))
    return found + [DeleteText(op.address, op.text + mark) for mark in _JOINT_MARKS]


def _text_at(doc: Document, address: str) -> str | None:
    try:
        target = resolve(doc, parse_address(address))
    except PolicyDiffError:
        return None
    return next((p.text for p in doc.walk() if p.id == target.id), None)


def _renumbered_back(op: Renumber) -> Renumber | None:
    last = _LAST_STEP.search(op.address)
    if last is None:
        return None
    return Renumber(op.address[: last.start()] + op.to, last.group())


def _why(item: Item) -> str:
    kinds = {op.op for op in item.operations}
    stated = {"insert_text", "replace_text", "insert_provision", "renumber", "rename"}
    if kinds <= stated:
        return f"item {item.label}: undoing it on the re-issued text and applying it again does not give that text"
    return f"item {item.label} ({', '.join(sorted(kinds - stated))}) does not state the text it removes or rewrites"


def differences(result: Document, reissued: Document) -> list[str]:
    """One line per provision whose text differs: its address and a short redline, ``[-…-]`` what
    only *result* (the notice applied) has, ``{+…+}`` what only *reissued* has; a provision only
    one of them has is named so."""
    ours, theirs = _texts(result), _texts(reissued)
    out = []
    for label in dict.fromkeys([*theirs, *ours]):
        old, new = ours.get(label), theirs.get(label)
        if old == new:
            continue
        if old is None:
            out.append(f"{label}: only in the re-issued text: “{_short(new or '')}”")
        elif new is None:
            out.append(f"{label}: not in the re-issued text: “{_short(old)}”")
        else:
            out.append(f"{label}: {_redline(old, new)}")
    return out


def _texts(doc: Document) -> dict[str, str]:
    known = chains(doc)
    found = {"名称": doc.title}
    for p in doc.walk():
        label = path_label(doc, p.id, known)
        found[label] = "\n".join(x for x in (p.heading, p.text) if x is not None)
    return found


def _short(text: str, keep: int = 30) -> str:
    return text if len(text) <= keep else text[: keep - 1] + "…"


def _redline(old: str, new: str, context: int = 8) -> str:
    out = []
    for seg in segments(old, new):
        if seg.op == "equal":
            text = seg.text
            out.append(text if len(text) <= 2 * context else f"{text[:context]}…{text[-context:]}")
        else:
            out.append(f"[-{seg.text}-]" if seg.op == "delete" else f"{{+{seg.text}+}}")
    text = "".join(out)
    first, last = out[0], out[-1]
    if first and not first.startswith(("[-", "{+")) and len(first) > context:
        text = "…" + text[len(first) - context :]
    if last and not last.startswith(("[-", "{+")) and len(last) > context:
        text = text[: len(text) - len(last) + context] + "…"
    return f"“{text}”"


def enacted_meta(notice: Notice, reissued: Metadata, source: str) -> Metadata:
    """The metadata of the derived text before *notice*: in force from the date the notice gives
    the provisions it did not change (unknown when it gives none)."""
    number = notice.number or notice.title or "the notice"
    return Metadata(
        issuer=reissued.issuer or notice.issuer,
        effective=notice.unamended_effective,
        source=f"{source} (the text before {number}, derived by undoing its items on the re-issued text)",
    )


__all__ = ["Derived", "UnderivableError", "derive", "differences", "enacted_meta"]
