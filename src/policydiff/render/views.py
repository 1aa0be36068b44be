"""What templates receive: plain, immutable views of documents, versions and provisions.

The full context is documented in docs/TEMPLATES.md. Provisions are given flat, in
document order, each with its depth, its derived label and an ``anchor`` built from
its stable id, so links to a provision survive renumbering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policydiff.model import Document, Provision
from policydiff.model.plaintext import provision_lines


@dataclass(frozen=True, slots=True)
class ProvisionRow:
    """One provision as a template sees it."""

    id: str
    kind: str
    depth: int
    label: str
    sep: str
    heading: str | None
    text: str | None
    anchor: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VersionView:
    """A version as a template sees it: number, date in force and the event that made it."""

    number: int
    date: str | None
    event: str | None


def anchor(pid: str) -> str:
    """The HTML anchor of a provision: its stable id, so links survive renumbering."""
    return f"p-{pid}"


def rows(doc: Document) -> list[ProvisionRow]:
    """Every provision of *doc* in document order."""
    out: list[ProvisionRow] = []
    for p in doc.provisions:
        _collect(doc, p, 1, out)
    return out


def _collect(doc: Document, p: Provision, depth: int, out: list[ProvisionRow]) -> None:
    label = doc.label(p)
    sep = ""
    if p.num is not None:
        sep = doc.separator(p)
    own = tuple(provision_lines(doc, _leaf(p)))
    out.append(ProvisionRow(p.id, p.kind.value, depth, label, sep, p.heading, p.text, anchor(p.id), own))
    for child in p.children:
        _collect(doc, child, depth + 1, out)


def _leaf(p: Provision) -> Provision:
    return p._replace(children=())


def document_context(
    doc: Document, version: VersionView | None = None, *, headnote: str | None = None, **extra: Any
) -> dict[str, Any]:
    """The context of the document templates: ``document``, ``version``, ``headnote``, ``provisions``.

    ``headnote`` is the version's 题注 (:func:`policydiff.history.headnote.headnote`), None when
    its history does not give one or it is not known. ``provisions`` may be given (the
    :func:`rows` of *doc*, made once for several pages).
    """
    provisions = extra.pop("provisions", None)
    rows_ = rows(doc) if provisions is None else provisions
    return {"document": doc, "version": version, "headnote": headnote, "provisions": rows_, **extra}
