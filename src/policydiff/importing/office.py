"""Office formats: import Word (.docx) and PDF, export Word in the GB/T 9704-2012 layout.

Import turns the file into plain text (:func:`read_text`) and hands it to the
text importer (:func:`policydiff.importing.import_text`), so cover material
becomes metadata exactly as it does for a text file, and a notice in .docx or
PDF reads like its text (:func:`policydiff.notice.parse.parse_wording`).

- :mod:`.docx_import`: paragraphs, automatic numbering, tables as text.
- :mod:`.pdf_import`: text PDFs (pdfminer.six), lines joined into paragraphs by
  their geometry, running headers and page numbers dropped; no OCR.
- :mod:`.docx_export`: the consolidated text (:func:`write_docx`) and the
  comparison table (:func:`write_comparison_docx`) in the official layout.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from policydiff.errors import InputError, Location, SourceError
from policydiff.importing.office_parts import OfficeText

#: File name endings read by this package (compare lower-cased).
OFFICE_SUFFIXES = (".docx", ".pdf")

if TYPE_CHECKING:  # imported lazily: the importer may come here for .docx and .pdf files
    from policydiff.importing import ImportResult

__all__ = ["OFFICE_SUFFIXES", "OfficeText", "import_office", "is_office", "read_parts", "read_text"]


def is_office(path: Path) -> bool:
    """Whether *path* names a .docx or .pdf file (by its name)."""
    return path.suffix.lower() in OFFICE_SUFFIXES


def read_text(path: Path) -> str:
    """The plain text of a .docx or PDF file, one paragraph per line.

    An :class:`InputError` for another kind of file or one that cannot be read,
    a :class:`SourceError` for a PDF without a text layer.
    """
    return read_parts(path).text


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
    from policydiff.importing import ImportResult, import_text

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


def read_parts(path: Path) -> OfficeText:
    """:func:`read_text`, with the paragraph the file marks as its title."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from policydiff.importing.docx import read_docx_parts

        return read_docx_parts(path)
    if suffix == ".pdf":
        from policydiff.importing.pdf import read_pdf_parts

        return read_pdf_parts(path)
    raise InputError(f"not a .docx or .pdf file: {path.name}", Location(str(path)))
