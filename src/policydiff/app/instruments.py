"""Applying an instrument to every document it names: ``policydiff apply NOTICE``.

A decision that amends several documents (``关于修改《A》等三件……的决定``) has a part per document.
Each part is matched to the document whose title it names (the title as it stands now, after
any renaming), applied in memory, and labelled; only when every part has applied are they
recorded, with the instrument kept once in ``notices/<id>/``. If any part fails, or any write
fails, nothing changes: the repository is as it was. Parts naming a document the repository
does not hold are listed, so the user sees what was not applied.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from policydiff import history
from policydiff.app.amend import Outcome, prepare_part, read_source, wording_name
from policydiff.errors import FailedError, Location, PolicyDiffError, UsageError
from policydiff.history import programs, writing
from policydiff.notice.parse import parse_notice_text
from policydiff.notice.record import Notice, identity
from policydiff.notice.wording import Clause, NoticeText, read_notice
from policydiff.storage.lock import write_lock
from policydiff.storage.repo import Repository
from policydiff.zh import lexicon
from policydiff.zh.lexicon import title_key


@dataclass(frozen=True, slots=True)
class DocumentOutcome:
    """What one part of the instrument did to one document."""

    slug: str
    title: str
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class InstrumentOutcome:
    """What applying an instrument did: per document amended, and the titles of the parts that
    name no document of the repository, the documents (with their event) that had their part
    applied already, and the documents it repeals (``repealed``; ``pending`` holds those repeals
    until they are recorded); ``instrument`` is its folder under ``notices/``."""

    documents: tuple[DocumentOutcome, ...]
    missing: tuple[str, ...]
    already: tuple[str, ...] = ()
    repealed: tuple[str, ...] = ()
    instrument: str | None = None
    pending: tuple[writing.Repeal, ...] = ()


def apply_instrument(
    repo: Repository, path: Path, *, dry_run: bool, before_commit: Callable[[InstrumentOutcome], object] | None = None
) -> InstrumentOutcome:
    """Apply every part of the instrument in *path* to the document it names, all or nothing.

    As :func:`policydiff.app.amend.apply_file`: everything that can fail, *before_commit*
    included, happens before anything is written; recording holds the repository's lock.
    """
    with programs.kept():  # as apply_file
        if dry_run:
            outcome = _prepare(repo, path)[0]
            if before_commit is not None:
                before_commit(outcome)
            return outcome
        with write_lock(repo.root):
            outcome, prepared, instrument = _prepare(repo, path)
            if before_commit is not None:
                before_commit(outcome)
            nid = writing.commit_amendments(repo, prepared, instrument, outcome.pending)
    return dataclasses.replace(outcome, instrument=nid)


def _prepare(repo: Repository, path: Path) -> tuple[InstrumentOutcome, list[writing.Prepared], writing.Instrument]:
    wording = read_source(path)
    text = read_notice(wording, str(path))
    parts = [(n, part) for n, part in enumerate(text.parts, start=1) if part.items]
    targets = [(n, _target(part.target, text, str(path))) for n, part in parts]
    repealed = [(len(text.parts) + k, t) for k, t in enumerate(repealed_titles(text.clauses), start=1)]
    titles = titles_in(repo)
    missing = tuple(t for _, t in [*targets, *repealed] if title_key(t) not in titles)
    if len(missing) == len(targets) + len(repealed):
        named = "、".join(f"《{t}》" for t in missing)
        message = f"no document of the repository is amended by this notice (it names {named})"
        raise UsageError(message, Location(str(path)))
    done, prepared, kept, already = _amend(repo, path, text, targets, titles, several=len(text.parts) > 1)
    repeals, repeal_parts = _repeals(repo, path, text, repealed, titles, already)
    if not done and not repeals:
        raise FailedError(f"the notice is already applied to every document it names: {', '.join(already)}")
    instrument = writing.Instrument(wording, (*kept, *repeal_parts), wording_name(path))
    outcome = InstrumentOutcome(tuple(done), missing, tuple(already), tuple(r.slug for r in repeals))
    return dataclasses.replace(outcome, pending=tuple(repeals)), prepared, instrument


def _amend(
    repo: Repository, path: Path, text: NoticeText, targets: list[tuple[int, str]], titles: dict[str, str], *,
    several: bool,
) -> tuple[list[DocumentOutcome], list[writing.Prepared], list[tuple[int, Notice]], list[str]]:  # fmt: skip
    """Each amending part applied in memory to the document it names (those applied before skipped)."""
    done: list[DocumentOutcome] = []
    prepared: list[writing.Prepared] = []
    kept: list[tuple[int, Notice]] = []
    already: list[str] = []
    for number, target in targets:
        slug = titles.get(title_key(target))
        if slug is None:
            continue
        notice = parse_notice_text(text, str(path), target=target if several else None)
        event = _applied_in(repo, slug, notice)
        if event is not None:  # applied before, part by part (apply SLUG NOTICE): not again
            already.append(f"{slug} ({event})")
            continue
        try:
            outcome, one = prepare_part(repo, slug, notice, number, path, history.versions(repo, slug, keep=False))
        except PolicyDiffError as exc:  # which part failed: the items of headed parts are often not numbered
            raise type(exc)(f"part {number} (《{target}》 → {slug}): {exc.message}", exc.location) from None
        done.append(DocumentOutcome(slug, target, dataclasses.replace(outcome, part=target)))
        prepared.append(one)
        kept.append((number, notice))
    return done, prepared, kept, already


def repealed_titles(clauses: Sequence[Clause]) -> list[str]:
    """The documents a decision repeals whole (``repeal`` clauses: 废止《A》、《B》), in order."""
    return [t for c in clauses if c.kind == "repeal" for t in lexicon.book_titles(c.text)]


def _repeals(
    repo: Repository, path: Path, text: NoticeText, repealed: list[tuple[int, str]], titles: dict[str, str],
    already: list[str],
) -> tuple[list[writing.Repeal], list[tuple[int, Notice]]]:  # fmt: skip
    """The repeals to record (the documents of the repository the decision repeals) and the
    instrument's parts naming them: its header, no items, one part per document. A repeal this
    instrument recorded before is added to *already*."""
    repeals: list[writing.Repeal] = []
    parts: list[tuple[int, Notice]] = []
    for number, title in repealed:
        slug = titles.get(title_key(title))
        if slug is None:
            continue
        notice = header_notice(text, title)
        if notice.date is None:
            raise UsageError(f"the notice repeals 《{title}》 but gives no date: record it with policydiff repeal "
                             f"{slug} --date YYYY-MM-DD", Location(str(path)))  # fmt: skip
        event = _applied_in(repo, slug, notice._replace(effective=notice.date))
        if event is not None:
            already.append(f"{slug} ({event})")
            continue
        versions = history.versions(repo, slug, keep=False)
        writing.check_order(versions, notice)
        repeals.append(writing.Repeal(slug, history.event_folder_name(len(versions), "repeal"), number, notice.date))
        parts.append((number, notice))
    return repeals, parts


def header_notice(text: NoticeText, target: str | None) -> Notice:
    """An instrument's header as a notice without items (the part of a repeal, or a revision's)."""
    return Notice(
        items=(), number=text.number, title=text.title, issuer=text.issuer, decided=text.decided,
        adopted=text.adopted, issued=text.issued, effective=text.effective, effect_rule=text.effect_rule,
        target=target,
    )  # fmt: skip


def _applied_in(repo: Repository, slug: str, notice: Notice) -> str | None:
    """The event of *slug* that recorded *notice* already, if any."""
    key = identity(notice)
    return next((e.folder.name for e in history.events(repo, slug) if identity(e.notice) == key), None)


def _target(named: str | None, text: NoticeText, name: str) -> str:
    """The title a part names; a single-part notice names its document in its title or lead-in."""
    if named:
        return named
    targets = text.targets
    if len(targets) == 1:
        return targets[0]
    raise UsageError("the notice names no document it amends: give the document, apply SLUG NOTICE", Location(name))


def titles_in(repo: Repository) -> dict[str, str]:
    """Every document's slug by the key of its title (:func:`~policydiff.zh.lexicon.title_key`), as
    enacted and as it stands now; a title two documents share names neither."""
    found: dict[str, set[str]] = {}
    for slug in repo.slugs():
        names = {repo.load(slug).title}
        if history.events(repo, slug):
            names.add(history.current(repo, slug).title)
        for title in names:
            found.setdefault(title_key(title), set()).add(slug)
    return {key: next(iter(slugs)) for key, slugs in found.items() if len(slugs) == 1}


__all__ = ["DocumentOutcome", "InstrumentOutcome", "apply_instrument", "titles_in"]
