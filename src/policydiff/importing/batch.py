"""Importing a collection: several files or folders, one bad file not stopping the rest."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from policydiff.errors import PolicyDiffError, UsageError
from policydiff.importing import import_file
from policydiff.model import Document
from policydiff.repo import Repository, check_slug

SOURCE_SUFFIXES = (".txt", ".md", ".markdown")


@dataclass(frozen=True, slots=True)
class Job:
    """One source file to import as document *slug*."""

    path: Path
    slug: str
    split: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """What importing one job gave: the document and where it was written, or the error."""

    source: str
    document: Document | None = None
    written: str | None = None
    warnings: tuple[str, ...] = ()
    error: PolicyDiffError | None = None


def slug_from_name(path: Path) -> str:
    """A document id from a file name: its stem, whitespace turned into ``-``."""
    return check_slug(re.sub(r"\s+", "-", path.stem.strip()))


def plan(sources: Sequence[Path], *, slug: str | None, split: bool) -> list[Job]:
    """The files to import: folders are searched for text and Markdown files."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files.extend(sorted(p for p in source.rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file()))
        else:
            files.append(source)
    if slug is not None and len(files) != 1:
        raise UsageError(f"--id names one document, but {len(files)} files were given")
    return [Job(f, check_slug(slug) if slug else slug_from_name(f), split) for f in files]


def run(
    repo: Repository, jobs: Sequence[Job], *, title: str | None, date: dt.date | None, replace: bool
) -> Iterator[Outcome]:
    """Import each job, writing each document atomically; errors are yielded, not raised."""
    for job in jobs:
        try:
            result = import_file(job.path, slug=job.slug, title=title, date=date)
            written = repo.create(result.document, replace=replace)
        except PolicyDiffError as exc:
            yield Outcome(str(job.path), error=exc)
            continue
        yield Outcome(str(job.path), result.document, _rel(written, repo.root), result.warnings)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
