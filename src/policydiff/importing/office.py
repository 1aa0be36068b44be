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

from pathlib import Path

from policydiff.errors import InputError, Location
from policydiff.importing.office_parts import OfficeText

__all__ = ["OfficeText", "read_parts", "read_text"]  # which files are office files: policydiff.importing.is_office


def read_text(path: Path) -> str:
    """The plain text of a .docx or PDF file, one paragraph per line.

    An :class:`InputError` for another kind of file or one that cannot be read,
    a :class:`SourceError` for a PDF without a text layer.
    """
    return read_parts(path).text


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
