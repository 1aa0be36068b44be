"""Applying a notice as a new version is made: the operations, then the references.

:func:`~policydiff.notice.apply.apply_operations` (the engine) edits the provisions;
:func:`apply_items` then makes the references of untouched provisions follow the renumbering
(NPC practice: 条文顺序作相应调整), and says each reference it rewrote and each whose meaning
changes and cannot be rewritten (:mod:`.refnotes`).
"""

from __future__ import annotations

from collections.abc import Sequence

from policydiff import crossref
from policydiff.crossref.find import STEP, Found
from policydiff.crossref.refnotes import changed_meaning
from policydiff.model import Document, Provision
from policydiff.notice.apply import Applied, apply_operations
from policydiff.notice.ops import Item


def apply_items(
    doc: Document,
    items: Sequence[Item],
    *,
    retired: frozenset[str] = frozenset(),
    follow_references: bool = True,
    found: Found | None = None,
) -> Applied:
    """*doc* amended by *items*, all or nothing, and its references followed (unless
    *follow_references* is false). The warnings are the operations', then the references'.
    *found*: references already found, by provision id and text, read and filled (a replay keeps
    one across its notices: each looks again in every provision it left alone)."""
    applied = apply_operations(doc, items, retired=retired)
    if not follow_references:
        return applied
    found = {} if found is None else found
    return _follow_references(doc, applied.document, list(applied.changed), list(applied.warnings), found)


def _follow_references(
    doc: Document, amended: Document, changed: list[tuple[str, tuple[str, ...]]], warnings: list[str], found: Found
) -> Applied:
    """References in untouched provisions follow the renumbering (NPC practice: 条文顺序作相应调整).

    Each rewritten reference is reported as a warning, so nothing changes unseen; so is each
    reference whose meaning changes and cannot be rewritten (:mod:`.refnotes`).
    """
    if resolves_alike(doc, amended):  # no reference can name another provision: nothing to find
        return Applied(amended, tuple(changed), tuple(warnings))
    old, new = crossref.Index(doc), crossref.Index(amended)  # each version indexed once
    rewrites = crossref.rewrites(doc, amended, found, (old, new))
    if not rewrites:
        notes = changed_meaning(doc, amended, amended, found, (old, new))
        return Applied(amended, tuple(changed), (*warnings, *notes))
    notes = [f"reference in {r.source} follows the renumbering: “{r.old}” now reads “{r.new}”" for r in rewrites]
    sources = tuple(dict.fromkeys(r.source for r in rewrites))
    followed = crossref.renumber_references(doc, amended, rewrites)
    notes += changed_meaning(doc, amended, followed, found, (old, crossref.Index(followed)))
    return Applied(followed, (*changed, ("references", sources)), (*warnings, *notes))


def resolves_alike(before: Document, after: Document) -> bool:
    """Whether every reference resolves in *after* to what it resolved to in *before*, as far as
    :class:`policydiff.crossref.Index` can tell them apart: the same title (``Index.bare``), the
    same tree of ids, kinds and numbers (parents, chains, the articles in order, the first of each
    kind and number), and, where a text changed, the same facts of it that resolution reads:
    whether there is one, its ending (``：`` opens a list of 款 members, ``。`` closes it) and
    whether it names a 条 (a bare 第二款 after it is not checked). Then no reference follows a
    renumbering and none changes meaning: :func:`policydiff.crossref.rewrites` and
    :func:`~policydiff.crossref.refnotes.changed_meaning` would find none (a notice that only
    rewords spares their 8 and 5 ms on 刑法; issue 19)."""
    return before.title == after.title and _alike(before.provisions, after.provisions)


def _alike(xs: tuple[Provision, ...], ys: tuple[Provision, ...]) -> bool:
    if len(xs) != len(ys):
        return False
    for x, y in zip(xs, ys, strict=True):
        if x is y:
            continue
        if x.id != y.id or x.kind is not y.kind or x.num != y.num:
            return False
        if x.text != y.text and _facts(x.text) != _facts(y.text):
            return False
        if not _alike(x.children, y.children):
            return False
    return True


def _facts(text: str | None) -> tuple[bool, bool, bool] | None:
    if text is None:
        return None
    names_an_article = any(m.group("unit") == "条" for m in STEP.finditer(text))
    return text.endswith(("：", ":")), text.endswith("。"), names_an_article


__all__ = ["apply_items", "resolves_alike"]
