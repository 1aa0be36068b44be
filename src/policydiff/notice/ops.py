"""Operations: the exact, structured form of a notice's items.

Each numbered item of a notice becomes one or more operations. Addresses are kept
as worded (``第三条第（二）项第1点``) and resolved against the version being
amended before anything is applied; :mod:`policydiff.notice.apply` then applies by
provision id. Every field a parser *assumed* rather than read is marked, so the
structured notice shows it and a person can correct it.

The operations, their position and the item are named tuples rather than frozen dataclasses:
immutable and compared by value all the same, and their classes are made at every start of a
command that applies or reads a notice, a dataclass's for some 0.5 ms more each.
"""

from __future__ import annotations

import typing
from typing import Literal, NamedTuple

Where = Literal["end", "start", "before", "after"]


class Position(NamedTuple):
    """Where inserted words go inside a provision's text.

    ``before``/``after`` need the ``anchor`` words; ``assumed`` is true when the
    notice did not say and the parser chose ``end``.
    """

    where: Where = "end"
    anchor: str | None = None
    assumed: bool = False


def assumption_note(position: Position) -> str:
    """What a warning says about an assumed position."""
    if position.where in ("end", "start"):
        return f"position not stated: inserted at the {position.where} of the provision"
    return f"position not stated: inserted {position.where} “{position.anchor}”"


class ReplaceText(NamedTuple):
    """将“A”改为“B”: replace the words *old* by *new* inside the addressed provision.

    *every* replaces every occurrence; it is set only where the parser read a change of
    term across several provisions (将名称、第一条、第三条中的“侵犯”修改为“侵害”), and
    then it is an assumption the structured notice shows.
    """

    address: str
    old: str
    new: str
    occurrence: int | None = None
    every: bool = False
    op: Literal["replace_text"] = "replace_text"


class DeleteText(NamedTuple):
    """删去“A”: remove the words *old* from the addressed provision."""

    address: str
    old: str
    occurrence: int | None = None
    op: Literal["delete_text"] = "delete_text"


class InsertText(NamedTuple):
    """增加“A”: insert words into the addressed provision's text."""

    address: str
    text: str
    position: Position = Position()
    op: Literal["insert_text"] = "insert_text"


class ReplaceProvision(NamedTuple):
    """将第X条修改为：“…”: the addressed provision's text becomes *paragraphs*.

    *old*, when the notice quotes the text being replaced, is checked first.
    """

    address: str
    paragraphs: tuple[str, ...]
    old: tuple[str, ...] | None = None
    op: Literal["replace_provision"] = "replace_provision"


class InsertProvision(NamedTuple):
    """增加一条/款/项/点，作为第N…: a new provision under *parent* (an address, or ``""`` for the top).

    *kind* is the notice's word (条, 款, 项, 点, 节); *number* the label number as
    worded (``第一百三十三条之二``). *renumber* says whether later siblings move up.
    """

    parent: str
    kind: str
    number: str
    paragraphs: tuple[str, ...]
    heading: str | None = None
    after: str | None = None
    renumber: bool = True
    op: Literal["insert_provision"] = "insert_provision"


class DeleteProvision(NamedTuple):
    """删去第X条: remove the addressed provision.

    With *renumber* (the default) the number must not stay vacant: the items or points after
    it move up, and an article, section or chapter in the middle needs the notice to state
    the renumbering (条文顺序作相应调整). False keeps the number vacant, as a 修正案 keeps a
    deleted article's (and merging two articles keeps the second's, until the notice renumbers).
    See :mod:`policydiff.notice.sequence`.
    """

    address: str
    renumber: bool = True
    op: Literal["delete_provision"] = "delete_provision"


class Renumber(NamedTuple):
    """原第9点调整为第10点: the addressed provision gets number *to*."""

    address: str
    to: str
    op: Literal["renumber"] = "renumber"


class Rename(NamedTuple):
    """将章名修改为“…”: the addressed provision's heading (or the document title) becomes *heading*."""

    address: str
    heading: str
    old: str | None = None
    op: Literal["rename"] = "rename"


class Resequence(NamedTuple):
    """条文顺序作相应调整: after every other edit of the notice, number the *unit* in order.

    Only plain numbers are counted: 第一条 … 第N条 in document order; an article with a
    之 number keeps its suffix and follows the new number of the plain article before
    it (第五条之一 after 第五条 becoming 第四条 is 第四条之一).
    """

    unit: str = "条"
    op: Literal["resequence"] = "resequence"


class Check(NamedTuple):
    """这一款相应修改为：“…”: after the edits, the provision must read exactly *paragraphs*."""

    address: str
    paragraphs: tuple[str, ...]
    op: Literal["check"] = "check"


Operation = (
    ReplaceText | DeleteText | InsertText | ReplaceProvision | InsertProvision
    | DeleteProvision | Renumber | Rename | Resequence | Check
)  # fmt: skip

#: Each operation's class by its ``op`` name, as a notice's YAML and the replay cache write it.
OPERATIONS: dict[str, type[Operation]] = {cls._field_defaults["op"]: cls for cls in typing.get_args(Operation)}

APPENDED_NOTE = "position not stated: added as the last 款"
EVERY_NOTE = "every occurrence replaced: the wording changes a term in several provisions"
EVERYWHERE_NOTE = "every occurrence in the document replaced: the title, headings and every provision"


def op_assumptions(op: Operation) -> tuple[str, ...]:
    """What the parser assumed in *op* (the notes a structured notice carries for it)."""
    if isinstance(op, InsertText) and op.position.assumed:
        return (assumption_note(op.position),)
    if isinstance(op, ReplaceText) and op.every and op.address == "全文":
        return (f"“{op.old}”: {EVERYWHERE_NOTE}",)
    if isinstance(op, ReplaceText) and op.every:
        return (f"{op.address}: “{op.old}”: {EVERY_NOTE}",)
    if isinstance(op, InsertProvision) and op.kind == "款" and not op.number:
        return (APPENDED_NOTE,)
    return ()


class Item(NamedTuple):
    """One numbered item of a notice: its wording and what it does.

    An item that changes no text (a commencement or effect clause) has ``clause``
    set to its kind and no operations.

    Equal items are equal whatever :attr:`rules` read them (an item read back from a notice's file
    has none), so equality and hashing leave that last field out, as the dataclass's
    ``compare=False`` did; and, unlike a bare tuple's, they need the other to be an item too.
    """

    label: str
    wording: str
    operations: tuple[Operation, ...] = ()
    clause: str | None = None
    assumptions: tuple[str, ...] = ()
    #: The wording forms (rows of :data:`policydiff.notice.rules.RULES`) that read it, in order.
    rules: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Item) and self[:5] == other[:5]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:5])
