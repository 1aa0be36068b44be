"""The structural checks an imported document passes before it is written.

Import runs the rows of :data:`policydiff.app.checks.CHECKS` that judge a document's structure: its
numbering (PD301–PD303) and its cross-references (PD601, PD602). They run on the document and
the ``document.yaml`` text import is about to write, as if it were written, so each problem is
worded and placed exactly as ``policydiff check`` would word and place it once written.
"""

from __future__ import annotations

from collections.abc import Iterator

from policydiff.app.problems import Problem
from policydiff.model import Document, Provision
from policydiff.storage.repo import Repository

#: The codes of the checks import runs: numbering and cross-references.
STRUCTURAL_CODES = frozenset({"PD301", "PD302", "PD303", "PD601", "PD602"})

__all__ = ["STRUCTURAL_CODES", "structural_problems"]


def structural_problems(repo: Repository, doc: Document, text: str) -> tuple[Problem, ...]:
    """The numbering and cross-reference problems of *doc*, whose ``document.yaml`` would be *text*.

    Each is placed in the file as it would be written to *repo*; they are sorted as ``check`` sorts them.
    """
    from policydiff.app.checks import CHECKS
    from policydiff.app.checks.context import DocumentCheck, SourceFile
    from policydiff.history import Version

    path = repo.document_file(doc.slug)
    ctx = DocumentCheck(repo, doc.slug, SourceFile(path, path.relative_to(repo.root).as_posix(), text))
    ctx.document = doc
    ctx.paths = dict(_id_paths(doc.provisions, ["provisions"]))
    ctx.versions = [Version(1, None, doc)]
    for row in CHECKS:
        if STRUCTURAL_CODES.issuperset(row.codes):
            row.run(ctx)
    return tuple(sorted(set(ctx.problems)))


def _id_paths(items: tuple[Provision, ...], prefix: list[str | int]) -> Iterator[tuple[str, list[str | int]]]:
    """Each provision's id and its path of keys and indexes in ``document.yaml``."""
    for i, p in enumerate(items):
        yield p.id, [*prefix, i]
        yield from _id_paths(p.children, [*prefix, i, "children"])
