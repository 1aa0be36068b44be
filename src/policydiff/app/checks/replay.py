"""History: every event replays in order (PD501), equals its snapshot if it has one (PD502),
no notice is recorded twice (PD503), and no id comes back after it was deleted (PD202).

A snapshot is an optional ``events/NNN-amend/document.yaml``: the version after that event as
someone keeps it (a re-issued text, say). The replay is the truth; the snapshot must match it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from policydiff import history
from policydiff.app.checks.context import DocumentCheck, EventFiles, PathPart, item_label, item_path
from policydiff.crossref import where
from policydiff.errors import PolicyDiffError
from policydiff.history import Version
from policydiff.model import Document, Provision
from policydiff.notice.record import describe, identity


def replay(ctx: DocumentCheck) -> None:
    """PD501: apply every event to the version before it; the first that fails ends the replay."""
    if ctx.document is None:
        return
    ctx.versions = [Version(1, None, ctx.document)]
    # An event whose notice did not load has its own problems reported; nothing after it replays.
    readable = list(itertools.takewhile(lambda event: event.notice is not None, ctx.events))
    steps = history.replay(ctx.document, (_step(event) for event in readable))
    for event in readable:
        try:
            applied = next(steps)
        except PolicyDiffError as exc:
            path = item_path(event, item_label(exc.message))
            ctx.report(event.notice_file, path, "PD501", f"event {event.name} does not replay: {exc.message}")
            return
        assert event.notice is not None  # readable
        done = history.Event(event.seq, event.folder, event.notice, event.kind, event.instrument, event.revised)
        ctx.versions.append(Version(len(ctx.versions) + 1, done.notice.date, applied.document, done, applied.changed))


def _step(event: EventFiles) -> history.Step:
    """What *event* does to the version before it (:func:`policydiff.history.step_of`)."""
    if event.kind == "revise" and event.revised is not None:
        return event.revised
    return event.notice.items if event.notice is not None else ()


def recorded_once(ctx: DocumentCheck) -> None:
    """PD503: one notice recorded by two events: the same number, or, without one, the same
    title, date and wording (:func:`~policydiff.notice.record.identity`). A revision or repeal
    that names no instrument is identified by nothing but its date, and is not compared."""
    first: dict[tuple[str, ...], str] = {}
    for event in ctx.events:
        if event.notice is None or (event.kind != "amend" and event.instrument is None):
            continue
        key = identity(event.notice)
        if key in first:
            message = f"{describe(event.notice)} is recorded twice: events {first[key]} and {event.name}"
            if event.ref_file is not None:  # the instrument is kept once: the event is what repeats
                ctx.report(event.ref_file, ["notice"], "PD503", message)
                continue
            where = "number" if event.notice.number else "title" if event.notice.title else "items"
            ctx.report(event.notice_file, [where], "PD503", message)
        first.setdefault(key, event.name)


def ids_not_reused(ctx: DocumentCheck) -> None:
    """PD202: an id deleted by an event must not come back, in a replayed version or in a snapshot."""
    earlier: set[str] = set()
    previous: set[str] = set()
    for version in ctx.versions:
        ids = {p.id for p in version.document.walk()}
        for pid in sorted((ids - previous) & earlier):
            ctx.report_in(version, [pid], "PD202", _reused(pid))
        event = ctx.files_of(version)
        if event is not None and event.snapshot is not None and event.snapshot_file is not None:
            for path, pid in _ids_of(event.snapshot):
                if pid in earlier and pid not in previous:
                    ctx.report(event.snapshot_file, [*path, "id"], "PD202", _reused(pid))
        earlier |= ids
        previous = ids


def _reused(pid: str) -> str:
    return f"provision id {pid!r} is reused: an earlier event deleted it, and ids are never given out again"


def snapshots(ctx: DocumentCheck) -> None:
    """PD502: a stored snapshot differs from the version the replay gives."""
    for version in ctx.versions[1:]:
        event = ctx.files_of(version)
        if event is None or event.snapshot is None or event.snapshot_file is None:
            continue
        found = first_difference(version.document, event.snapshot)
        if found is not None:
            path, message = found
            message = f"the snapshot differs from the replay of {event.name}: {message}"
            ctx.report(event.snapshot_file, path, "PD502", message)


def first_difference(replayed: Document, snapshot: Document) -> tuple[list[PathPart], str] | None:
    """Where *snapshot* first departs from *replayed*: its path in the snapshot and what differs."""
    if replayed.title != snapshot.title:
        return ["title"], f"the title is “{snapshot.title}”, the replay gives “{replayed.title}”"
    paths = dict((pid, path) for path, pid in _ids_of(snapshot))
    ours, theirs = list(replayed.walk()), list(snapshot.walk())
    for a, b in zip(ours, theirs, strict=False):
        if _facts(a) != _facts(b):
            return paths[
                b.id
            ], f"{where(snapshot, b.id)} reads {_own(snapshot, b)}, the replay gives {_own(replayed, a)}"
    if len(ours) != len(theirs):
        return ["provisions"], f"it has {len(theirs)} provisions, the replay {len(ours)}"
    return None


def _facts(p: Provision) -> tuple[object, ...]:
    return p.id, p.kind, p.num, p.heading, p.text


def _own(doc: Document, p: Provision) -> str:
    label = doc.label(p)
    words = " ".join(w for w in (p.heading, p.text) if w)
    shown = (label + " " + words).strip()
    return f"“{shown if len(shown) <= 40 else shown[:39] + '…'}” ({p.id})"


def _ids_of(doc: Document) -> Iterator[tuple[list[PathPart], str]]:
    def walk(items: tuple[Provision, ...], prefix: list[PathPart]) -> Iterator[tuple[list[PathPart], str]]:
        for i, p in enumerate(items):
            yield [*prefix, i], p.id
            yield from walk(p.children, [*prefix, i, "children"])

    return walk(doc.provisions, ["provisions"])
