"""The notice commands' library side: parse a file, apply a file, dump the stages."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policydiff import history
from policydiff.errors import InputError, Location, PolicyDiffError, UsageError
from policydiff.history import Version, programs, writing
from policydiff.history.noticefile import notice_text, parse_notice
from policydiff.importing import is_office, read_bytes
from policydiff.model import Document
from policydiff.model.plaintext import chains, own_text, path_label
from policydiff.notice.apply import Applied, ApplyError
from policydiff.notice.parse import parse_notice_text
from policydiff.notice.record import SCHEMA_NAME, Notice
from policydiff.notice.wording import NoticePart, NoticeText, read_notice
from policydiff.storage import yamlio
from policydiff.storage.lock import write_lock
from policydiff.storage.repo import Repository
from policydiff.storage.sources import decode_source
from policydiff.zh.lexicon import book_titles, same_title


@dataclass(frozen=True, slots=True)
class Parsed:
    """A notice read from wording: the text, the structured form and the warnings, and the wording
    as read (its parts and items: the first stage of ``--json``)."""

    text: str
    name: str
    notice: Notice
    warnings: tuple[str, ...]
    wording: NoticeText


@dataclass(frozen=True, slots=True)
class AppliedChange:
    """One provision an applied notice changed: the item, where, and its own text before and after."""

    item: str
    address: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What applying a notice did: per changed provision, the item, path, old and new text.

    ``part`` is the target document's title when the notice amends several documents.
    """

    items: int
    changes: tuple[AppliedChange, ...]
    warnings: tuple[str, ...]
    part: str | None
    event: str | None
    instrument: str | None = None


def read_source(path: Path) -> str:
    """A notice file's text: UTF-8 or GB18030 text, or the text of a .docx or .pdf."""
    if is_office(path):
        from policydiff.importing.office import read_text

        return read_text(path)
    return decode_source(read_bytes(path), str(path))[0]


def parse_file(path: Path, *, target: str | None = None) -> Parsed:
    """Parse the wording in *path*."""
    text = read_source(path)
    wording = read_notice(text, str(path))
    notice = parse_notice_text(wording, str(path), target=target)
    return Parsed(text, str(path), notice, _assumptions(notice), wording)


def _assumptions(notice: Notice) -> tuple[str, ...]:
    return tuple(f"item {item.label}: {note}" for item in notice.items for note in item.assumptions)


def load_structured(path: Path) -> Notice:
    """A structured notice (.yaml)."""
    text = yamlio.read(path)
    return parse_notice(yamlio.load(text, str(path)), text, str(path))


def notice_yaml(notice: Notice, schema_ref: str | None = None) -> str:
    """The YAML text of a structured notice."""
    return notice_text(notice, schema_ref)


def write_notice(path: Path, notice: Notice) -> None:
    """Write a structured notice atomically."""
    from policydiff.storage.fsutil import atomic_write_text

    atomic_write_text(path, notice_text(notice, f"https://policydiff.invalid/schemas/{SCHEMA_NAME}"))


def stages_json(parsed: Parsed) -> str:
    """Every stage of the parse as JSON: the wording's parts and items, then the operations."""
    import json  # here: apply does not need it

    stages = {"wording": _plain(parsed.wording), "notice": _plain(parsed.notice)}
    return json.dumps(stages, ensure_ascii=False, indent=2)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):  # a named tuple is an object, not an array
        return {name: _plain(v) for name, v in value._asdict().items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def apply_file(
    repo: Repository,
    slug: str,
    path: Path,
    *,
    dry_run: bool,
    target: str | None,
    before_commit: Callable[[Outcome], object] | None = None,
) -> Outcome:
    """Apply the notice in *path* (wording or .yaml) to *slug*, recording it unless *dry_run*.

    Everything that can fail happens before anything is written: the notice is applied in
    memory, the changes are labelled, and *before_commit* (the CLI renders its report there) is
    called with the outcome; if any of that raises, nothing is recorded. Recording holds the
    repository's lock (:mod:`policydiff.storage.lock`) from reading the current version to
    naming the new event; a dry run takes no lock.
    """
    with programs.kept():  # the patterns of the notice's wording made without parsing them
        if dry_run:
            outcome = dataclasses.replace(_prepare(repo, slug, path, target=target)[0], event=None)
            if before_commit is not None:
                before_commit(outcome)
            return outcome
        with write_lock(repo.root):
            outcome, prepared, wording = _prepare(repo, slug, path, target=target)
            if before_commit is not None:
                before_commit(outcome)
            instrument = writing.Instrument(wording, ((prepared.part, prepared.notice),), wording_name(path))
            nid = writing.commit_amendments(repo, [prepared], instrument)
    return dataclasses.replace(outcome, instrument=nid)


def wording_name(path: Path) -> str:
    """The name the instrument's wording is kept under: ``notice.md`` for Markdown, else ``notice.txt``."""
    return "notice.md" if path.suffix.lower() == ".md" else "notice.txt"


def _prepare(
    repo: Repository, slug: str, path: Path, *, target: str | None
) -> tuple[Outcome, writing.Prepared, str | None]:
    replayed = history.versions(repo, slug, keep=False)  # once: prepare_part applies to it too
    before = replayed[-1].document
    part: str | None = None
    number = 1
    if path.suffix in (".yaml", ".yml"):
        notice = load_structured(path)
        wording = _wording_beside(path)
        worded = None if wording is None else read_notice(wording, str(path))
    else:
        wording = read_source(path)
        worded = read_notice(wording, str(path))
        notice = parse_notice_text(worded, str(path), target=target or before.title)
        if len(worded.parts) > 1:
            part = notice.target
            number = part_number(worded.parts, notice.target)
    if worded is not None:
        _refuse_own_repeal(worded, before.title, path)
    _check_target(notice, target or before.title, slug, path)
    outcome, prepared = prepare_part(repo, slug, notice, number, path, replayed)
    return dataclasses.replace(outcome, part=part), prepared, wording


def prepare_part(
    repo: Repository, slug: str, notice: Notice, number: int, path: Path, replayed: list[Version]
) -> tuple[Outcome, writing.Prepared]:
    """Part *number* of the instrument in *path* applied in memory to *slug*, whose versions are
    *replayed* (``history.versions``), its changes labelled; refused when it has nothing to apply."""
    before = replayed[-1].document
    if not notice.items:  # it would be recorded as an amendment that changes nothing
        raise InputError("the notice has no items: nothing to apply", Location(str(path)))
    if not any(item.operations for item in notice.items):  # all commencement or effect clauses, or empty
        raise InputError("the notice changes nothing: none of its items has an operation", Location(str(path)))
    try:
        prepared = writing.prepare_amendment(repo, slug, notice, number, replayed)
    except ApplyError as exc:
        raise ApplyError(exc.message, Location(str(path))) from None
    changes = tuple(_changes(before, prepared.applied, path))
    outcome = Outcome(len(notice.items), changes, prepared.applied.warnings, None, prepared.event)
    return outcome, prepared


def part_number(parts: Sequence[NoticePart], target: str | None) -> int:
    """The number (from 1) of the part of a decision that amends *target*, in the order of its wording."""
    for n, part in enumerate(parts, start=1):
        if target and part.target and same_title(part.target, target):
            return n
    return 1


def _changes(before: Document, applied: Applied, path: Path) -> Iterator[AppliedChange]:
    """Each changed provision, labelled; a label that cannot be written names its item."""
    was, now = chains(before), chains(applied.document)  # one walk each, not one per change
    for label, ids in applied.changed:
        for pid in ids:
            try:
                after = own_text(applied.document, pid, now)
                address = path_label(applied.document, pid, now) if after else path_label(before, pid, was)
            except PolicyDiffError as exc:
                raise exc.at(Location(str(path), item=label)) from None
            yield AppliedChange(label, address, own_text(before, pid, was), after)


def _refuse_own_repeal(worded: NoticeText, title: str, path: Path) -> None:
    """Refuse to amend a document the same notice repeals (废止《X》): the repeal would be lost."""
    for clause in worded.clauses:
        if clause.kind == "repeal" and any(same_title(t, title) for t in book_titles(clause.text)):
            raise UsageError(
                f"the notice repeals 《{title}》: record it with policydiff apply NOTICE (every part of it), "
                "or policydiff repeal", Location(str(path)),
            )  # fmt: skip


def _check_target(notice: Notice, title: str, slug: str, path: Path) -> None:
    """Refuse a notice whose 《title》 names another document than the one it is applied to."""
    if notice.target and not same_title(notice.target, title):
        raise UsageError(
            f"the notice amends 《{notice.target}》, not 《{title}》: "
            f"--target {notice.target} applies it to {slug} anyway",
            Location(str(path)),
        )


def _wording_beside(path: Path) -> str | None:
    for suffix in (".txt", ".md"):
        candidate = path.with_suffix(suffix)
        if candidate.is_file():
            return read_source(candidate)
    return None
