"""Cross-references: each names a provision of its own version (PD601), and none is left on the
old numbers by a notice that renumbered what it names (PD602). See :mod:`policydiff.crossref`."""

from __future__ import annotations

import itertools

from policydiff import crossref
from policydiff.app.checks.context import DocumentCheck


def dangling(ctx: DocumentCheck) -> None:
    """PD601: a reference to a provision that does not exist in the version it is in."""
    previous: crossref.Index | None = None
    for version in ctx.versions:
        doc = version.document
        index = crossref.indexed(doc)  # where() asks the same one
        for found in crossref.dangling(doc, index):
            ref = found.reference
            if not ctx.first_time("PD601", ref.source, ref.words):
                continue
            named = crossref.targets(previous, ref) if previous is not None else ()
            message = f"{crossref.where(doc, ref.source)}: reference “{ref.words}”: {found.reason}"
            ctx.report_in(version, [ref.source, *named], "PD601", message, "text")
        previous = index


def stale(ctx: DocumentCheck) -> None:
    """PD602: a reference in a provision the notice left alone, to a provision it renumbered."""
    previous: crossref.Index | None = None  # each version indexed once, as the "after" of a pair
    for before, after in itertools.pairwise(ctx.versions):
        indexes = previous or crossref.Index(before.document), crossref.Index(after.document)
        previous = indexes[1]
        for r in crossref.rewrites(before.document, after.document, indexes=indexes):
            where = crossref.where(after.document, r.source)
            message = f"{where}: “{r.old}” still has the old numbers; it should read “{r.new}”"
            ctx.report_in(after, [*r.targets, r.source], "PD602", message)
