"""A replayed history as plain data (lists, strings, numbers), and back: the replay cache's entries.

Plain data, not pickle: an entry is read back by building the frozen records field by field, so
a file of the wrong shape can only fail to decode (a ``ValueError``, ``TypeError``, ``KeyError``
… that :mod:`.cache` takes as a miss), never run code. :mod:`.cache` writes it with :mod:`marshal`
(built in, and about four times as fast as JSON to read back), and reads it only once its digest holds.

Provisions are kept in one table per history, each distinct provision once (equal ones are
one), children before their parents: an amendment changes a few provisions, so six versions of
the constitution take little more room than one, and the decoded versions share the provisions
an event left alone. The order of a record's fields is the order of its constructor's arguments.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policydiff.errors import FailedError, Location
from policydiff.history.plain import NOTICE_KEYS, date_of, day_text, string
from policydiff.history.records import Event, Version
from policydiff.model import Document, Family, Kind, LabelFormat, Metadata, Numbering, Provision
from policydiff.zh.numbering import LabelStyle, Num

if TYPE_CHECKING:
    from policydiff.notice.record import Notice

_KINDS = {kind.value: kind for kind in Kind}
_META_DATES = ("adopted", "issued", "effective")
_META_TEXTS = ("number", "issuer", "signer", "covering_notice", "recipients", "source")

#: Gives the notice of event number *seq* when the entry's own is damaged (:func:`unpack`).
Recover = Callable[[int], "Notice"]


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
        return [v.number, day_text(v.date), self.document(v.document), event, changed]

    def event(self, e: Event) -> list[Any]:
        revised = None if e.revised is None else self.document(e.revised)
        from policydiff.history.packed_notice import pack_notice

        return [e.seq, e.folder.name, pack_notice(e.notice), e.kind, e.instrument, revised]


def pack(history: list[Version]) -> dict[str, Any]:
    """*history* as plain data that :func:`unpack` reads back equal, provisions shared as they were."""
    packer = _Packer()
    versions = [packer.version(v) for v in history]
    return {"provisions": packer.table, "versions": versions}


def unpack(data: dict[str, Any], events_dir: Path, recover: Recover | None = None) -> list[Version]:
    """The history :func:`pack` made *data* from; each event's folder inside *events_dir*.

    An event's notice is decoded when first asked for; if it is then found of the wrong shape,
    *recover* (given the event's number) gives the notice instead: the cache replays the document,
    so a damaged entry is a miss there too. Without it, that is a :class:`FailedError`.

    Data of any other shape raises (``ValueError``, ``TypeError``, ``KeyError``, ``IndexError``,
    ``AttributeError``, or a :class:`~policydiff.errors.NumberingError` for an impossible number).
    """
    table: list[Provision] = []
    nums: dict[tuple[int, int], Num] = {}
    for pid, kind, value, sub, heading, text, children, sep in data["provisions"]:
        num = None if value is None else nums.get((value, sub)) or nums.setdefault((value, sub), Num(value, sub))
        size = len(table)
        kids = () if children == [] else tuple([table[i] if 0 <= i < size else _bad("child", i) for i in children])
        table.append(Provision(string(pid), _KINDS[kind], num, heading, text, kids, sep))
    out = []
    for number, day, doc, event, changed in data["versions"]:
        pairs = tuple((string(label), tuple(map(string, ids))) for label, ids in changed)
        found = None if event is None else _event(event, table, events_dir, recover)
        out.append(Version(_int(number), date_of(day), _document(doc, table), found, pairs))
    return out


def _event(data: list[Any], table: list[Provision], events_dir: Path, recover: Recover | None) -> Event:
    seq, name, notice, kind, instrument, revised = data
    text = None if revised is None else _document(revised, table)
    folder = events_dir / string(name)
    if not isinstance(notice, dict) or notice.keys() != NOTICE_KEYS:
        raise ValueError(f"not a notice: {notice!r}")
    made = functools.partial(_notice, notice, folder, _int(seq), recover)
    return Event(_int(seq), folder, made, string(kind), instrument, text)


def _notice(data: dict[str, Any], folder: Path, seq: int, recover: Recover | None) -> Notice:
    """The notice of an event of an entry, made when first asked for (:class:`.records.Event`): a warm
    ``diff`` never asks, and so never imports the notice engine. A notice of the wrong shape is found
    here, after the entry was read: then *recover* gives it (see :func:`unpack`)."""
    from policydiff.history.packed_notice import unpack_notice

    try:
        return unpack_notice(data)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        if recover is not None:
            return recover(seq)
        raise FailedError(
            "the replay cache's entry of this document is damaged: run again with --no-cache", Location(str(folder))
        ) from None


def _document(data: list[Any], table: list[Provision]) -> Document:
    slug, title, (family, formats), top, meta = data
    styles = tuple((_KINDS[k], LabelFormat(LabelStyle[style], string(sep))) for k, style, sep in formats)
    provisions = tuple(table[i] if 0 <= i < len(table) else _bad("provision", i) for i in top)
    return Document(string(slug), string(title), Numbering(Family(family), styles), provisions, _unpack_meta(meta))


def _meta(meta: Metadata) -> dict[str, Any]:
    out: dict[str, Any] = {k: getattr(meta, k) for k in _META_TEXTS}
    out.update({k: day_text(getattr(meta, k)) for k in _META_DATES})
    out["notes"], out["cover"] = list(meta.notes), list(meta.cover)
    return out


def _unpack_meta(data: dict[str, Any]) -> Metadata:
    texts: dict[str, Any] = {k: data[k] for k in _META_TEXTS}
    dates: dict[str, Any] = {k: date_of(data[k]) for k in _META_DATES}
    notes, cover = tuple(map(string, data["notes"])), tuple(map(string, data["cover"]))
    return Metadata(**texts, **dates, notes=notes, cover=cover)


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"not an integer: {value!r}")
    return value


def _bad(what: str, index: Any) -> Provision:
    raise IndexError(f"no {what} {index!r} in the table")
