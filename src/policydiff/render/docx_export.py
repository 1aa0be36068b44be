"""The consolidated text as a Word document in the GB/T 9704-2012 layout.

The page, grid, fonts and page numbers are those of :mod:`.docx_layout`. Each
line of the plain-text form (:func:`policydiff.model.plaintext.lines`) becomes one
paragraph, so importing the file gives the same text back. The title paragraph
is in Word's ``Title`` style (which the importer recognises), in 方正小标宋简体
2号, centred, with one empty grid line below it; the headnote (题注), when given, follows
in 楷体_GB2312 3号, not indented, with one empty grid line below it. The other paragraphs:

=============================== ================================================
line                            font and place
=============================== ================================================
编, 分编, 章 heading, 序言      黑体 3号, centred
节 heading                      楷体_GB2312 3号, centred
``一、`` heading (article)      黑体 3号, indented 2 characters
``（一）`` heading (item)       楷体_GB2312 3号, indented
``1.``, ``（1）`` heading       仿宋_GB2312 3号 (the body font), indented
numbered line with text         label in its level's font (第X条 and ``一、`` 黑体,
                                ``（一）`` 楷体), the words in the body font
other paragraphs                仿宋_GB2312 3号, indented 2 characters, justified
=============================== ================================================

The output is deterministic: the same document gives the same bytes (fixed
package dates and zip times).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policydiff.model import Document, Kind, Provision
from policydiff.render.docx_layout import (
    BODY,
    HEI,
    KAI,
    TITLE,
    Font,
    add_page_numbers,
    add_run,
    format_paragraph,
    grid_line,
    prepare_styles,
    set_page,
    xml_safe,
)
from policydiff.storage.fsutil import atomic_write_bytes

#: The date written into the package properties (Word shows it as created and modified).
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_CENTRED = {Kind.PART: HEI, Kind.SUBPART: HEI, Kind.CHAPTER: HEI, Kind.SECTION: KAI, Kind.PREAMBLE: HEI}
_LEVEL_FONT = {Kind.ARTICLE: HEI, Kind.ITEM: KAI}


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph to write: its pieces of text, each in its font, and its placement."""

    pieces: tuple[tuple[str, Font], ...]
    centred: bool = False

    @property
    def text(self) -> str:
        """The paragraph's text."""
        return "".join(text for text, _ in self.pieces)


def write_docx(doc: Document, path: Path, headnote: str | None = None) -> None:
    """Write *doc*'s text to *path* as a .docx in the GB/T 9704 layout (atomically)."""
    atomic_write_bytes(path, docx_bytes(doc, headnote))


def docx_bytes(doc: Document, headnote: str | None = None, status: str | None = None) -> bytes:
    """The .docx file of *doc*'s text (see :func:`write_docx`), with *headnote* (the 题注,
    :func:`policydiff.history.headnote.headnote`) under the title when given, and *status* (the
    version's, :mod:`policydiff.history.status`) after it as ``效力状态：现行有效``."""
    document = new_document(doc.title)
    title = document.add_paragraph(style="Title")
    format_paragraph(title, align="center", line=grid_line(), snap=False)
    title.paragraph_format.space_after = grid_line()
    add_run(title, doc.title, TITLE)
    if headnote:
        note = document.add_paragraph()
        format_paragraph(note, align="justify", line=grid_line())
        note.paragraph_format.space_after = grid_line()
        add_run(note, headnote, KAI)
    if status:
        shown = document.add_paragraph()
        format_paragraph(shown, align="center", line=grid_line())
        add_run(shown, f"效力状态：{status}", KAI)
    for line in body_lines(doc):
        paragraph = document.add_paragraph()
        format_paragraph(paragraph, align="center" if line.centred else "justify", indent=not line.centred)
        paragraph.paragraph_format.line_spacing = grid_line()
        for text, font in line.pieces:
            add_run(paragraph, text, font)
    return save(document)


def new_document(title: str) -> Any:
    """An empty python-docx document with the GB/T 9704 page, styles and page numbers."""
    import docx

    document = docx.Document()
    prepare_styles(document)
    section = document.sections[0]
    set_page(section)
    add_page_numbers(document, section)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = xml_safe(title), "policydiff", "policydiff"
    props.created = props.modified = FIXED_DATE
    props.revision = 1
    # The template's one empty paragraph would come before the title.
    body = document.element.body
    for p in body.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        body.remove(p)
    return document


def save(document: Any) -> bytes:
    """The package's bytes, its zip entries dated alike so that the same content gives the same file."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, _ZIP_TIME), src.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def body_lines(doc: Document) -> Iterator[Line]:
    """Every body paragraph with its fonts, in the order of :func:`policydiff.model.plaintext.lines`."""
    for provision in doc.provisions:
        yield from _provision_lines(doc, provision)


def _provision_lines(doc: Document, p: Provision) -> Iterator[Line]:
    yield from _own_lines(doc, p)
    for child in p.children:
        yield from _provision_lines(doc, child)


def _own_lines(doc: Document, p: Provision) -> Iterator[Line]:
    if p.num is None:
        if p.heading is not None:
            yield Line(((p.heading, _CENTRED.get(p.kind, BODY)),), p.kind in _CENTRED)
        if p.text is not None:
            yield Line(((p.text, BODY),))
        return
    sep = doc.separator(p)
    label = doc.numbering.label(p.kind, p.num)
    words = p.heading if p.heading is not None else p.text
    level = _LEVEL_FONT.get(p.kind, BODY)
    if not words:
        yield Line(((label, _CENTRED.get(p.kind, level)),), p.kind in _CENTRED)
    elif p.heading is not None:
        yield Line(((label + sep + words, _CENTRED.get(p.kind, level)),), p.kind in _CENTRED)
    else:
        yield Line(((label + sep, level), (words, BODY)))
    if p.heading is not None and p.text is not None:
        yield Line(((p.text, BODY),))
