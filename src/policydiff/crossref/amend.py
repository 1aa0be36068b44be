"""Applying a notice as a new version is made: the operations, then the references.

:func:`~policydiff.notice.apply.apply_operations` (the engine) edits the provisions;
:func:`apply_items` then makes the references of untouched provisions follow the renumbering
(NPC practice: 条文顺序作相应调整), and says each reference it rewrote and each whose meaning
changes and cannot be rewritten (:mod:`.refnotes`).
"""

from __future__ import annotations

from collections.abc import Sequence

from policydiff import crossref
from policydiff.crossref.find import Reference
from policydiff.crossref.refnotes import changed_meaning
from policydiff.model import Document
from policydiff.notice.apply import Applied, apply_operations
from policydiff.notice.ops import Item


def apply_items(
    doc: Document, items: Sequence[Item], *, retired: frozenset[str] = frozenset(), follow_references: bool = True
) -> Applied:
    """*doc* amended by *items*, all or nothing, and its references followed (unless
    *follow_references* is false). The warnings are the operations', then the references'."""
    applied = apply_operations(doc, items, retired=retired)
    if not follow_references:
        return applied
    return _follow_references(doc, applied.document, list(applied.changed), list(applied.warnings))


def _follow_references(
    doc: Document, amended: Document, changed: list[tuple[str, tuple[str, ...]]], warnings: list[str]
) -> Applied:
    """References in untouched provisions follow the renumbering (NPC practice: 条文顺序作相应调整).

    Each rewritten reference is reported as a warning, so nothing changes unseen; so is each
    reference whose meaning changes and cannot be rewritten (:mod:`.refnotes`).
    """
    found: dict[str, list[Reference]] = {}  # each untouched provision's references, found once
    rewrites = crossref.rewrites(doc, amended, found)
    if not rewrites:
        return Applied(amended, tuple(changed), (*warnings, *changed_meaning(doc, amended, amended, found)))
    notes = [f"reference in {r.source} follows the renumbering: “{r.old}” now reads “{r.new}”" for r in rewrites]
    sources = tuple(dict.fromkeys(r.source for r in rewrites))
    followed = crossref.renumber_references(doc, amended)
    notes += changed_meaning(doc, amended, followed, found)
    return Applied(followed, (*changed, ("references", sources)), (*warnings, *notes))


__all__ = ["apply_items"]
