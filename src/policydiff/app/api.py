"""The Python API: what the command line does, as calls that return typed results.

``import policydiff`` stays light: these names are imported on first use
(:func:`policydiff.__getattr__`). The reference, with every call and its real output, is
``docs/API.md``; its examples run as doctests.

- :func:`open` a policy repository; :meth:`Repository.documents`, :meth:`Repository.document`;
- a :class:`Regulation`'s :attr:`~Regulation.versions`, :meth:`~Regulation.at` a version or date,
  and each :class:`~policydiff.history.Version`'s :meth:`~policydiff.history.Version.text`;
- :meth:`Repository.apply` a notice (all or nothing), :meth:`Repository.apply_all` a decision to
  every document it names, :meth:`Repository.revise` and :meth:`Repository.repeal` a document,
  :meth:`Regulation.status` (derived, :class:`~policydiff.history.status.Status`), and
  :meth:`Repository.check` the repository;
- :func:`diff` two versions, :func:`draft` the notice between them, :func:`render_version`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from policydiff import history
from policydiff.app import amend, lifecycle
from policydiff.app.amend import AppliedChange
from policydiff.app.check import check as check_repository
from policydiff.app.instruments import InstrumentOutcome, apply_instrument
from policydiff.app.lifecycle import Recorded
from policydiff.app.problems import Problem
from policydiff.compare.diff import Change, diff_documents
from policydiff.compare.draft import draft as draft_notice
from policydiff.errors import UsageError
from policydiff.history import Version
from policydiff.history.status import Status, document_status, version_status
from policydiff.history.timeline import pick
from policydiff.model import Document
from policydiff.storage.repo import Repository as Store
from policydiff.zh.lexicon import same_title


@dataclass(frozen=True, slots=True)
class Outcome:
    """What :meth:`Repository.apply` did: the changes, the warnings, the event recorded (None on a dry run)."""

    slug: str
    items: int
    changes: tuple[AppliedChange, ...]
    warnings: tuple[str, ...]
    event: str | None


@dataclass(frozen=True, slots=True)
class Diff:
    """The changes from one text to another, in the new text's order (empty when they are equal)."""

    changes: tuple[Change, ...]

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)


@dataclass(frozen=True, slots=True)
class Regulation:
    """One document of a repository, with its history replayed once."""

    slug: str
    versions: tuple[Version, ...]

    @property
    def title(self) -> str:
        """The title of the current version."""
        return self.current.document.title

    @property
    def current(self) -> Version:
        """The last version (it may not be in force yet: see :meth:`at`)."""
        return self.versions[-1]

    def at(self, when: str | dt.date | None = None) -> Version:
        """The version named ``v2`` (or ``2``), or in force on a date (``YYYY-MM-DD`` or a date; None: today)."""
        spec = when.isoformat() if isinstance(when, dt.date) else when
        return pick(list(self.versions), self.slug, spec)

    def status(self, today: dt.date | None = None, version: int | None = None) -> Status:
        """The document's status on *today* (default: today), or that of version number *version*."""
        day = today or dt.date.today()
        history = list(self.versions)
        return document_status(history, day) if version is None else version_status(history, version, day)


@dataclass(frozen=True, slots=True)
class Repository:
    """A policy repository: the folder that holds ``documents/``."""

    store: Store

    @property
    def root(self) -> Path:
        """The repository's folder."""
        return self.store.root

    def documents(self) -> list[str]:
        """The slugs of its documents, sorted."""
        return self.store.slugs()

    def document(self, slug: str) -> Regulation:
        """The document *slug*, its versions replayed from its events."""
        return Regulation(slug, tuple(history.versions(self.store, slug)))

    def apply(
        self, notice: str | Path, slug: str | None = None, *, dry_run: bool = False, target: str | None = None
    ) -> Outcome:
        """Apply the notice in file *notice* (wording or structured YAML) to *slug*, all or nothing.

        Without *slug*, the document whose title the notice names. A dry run records nothing.
        """
        path = Path(notice)
        slug = slug or self._slug_for(path, target)
        done = amend.apply_file(self.store, slug, path, dry_run=dry_run, target=target)
        return Outcome(slug, done.items, done.changes, done.warnings, done.event)

    def apply_all(self, notice: str | Path, *, dry_run: bool = False) -> InstrumentOutcome:
        """Apply every part of the decision in file *notice* to the document whose title it names,
        and record the repeals it makes, all or nothing (``policydiff apply NOTICE``)."""
        return apply_instrument(self.store, Path(notice), dry_run=dry_run)

    def revise(
        self, slug: str, text: str | Path, *, by: str | Path | None = None, date: dt.date | None = None,
        dry_run: bool = False,
    ) -> Recorded:  # fmt: skip
        """Record the full text in file *text* as the next version of *slug* (a 修订), provision ids
        kept where the text continues; *by* the instrument's file, *date* when it takes effect."""
        instrument = Path(by) if by is not None else None
        return lifecycle.revise(self.store, slug, Path(text), by=instrument, date=date, dry_run=dry_run)

    def repeal(self, slug: str, *, by: str | Path | None = None, date: dt.date | None = None) -> Recorded:
        """Record that *slug* is repealed (废止) from *date* (or the instrument's date)."""
        return lifecycle.repeal(self.store, slug, by=Path(by) if by is not None else None, date=date)

    def check(self) -> list[Problem]:
        """Every problem of the repository, as ``policydiff check`` lists them."""
        return check_repository(self.store, jobs=1)

    def _slug_for(self, path: Path, target: str | None) -> str:
        named = target or amend.parse_file(path).notice.target
        found = [s for s in self.documents() if named and same_title(self.store.load(s).title, named)]
        if len(found) != 1:
            raise UsageError(
                f"{path}: name the document to amend (slug=…): {len(found)} documents are titled {named!r}"
            )
        return found[0]


def open(root: str | Path = ".") -> Repository:
    """The policy repository at *root*; a :class:`UsageError` if *root* holds no ``documents/``."""
    store = Store(Path(root))
    if not store.documents_dir.is_dir():
        raise UsageError(f"{root}: not a policy repository (no documents/ folder)")
    return Repository(store)


def diff(old: Version | Document, new: Version | Document) -> Diff:
    """What changed from *old* to *new*, provision by provision."""
    return Diff(diff_documents(_document(old), _document(new)))


def draft(old: Version | Document, new: Version | Document) -> str:
    """The notice that turns *old* into *new*, worded as the document words its notices."""
    return draft_notice(_document(old), _document(new))


def render_version(
    version: Version,
    template: str = "document.txt.j2",
    *,
    root: str | Path | None = None,
    history: Sequence[Version] | None = None,
) -> str:
    """*version* rendered through a built-in template (or one of *root*'s ``templates/``); with
    *history* (the document's :attr:`Regulation.versions`) the template is given its headnote.

    Not ``render``: that name is the rendering layer, :mod:`policydiff.render`."""
    from policydiff.history.headnote import headnote
    from policydiff.render import render as render_template
    from policydiff.render.views import document_context
    from policydiff.site.publish import version_view

    note = headnote(history, version.number) if history else None
    context = document_context(version.document, version_view(version), headnote=note)
    return render_template(template, context, Path(root) if root is not None else None)


def _document(text: Version | Document) -> Document:
    return text.document if isinstance(text, Version) else text


__all__ = [
    "AppliedChange", "Diff", "InstrumentOutcome", "Outcome", "Recorded", "Regulation", "Repository", "Status",
    "diff", "draft", "open", "render_version",
]  # fmt: skip
