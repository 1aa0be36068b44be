"""What the loaders refuse beyond the JSON Schema: what a reading command could not use.

The schema says which values have which types; these rules say what the schema cannot
express, or what some validators let through, so that a file ``check`` passes is one every
reading command can open:

- numbers are integers: JSON Schema's ``"type": "integer"`` accepts ``2.0``, which no label
  can be written from (:func:`floats` finds them, in documents and notices alike);
- every numbered kind a document uses has a label pattern in its ``numbering`` (reported at the
  first provision of the kind);
- a number fits its label: ``{circle}`` goes up to 20, and only the ``第…`` styles have a
  ``之N`` form (``sub``);
- kinds nest in their order: a part, subpart, chapter, section, preamble or article sits at
  the top or inside a part, subpart, chapter or section above it (never inside an article).

Each rule gives the path of the offending value and a message; :mod:`policydiff.storage.docfile`
raises the first as a located error, ``policydiff check`` reports them all (PD101).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policydiff.errors import PolicyDiffError
from policydiff.model import RANK, Kind, LabelFormat
from policydiff.zh.numbering import LabelStyle

PathPart = str | int
Problem = tuple[list[PathPart], str]

#: The most a ``{circle}`` label can number: ① to ⑳.
MAX_CIRCLE = 20
#: Kinds that group articles; a kind of :data:`_PLACED` sits only at the top or inside one of these.
_GROUPS = frozenset({Kind.PART, Kind.SUBPART, Kind.CHAPTER, Kind.SECTION})
_PLACED = _GROUPS | {Kind.PREAMBLE, Kind.ARTICLE}
#: Each kind by its stored value: ``Kind(value)`` without the enum's call, thousands of times a document.
KINDS: dict[str, Kind] = {k.value: k for k in Kind}


def floats(data: Any) -> Iterator[tuple[list[PathPart], float]]:
    """The path and value of every float in *data* (loaded YAML), in document order."""
    if not _has_float(data):  # the usual case, found without building a path
        return
    stack: list[tuple[list[PathPart], Any]] = [([], data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, float):
            yield path, node
        elif isinstance(node, dict):
            stack.extend(([*path, k], v) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(([*path, i], v) for i, v in reversed(list(enumerate(node))))


def _has_float(data: Any) -> bool:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, float):
            return True
    return False


#: A provision's place: the place of the list it is in (None at the top) and its index there.
_Place = tuple["_Place | None", int]


def problems(data: dict[str, Any]) -> Iterator[Problem]:
    """Every rule of this module that schema-valid document *data* breaks, in document order."""
    styles = _styles(data["numbering"])
    stack: list[tuple[_Place, dict[str, Any], dict[str, Any] | None]] = [
        ((None, i), item, None) for i, item in reversed(list(enumerate(data["provisions"])))
    ]
    while stack:
        place, item, parent = stack.pop()
        for found in _provision_problems(item, parent, styles):
            yield _path(place) + found[0], found[1]
        kind = item["kind"]
        if item.get("num") is not None and KINDS[kind] not in styles:
            styles[KINDS[kind]] = None  # its missing label is reported once, at the first
        children = item.get("children")
        if children:
            stack.extend(((place, i), child, item) for i, child in reversed(list(enumerate(children))))


def _path(place: _Place) -> list[PathPart]:
    out: list[PathPart] = []
    at: _Place | None = place
    while at is not None:
        out[:0] = ["children", at[1]] if at[0] is not None else ["provisions", at[1]]
        at = at[0]
    return out


def _styles(numbering: dict[str, Any]) -> dict[Kind, LabelStyle | None]:
    """The label style of each kind the numbering names (None for a pattern the schema would refuse)."""
    out: dict[Kind, LabelStyle | None] = {}
    for kind in Kind:
        if kind.value in numbering:
            try:
                out[kind] = LabelFormat.from_pattern(numbering[kind.value]).style
            except PolicyDiffError:
                out[kind] = None
    return out


def _provision_problems(
    item: dict[str, Any], parent: dict[str, Any] | None, styles: dict[Kind, LabelStyle | None]
) -> Iterator[Problem]:
    """The problems of one provision, each with its path below the provision."""
    kind, pid = KINDS[item["kind"]], item["id"]
    if parent is not None and kind in _PLACED:
        outer = KINDS[parent["kind"]]
        if outer not in _GROUPS or RANK[outer] >= RANK[kind]:
            yield [], f"provision {pid!r} of kind {kind.value} cannot be inside {outer.value} {parent['id']!r}"
    if not kind.numbered or "num" not in item:
        return
    if kind not in styles:
        yield [], f"provision {pid!r} of kind {kind.value} has no label: the numbering has no {kind.value!r} pattern"
        return
    style = styles[kind]
    if style is LabelStyle.ARABIC_CIRCLE and isinstance(item["num"], int) and item["num"] > MAX_CIRCLE:
        message = f"{item['num']} has no circled digit: {{circle}} labels go up to {MAX_CIRCLE}"
        yield ["num"], f"provision {pid!r}: 'num': {message}"
    if style is not None and "sub" in item and not style.supports_sub:
        yield ["sub"], f"provision {pid!r}: 'sub': the {kind.value} label {style.value} has no 之N form"
