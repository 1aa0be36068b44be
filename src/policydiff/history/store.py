"""Instruments kept once, in ``notices/<id>/``, and the event files of documents that refer to them.

Layout::

    notices/<id>/notice.txt           the instrument's wording as signed (notice.md for Markdown)
    notices/<id>/part-1.yaml          the structured form of its first part: a notice
    notices/<id>/part-2.yaml          (notice.schema.json) whose ``target`` is the document
                                      it amends, carrying the instrument's number, issuer,
                                      dates and effect rules; one file per part
    documents/<slug>/events/NNN-amend/event.yaml    notice: <id>, part: N
    documents/<slug>/events/NNN-revise/event.yaml   date: D (notice: <id>), document.yaml beside it
    documents/<slug>/events/NNN-repeal/event.yaml   date: D (notice: <id>)

A decision that amends 29 documents is one folder, its wording kept once; each document's event
names the part it applied. The parts are numbered in the order the wording gives them, so a
part applied later (a document imported after the decision) lands beside the others.

Events written before instruments were kept once (an ``NNN-amend`` folder holding the notice's
``notice.yaml`` and its wording) are read as they are; ``policydiff migrate`` moves them here.

:class:`EventRef` is a named tuple rather than a frozen dataclass: immutable and compared by value
all the same, and its class is made at every start of a command that reads a history, a dataclass's
for some 0.5 ms more (issue 19).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from policydiff.errors import SchemaError
from policydiff.history.noticefile import parse_notice
from policydiff.notice.record import SCHEMA_NAME, Notice, identity
from policydiff.storage import docfile, yamlio
from policydiff.storage.repo import MAX_SLUG_BYTES, Repository

EVENT_FILE = "event.yaml"
EVENT_SCHEMA = "event.schema.json"
EVENT_FORMAT = "policydiff/event/1"
#: The instrument's wording as signed: the first name that exists is read.
WORDING_NAMES = ("notice.txt", "notice.md")
_PART = re.compile(r"part-([1-9][0-9]{0,3})\.yaml")
#: Characters an instrument's folder name does not keep from its number or title.
_UNSAFE = re.compile(r"[\s/\\\x00-\x1f.]+")
#: Characters of the number or title kept in the folder name (the date comes first).
_NAME_CHARS = 40


class EventRef(NamedTuple):
    """What an ``event.yaml`` says: the instrument and part it applies, and its own date."""

    notice: str | None = None
    part: int | None = None
    date: dt.date | None = None


def read_ref(path: Path, shown: str) -> EventRef:
    """The :class:`EventRef` in *path* (named *shown* in errors), validated against the event schema."""
    text = yamlio.read(path, shown)
    data = yamlio.load(text, shown)
    docfile.validate(data, text, shown, EVENT_SCHEMA)
    date = docfile.iso_date(data["date"], text, shown, ["date"]) if "date" in data else None
    return EventRef(data.get("notice"), data.get("part"), date)


def ref_data(ref: EventRef) -> dict[str, Any]:
    """The data :func:`read_ref` reads back, keys in a fixed order."""
    data: dict[str, Any] = {"format": EVENT_FORMAT}
    if ref.notice is not None:
        data["notice"] = ref.notice
    if ref.part is not None:
        data["part"] = ref.part
    if ref.date is not None:
        data["date"] = ref.date.isoformat()
    return data


def part_name(part: int) -> str:
    """The file of part *part* in an instrument's folder: ``part-1.yaml``."""
    return f"part-{part}.yaml"


def load_part(repo: Repository, nid: str, part: int, cited_in: str) -> Notice:
    """Part *part* of instrument *nid*; a located error naming *cited_in* when it is not kept."""
    path = repo.instrument_dir(nid) / part_name(part)
    if not path.is_file():
        raise SchemaError(f"no {part_name(part)} in notices/{nid}/: the instrument this event applies is missing")
    shown = path.relative_to(repo.root).as_posix()
    text = yamlio.read(path, shown)
    return parse_notice(yamlio.load(text, shown), text, shown)


def kept_parts(repo: Repository, nid: str) -> dict[int, Path]:
    """The part files kept for instrument *nid*, by part number."""
    folder = repo.instrument_dir(nid)
    found = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        match = _PART.fullmatch(path.name)
        if match:
            found[int(match.group(1))] = path
    return dict(sorted(found.items()))


def wording_file(repo: Repository, nid: str) -> Path | None:
    """The instrument's wording as signed, if kept."""
    folder = repo.instrument_dir(nid)
    return next((folder / n for n in WORDING_NAMES if (folder / n).is_file()), None)


def instrument_id(repo: Repository, parts: Sequence[tuple[int, Notice]]) -> str:
    """The folder for the instrument of which *parts* (numbered) are being applied: the one
    already kept for it, else a new name, ``DATE-NUMBER`` or ``DATE-TITLE`` (``undated-…``
    without a date), with ``-2``, ``-3`` … when taken by another instrument."""
    base = _base_name(parts[0][1])
    for n in range(1, 1000):
        nid = base if n == 1 else f"{base}-{n}"
        if not (repo.notices_dir / nid).exists() or _same_instrument(repo, nid, parts):
            return nid
    raise SchemaError(f"notices/{base}: a thousand instruments of that name")


def _same_instrument(repo: Repository, nid: str, parts: Sequence[tuple[int, Notice]]) -> bool:
    """Whether instrument *nid* is the one *parts* come from: a part kept under the same number has
    the same :func:`~policydiff.notice.record.identity` (number, or title, date and wording);
    when none is kept, any kept part has the same number, or title and date."""
    kept = {n: load_part(repo, nid, n, nid) for n in kept_parts(repo, nid)}
    shared = [(kept[n], notice) for n, notice in parts if n in kept]
    if shared:
        return all(identity(a) == identity(b) for a, b in shared)
    return any(identity(k)[:3] == identity(parts[0][1])[:3] for k in kept.values())


def _base_name(notice: Notice) -> str:
    date = notice.date.isoformat() if notice.date else "undated"
    words = _UNSAFE.sub("", notice.number or notice.title or "notice")[:_NAME_CHARS] or "notice"
    name = f"{date}-{words}"
    while len(name.encode("utf-8")) > MAX_SLUG_BYTES - 8:  # room for "-NNN" and check_slug's margin
        name = name[:-1]
    return name


__all__ = [
    "EVENT_FILE",
    "EVENT_FORMAT",
    "EVENT_SCHEMA",
    "SCHEMA_NAME",
    "EventRef",
    "instrument_id",
    "kept_parts",
    "load_part",
    "part_name",
    "read_ref",
    "ref_data",
    "wording_file",
]
