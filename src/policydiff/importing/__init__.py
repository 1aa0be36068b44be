"""Importing regulations as users have them: plain text (from Word or PDF) and Markdown.

The pipeline is: bytes → text (:mod:`policydiff.storage.sources` decides the encoding) →
cleaned body lines plus metadata (:mod:`.text` or :mod:`.markdown`) → provision
tree (:mod:`.structure`).

:class:`ImportResult` is a named tuple rather than a frozen dataclass: immutable and compared by
value all the same, and its class is made at every start of a command that imports a document, a
dataclass's for some 0.5 ms more (issue 19).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from policydiff.errors import InputError, Location, SourceError
from policydiff.model import Document
from policydiff.storage.sources import decode_source, refuse_controls


class ImportResult(NamedTuple):
    """A document read from a source file, with what the importer noticed."""

    document: Document
    source: str
    encoding: str
    warnings: tuple[str, ...] = ()


def is_markdown(text: str, name: str) -> bool:
    """Markdown in the corpus format: a ``.md`` file or a ``# title`` first line."""
    first = text.lstrip("\ufeff\n ").split("\n", 1)[0]
    return name.endswith(".md") or first.startswith("# ")


def import_text(
    text: str,
    *,
    slug: str,
    name: str,
    title: str | None = None,
    date: dt.date | None = None,
) -> tuple[Document, tuple[str, ...]]:
    """Import already-decoded *text* (named *name* in messages) as document *slug*.

    Control characters no document can keep (BEL, BS, VT, FF, …) are refused with their line and column.
    """
    if not text.strip():
        raise InputError("file is empty", Location(name))
    refuse_controls(text, name)
    if is_markdown(text, name):
        from policydiff.importing.markdown import parse_markdown

        doc, warnings = parse_markdown(text, slug=slug, name=name)
    else:
        from policydiff.importing.text import parse_text

        doc, warnings = parse_text(text, slug=slug, name=name, title=title)
    if title:
        doc = doc._replace(title=title)
    if date:
        doc = doc._replace(meta=doc.meta._replace(effective=date))
    return doc, warnings


#: File name endings read by :mod:`.office` (compare lower-cased).
OFFICE_SUFFIXES = (".docx", ".pdf")


def is_office(path: Path) -> bool:
    """Whether *path* names a .docx or .pdf file (by its name): here, so that a text file is told
    apart without importing the office readers."""
    return path.suffix.lower() in OFFICE_SUFFIXES


def read_bytes(path: Path) -> bytes:
    """The bytes of *path*; an :class:`InputError` naming it if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(str(path))) from None


def import_file(
    path: Path,
    *,
    slug: str,
    title: str | None = None,
    date: dt.date | None = None,
) -> ImportResult:
    """Read *path* (text, Markdown, .docx or .pdf), decode it and import it as document *slug*."""
    if is_office(path):
        return import_office(path, slug=slug, title=title, date=date)
    name = str(path)
    text, encoding = decode_source(read_bytes(path), name)
    doc, warnings = import_text(text, slug=slug, name=name, title=title, date=date)
    return ImportResult(doc, name, encoding, warnings)


def import_office(
    path: Path,
    *,
    slug: str,
    title: str | None = None,
    date: dt.date | None = None,
) -> ImportResult:
    """Import a .docx or PDF as document *slug*, like :func:`policydiff.importing.import_file` a text file.

    The result's ``encoding`` is ``"docx"`` or ``"pdf"``. When the importer finds
    no title in the text but the file marks one (Word's ``Title`` style, as
    :func:`~policydiff.render.docx_export.write_docx` writes it; larger type in a
    PDF), that paragraph is the title, so an exported document comes back
    whatever its title looks like.
    """
    from policydiff.importing.office import read_parts

    name, kind = str(path), path.suffix.lower().lstrip(".")
    parts = read_parts(path)
    try:
        doc, warnings = import_text(parts.text, slug=slug, name=name, title=title, date=date)
    except SourceError:
        if parts.title is None or title is not None:
            raise
        doc, warnings = import_text(parts.rest, slug=slug, name=name, title=parts.title, date=date)
        warnings = (f"title taken from the paragraph set as the title: {parts.title}", *warnings)
    return ImportResult(doc, name, kind, warnings)
