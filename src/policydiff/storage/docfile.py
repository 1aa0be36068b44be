"""The YAML form of a document (``documents/<slug>/document.yaml``).

The format is described by the JSON Schema ``schemas/document.schema.json`` shipped
in the package. :func:`parse_document` validates data against it and builds the
model; :func:`document_data` is the inverse, with a fixed key order so that writing
the same document twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Any

from policydiff.errors import PolicyDiffError, SchemaError
from policydiff.model import Document, Family, Kind, LabelFormat, Metadata, Numbering, Provision
from policydiff.storage import docrules, yamlio
from policydiff.zh.numbering import Num

FORMAT = "policydiff/document/1"
SCHEMA_NAME = "document.schema.json"
_META_KEYS = (
    "number", "issuer", "signer", "adopted", "issued", "effective",
    "covering_notice", "recipients", "source",
)  # fmt: skip


@cache
def schema(name: str = SCHEMA_NAME) -> dict[str, Any]:
    """A JSON Schema shipped in the package, parsed."""
    import json  # here: valid data never needs the schema's JSON (issue 19)

    from policydiff.storage import schemacode

    result: dict[str, Any] = json.loads(schemacode.schema_text(name))
    return result


def validate(data: Any, text: str, file: str, name: str = SCHEMA_NAME) -> None:
    """Raise a located :class:`SchemaError` for the first schema violation in *data*.

    Floats are refused wherever they are (the schemas have integers, never floats: ``num: 2.0`` is
    no number of a label). Valid data, the usual case, is confirmed by the schema compiled to Python with fastjsonschema
    (about fifteen times jsonschema's speed); jsonschema then decides on anything that fails and
    chooses the error to report, so both the verdict and the message are jsonschema's.
    """
    if _compiled(name)(data) is not _VALID:
        import jsonschema

        validator = jsonschema.Draft7Validator(schema(name))
        error = jsonschema.exceptions.best_match(validator.iter_errors(data))
        if error is not None:
            path = list(error.absolute_path)
            raise SchemaError(describe(error, data, path), yamlio.locate(text, file, path))
    for path, value in docrules.floats(data):
        raise SchemaError(not_an_integer(data, path, value), yamlio.locate(text, file, path))


def not_an_integer(data: Any, path: Sequence[str | int], value: float) -> str:
    """The message for a float at *path* of *data*: the schema's integers are integers (``2.0`` is not one)."""
    owner = _provision_id(data, path)
    field = path[-1] if path and isinstance(path[-1], str) else None
    where = f"provision {owner!r}: {field!r}" if owner and field else _path_text(path)
    return f"{where}: {value!r} is not of type 'integer'"


_VALID = object()


@cache
def _compiled(name: str) -> Callable[[Any], object]:
    """*name*'s schema as a function returning :data:`_VALID`, or ``None`` when the data does not conform.

    The schema compiled ahead of time (:mod:`policydiff.storage.schemacode`) when it is current, else
    compiled now.
    """
    from policydiff.storage import schemacode

    check = schemacode.shipped(name)
    if check is None:
        import fastjsonschema

        check = fastjsonschema.compile(schema(name))

    def run(data: Any) -> object:
        try:
            check(data)
        except (RecursionError, TypeError, ValueError):  # fastjsonschema's errors and ours are ValueErrors
            return None  # jsonschema decides, and explains
        return _VALID

    return run


def describe(error: Any, data: Any, path: Sequence[str | int]) -> str:
    """A jsonschema *error* of *data* in words, naming the provision it is in (by id) when there is one."""
    owner = _provision_id(data, path)
    subject = f"provision {owner!r}" if owner else _path_text(path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return f"{subject} has no {missing!r}"
    if error.validator == "additionalProperties":
        return f"{subject}: {error.message}"
    field = path[-1] if path and isinstance(path[-1], str) else None
    where = f"{subject}: {field!r}" if owner and field else subject
    return f"{where}: {error.message}"


def _provision_id(data: Any, path: Sequence[str | int]) -> str | None:
    # Provisions are the only mappings inside lists that carry an id.
    node, found = data, None
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


def _path_text(path: Sequence[str | int]) -> str:
    return "/".join(str(p) for p in path) if path else "document"


#: How deep provisions may nest. Real regulations use about ten levels (编 分编 章 节 条 款 项 目
#: and below); the limit keeps every recursive step (schema validation, rendering) far from
#: Python's recursion limit, so a deeper file is a located error, not a crash.
MAX_DEPTH = 32


def parse_document(data: Any, text: str, file: str) -> Document:
    """Validate loaded YAML *data* and build the :class:`Document` it describes.

    Besides the schema, the rules of :mod:`policydiff.storage.docrules` (labels for every kind used,
    numbers their labels can write, kinds nested in order): what passes, every reading command can use.
    """
    _check_depth(data, text, file)
    validate(data, text, file)
    for key in ("adopted", "issued", "effective"):
        if key in data.get("meta", {}):
            iso_date(data["meta"][key], text, file, ["meta", key])
    numbering = _numbering(data["numbering"], text, file)
    for path, message in docrules.problems(data):
        raise SchemaError(message, yamlio.locate(text, file, path))
    provisions = tuple(map(_provision, data["provisions"]))
    doc = Document(data["slug"], data["title"], numbering, provisions, _metadata(data.get("meta", {})))
    _check_ids(doc, data, text, file)
    return doc


def _check_depth(data: Any, text: str, file: str) -> None:
    """A located :class:`SchemaError` if provisions nest deeper than :data:`MAX_DEPTH` (checked without recursion)."""
    top = data.get("provisions") if isinstance(data, dict) else None
    if _nests_within(top, MAX_DEPTH):
        return  # the usual case, confirmed without the paths only an error needs
    stack: list[tuple[list[str | int], Any, int]] = [(["provisions"], top, 1)]
    while stack:  # depth first, in document order
        path, items, depth = stack.pop()
        found = [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else []
        if found and depth > MAX_DEPTH:
            i, item = found[0]
            pid = item.get("id")
            subject = f"provision {pid!r}" if isinstance(pid, str) else "a provision"
            message = f"{subject} is nested {depth} levels deep; at most {MAX_DEPTH} are allowed"
            raise SchemaError(message, yamlio.locate(text, file, [*path, i]))
        stack.extend(([*path, i, "children"], item.get("children"), depth + 1) for i, item in reversed(found))


def _nests_within(top: Any, limit: int) -> bool:
    """Whether no list of provisions (mappings) in *top* lies deeper than *limit*: what
    :func:`_check_depth` refuses, found without building a path."""
    stack: list[tuple[Any, int]] = [(top, 1)]
    while stack:
        items, depth = stack.pop()
        if not isinstance(items, list):
            continue
        found = [item for item in items if isinstance(item, dict)]
        if found and depth > limit:
            return False
        stack.extend((item.get("children"), depth + 1) for item in found)
    return True


def iso_date(value: str, text: str, file: str, path: Sequence[str | int]) -> dt.date:
    """*value* (already matched ``YYYY-MM-DD`` by the schema) as a date; a located error if no such day."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        where = yamlio.locate(text, file, path)
        raise SchemaError(f"{_path_text(path)}: {value!r} is not a date: {exc}", where) from None


def _numbering(data: dict[str, Any], text: str, file: str) -> Numbering:
    formats = []
    for kind in Kind:
        if kind.value in data:
            try:
                formats.append((kind, LabelFormat.from_pattern(data[kind.value])))
            except PolicyDiffError as exc:
                raise SchemaError(exc.message, yamlio.locate(text, file, ["numbering", kind.value])) from None
    return Numbering(Family(data["family"]), tuple(formats))


def _provision(d: dict[str, Any]) -> Provision:
    num = _num(d["num"], d.get("sub", 0)) if "num" in d else None
    return Provision(
        id=d["id"],
        kind=docrules.KINDS[d["kind"]],
        num=num,
        heading=d.get("heading"),
        text=d.get("text"),
        children=tuple(map(_provision, d.get("children", ()))),
        sep=d.get("sep"),
    )


@lru_cache(maxsize=4096, typed=True)
def _num(value: int, sub: int) -> Num:
    # Numbers repeat (every article has its item 1, its item 2…): one record for each, immutable,
    # built and validated once (issue 19).
    return Num(value, sub)


def _metadata(d: dict[str, Any]) -> Metadata:
    values = {k: d[k] for k in _META_KEYS if k in d}
    for key in ("adopted", "issued", "effective"):
        if key in values:
            values[key] = _date(values[key])
    return Metadata(**values, notes=tuple(d.get("notes", ())), cover=tuple(d.get("cover", ())))


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _check_ids(doc: Document, data: Any, text: str, file: str) -> None:
    provisions = list(doc.walk())
    ids = {p.id for p in provisions}
    if len(ids) == len(provisions) and all(p.kind.numbered == (p.num is not None) for p in provisions):
        return  # the usual case, confirmed without the paths only an error needs
    seen: set[str] = set()
    for path, pid in _id_paths(data["provisions"], ["provisions"]):
        if pid in seen:
            raise SchemaError(f"duplicate provision id {pid!r}", yamlio.locate(text, file, [*path, "id"]))
        seen.add(pid)
    for p in provisions:
        if p.kind.numbered != (p.num is not None):
            path = next(path for path, pid in _id_paths(data["provisions"], ["provisions"]) if pid == p.id)
            need = "needs a 'num'" if p.kind.numbered else "must not have a 'num'"
            raise SchemaError(f"provision {p.id!r} of kind {p.kind.value} {need}", yamlio.locate(text, file, path))


def _id_paths(items: list[Any], prefix: list[str | int]) -> list[tuple[list[str | int], str]]:
    out: list[tuple[list[str | int], str]] = []
    for i, item in enumerate(items):
        path = [*prefix, i]
        out.append((path, item["id"]))
        out.extend(_id_paths(item.get("children", []), [*path, "children"]))
    return out


def document_data(doc: Document) -> dict[str, Any]:
    """Plain data for *doc*, keys in the stable order the files use."""
    numbering: dict[str, Any] = {"family": doc.numbering.family.value}
    numbering.update({k.value: f.pattern for k, f in doc.numbering.formats})
    data: dict[str, Any] = {"format": FORMAT, "slug": doc.slug, "title": doc.title, "numbering": numbering}
    meta = _metadata_data(doc.meta)
    if meta:
        data["meta"] = meta
    data["provisions"] = [_provision_data(p) for p in doc.provisions]
    return data


def _metadata_data(meta: Metadata) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _META_KEYS:
        value = getattr(meta, key)
        if value is not None:
            out[key] = value.isoformat() if hasattr(value, "isoformat") else value
    if meta.notes:
        out["notes"] = list(meta.notes)
    if meta.cover:
        out["cover"] = list(meta.cover)
    return out


def _provision_data(p: Provision) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id, "kind": p.kind.value}
    if p.num is not None:
        out["num"] = p.num.value
        if p.num.sub:
            out["sub"] = p.num.sub
    if p.heading is not None:
        out["heading"] = p.heading
    if p.text is not None:
        out["text"] = p.text
    if p.sep is not None:
        out["sep"] = p.sep
    if p.children:
        out["children"] = [_provision_data(c) for c in p.children]
    return out
