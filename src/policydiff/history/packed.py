"""A replayed history as plain data (lists, strings, numbers), and back: the replay cache's entries.

Plain data, not pickle: an entry is read back by building the frozen records field by field, so
a file of the wrong shape can only fail to decode (a ``ValueError``, ``TypeError``, ``KeyError``
… that :mod:`.cache` takes as a miss), never run code. JSON of this data loads at C speed.

Provisions are kept in one table per history, each distinct provision once (equal ones are
one), children before their parents: an amendment changes a few provisions, so six versions of
the constitution take little more room than one, and the decoded versions share the provisions
an event left alone. The order of a record's fields is the order of its constructor's arguments.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from policydiff.history.records import Event, Version
from policydiff.model import Document, Family, Kind, LabelFormat, Metadata, Numbering, Provision
from policydiff.notice.ops import (
    Check,
    DeleteProvision,
    DeleteText,
    InsertProvision,
    InsertText,
    Item,
    Operation,
    Position,
    Rename,
    Renumber,
    ReplaceProvision,
    ReplaceText,
    Resequence,
)
from policydiff.notice.record import Clause, Notice
from policydiff.zh.numbering import LabelStyle, Num

#: The operations by their ``op`` name, as a notice's YAML names them.
_OP_CLASSES: tuple[type[Operation], ...] = (
    ReplaceText, DeleteText, InsertText, ReplaceProvision, InsertProvision, DeleteProvision, Renumber, Rename,
    Resequence, Check,
)  # fmt: skip
_OPS = {next(f.default for f in dataclasses.fields(cls) if f.name == "op"): cls for cls in _OP_CLASSES}
_KINDS = {kind.value: kind for kind in Kind}
_NOTICE_DATES = ("decided", "adopted", "issued", "effective", "unamended_effective")
_NOTICE_TEXTS = ("number", "title", "issuer", "recipients", "effect_rule", "target")
_META_DATES = ("adopted", "issued", "effective")
_META_TEXTS = ("number", "issuer", "signer", "covering_notice", "recipients", "source")


class _Packer:
    """Encodes one history: the provision table it fills, each distinct provision once."""

    def __init__(self) -> None:
        self.table: list[tuple[Any, ...]] = []
        self.rows: dict[tuple[Any, ...], int] = {}
        self.seen: dict[int, int] = {}  # by object: a provision met again in the next version

    def provision(self, p: Provision) -> int:
        index = self.seen.get(id(p))
        if index is None:
            children = tuple(self.provision(c) for c in p.children)
            num = (p.num.value, p.num.sub) if p.num is not None else (None, 0)
            row = (p.id, p.kind.value, *num, p.heading, p.text, children, p.sep)
            index = self.rows.setdefault(row, len(self.table))
            if index == len(self.table):
                self.table.append(row)
            self.seen[id(p)] = index
        return index

    def document(self, doc: Document) -> list[Any]:
        formats = [[k.value, f.style.name, f.sep] for k, f in doc.numbering.formats]
        numbering = [doc.numbering.family.value, formats]
        return [doc.slug, doc.title, numbering, [self.provision(p) for p in doc.provisions], _meta(doc.meta)]

    def version(self, v: Version) -> list[Any]:
        event = None if v.event is None else self.event(v.event)
        changed = [[label, list(ids)] for label, ids in v.changed]
        return [v.number, _day(v.date), self.document(v.document), event, changed]

    def event(self, e: Event) -> list[Any]:
        revised = None if e.revised is None else self.document(e.revised)
        return [e.seq, e.folder.name, _notice(e.notice), e.kind, e.instrument, revised]


def pack(history: list[Version]) -> dict[str, Any]:
    """*history* as plain data that :func:`unpack` reads back equal, provisions shared as they were."""
    packer = _Packer()
    versions = [packer.version(v) for v in history]
    return {"provisions": packer.table, "versions": versions}


def unpack(data: dict[str, Any], events_dir: Path) -> list[Version]:
    """The history :func:`pack` made *data* from; each event's folder inside *events_dir*.

    Data of any other shape raises (``ValueError``, ``TypeError``, ``KeyError``, ``IndexError``,
    ``AttributeError``, or a :class:`~policydiff.errors.NumberingError` for an impossible number).
    """
    table: list[Provision] = []
    nums: dict[tuple[int, int], Num] = {}
    for pid, kind, value, sub, heading, text, children, sep in data["provisions"]:
        num = None if value is None else nums.get((value, sub)) or nums.setdefault((value, sub), Num(value, sub))
        kids = tuple(table[i] if 0 <= i < len(table) else _bad("child", i) for i in children)
        table.append(Provision(_str(pid), _KINDS[kind], num, heading, text, kids, sep))
    out = []
    for number, day, doc, event, changed in data["versions"]:
        pairs = tuple((_str(label), tuple(map(_str, ids))) for label, ids in changed)
        found = None if event is None else _event(event, table, events_dir)
        out.append(Version(_int(number), _date(day), _document(doc, table), found, pairs))
    return out


def _event(data: list[Any], table: list[Provision], events_dir: Path) -> Event:
    seq, name, notice, kind, instrument, revised = data
    text = None if revised is None else _document(revised, table)
    return Event(_int(seq), events_dir / _str(name), _unpack_notice(notice), _str(kind), instrument, text)


def _document(data: list[Any], table: list[Provision]) -> Document:
    slug, title, (family, formats), top, meta = data
    styles = tuple((_KINDS[k], LabelFormat(LabelStyle[style], _str(sep))) for k, style, sep in formats)
    provisions = tuple(table[i] if 0 <= i < len(table) else _bad("provision", i) for i in top)
    return Document(_str(slug), _str(title), Numbering(Family(family), styles), provisions, _unpack_meta(meta))


def _meta(meta: Metadata) -> dict[str, Any]:
    out: dict[str, Any] = {k: getattr(meta, k) for k in _META_TEXTS}
    out.update({k: _day(getattr(meta, k)) for k in _META_DATES})
    out["notes"], out["cover"] = list(meta.notes), list(meta.cover)
    return out


def _unpack_meta(data: dict[str, Any]) -> Metadata:
    texts: dict[str, Any] = {k: data[k] for k in _META_TEXTS}
    dates: dict[str, Any] = {k: _date(data[k]) for k in _META_DATES}
    notes, cover = tuple(map(_str, data["notes"])), tuple(map(_str, data["cover"]))
    return Metadata(**texts, **dates, notes=notes, cover=cover)


def _notice(notice: Notice) -> dict[str, Any]:
    out: dict[str, Any] = {k: getattr(notice, k) for k in _NOTICE_TEXTS}
    out.update({k: _day(getattr(notice, k)) for k in _NOTICE_DATES})
    out["clauses"] = [[c.kind, c.text] for c in notice.clauses]
    out["items"] = [_item(item) for item in notice.items]
    return out


def _unpack_notice(data: dict[str, Any]) -> Notice:
    texts: dict[str, Any] = {k: data[k] for k in _NOTICE_TEXTS}
    dates: dict[str, Any] = {k: _date(data[k]) for k in _NOTICE_DATES}
    clauses = tuple(Clause(_str(kind), _str(text)) for kind, text in data["clauses"])
    items = tuple(_unpack_item(item) for item in data["items"])
    return Notice(items, **texts, **dates, clauses=clauses)


def _item(item: Item) -> list[Any]:
    ops = [_op(op) for op in item.operations]
    return [item.label, item.wording, ops, item.clause, list(item.assumptions), list(item.rules)]


def _unpack_item(data: list[Any]) -> Item:
    label, wording, ops, clause, assumptions, rules = data
    operations = tuple(_unpack_op(op) for op in ops)
    return Item(_str(label), _str(wording), operations, clause, tuple(assumptions), tuple(rules))


def _op(op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in op.__slots__:
        value = getattr(op, name)
        if isinstance(value, Position):
            value = [value.where, value.anchor, value.assumed]
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def _unpack_op(data: dict[str, Any]) -> Operation:
    fields = dict(data)
    cls = _OPS[fields["op"]]
    for name, value in fields.items():
        if name == "position":
            where, anchor, assumed = value
            fields[name] = Position(where, anchor, assumed)
        elif isinstance(value, list):
            fields[name] = tuple(map(_str, value))
    return cls(**fields)


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not a string: {value!r}")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"not an integer: {value!r}")
    return value


def _bad(what: str, index: Any) -> Provision:
    raise IndexError(f"no {what} {index!r} in the table")
