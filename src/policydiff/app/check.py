"""``policydiff check`` and ``policydiff textconv``: the repository guarded like code.

:func:`check` runs every check of :data:`policydiff.app.checks.CHECKS` on every document (or
on those under the given paths) and returns every problem found, each once, with the
file, line and column to fix and a stable code (the README lists them). :func:`render`
writes them as text (``file:line:col: CODE message``), JSON or GitHub workflow
annotations. :func:`textconv` is git's text conversion for policy files, so that
``git diff`` and ``git log -p`` show provisions instead of YAML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from policydiff.errors import InputError, PolicyDiffError, UsageError
from policydiff.storage.repo import DOCUMENT_FILE, DOCUMENTS, NOTICES, Repository, natural_key

if TYPE_CHECKING:
    from collections.abc import Mapping

    from policydiff.app import checkcache
    from policydiff.app.problems import Problem
    from policydiff.notice.record import Notice
    from policydiff.storage.shard import Shard

# The checks and what they need (YAML, schemas, the notice parser, the worker processes) are
# imported when a document is checked, so that checking an empty repository starts as fast as
# --version; json, the source decoder and Problem where they are used.

FORMATS = ("text", "json", "github")

__all__ = ["FORMATS", "check", "check_document", "render", "summary", "textconv"]


def check(
    repo: Repository,
    paths: Iterable[Path] = (),
    jobs: int | None = None,
    shard: Shard | None = None,
    *,
    staged: bool = False,
    reuse: bool = False,
) -> list[Problem]:
    """Every problem of the documents under *paths* (default: all), sorted by file and line.

    A path in ``notices/<id>/`` chooses that instrument and every document whose events apply
    it. Paths elsewhere in the repository (``README.md``) choose nothing: the pre-commit hook
    passes every staged file. Any path also chooses the documents whose events apply an
    instrument part that is no longer kept. With *staged* (the paths are a commit's files), no
    path means no file of documents/ or notices/ is staged: only that last kind is chosen.
    Documents are checked in *jobs* processes (default: one per CPU; see :mod:`policydiff.parallel`).

    With *shard*, only the chosen documents and instruments in that share are checked
    (:mod:`policydiff.storage.shard`); each is checked as a whole, reading the other documents
    it needs, so the problems of the ``N`` shards together are those of one check.

    What is found clean is recorded (:mod:`policydiff.app.checkcache`); with *reuse*, what that
    record holds as clean for the files as they are is not checked again (``build`` does so).
    """
    paths = list(paths)
    selective = staged or bool(paths)
    slugs, instruments, problems = _select(repo, paths, selective)
    kept = instruments if selective else repo.instruments()  # the whole repository checks every instrument
    if shard is not None:
        slugs = [s for s in slugs if shard.holds(s)]
        problems = [p for p in problems if shard.holds(p.file.removeprefix(f"{DOCUMENTS}/"))]  # PD104: a folder
        kept = [nid for nid in kept if shard.holds(nid)]
    if slugs or kept:  # imported only then: an empty repository's check starts as fast as --version
        problems.extend(_check_recorded(repo, slugs, kept, jobs, reuse))
    return sorted(set(problems))


def _check_recorded(
    repo: Repository, slugs: list[str], nids: list[str], jobs: int | None, reuse: bool
) -> list[Problem]:
    """The problems of documents *slugs* and instruments *nids*; with *reuse*, those the record
    holds for the files as they are are taken from it, not found again. The record is then
    updated with what this check found."""
    from policydiff.app import checkcache

    before = checkcache.load(repo)
    docs = {slug: checkcache.document_digest(repo, slug) for slug in slugs}
    ids = {nid: checkcache.instrument_digest(repo, nid) for nid in nids}
    found: list[Problem] = []
    if reuse:
        docs = _unrecorded(docs, before.documents, found)
        ids = _unrecorded(ids, before.instruments, found)
    doc_rows = []
    if docs:
        from policydiff import parallel

        tasks = [(repo, slug) for slug in docs]
        for slug, problems in zip(docs, parallel.map_ordered(_check_one, tasks, jobs), strict=True):
            found.extend(problems)
            doc_rows.append((slug, docs[slug], problems))
    nid_rows = []
    if ids:
        from policydiff.app.checks.instruments import check_instruments

        problems = check_instruments(repo, ids)
        found.extend(problems)
        nid_rows = [(nid, digest, [p for p in problems if p.file.split("/")[1] == nid]) for nid, digest in ids.items()]
    if doc_rows or nid_rows:
        checkcache.save(repo, checkcache.updated(before, doc_rows, nid_rows))
    return found


def _unrecorded(
    digests: dict[str, str | None], record: Mapping[str, checkcache.Found], found: list[Problem]
) -> dict[str, str | None]:
    """The ids of *digests* the *record* holds nothing for, as they are; the problems it holds for
    the others are added to *found*."""
    rest = {}
    for key, digest in digests.items():
        held = record.get(key)
        if digest is not None and held is not None and held.digest == digest:
            found.extend(held.problems)
        else:
            rest[key] = digest
    return rest


def _check_one(task: tuple[Repository, str]) -> list[Problem]:
    return check_document(*task)


def check_document(repo: Repository, slug: str) -> list[Problem]:
    """Every problem of document *slug*, in the order the checks found them."""
    from policydiff.app.checks import CHECKS
    from policydiff.app.checks.context import DocumentCheck, SourceFile
    from policydiff.app.problems import Problem

    try:
        path = repo.document_file(slug)
    except UsageError as exc:  # a folder name that is no slug, or a link out of the repository
        return [Problem(f"{DOCUMENTS}/{slug}", 1, 1, "PD106", exc.message)]
    ctx = DocumentCheck(repo, slug, SourceFile(path, path.relative_to(repo.root).as_posix()))
    for row in CHECKS:
        row.run(ctx)
    return ctx.problems


def _select(repo: Repository, paths: list[Path], selective: bool) -> tuple[list[str], list[str], list[Problem]]:
    """The documents and instruments to check, and a PD104 for each chosen folder that has no document.yaml."""
    if not repo.documents_dir.is_dir():
        raise UsageError(f"no {DOCUMENTS}/ folder in {repo.root}: not a policy repository")
    folders = sorted(
        (p.name for p in repo.documents_dir.iterdir() if p.is_dir() and not p.name.startswith(".")), key=natural_key
    )
    if not selective:
        wanted, instruments = set(folders), []
    else:
        wanted, named = set(), set()
        for path in paths:
            slugs, ids = _under(repo, path, folders)
            wanted.update(slugs)
            named.update(ids)
        instruments = sorted(nid for nid in named if (repo.notices_dir / nid).is_dir())
        wanted.update(_applying(repo, folders, set(instruments)))
    chosen = [slug for slug in folders if slug in wanted]
    documents = [slug for slug in chosen if (repo.documents_dir / slug / DOCUMENT_FILE).is_file()]
    found = set(documents)
    return documents, instruments, [_no_document(slug) for slug in chosen if slug not in found]


def _no_document(slug: str) -> Problem:
    from policydiff.app.problems import Problem

    return Problem(f"{DOCUMENTS}/{slug}", 1, 1, "PD104", f"document folder {slug} has no {DOCUMENT_FILE}")


def _under(repo: Repository, path: Path, folders: list[str]) -> tuple[list[str], list[str]]:
    """The document folders and the instruments *path* is in (or holds); none outside both folders."""
    if not path.exists():
        raise UsageError(f"no such file or folder: {path}")
    try:
        parts = path.resolve().relative_to(repo.root.resolve()).parts
    except ValueError:
        raise UsageError(f"{path} is outside the repository {repo.root}") from None
    if not parts or parts == (DOCUMENTS,):
        return folders, []
    if parts == (NOTICES,):
        return [], repo.instruments()
    if parts[0] == DOCUMENTS:
        return [parts[1]], []
    if parts[0] == NOTICES:
        return [], [parts[1]]
    return [], []  # README.md, templates/: no document's


def _applying(repo: Repository, folders: list[str], instruments: set[str]) -> set[str]:
    """The documents with an event (``events/*/event.yaml``) that applies one of *instruments*, or
    an instrument part that is no longer kept.

    The second kind is why every event is read even when no instrument is named: a commit that
    deletes ``notices/<id>/`` stages no file the hook is given (pre-commit passes only files that
    exist), yet it breaks each document applying that instrument. An event that does not load
    counts when its text names one of *instruments* (its document's check says what is wrong).
    """
    found = set()
    for slug in folders:
        if any(_event_touches(repo, event, instruments) for event in _events(repo, slug)):
            found.add(slug)
    return found


def _events(repo: Repository, slug: str) -> list[Path]:
    from policydiff.history.store import EVENT_FILE

    return sorted((repo.documents_dir / slug).glob(f"events/*/{EVENT_FILE}"))


def _event_touches(repo: Repository, event: Path, instruments: set[str]) -> bool:
    from policydiff.history.store import part_name, read_ref

    try:
        ref = read_ref(event, event.relative_to(repo.root).as_posix())
    except (PolicyDiffError, OSError):
        try:
            text = event.read_text("utf-8", "replace")
        except OSError:
            return False
        return any(nid in text for nid in instruments)
    if ref.notice is None:
        return False
    return ref.notice in instruments or not (repo.notices_dir / ref.notice / part_name(ref.part or 1)).is_file()


def render(problems: list[Problem], fmt: str) -> str:
    """The problems as ``text`` (one line each), ``json`` or ``github`` annotations."""
    if fmt == "json":
        import json

        rows = [asdict(p) for p in problems]
        return json.dumps({"version": 1, "problems": rows}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        return "".join(_annotation(p) + "\n" for p in problems)
    return "".join(f"{p}\n" for p in problems)


def _annotation(p: Problem) -> str:
    """A GitHub workflow command: ``::error file=…,line=…,col=…,title=CODE::message``."""

    def prop(value: str) -> str:
        return _escape(value).replace(":", "%3A").replace(",", "%2C")

    return f"::error file={prop(p.file)},line={p.line},col={p.column},title={prop(p.code)}::{_escape(p.message)}"


def _escape(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def summary(problems: list[Problem]) -> str:
    """One line for stderr: how many problems in how many files."""
    files = len({p.file for p in problems})
    return f"policydiff check: {len(problems)} problem{'s' * (len(problems) != 1)} in {files} file{'s' * (files != 1)}"


def textconv(path: Path) -> str:
    """A policy file as text for git: a document's consolidated text, a notice's wording.

    Anything else, or a file that does not load (git also converts old and broken
    versions), is returned as it is, so ``git diff`` never fails because of it.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}") from None
    from policydiff.storage.sources import decode_utf8

    try:
        text = decode_utf8(raw, str(path))
    except InputError:
        return raw.decode("utf-8", "replace")
    from policydiff.history.noticefile import parse_notice
    from policydiff.model import plaintext
    from policydiff.notice.record import FORMAT as NOTICE_FORMAT
    from policydiff.storage import docfile, yamlio

    try:
        data = yamlio.load(text, str(path))
        kind = data.get("format") if isinstance(data, dict) else None
        if kind == docfile.FORMAT:
            return plaintext.to_text(docfile.parse_document(data, text, str(path)))
        if kind == NOTICE_FORMAT:
            return notice_text(parse_notice(data, text, str(path)))
    except PolicyDiffError:
        pass
    return text


def notice_text(notice: Notice) -> str:
    """A structured notice as people read it: number, title, dates, then each item's wording."""
    head = [notice.number, notice.title, *(f"{k}: {v}" for k, v in _dates(notice))]
    items = [
        f"{item.label}.{item.wording}" if item.label.isdigit() else f"{item.label} {item.wording}"
        for item in notice.items
    ]
    return "".join(f"{line}\n" for line in (*(h for h in head if h), *items))


def _dates(notice: Notice) -> list[tuple[str, str]]:
    keys = ("decided", "adopted", "issued", "effective", "unamended_effective")
    return [(k, getattr(notice, k).isoformat()) for k in keys if getattr(notice, k) is not None]
