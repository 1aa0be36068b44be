"""Importing a collection: several files or folders, one bad file not stopping the rest."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from policydiff import history, parallel
from policydiff.app import reissued as reissue
from policydiff.app.instruments import titles_in
from policydiff.app.problems import Problem
from policydiff.app.verify import structural_problems
from policydiff.errors import FailedError, Location, PolicyDiffError, UsageError
from policydiff.history import writing
from policydiff.importing import ImportResult, import_file, import_text, read_bytes
from policydiff.importing.reissued import Reissued, split_reissued
from policydiff.importing.split import Part, split_text
from policydiff.model import Document
from policydiff.model.plaintext import lines
from policydiff.notice.parse import parse_wording
from policydiff.notice.record import Notice
from policydiff.storage.lock import CannotLockError, LockedError, write_lock
from policydiff.storage.repo import Repository, check_slug
from policydiff.storage.sources import decode_source
from policydiff.zh.lexicon import title_key

SOURCE_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf")


@dataclass(frozen=True, slots=True)
class Job:
    """One source file to import as document *slug*."""

    path: Path
    slug: str
    split: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """What importing one job gave: the document and where it was written, or the error.

    *problems* are what the structural checks found (:mod:`.verify`); a document with problems
    is not written (*written* is None: it was refused) unless problems were allowed.
    """

    source: str
    document: Document | None = None
    written: str | None = None
    warnings: tuple[str, ...] = ()
    error: PolicyDiffError | None = None
    lines: tuple[int, int] | None = None
    boundary: str | None = None
    problems: tuple[Problem, ...] = ()
    #: What was done with a notice and the text it re-issues (:mod:`.reissued`), one line.
    note: str | None = None
    #: Why such a file was not imported: one line per differing provision, then the summary.
    findings: tuple[str, ...] = ()

    @property
    def refused(self) -> bool:
        """Whether the document was read but not written because of its problems."""
        return self.document is not None and self.written is None


def slug_from_name(path: Path) -> str:
    """A document id from a file name: its stem, whitespace turned into ``-``."""
    return check_slug(re.sub(r"\s+", "-", path.stem.strip()))


def plan(sources: Sequence[Path], *, slug: str | None, split: bool) -> list[Job]:
    """The files to import: folders are searched for every kind of :data:`SOURCE_SUFFIXES`."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files.extend(sorted(p for p in source.rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file()))
        else:
            files.append(source)
    if not files:  # only folders without sources: say so rather than import nothing and succeed
        names = ", ".join(str(source) for source in sources)
        raise UsageError(f"no {', '.join(SOURCE_SUFFIXES)} files in {names}")
    if slug is not None and len(files) != 1:
        raise UsageError(f"--id names one document, but {len(files)} files were given")
    return [Job(f, check_slug(slug) if slug else slug_from_name(f), split) for f in files]


def run(
    repo: Repository,
    jobs: Sequence[Job],
    *,
    title: str | None,
    date: dt.date | None,
    replace: bool,
    processes: int | None = None,
    allow_problems: bool = False,
    discard_history: bool = False,
) -> Iterator[Outcome]:
    """Import each job, writing each document atomically; errors are yielded, not raised.

    A document that fails the structural checks (:func:`.verify.structural_problems`) is not
    written, and its outcome is refused, unless *allow_problems*; its problems are in the outcome.

    Files are read, parsed and turned into YAML in up to *processes* worker processes (default:
    one per CPU; :mod:`policydiff.parallel`); this process writes them, in the jobs' order.
    Each document is written under the repository's lock (:meth:`Repository.create`), held
    only while it is written: another writer may run between two files of a long import.
    When another process holds it (:class:`~policydiff.storage.lock.LockedError`), or it cannot be made
    (:class:`~policydiff.storage.lock.CannotLockError`: a read-only repository), the run stops: exit 1.

    *replace* writes over an existing document, but not over one with recorded amendments (its
    ``events/``) unless *discard_history* too: that is refused with a :class:`UsageError`.
    """
    tasks = [(repo, job, title, date) for job in jobs]
    for job, made in zip(jobs, parallel.map_ordered(_prepare, tasks, processes), strict=True):
        if isinstance(made, _Reissue):
            try:
                with write_lock(repo.root):
                    yield _record_reissued(
                        repo, job, made, replace=replace, allow=allow_problems, discard=discard_history
                    )
            except (LockedError, CannotLockError):
                raise
            except PolicyDiffError as exc:
                located = exc if exc.location.file else exc.at(Location(str(job.path)))
                yield Outcome(str(job.path), error=located)
            continue
        if job.split:
            yield from _run_split(
                repo, job, date=date, replace=replace, allow_problems=allow_problems, discard=discard_history
            )
            continue
        try:
            if isinstance(made, PolicyDiffError):
                raise made
            assert made is not None
            result, text, problems = made
            if problems and not allow_problems:
                yield Outcome(str(job.path), result.document, None, result.warnings, problems=problems)
                continue
            with write_lock(repo.root):
                _keep_history(repo, [result.document], replace=replace, discard=discard_history)
                written = repo.create(result.document, replace=replace, text=text)
        except (LockedError, CannotLockError):
            raise  # not this file's fault, and the next ones would fail the same way: stop
        except PolicyDiffError as exc:
            yield Outcome(str(job.path), error=exc)
            continue
        yield Outcome(str(job.path), result.document, _rel(written, repo.root), result.warnings, problems=problems)


@dataclass(frozen=True, slots=True)
class _Reissue:
    """A file holding a notice and the text it re-issues: both parsed."""

    split: Reissued
    notice: Notice
    document: Document
    warnings: tuple[str, ...]


Prepared = tuple[ImportResult, str, tuple[Problem, ...]] | _Reissue | PolicyDiffError | None


def _prepare(task: tuple[Repository, Job, str | None, dt.date | None]) -> Prepared:
    """The imported document of a job, its YAML and its problems (the costly part); the error, returned
    to keep the rest going."""
    repo, job, title, date = task
    if job.split:
        return None  # compilations are imported whole by _run_split
    try:
        found = _reissued(job, title, date)
        if found is not None:
            return found
        result = import_file(job.path, slug=job.slug, title=title, date=date)
        return (result, *_checked(repo, result.document))
    except PolicyDiffError as exc:
        return exc


def _reissued(job: Job, title: str | None, date: dt.date | None) -> _Reissue | None:
    """The notice and re-issued text in *job*'s file, when it is such a file and the notice's items
    parse; None otherwise (the file is imported as a text). Only without --title and --date."""
    if title is not None or date is not None or job.path.suffix.lower() not in (".txt", ".md", ".markdown"):
        return None
    source = str(job.path)
    text, _ = decode_source(read_bytes(job.path), source)
    split = split_reissued(text, source)
    if split is None:
        return None
    try:
        notice = parse_wording(split.notice, source, target=split.target)
    except PolicyDiffError:
        return None
    if not any(item.operations for item in notice.items):
        return None
    name = f"{source}:{split.line}"
    doc, warnings = import_text(split.text, slug=job.slug, name=name)
    return _Reissue(split, notice, doc, warnings)


def _record_reissued(
    repo: Repository, job: Job, found: _Reissue, *, replace: bool, allow: bool, discard: bool
) -> Outcome:
    """Apply the notice to the document it amends and check the re-issued text against the result,
    or, when the repository has no such document, record the re-issued text with the notice as the
    amendment that made it (:mod:`.reissued`). Holds the lock."""
    source, notice, reissued = str(job.path), found.notice, found.document
    number = notice.number or notice.title or "the notice"
    try:
        derived: reissue.Derived | None = reissue.derive(notice, reissued, source)
    except reissue.UnderivableError as exc:
        derived, underivable = None, exc
    slug = titles_in(repo).get(title_key(found.split.target))
    if slug is not None:
        applied = derived.notice if derived is not None else notice
        warnings = found.warnings + (derived.warnings if derived is not None else ())
        prepared = writing.prepare_amendment(repo, slug, applied)
        diffs = reissue.differences(prepared.applied.document, reissued)
        if diffs:
            noun = "provision" if len(diffs) == 1 else "provisions"
            why = (
                f"not imported: the re-issued text differs from {number} applied to {slug} in {len(diffs)} {noun} "
                "([-…-] the notice applied, {+…+} the re-issued text); nothing was written"
            )
            return Outcome(source, reissued, None, warnings, findings=(*diffs, why))
        instrument = writing.Instrument(found.split.notice, ((1, applied),), "notice.txt")
        writing.commit_amendments(repo, [prepared], instrument)
        event = _rel(repo.document_dir(slug) / history.EVENTS / prepared.event, repo.root)
        note = f"the re-issued text agrees with the notice applied to {slug}"
        return Outcome(source, prepared.applied.document, event, warnings, note=note)
    if derived is None:
        why = f"not imported: the text before {number} cannot be derived from the re-issued text: {underivable.message}"
        return Outcome(source, reissued, None, found.warnings, findings=(why,))
    meta = reissue.enacted_meta(derived.notice, reissued.meta, job.path.name)
    before = derived.before._replace(slug=job.slug, meta=meta)
    text, problems = _checked(repo, before)
    warnings = found.warnings + derived.warnings
    if problems and not allow:
        return Outcome(source, before, None, warnings, problems=problems)
    _keep_history(repo, [before], replace=replace, discard=discard)
    existed = repo.document_dir(job.slug).exists()
    written = repo.create(before, replace=replace, text=text)
    try:
        prepared = writing.prepare_amendment(repo, job.slug, derived.notice)
        if prepared.applied.document.title != reissued.title or lines(prepared.applied.document) != lines(reissued):
            raise FailedError(f"{number} applied to the derived text does not give the re-issued text")
        instrument = writing.Instrument(found.split.notice, ((1, derived.notice),), "notice.txt")
        writing.commit_amendments(repo, [prepared], instrument)
    except BaseException:
        if not existed:
            shutil.rmtree(repo.document_dir(job.slug), ignore_errors=True)
        raise
    date = derived.notice.date.isoformat() if derived.notice.date else "undated"
    since = derived.notice.unamended_effective
    rest = (
        f"provisions the notice did not change are in force from {since.isoformat()}"
        if since
        else "the notice does not say since when the provisions it did not change are in force"
    )
    items = sum(1 for item in derived.notice.items if item.operations)
    noun = "item states" if items == 1 else f"{items} items state"
    note = (
        f"recorded the re-issued text as amended by {number} ({date}); the text before it is not known "
        f"beyond what the notice's {noun} (undone on the re-issued text): {rest}"
    )
    return Outcome(source, prepared.applied.document, _rel(written, repo.root), warnings, note=note, problems=problems)


def _run_split(
    repo: Repository, job: Job, *, date: dt.date | None, replace: bool, allow_problems: bool, discard: bool
) -> Iterator[Outcome]:
    """Import each document of a compilation as ``<slug>-<n>``; all are read and checked before any is
    written, and those with problems are not written unless *allow_problems*."""
    source = str(job.path)
    try:
        text, _ = decode_source(read_bytes(job.path), source)
        parts = split_text(text)
        docs = [_import_part(job, n, part, text, date) for n, part in enumerate(parts, 1)]
        checked = [_checked(repo, doc) for doc, _ in docs]
        together = [doc for doc, _ in docs]
        written = _create_together(repo, together, checked, replace=replace, allow=allow_problems, discard=discard)
    except (LockedError, CannotLockError):
        raise
    except PolicyDiffError as exc:
        yield Outcome(source, error=exc)
        return
    for (doc, warnings), (_, problems), path, part in zip(docs, checked, written, parts, strict=True):
        where = _rel(path, repo.root) if path is not None else None
        lines = (part.start + 1, part.end)
        yield Outcome(source, doc, where, warnings, lines=lines, boundary=part.reason, problems=problems)


def _checked(repo: Repository, doc: Document) -> tuple[str, tuple[Problem, ...]]:
    """The YAML of *doc* and its structural problems."""
    text = repo.document_text(doc)
    return text, structural_problems(repo, doc, text)


def _create_together(
    repo: Repository,
    docs: Sequence[Document],
    checked: Sequence[tuple[str, tuple[Problem, ...]]],
    *,
    replace: bool,
    allow: bool,
    discard: bool,
) -> list[Path | None]:
    """Write, under one lock, each document without problems (all of them when *allow*); None for the others."""
    keep = [allow or not problems for _, problems in checked]
    if not any(keep):
        return [None for _ in docs]
    with write_lock(repo.root):  # the parts go in together, no other writer between them
        _keep_history(repo, [doc for doc, ok in zip(docs, keep, strict=True) if ok], replace=replace, discard=discard)
        return [
            repo.create(doc, replace=replace, text=text) if ok else None
            for doc, (text, _), ok in zip(docs, checked, keep, strict=True)
        ]


def _keep_history(repo: Repository, docs: Sequence[Document], *, replace: bool, discard: bool) -> None:
    """Refuse to replace a document with recorded amendments unless told to discard them (hold the lock)."""
    if not replace or discard:
        return
    for doc in docs:
        folder = repo.document_dir(doc.slug) / history.EVENTS
        count = sum(1 for p in folder.iterdir() if history.EVENT_FOLDER.fullmatch(p.name)) if folder.is_dir() else 0
        if count:
            noun = "amendment" if count == 1 else "amendments"
            raise UsageError(
                f"document {doc.slug!r} has {count} recorded {noun} (documents/{doc.slug}/{history.EVENTS}/); "
                "--force --discard-history replaces it and discards its history"
            )


def _import_part(job: Job, n: int, part: Part, whole: str, date: dt.date | None) -> tuple[Document, tuple[str, ...]]:
    name = f"{job.path}:{part.start + 1}"
    title = None if part.title else f"{job.path.stem} 第{n}篇（原文无标题）"
    preface, body = _before_title(part)
    # Blank lines in place of the lines before the body, so the warnings' line numbers are the
    # file's: each part's "line 5" would otherwise be its own, and read as one warning twice.
    before = part.start + part.text.count("\n", 0, len(part.text) - len(body))  # the body ends the part
    body = "\n" * before + body
    doc, warnings = import_text(body, slug=f"{job.slug}-{n}", name=name, title=title, date=date)
    note: tuple[str, ...] = ()
    if title:
        note += (f"part {n} has no title line; titled {title!r}",)
    if preface:
        # e.g. a web page's teaser of the document: kept as cover material, not lost.
        doc = doc._replace(meta=doc.meta._replace(cover=tuple(preface) + doc.meta.cover))
        note += (f"{len(preface)} line(s) before the title kept as cover material",)
    return doc, note + warnings


def _before_title(part: Part) -> tuple[list[str], str]:
    lines = part.text.splitlines(keepends=True)
    if part.title is None:
        return [], part.text
    at = next(i for i, line in enumerate(lines) if line.strip() == part.title)
    return [line.strip() for line in lines[:at] if line.strip()], "".join(lines[at:])


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
