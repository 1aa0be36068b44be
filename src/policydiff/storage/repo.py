"""A policy repository: a folder holding ``documents/<slug>/`` for each regulation.

The repository is the only place policydiff writes. Slugs are checked before any
path is built from them, so ``../`` or an absolute path can never reach outside
it, and a symlink pointing out of ``documents/`` is refused, as is ``documents/`` or
``.policydiff/`` itself being a link out of the repository (``links.refuse_links_out``); a
site is never built into them (:meth:`Repository.check_site_output`). Writes hold the
repository's lock (:mod:`policydiff.storage.lock`); names starting with a dot (what a
killed writer may leave) are never documents.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from policydiff.errors import UsageError

if TYPE_CHECKING:
    from policydiff.model import Document

# Reading and writing (YAML, schemas, the model, the lock) are imported where they are used:
# finding documents is all that `check` on an empty repository, or `list`, starts with.

DOCUMENTS = "documents"
DOCUMENT_FILE = "document.yaml"
#: Where instruments are kept, once each: ``notices/<id>/`` (see :mod:`policydiff.history.store`).
NOTICES = "notices"
SCHEMA_DIR = Path(".policydiff") / "schemas"
_SLUG = re.compile(r"[^\s/\\.\x00-\x1f][^\s/\\\x00-\x1f]{0,127}")
#: The most characters and UTF-8 bytes of a slug. A file name has at most 255 bytes, and the longest
#: name made from a slug is a staging folder's, ``.SLUG.XXXXXXXX.staging`` (18 bytes more).
MAX_SLUG_CHARS = 128
MAX_SLUG_BYTES = 237
#: Names a document folder may not take: the site puts its own files beside the documents' folders
#: (its index page, and the folder of the instruments' pages).
SITE_FILES = ("index.html", "notices")


def check_slug(slug: str) -> str:
    """Return *slug* if it is a safe folder name, else raise :class:`UsageError`.

    A slug is one path segment: no ``/`` or ``\\``, no whitespace, not starting
    with ``.`` (so neither ``..`` nor hidden folders), at most 128 characters and
    :data:`MAX_SLUG_BYTES` bytes in UTF-8, and not the name of the site's index page
    (``index.html``) or of the site's folder of instrument pages (``notices``), in any case.
    Chinese is allowed: ``刑法`` is a fine slug.
    """
    size = len(slug.encode("utf-8", "surrogatepass"))
    if size > MAX_SLUG_BYTES or len(slug) > MAX_SLUG_CHARS:
        raise UsageError(
            f"invalid document id {slug[:8]!r}…: {len(slug)} characters, {size} bytes in UTF-8;"
            f" at most {MAX_SLUG_CHARS} characters and {MAX_SLUG_BYTES} bytes"
        )
    if not _SLUG.fullmatch(slug):
        raise UsageError(
            f"invalid document id {slug!r}: use one folder name without '/', '\\', spaces or a leading '.'"
        )
    if slug.casefold() in SITE_FILES:
        what = "index page" if slug.casefold() == SITE_FILES[0] else "folder of instrument pages"
        raise UsageError(f"invalid document id {slug!r}: taken by the site's {what} ({slug.casefold()})")
    return slug


class Repository(NamedTuple):
    """The policy repository rooted at *root*.

    A named tuple, not a frozen dataclass: a dataclass's class costs some 0.7 ms to make at every
    start, and every command makes this one; immutable, equal by its root, hashable, pickled."""

    root: Path

    @property
    def documents_dir(self) -> Path:
        """Where the documents live: ``<root>/documents``."""
        return self.root / DOCUMENTS

    def document_dir(self, slug: str) -> Path:
        """The folder of document *slug*, checked to lie inside ``documents/``."""
        return self._inner_folder(self.documents_dir, check_slug(slug), "document")

    @property
    def notices_dir(self) -> Path:
        """Where the instruments live: ``<root>/notices``."""
        return self.root / NOTICES

    def instrument_dir(self, nid: str) -> Path:
        """The folder of instrument *nid*, checked to lie inside ``notices/`` (no link out)."""
        return self._inner_folder(self.notices_dir, check_slug(nid), "instrument")

    def _inner_folder(self, parent: Path, name: str, what: str) -> Path:
        """``parent/name``, refused when *parent*, the folder, or a link inside it leads out of the
        repository: a link inside (document.yaml, events/, a part) would be read or written through too."""
        from policydiff.storage.links import refuse_links_out

        refuse_links_out(self.root, parent)  # documents/ or notices/ itself a link out
        folder = parent / name
        if folder.exists() and not _inside(folder, parent):
            raise UsageError(f"{what} folder {self._rel(folder)} is a link out of the repository")
        for link in _links(folder) if folder.is_dir() else ():
            if not _inside(link, parent):
                raise UsageError(f"{self._rel(link)} is a link out of the repository")
        return folder

    def instruments(self) -> list[str]:
        """Every instrument kept in ``notices/``, sorted."""
        if not self.notices_dir.is_dir():
            return []
        return sorted(p.name for p in self.notices_dir.iterdir() if p.is_dir() and not p.name.startswith("."))

    def document_file(self, slug: str) -> Path:
        """``documents/<slug>/document.yaml``."""
        return self.document_dir(slug) / DOCUMENT_FILE

    def slugs(self) -> list[str]:
        """Every document in the repository, in natural order (:func:`natural_key`)."""
        if not self.documents_dir.is_dir():
            return []
        found = self.documents_dir.glob(f"*/{DOCUMENT_FILE}")
        return sorted((p.parent.name for p in found if not p.parent.name.startswith(".")), key=natural_key)

    def exists(self, slug: str) -> bool:
        """Whether document *slug* exists."""
        return self.document_file(slug).is_file()

    def load(self, slug: str) -> Document:
        """The stored document *slug*; a located error if it is missing or invalid."""
        path = self.document_file(slug)
        if not path.is_file():
            raise UsageError(f"no document {slug!r} in {self._rel(self.documents_dir)}/")
        return load_document_file(path, self._rel(path))

    def create(self, doc: Document, *, replace: bool = False, text: str | None = None) -> Path:
        """Write *doc* as a new document folder, atomically; returns its path.

        *text*, when given, is :meth:`document_text` of *doc*, already made (by a worker process).
        """
        target = self.document_dir(doc.slug)
        from policydiff.storage.fsutil import atomic_write_text, clear_leftovers, replacing_dir
        from policydiff.storage.lock import write_lock

        with write_lock(self.root):
            clear_leftovers(self.documents_dir)
            if target.exists() and not replace:
                raise UsageError(f"document {doc.slug!r} already exists: {self._rel(target)}")
            # Staged first: if the document cannot be written, nothing is (the schemas this
            # write added included).
            before = self.schema_paths()
            try:
                with replacing_dir(target) as staged:
                    atomic_write_text(staged / DOCUMENT_FILE, self.document_text(doc) if text is None else text)
                    self.write_schemas()
            except BaseException:
                self.remove_new_schemas(before)
                raise
        return target / DOCUMENT_FILE

    def schema_paths(self) -> set[Path]:
        """The schema files and folders in ``.policydiff/`` now (for :meth:`remove_new_schemas`)."""
        folder = self.root / SCHEMA_DIR
        return {p for p in (folder.parent, folder, *folder.glob("*")) if p.exists()}

    def remove_new_schemas(self, before: set[Path]) -> None:
        """Undo what :meth:`write_schemas` added since *before* (files, then empty folders)."""
        for path in sorted(self.schema_paths() - before, key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                path.unlink() if path.is_file() else path.rmdir()

    def document_text(self, doc: Document) -> str:
        """What :meth:`create` writes to ``document.yaml`` for *doc*."""
        from policydiff.storage import docfile, yamlio

        return yamlio.dump(docfile.document_data(doc), self.schema_ref(docfile.SCHEMA_NAME))

    def schema_ref(self, name: str) -> str:
        """The ``$schema`` reference written at the top of a file two levels below the root."""
        return f"../../{SCHEMA_DIR.as_posix()}/{name}"

    def write_schemas(self) -> None:
        """Copy the package's schemas into ``.policydiff/schemas/`` for editors to find."""
        folder = self.root / SCHEMA_DIR
        from policydiff.storage import schemacode
        from policydiff.storage.fsutil import atomic_write_text, clear_leftovers, refuse_links_out
        from policydiff.storage.lock import write_lock

        with write_lock(self.root):
            refuse_links_out(self.root, folder)
            clear_leftovers(folder)
            for name in schemacode.schema_names():  # read as files, as schemacode says why
                target = folder / name
                text = schemacode.schema_text(name)
                if not target.is_file() or target.read_text("utf-8") != text:
                    atomic_write_text(target, text)

    def check_site_output(self, out: Path) -> None:
        """Refuse (:class:`UsageError`) an output folder that would write into the repository's own
        files: ``documents/`` or ``.policydiff/`` or a folder inside them, the repository or a folder
        holding it, or a path inside the repository that a link takes out of it."""
        real = out.resolve()
        for inner in (self.documents_dir, self.root / ".policydiff"):
            if real.is_relative_to(inner.resolve()):
                where = "is" if real == inner.resolve() else "is inside"
                raise UsageError(f"cannot write the site into {out}: it {where} the repository's {inner.name}/")
        if self.root.resolve().is_relative_to(real):
            raise UsageError(f"cannot write the site into {out}: it holds the repository")
        lexical, root = Path(os.path.abspath(out)), Path(os.path.abspath(self.root))
        if lexical.is_relative_to(root):
            from policydiff.storage.links import refuse_links_out

            refuse_links_out(root, lexical)

    def check_output_file(self, out: Path) -> None:
        """Refuse (:class:`UsageError`) an output file (``-o``) among the repository's own files:
        inside ``documents/`` or ``.policydiff/``, where it would be read as data."""
        real = out.resolve()
        for inner in (self.documents_dir, self.root / ".policydiff"):
            if real.is_relative_to(inner.resolve()):
                raise UsageError(f"cannot write {out}: it is inside the repository's {inner.name}/")

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def _links(folder: Path) -> Iterator[Path]:
    """Every symbolic link below *folder* (links are not followed). Read with ``os.scandir``, whose
    entries know their type from the folder's listing: no ``lstat`` of each file (every command that
    reads a document looks, each time it names its folder)."""
    try:
        with os.scandir(folder) as entries:
            found = list(entries)
    except OSError:  # unreadable: nothing seen below it (as os.walk), and reading it fails in its place
        return
    for entry in found:
        if entry.is_symlink():
            yield Path(entry.path)
        elif entry.is_dir(follow_symlinks=False):
            yield from _links(Path(entry.path))


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def load_document_file(path: Path, shown: str | None = None) -> Document:
    """Load and validate one ``document.yaml``; errors name *shown* (default: *path*)."""
    name = shown or str(path)
    from policydiff.storage import docfile, yamlio

    text = yamlio.read(path, name)
    data = yamlio.load(text, name)
    return docfile.parse_document(data, text, name)


_DIGITS = re.compile(r"([0-9]+)")


def natural_key(name: str) -> tuple[tuple[tuple[str, int], ...], str]:
    """Sort key of *name* with its numbers compared as numbers: ``x-2`` before ``x-10``.

    The one order in which documents are listed (``list``, ``check``, the site's index).
    """
    parts = _DIGITS.split(name)  # text, digits, text, …, text
    pairs = tuple((parts[i], int(parts[i + 1]) if i + 1 < len(parts) else -1) for i in range(0, len(parts), 2))
    return pairs, name
