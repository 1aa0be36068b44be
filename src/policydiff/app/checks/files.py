"""Reading a document's files: YAML syntax, schema, ids, and the layout of its event folders.

Codes: PD101 schema, PD102 YAML syntax, PD103 unreadable file, PD104 missing file,
PD105 misnamed or misnumbered event folder, PD106 slug differs from the folder, PD201
duplicate id. A file that fails here is not used by the later checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policydiff.app.checks.context import DocumentCheck, EventFiles, PathPart, SourceFile
from policydiff.errors import InputError, PolicyDiffError, SchemaError, YamlError
from policydiff.history import EVENT_FOLDER, EVENTS, NOTICE_FILE, WORDING_FILES, store
from policydiff.history.noticefile import parse_notice
from policydiff.history.store import EVENT_FILE
from policydiff.model import Document, Kind
from policydiff.notice.record import SCHEMA_NAME as NOTICE_SCHEMA
from policydiff.notice.record import Notice
from policydiff.storage import docfile, docrules, yamlio
from policydiff.storage.repo import DOCUMENT_FILE
from policydiff.storage.sources import decode_source

if TYPE_CHECKING:
    import jsonschema


def load_document(ctx: DocumentCheck) -> None:
    """PD101–PD103, PD106, PD201: document.yaml, read and validated, every problem reported."""
    doc = load_document_file(ctx, ctx.file)
    if doc is None:
        return
    ctx.document = doc
    ctx.paths = {pid: path for path, pid in _id_paths(ctx.file.data["provisions"], ["provisions"])}
    if doc.slug != ctx.slug:
        ctx.report(ctx.file, ["slug"], "PD106", f"slug {doc.slug!r} differs from the folder name {ctx.slug!r}")


def load_document_file(ctx: DocumentCheck, file: SourceFile) -> Document | None:
    """The document in *file*, or None after reporting why it cannot be used."""
    if not read_yaml(ctx, file):
        return None
    try:
        return docfile.parse_document(file.data, file.text or "", file.name)
    except SchemaError as exc:
        _schema_problems(ctx, file, docfile.SCHEMA_NAME, exc, _document_rules)
        return None


def read_yaml(ctx: DocumentCheck, file: SourceFile) -> bool:
    """Read and load *file* (PD103 unreadable, PD102 not YAML); whether it worked."""
    try:
        file.text = yamlio.read(file.path, file.name)
    except InputError as exc:
        ctx.report_error(file, exc, "PD103")
        return False
    try:
        file.data = yamlio.load(file.text, file.name)
    except YamlError as exc:
        file.text = None  # not YAML: nothing to locate in
        ctx.report_error(file, exc, "PD102")
        return False
    return True


Rules = Callable[[SourceFile], Iterator[tuple[list[PathPart], str, str]]]


def _schema_problems(ctx: DocumentCheck, file: SourceFile, schema: str, first: SchemaError, rules: Rules) -> None:
    """Every schema violation of *file*; when there is none, the file's own rules; else *first*."""
    import jsonschema  # only for files that break their schema: it takes a tenth of a second to import

    validator = jsonschema.Draft7Validator(docfile.schema(schema))
    try:
        errors = sorted(validator.iter_errors(file.data), key=lambda e: [str(p) for p in e.absolute_path])
        found = [(list(e.absolute_path), "PD101", _message(e, file.data)) for e in errors]
        if not found:
            floats = [
                (path, "PD101", docfile.not_an_integer(file.data, path, v)) for path, v in docrules.floats(file.data)
            ]
            found = floats or list(rules(file))
    except RecursionError:  # nesting too deep to walk: *first* says so
        found = []
    if not found:
        ctx.report_error(file, first, "PD101")
    for path, code, message in found:
        ctx.report(file, path, code, message)


def _message(error: jsonschema.ValidationError, data: Any) -> str:
    import jsonschema

    best = jsonschema.exceptions.best_match([error]) or error
    return str(docfile.describe(best, data, list(best.absolute_path)))  # the messages `show` gives


def _document_rules(file: SourceFile) -> Iterator[tuple[list[PathPart], str, str]]:
    """PD201 duplicate ids, PD101 numbers on unnumbered kinds (or none on numbered ones) and PD101 for the
    rules of :mod:`policydiff.storage.docrules` (labels, their range, nesting)."""
    first: dict[str, list[PathPart]] = {}
    for path, item in _id_paths(file.data["provisions"], ["provisions"], full=True):
        pid = item["id"]
        if pid in first:
            line = file.locate([*first[pid], "id"])[0]
            yield [*path, "id"], "PD201", f"duplicate provision id {pid!r} (first used on line {line})"
        first.setdefault(pid, path)
        kind = Kind(item["kind"])
        if kind.numbered != ("num" in item):
            need = "needs a 'num'" if kind.numbered else "must not have a 'num'"
            yield path, "PD101", f"provision {pid!r} of kind {kind.value} {need}"
    for path, message in docrules.problems(file.data):
        yield path, "PD101", message


def _id_paths(items: list[Any], prefix: list[PathPart], *, full: bool = False) -> Iterator[tuple[list[PathPart], Any]]:
    for i, item in enumerate(items):
        path = [*prefix, i]
        yield path, (item if full else item["id"])
        yield from _id_paths(item.get("children", []), [*path, "children"], full=full)


def load_events(ctx: DocumentCheck) -> None:
    """PD104, PD105 and the notices' PD101–PD103: every event folder, in order."""
    folder = ctx.repo.document_dir(ctx.slug) / EVENTS
    expected = 1
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name.startswith("."):
            continue
        shown = SourceFile(path, _rel(ctx, path))
        match = EVENT_FOLDER.fullmatch(path.name)
        if match is None or not path.is_dir():
            message = f"{path.name} is not an event folder (NNN-amend, NNN-revise or NNN-repeal): it is ignored"
            ctx.report(shown, 1, "PD105", message)
            continue
        seq, kind = int(match.group(1)), match.group(2)
        if seq != expected:
            message = f"event {path.name} should be {expected:03d}-{kind}: events are numbered 001, 002, … in order"
            ctx.report(shown, 1, "PD105", message)
        expected = seq + 1
        ctx.events.append(_load_event(ctx, seq, kind, path))


def _load_event(ctx: DocumentCheck, seq: int, kind: str, path: Path) -> EventFiles:
    if (path / EVENT_FILE).is_file():
        return _load_referring_event(ctx, seq, kind, path)
    event = EventFiles(seq, path, SourceFile(path / NOTICE_FILE, _rel(ctx, path / NOTICE_FILE)), kind=kind)
    if kind != "amend" or not event.notice_file.path.is_file():
        missing = EVENT_FILE if kind != "amend" else f"{EVENT_FILE} or {NOTICE_FILE}"
        ctx.report(SourceFile(path, _rel(ctx, path)), 1, "PD104", f"event {path.name} has no {missing}")
        return event
    event.notice = load_notice(ctx, event.notice_file)
    event.wording = _wording(ctx, path, WORDING_FILES)
    if (path / DOCUMENT_FILE).is_file():
        event.snapshot_file = SourceFile(path / DOCUMENT_FILE, _rel(ctx, path / DOCUMENT_FILE))
        event.snapshot = load_document_file(ctx, event.snapshot_file)
    return event


def _load_referring_event(ctx: DocumentCheck, seq: int, kind: str, path: Path) -> EventFiles:
    """An event whose ``event.yaml`` names its instrument in ``notices/``: the part it applies is
    checked where it is kept; a revision's text beside it is the new version, not a snapshot."""
    ref_file = SourceFile(path / EVENT_FILE, _rel(ctx, path / EVENT_FILE))
    event = EventFiles(seq, path, ref_file, kind=kind, ref_file=ref_file)
    try:
        ref = store.read_ref(ref_file.path, ref_file.name)
        ref_file.text = yamlio.read(ref_file.path, ref_file.name)  # read above: problems are located in it
        event.instrument = ref.notice
        event.notice = _referred_notice(ctx, event, ref)
    except PolicyDiffError as exc:
        ctx.report_error(event.notice_file, exc, "PD104" if "missing" in exc.message else "PD101")
        event.notice = None
        return event
    if kind == "revise":
        text = SourceFile(path / DOCUMENT_FILE, _rel(ctx, path / DOCUMENT_FILE))
        event.revised = load_document_file(ctx, text) if text.path.is_file() else None
        if event.revised is None:
            ctx.report(
                ref_file, 1, "PD104", f"revision {path.name} has no readable {DOCUMENT_FILE}: the text as re-issued"
            )
            event.notice = None
    return event


def _referred_notice(ctx: DocumentCheck, event: EventFiles, ref: store.EventRef) -> Notice | None:
    if event.kind != "amend" and ref.date is None:
        ctx.report(event.notice_file, [], "PD101", f"a {event.kind} event's {EVENT_FILE} gives its date")
        return None
    if ref.notice is None:
        return None if event.kind == "amend" else Notice(items=(), effective=ref.date)
    part = ctx.repo.instrument_dir(ref.notice) / store.part_name(ref.part or 1)
    if not part.is_file():
        ctx.report(
            event.notice_file,
            ["notice"],
            "PD104",
            f"{event.name} applies notices/{ref.notice}/{part.name}, which is missing",
        )
        return None
    event.notice_file = SourceFile(part, _rel(ctx, part))
    event.wording = _wording(ctx, part.parent, store.WORDING_NAMES)
    found = load_notice(ctx, event.notice_file)
    if found is None or event.kind == "amend":
        return found
    return found._replace(items=(), effective=ref.date)


def load_notice(ctx: DocumentCheck, file: SourceFile) -> Notice | None:
    if not read_yaml(ctx, file):
        return None
    try:
        return parse_notice(file.data, file.text or "", file.name)
    except SchemaError as exc:
        _schema_problems(ctx, file, NOTICE_SCHEMA, exc, lambda _file: iter(()))
        return None


def _wording(ctx: DocumentCheck, folder: Path, names: tuple[str, ...]) -> SourceFile | None:
    for name in names:
        path = folder / name
        if path.is_file():
            file = SourceFile(path, _rel(ctx, path))
            try:
                file.text = decode_source(path.read_bytes(), file.name)[0]
            except InputError as exc:
                ctx.report_error(file, exc, "PD103")
                return None
            return file
    return None


def _rel(ctx: DocumentCheck, path: Path) -> str:
    return str(path.relative_to(ctx.repo.root).as_posix())
