"""What the last ``build`` wrote, so the next one renders only what changed.

The manifest ``.policydiff-build.json`` in the site folder records the format, the
policydiff version, a digest of the templates used (the repository's own and the
built-in ones) and, per document, a digest of its source files (``document.yaml`` and
everything under ``events/``), the pages written for it, the row of the index page,
and the days on which that output stays valid (a notice dated in the future changes
the pages on the day it takes effect). Digests are of the bytes: no YAML is parsed
to decide. A change of policydiff's code that keeps its version is not seen: build
with ``full=True`` (``--full``) after one.

Each instrument page (:mod:`policydiff.site.instruments`) is recorded with a digest of the files
of ``notices/<id>/`` and of the source digests of the documents whose events refer to it (each
document's entry lists the instruments it refers to), and its row of the index page; a document
entry written before instrument pages were (no ``instruments``) is dirty.

A manifest that cannot be read, or was written by another format, is ignored: the
build starts again from nothing and says why. A document entry without a digest is
*dirty*: its pages were being rewritten when the build stopped; the next build
renders it again and deletes the pages it no longer makes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policydiff import __version__
from policydiff.errors import PolicyDiffError, UsageError
from policydiff.render import builtin_dir, template_folders
from policydiff.storage.repo import DOCUMENT_FILE, Repository, check_slug

MANIFEST = ".policydiff-build.json"
FORMAT = 1
_EVENTS = "events"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One row of the index page."""

    slug: str
    title: str
    number: str | None
    issuer: str | None
    date: str | None
    status: str


@dataclass(frozen=True, slots=True)
class Built:
    """What one document's last rendering wrote: its pages, its index row, and while they hold.

    ``digest`` is None for a dirty entry. The pages are valid while ``valid_from <= today <
    valid_until`` (None: unbounded).
    """

    digest: str | None
    pages: tuple[str, ...]
    entry: IndexEntry
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    #: The instruments its events refer to (:func:`policydiff.render.instruments.referring`): their
    #: pages depend on this document.
    instruments: tuple[str, ...] = ()

    def holds(self, digest: str | None, today: dt.date) -> bool:
        """Whether these pages are still those of sources with *digest* (None: unknown) on *today*."""
        after_start = self.valid_from is None or self.valid_from <= today
        before_end = self.valid_until is None or today < self.valid_until
        return digest is not None and self.digest == digest and after_start and before_end


@dataclass(frozen=True, slots=True)
class InstrumentEntry:
    """One row of the index page's list of instruments (修改文件), and its page (relative to the site)."""

    id: str
    page: str
    title: str | None
    number: str | None
    date: str | None


@dataclass(frozen=True, slots=True)
class InstrumentBuilt:
    """What an instrument page's last rendering was made from: the digest of its sources
    (:func:`instrument_digest`; None: dirty) and its index row."""

    digest: str | None
    entry: InstrumentEntry


@dataclass(frozen=True, slots=True)
class Manifest:
    """The record of a site build."""

    tool: str
    templates: str
    documents: dict[str, Built] = field(default_factory=dict)
    instruments: dict[str, InstrumentBuilt] = field(default_factory=dict)


def settings(root: Path) -> tuple[str, str]:
    """The policydiff version, and the digest of the templates used for the repository at *root*."""
    templates = hashlib.sha256()
    for k, folder in enumerate(template_folders(root)):
        own = folder != builtin_dir()  # the repository's: links are not followed (nor used: sandbox)
        found, links = _own_files(folder) if own else (_files(folder), [])
        files = [(f"{k}/{name}", path) for name, path in found if not name.endswith((".py", ".pyc"))]
        templates.update(_digest_files(files).encode())
        for name, target in links:  # where a link points, so changing it is seen; never what it holds
            templates.update(f"{k}/{name}\0link\0{target}".encode())
    return __version__, templates.hexdigest()


def _own_files(folder: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, str]]]:
    """The regular files below *folder* (hidden names skipped) and, apart, its symbolic links
    with where they point; no link is followed, so a link to ``/`` is not read."""
    if folder.is_symlink():
        return [], [(".", os.readlink(folder))]
    found: list[tuple[str, Path]] = []
    links: list[tuple[str, str]] = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for n in [*dirs, *names]:
            path = Path(top, n)
            if n.startswith(".") or not (path.is_symlink() or path.is_file()):
                continue
            name = path.relative_to(folder).as_posix()
            if path.is_symlink():
                links.append((name, os.readlink(path)))
            elif n in names:
                found.append((name, path))
    return sorted(found), sorted(links)


def source_digest(repo: Repository, slug: str) -> str | None:
    """The digest of document *slug*'s sources: ``document.yaml``, every file under ``events/``,
    and the instrument parts its events apply (``notices/<id>/part-N.yaml``: kept there, not in
    the document's folder, yet editing one changes the document's versions).

    None if one of them cannot be read (the document is then rendered, which names the fault).
    """
    folder = os.path.join(repo.documents_dir, check_slug(slug))  # strings: thousands of documents
    document = os.path.join(folder, DOCUMENT_FILE)
    try:
        events = _tree(os.path.join(folder, _EVENTS), f"{_EVENTS}/")
        if events is None or os.path.islink(folder) or os.path.islink(document):
            safe = repo.document_dir(slug)  # a link: refused if it leads out of the repository
            events = [(f"{_EVENTS}/{name}", str(path)) for name, path in _files(safe / _EVENTS)]
        return _digest_files([(DOCUMENT_FILE, document), *events, *_instrument_files(repo, events)])
    except (OSError, UsageError):
        return None


def repository_digest(repo: Repository) -> str:
    """The digest of everything a build reads from *repo* but the templates: every document's
    :func:`source_digest` and every file of ``notices/``. Shards of a site built from the same
    sources have the same; the merge compares them (:mod:`policydiff.site.shards`)."""
    digest = hashlib.sha256()
    for slug in repo.slugs():
        digest.update(f"document\0{slug}\0{source_digest(repo, slug)}\0".encode())
    for nid in repo.instruments():
        try:
            files = _digest_files([(name, path) for name, path in _files(repo.notices_dir / nid)])
        except OSError:
            files = None
        digest.update(f"notices\0{nid}\0{files}\0".encode())
    return digest.hexdigest()


_REFERS = re.compile(r"^notice: *['\"]?(.+?)['\"]? *$", re.M)
_PART = re.compile(r"^part: *([0-9]+) *$", re.M)


def _instrument_files(repo: Repository, events: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The instrument parts the ``event.yaml`` files among *events* apply (``notices/<id>/part-N.yaml``):
    what the document's versions are made of; the wording as signed is the instrument page's."""
    out: list[tuple[str, str]] = []
    for name, path in events:
        if not name.endswith("/event.yaml"):
            continue
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        nid, part = _REFERS.search(text), _PART.search(text)
        if nid is not None:
            file = f"part-{part.group(1) if part else 1}.yaml"
            folder = repo.instrument_dir(nid.group(1))  # a bad name or a link out: UsageError, rendered to be named
            out.append((f"notices/{nid.group(1)}/{file}", str(folder / file)))
    return out


def instrument_digest(
    repo: Repository, nid: str, documents: Iterable[tuple[str, str | None]], titles: Iterable[tuple[str, str]] = ()
) -> str | None:
    """The digest of the sources of instrument *nid*'s page: the files of ``notices/<nid>/`` (none
    for an amendment kept the old way, ``<slug>/<event>``, whose files are its document's), the
    source digests of the *documents* whose events refer to it (slug, :func:`source_digest`), and
    every document's title (slug, title: whether a part not applied names a document kept).
    None if one of them is unknown."""
    digest = hashlib.sha256()
    for slug, title in sorted(titles):
        digest.update(f"title\0{slug}\0{title}\0".encode())
    for slug, source in sorted(documents, key=lambda d: d[0]):
        if source is None:
            return None
        digest.update(f"{slug}\0{source}\0".encode())
    if "/" not in nid:
        try:
            folder = repo.instrument_dir(nid)
            digest.update(_digest_files([(f"notices/{name}", path) for name, path in _files(folder)]).encode())
        except (OSError, PolicyDiffError):
            return None
    return digest.hexdigest()


def _tree(folder: str, prefix: str) -> list[tuple[str, str]] | None:
    """Every file below *folder* as (*prefix* + relative name, path), sorted; None if there is a symbolic link."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found: list[tuple[str, str]] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            return None
        if entry.is_dir(follow_symlinks=False):
            below = _tree(entry.path, f"{prefix}{entry.name}/")
            if below is None:
                return None
            found += below
        elif entry.is_file(follow_symlinks=False):
            found.append((prefix + entry.name, entry.path))
    return sorted(found)


def folder_digest(folder: Path, prefix: str) -> str:
    """The digest of every file below *folder* (named *prefix*/name), as a build records an
    instrument's folder."""
    return _digest_files([(f"{prefix}/{name}", path) for name, path in _files(folder)])


def _digest_files(files: Iterable[tuple[str, str | Path]]) -> str:
    digest = hashlib.sha256()
    for name, path in files:
        with open(path, "rb") as fh:
            data = fh.read()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _files(folder: Path) -> list[tuple[str, Path]]:
    """Every file below *folder*, links followed, as (relative name, path), sorted; hidden names skipped."""
    found: list[tuple[str, Path]] = []
    seen: set[str] = set()
    for top, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:  # a link back up: do not go round
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        paths = [Path(top, n) for n in names if not n.startswith(".")]
        found += [(p.relative_to(folder).as_posix(), p) for p in paths if p.is_file()]
    return sorted(found)


class ManifestError(PolicyDiffError):
    """A build manifest that cannot be used (the build then renders everything)."""


def load(out: Path) -> Manifest | None:
    """The manifest in *out*; None if there is none; :class:`ManifestError` if it is unusable."""
    path = out / MANIFEST
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ManifestError(f"{path}: unreadable build manifest ({exc})") from None
    try:
        return _manifest(data)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, PolicyDiffError) as exc:
        raise ManifestError(f"{path}: unusable build manifest ({type(exc).__name__}: {exc})") from None


def _manifest(data: dict[str, Any]) -> Manifest:
    if data["format"] != FORMAT:
        raise ValueError(f"format {data['format']!r}, this policydiff writes {FORMAT}")
    docs = {check_slug(slug): _built(slug, item) for slug, item in data["documents"].items()}
    found = {str(nid): _instrument_built(str(nid), item) for nid, item in data.get("instruments", {}).items()}
    return Manifest(str(data["tool"]), str(data["templates"]), docs, found)


def _instrument_built(nid: str, item: dict[str, Any]) -> InstrumentBuilt:
    page = _text(item["page"])
    parts = page.split("/")
    if any(not p or p.startswith(".") or "\\" in p or "\0" in p for p in parts) or not page.startswith("notices/"):
        raise ValueError(f"{nid}: a page name that is not a plain path under notices/")
    row = item["entry"]
    entry = InstrumentEntry(nid, page, _optional(row["title"]), _optional(row["number"]), _optional(row["date"]))
    return InstrumentBuilt(_optional(item["digest"]), entry)


def _built(slug: str, item: dict[str, Any]) -> Built:
    pages = tuple(str(p) for p in item["pages"])
    if any(not p or p.startswith(".") or "/" in p or "\\" in p or "\0" in p for p in pages):
        raise ValueError(f"{slug}: a page name that is not a plain file name")
    row = item["entry"]
    title, number, issuer, date, status = (row[k] for k in ("title", "number", "issuer", "date", "status"))
    entry = IndexEntry(slug, _text(title), _optional(number), _optional(issuer), _optional(date), _text(status))
    start, end = (None if d is None else dt.date.fromisoformat(d) for d in item["valid"])
    # Written before instrument pages were: which instruments it refers to is unknown, so it is dirty.
    digest = _optional(item["digest"]) if "instruments" in item else None
    instruments = tuple(_text(n) for n in item.get("instruments", ()))
    return Built(digest, pages, entry, start, end, instruments)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not a string")
    return value


def _optional(value: object) -> str | None:
    return None if value is None else _text(value)


def dump(manifest: Manifest) -> str:
    """The manifest as JSON text, one line per document (sorted, so equal manifests are equal bytes)."""
    head = json.dumps({"format": FORMAT, "tool": manifest.tool, "templates": manifest.templates})
    docs = [f"{_json(slug)}: {_json(_built_data(manifest.documents[slug]))}" for slug in sorted(manifest.documents)]
    body = "{\n" + ",\n".join(docs) + "\n}" if docs else "{}"
    found = manifest.instruments
    rows = [f"{_json(nid)}: {_json(_instrument_data(found[nid]))}" for nid in sorted(found)]
    notices = "{\n" + ",\n".join(rows) + "\n}" if rows else "{}"
    return f'{head[:-1]}, "documents": {body}, "instruments": {notices}}}\n'


def _instrument_data(built: InstrumentBuilt) -> dict[str, Any]:
    e = built.entry
    row = {"title": e.title, "number": e.number, "date": e.date}
    return {"digest": built.digest, "page": e.page, "entry": row}


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _built_data(built: Built) -> dict[str, Any]:
    e = built.entry
    row = {"title": e.title, "number": e.number, "issuer": e.issuer, "date": e.date, "status": e.status}
    valid = [None if d is None else d.isoformat() for d in (built.valid_from, built.valid_until)]
    data = {"digest": built.digest, "pages": list(built.pages), "entry": row, "valid": valid}
    return {**data, "instruments": list(built.instruments)}
