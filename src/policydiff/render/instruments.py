"""The instruments of a repository and what each changed: the data of ``policydiff notices`` and of
the site's instrument pages.

An instrument is a folder kept in ``notices/<id>/`` (:mod:`policydiff.history.store`): its wording
as signed and one structured part per document it amends. An amendment recorded before
instruments were kept once (``documents/<slug>/events/NNN-amend/notice.yaml``, no ``event.yaml``)
is listed as an instrument of its own, named ``<slug>/<event folder>`` (``prc-constitution/001-amend``),
so the built-in Constitution's five amendments are listed as five instruments.

For each part: the documents whose events apply it, and for each such event the provisions it
changed, named as the change log names them (:func:`~policydiff.model.plaintext.path_label`),
with the effect the comparison table gives them (修改, 新增, 删除, 移动, 序号调整…, 修订 for a
revision) and the version page on which the provision's anchor is found (the version the event
made; for a deleted provision, the version before it). A part that no event applies is *not
applied*: its ``missing`` says why (no document has its title, or the document has no event
applying it).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from policydiff.compare.diff import Change, diff_documents
from policydiff.errors import PolicyDiffError
from policydiff.history import WORDING_FILES, Version, store, versions
from policydiff.model.plaintext import path_label
from policydiff.notice.record import Notice
from policydiff.notice.wording import read_notice
from policydiff.render.changelog import row
from policydiff.render.views import anchor
from policydiff.storage.repo import Repository
from policydiff.zh.lexicon import same_title

#: The effect of a provision a revision re-issued (what :func:`policydiff.history.replay` labels it).
REVISED = "修订"


@dataclass(frozen=True, slots=True)
class Effect:
    """One provision an event changed: where (as the change log names it), its id and anchor, the
    version page that holds the anchor (``v3.html``; the page before, for a deleted provision),
    what happened to it and the notice item that did it (``第一条``; 修订 for a revision)."""

    address: str
    id: str
    anchor: str
    page: str
    effect: str
    item: str


@dataclass(frozen=True, slots=True)
class Application:
    """One event that applied a part of an instrument: the document, its title, the event folder,
    the version it made and that version's date, and every provision it changed."""

    slug: str
    title: str
    event: str
    kind: str
    version: int
    date: dt.date | None
    effects: tuple[Effect, ...]


@dataclass(frozen=True, slots=True)
class Part:
    """One part of an instrument: its number, the title of the document it amends (None when the
    wording names none), its items, the events that applied it, and why it is not applied (None
    when it is)."""

    number: int
    target: str | None
    items: int
    applied: tuple[Application, ...]
    missing: str | None
    #: The documents whose title is its target (none: the repository does not hold the document).
    named: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Instrument:
    """An instrument: its id (``notices/<id>/``, or ``<slug>/<event>`` for an amendment kept the
    old way, ``kept`` False), its header as its first structured part gives it, its wording as
    signed (None when not kept) and its parts. ``in_force`` is False when its date is after the
    day asked about."""

    id: str
    kept: bool
    number: str | None
    title: str | None
    issuer: str | None
    decided: dt.date | None
    adopted: dt.date | None
    issued: dt.date | None
    effective: dt.date | None
    date: dt.date | None
    effect_rule: str | None
    wording: str | None
    parts: tuple[Part, ...]
    in_force: bool

    @property
    def documents(self) -> tuple[str, ...]:
        """The documents it changed, each once, in the order of its parts."""
        return tuple(dict.fromkeys(a.slug for p in self.parts for a in p.applied))


def instruments(
    repo: Repository, today: dt.date, history: Mapping[str, list[Version]] | None = None, *,
    titles: Mapping[str, tuple[str, ...]] | None = None, only: Collection[str] | None = None,
) -> list[Instrument]:  # fmt: skip
    """Every instrument of *repo*, those kept in ``notices/`` and the amendments kept the old way,
    by date (undated last), then id. *history*: the versions of the documents to look at (every
    document, replayed, by default); *titles*: every document's titles, to say why a part is not
    applied (those of *history* by default); *only*: the ids wanted (default: all)."""
    replayed = dict(history) if history is not None else {slug: versions(repo, slug) for slug in repo.slugs()}
    names = dict(titles) if titles is not None else {slug: _titles(vs) for slug, vs in replayed.items()}
    uses = _applications(replayed)
    out = [_kept(repo, nid, uses.get(nid, {}), names, today) for nid in repo.instruments() if _wanted(nid, only)]
    for slug, vs in replayed.items():
        for before, after in itertools.pairwise(vs):
            event = after.event
            if event is None or event.instrument is not None or (event.folder / store.EVENT_FILE).is_file():
                continue
            if _wanted(f"{slug}/{event.folder.name}", only):
                out.append(_legacy(slug, before, after, today))
    return sorted(out, key=lambda i: (i.date is None, i.date or dt.date.min, i.id))


def _wanted(nid: str, only: Collection[str] | None) -> bool:
    return only is None or nid in only


def referring(slug: str, history: list[Version]) -> list[str]:
    """The instruments *slug*'s events refer to (kept ids and ``<slug>/<event>`` names), in event order."""
    out = []
    for v in history[1:]:
        event = v.event
        if event is None:
            continue
        if event.instrument is not None:
            out.append(event.instrument)
        elif not (event.folder / store.EVENT_FILE).is_file():  # an amendment kept the old way
            out.append(f"{slug}/{event.folder.name}")
    return list(dict.fromkeys(out))


def _titles(history: list[Version]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.document.title for v in history))


def _applications(replayed: Mapping[str, list[Version]]) -> dict[str, dict[int, list[Application]]]:
    """For each kept instrument, by part number, the events that apply it."""
    found: dict[str, dict[int, list[Application]]] = {}
    for slug, vs in replayed.items():
        for before, after in itertools.pairwise(vs):
            event = after.event
            if event is None or event.instrument is None:
                continue
            part = _part_of(event.folder)
            found.setdefault(event.instrument, {}).setdefault(part, []).append(_application(slug, before, after))
    return found


def _part_of(folder: Path) -> int:
    """The part of its instrument the event in *folder* applies."""
    ref = store.read_ref(folder / store.EVENT_FILE, folder.name)
    return ref.part or 1


def _application(slug: str, before: Version, after: Version) -> Application:
    assert after.event is not None
    return Application(
        slug, after.document.title, after.event.folder.name, after.event.kind, after.number, after.date,
        tuple(effects(before, after)),
    )  # fmt: skip


def effects(before: Version, after: Version) -> list[Effect]:
    """The provisions the event that made *after* changed, each once, in the order of its items."""
    changes = {c.id: c for c in diff_documents(before.document, after.document)}
    now = {p.id for p in after.document.walk()}
    out: list[Effect] = []
    seen: set[str] = set()
    for label, ids in after.changed:
        for pid in ids:
            if pid in seen:
                continue
            seen.add(pid)
            kept = pid in now or not pid
            version = after if kept else before
            page = f"v{version.number}.html"
            effect = _effect(changes.get(pid), label)
            out.append(Effect(path_label(version.document, pid), pid, anchor(pid) if pid else "", page, effect, label))
    return out


def _effect(change: Change | None, label: str) -> str:
    if label == REVISED:
        return REVISED
    if change is None:
        return "未改"
    return row(change).note


def _kept(
    repo: Repository, nid: str, uses: Mapping[int, list[Application]], titles: Mapping[str, tuple[str, ...]],
    today: dt.date,
) -> Instrument:  # fmt: skip
    kept = {n: store.load_part(repo, nid, n, f"notices/{nid}") for n in store.kept_parts(repo, nid)}
    path = store.wording_file(repo, nid)
    wording = path.read_text(encoding="utf-8") if path is not None else None
    targets = _wording_targets(wording, f"notices/{nid}/{path.name}" if path else nid)
    numbers = sorted(set(kept) | set(targets) | set(uses))
    parts = []
    for n in numbers:
        notice = kept.get(n)
        target = notice.target if notice is not None and notice.target else targets.get(n)
        items = len(notice.items) if notice is not None else 0
        applied = tuple(uses.get(n, ()))
        named = _named(target, titles)
        missing = None if applied else _missing(target, named)
        parts.append(Part(n, target, items, applied, missing, named))
    head = next(iter(kept.values()), None) or Notice(items=())
    return _instrument(nid, True, head, wording, tuple(parts), today)


def _legacy(slug: str, before: Version, after: Version, today: dt.date) -> Instrument:
    assert after.event is not None
    event = after.event
    notice = event.notice
    wording = next((p.read_text(encoding="utf-8") for n in WORDING_FILES if (p := event.folder / n).is_file()), None)
    part = Part(1, notice.target, len(notice.items), (_application(slug, before, after),), None)
    return _instrument(f"{slug}/{event.folder.name}", False, notice, wording, (part,), today)


def _instrument(
    nid: str, kept: bool, head: Notice, wording: str | None, parts: tuple[Part, ...], today: dt.date
) -> Instrument:
    date = head.date
    return Instrument(
        nid, kept, head.number, head.title, head.issuer, head.decided, head.adopted, head.issued, head.effective,
        date, head.effect_rule, wording, parts, date is None or date <= today,
    )  # fmt: skip


def _wording_targets(wording: str | None, shown: str) -> dict[int, str | None]:
    """The parts the wording gives (by number, from 1) with the titles they amend: {} when the
    wording is not kept or cannot be read, and for a notice of one part (its part 1 is kept)."""
    if wording is None:
        return {}
    try:
        parts = read_notice(wording, shown).parts
    except PolicyDiffError:
        return {}
    if len(parts) < 2:
        return {}
    return {n: part.target for n, part in enumerate(parts, start=1)}


def _named(target: str | None, titles: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The documents titled *target*."""
    if target is None:
        return ()
    return tuple(slug for slug, ts in titles.items() if any(same_title(target, t) for t in ts))


def _missing(target: str | None, named: tuple[str, ...]) -> str:
    """Why a part is not applied."""
    if target is None:
        return "no document has an event applying it"
    if not named:
        return f"no document titled 《{target}》"
    return f"{'、'.join(named)} has no event applying it"


def by_id(found: Iterable[Instrument]) -> dict[str, Instrument]:
    """*found* by id."""
    return {i.id: i for i in found}


__all__ = [
    "REVISED",
    "Application",
    "Effect",
    "Instrument",
    "Part",
    "by_id",
    "effects",
    "instruments",
    "referring",
]
