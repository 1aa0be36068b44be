"""The notice of an event as plain data, and back: the part of a replay cache's entry (:mod:`.packed`)
that needs the notice engine, imported only when an event's notice is written or asked for."""

from __future__ import annotations

from typing import Any

from policydiff.history.plain import NOTICE_DATES, NOTICE_TEXTS, date_of, day_text, string
from policydiff.notice.ops import (
    OPERATIONS,
    Item,
    Operation,
    Position,
)
from policydiff.notice.record import Clause, Notice


def pack_notice(notice: Notice) -> dict[str, Any]:
    """*notice* as plain data, which :func:`unpack_notice` reads back equal."""
    out: dict[str, Any] = {k: getattr(notice, k) for k in NOTICE_TEXTS}
    out.update({k: day_text(getattr(notice, k)) for k in NOTICE_DATES})
    out["clauses"] = [[c.kind, c.text] for c in notice.clauses]
    out["items"] = [_item(item) for item in notice.items]
    return out


def unpack_notice(data: dict[str, Any]) -> Notice:
    """The notice :func:`pack_notice` made *data* from (data of another shape raises, as :func:`.packed.unpack`)."""
    texts: dict[str, Any] = {k: data[k] for k in NOTICE_TEXTS}
    dates: dict[str, Any] = {k: date_of(data[k]) for k in NOTICE_DATES}
    clauses = tuple(Clause(string(kind), string(text)) for kind, text in data["clauses"])
    items = tuple(_unpack_item(item) for item in data["items"])
    return Notice(items, **texts, **dates, clauses=clauses)


def _item(item: Item) -> list[Any]:
    ops = [_op(op) for op in item.operations]
    return [item.label, item.wording, ops, item.clause, list(item.assumptions), list(item.rules)]


def _unpack_item(data: list[Any]) -> Item:
    label, wording, ops, clause, assumptions, rules = data
    operations = tuple(_unpack_op(op) for op in ops)
    return Item(string(label), string(wording), operations, clause, tuple(assumptions), tuple(rules))


def _op(op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in zip(op._fields, op, strict=True):
        # A position is a tuple too, so it is named first: its three values, in its own order.
        if isinstance(value, Position):
            out[name] = [value.where, value.anchor, value.assumed]
        else:
            out[name] = list(value) if isinstance(value, tuple) else value
    return out


def _unpack_op(data: dict[str, Any]) -> Operation:
    fields = dict(data)
    cls = OPERATIONS[fields["op"]]
    for name, value in fields.items():
        if name == "position":
            where, anchor, assumed = value
            fields[name] = Position(where, anchor, assumed)
        elif isinstance(value, list):
            fields[name] = tuple(map(string, value))
    return cls(**fields)
