"""A structured notice's YAML: its text written, and its data read back, validated against
``notice.schema.json``.

The engine (:mod:`policydiff.notice.record`) makes the data; writing and reading it need the
YAML writers, the schema and the file's locations, which live in :mod:`policydiff.storage`.
"""

from __future__ import annotations

from typing import Any

from policydiff.errors import SchemaError
from policydiff.notice.ops import (
    OPERATIONS,
    Item,
    Operation,
    Position,
    ReplaceProvision,
    op_assumptions,
)
from policydiff.notice.record import META, SCHEMA_NAME, Clause, Notice, as_ruamel, notice_plain
from policydiff.storage import docfile, yamlio


def notice_text(notice: Notice, schema_ref: str | None = None) -> str:
    """The YAML text of *notice* (:func:`~policydiff.notice.record.notice_data`'s): written by the
    fast writer from the plain data, so that ruamel.yaml is imported only when it declines, or to
    compare under ``POLICYDIFF_VERIFY_YAML_WRITE``."""
    return yamlio.dump(notice_plain(notice), schema_ref, as_strict=as_ruamel)


def parse_notice(data: Any, text: str, file: str) -> Notice:
    """Validate loaded YAML *data* against the notice schema and build the :class:`Notice`."""
    docfile.validate(data, text, file, SCHEMA_NAME)
    meta = {k: data[k] for k in META if k in data}
    for key in ("decided", "adopted", "issued", "effective", "unamended_effective"):
        if key in meta:
            meta[key] = docfile.iso_date(meta[key], text, file, [key])
    clauses = tuple(Clause(c["kind"], c["text"]) for c in data.get("clauses", ()))
    items = tuple(_item(d, i, text, file) for i, d in enumerate(data["items"]))
    return Notice(items=items, clauses=clauses, **meta)


def _item(d: dict[str, Any], i: int, text: str, file: str) -> Item:
    ops = []
    for j, o in enumerate(d["operations"]):
        try:
            ops.append(_op(o))
        except (TypeError, ValueError) as exc:
            where = yamlio.locate(text, file, ["items", i, "operations", j])
            fault = "is incomplete" if isinstance(exc, TypeError) else "is invalid"
            raise SchemaError(f"item {d['label']}: operation {o['op']} {fault}: {_missing(exc)}", where) from None
    notes = tuple(note for op in ops for note in op_assumptions(op))
    return Item(str(d["label"]), d["wording"], tuple(ops), assumptions=notes)


def _missing(exc: Exception) -> str:
    message = str(exc)
    return message.split("missing ", 1)[1] if "missing " in message else message


def _op(d: dict[str, Any]) -> Operation:
    cls = OPERATIONS[d["op"]]
    names = set(cls._fields)
    unknown = sorted(set(d) - names - {"op", "anchor", "assumed"})
    if unknown:
        raise ValueError(f"{', '.join(unknown)} not used by {d['op']}")
    kwargs: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in d.items() if k in names and k != "op"
    }
    if "position" in d:
        kwargs["position"] = Position(d["position"], d.get("anchor"), bool(d.get("assumed")))
    # The schema lets 'old' be a text or a list of paragraphs; each operation takes one of them.
    if cls is ReplaceProvision and isinstance(d.get("old"), str):
        kwargs["old"] = (d["old"],)
    elif cls is not ReplaceProvision and isinstance(d.get("old"), list):
        raise ValueError("'old' must be one text, not a list")
    return cls(**kwargs)
