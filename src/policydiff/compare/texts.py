"""Naming a text to compare: a version or date of a document, or another document."""

from __future__ import annotations

from typing import NamedTuple

from policydiff.compare.diff import Change, diff_documents
from policydiff.errors import UsageError
from policydiff.history import Version, versions
from policydiff.history.picking import at
from policydiff.model import Document
from policydiff.storage.repo import Repository


class Comparison(NamedTuple):
    """The changes between two named texts (a named tuple: see :class:`~policydiff.compare.diff.Change`)."""

    old_name: str
    new_name: str
    title: str
    changes: tuple[Change, ...]


def resolve_text(repo: Repository, slug: str, name: str, history: list[Version] | None = None) -> tuple[str, Document]:
    """The text *name* refers to: ``v2``, ``2021-05-21``, or another document's id (its current text).

    Returns the name to show for it (as the user wrote it) and the document. *history* is
    ``versions(repo, slug)`` if the caller has it.
    """
    try:
        version = at(repo, slug, name, history=history)
    except UsageError:
        if name != slug and _is_document(repo, name):
            return name, at(repo, name, None).document
        raise
    return name, version.document


def _is_document(repo: Repository, name: str) -> bool:
    try:
        return repo.exists(name)
    except UsageError:
        return False


def replayed(repo: Repository, slug: str) -> list[Version] | None:
    """``versions(repo, slug)``, or None when *slug* cannot be replayed (:func:`resolve_text` then says why)."""
    try:
        return versions(repo, slug)
    except UsageError:
        return None


def diff_between(
    repo: Repository,
    slug: str,
    old: str,
    new: str,
    *,
    ignore_formatting: bool = False,
    history: list[Version] | None = None,
) -> Comparison:
    """The changes from *old* to *new* (each a version, a date or a document id).

    *history* is :func:`replayed` of *slug* if the caller has it; else it is replayed here, once for both sides.
    """
    history = replayed(repo, slug) if history is None else history
    old_name, a = resolve_text(repo, slug, old, history)
    new_name, b = resolve_text(repo, slug, new, history)
    changes = diff_documents(a, b, ignore_formatting=ignore_formatting)
    return Comparison(old_name, new_name, b.title, changes)
