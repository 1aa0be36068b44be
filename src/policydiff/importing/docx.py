"""Reading a Word .docx as plain text, the way the text importer wants it.

:func:`read_docx` gives one line per paragraph of the document body, in order:

- Word's automatic numbering becomes the label it shows (:mod:`.docx_numbering`),
  so ``一、`` typed by hand and ``一、`` made by a list read the same.
- A soft line break (Shift+Enter) starts a new line; the text importer joins a
  line that breaks a sentence to the one before, as it does for text files.
- Empty paragraphs give empty lines (which the text importer reads as gaps).
- A table gives one line per row, its cells joined with a tab (``\\t``); the
  paragraphs inside one cell are joined with a space, and a merged cell counts once.
- Text boxes give their paragraphs as lines before the paragraph that holds them.
- Tracked changes are read as accepted: insertions kept, deletions left out.
  Hidden text (``w:vanish``), field codes, footnotes and comments are left out.
- Headers and footers are not read: they are not part of the body.

:func:`read_docx_parts` also says which paragraph is the title when the document
marks one (Word's built-in ``Title`` style on the first paragraph with text),
as :func:`policydiff.render.docx_export.write_docx` does.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policydiff.errors import InputError, Location
from policydiff.importing.docx_numbering import Numberer, read_lists, read_styles, w
from policydiff.importing.office_parts import OfficeText

#: The messages of the :class:`InputError` for files that are no .docx.
NOT_DOCX = "not a Word .docx file (expected a zip package holding word/document.xml)"
OLD_DOC = "a Word 97-2003 .doc file: open it in Word or LibreOffice and save it as .docx"

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: Subtrees that hold no visible body text (properties, deletions, field codes, duplicates).
_SKIP = frozenset(
    {
        w("pPr"),
        w("rPr"),
        w("del"),
        w("moveFrom"),
        w("delText"),
        w("instrText"),
        w("fldData"),
        w("sdtPr"),
        w("footnoteReference"),
        w("endnoteReference"),
        w("commentReference"),
        _MC_FALLBACK,
    }
)
_CHARS = {w("tab"): "\t", w("ptab"): "\t", w("cr"): "\n", w("noBreakHyphen"): "-", w("softHyphen"): ""}
_TITLE_STYLES = frozenset({"Title", "title", "标题"})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The most bytes a .docx may unpack to, all its parts together: the text of the longest laws
#: is a few MB of XML; a zip bomb declares hundreds of MB in a few hundred KB.
MAX_UNPACKED = 100 * 2**20


def read_docx(path: Path) -> str:
    """The text of the .docx at *path*: one paragraph per line, labels of automatic numbering included.

    An :class:`InputError` if the file cannot be read or is no .docx.
    """
    return read_docx_parts(path).text


def read_docx_parts(path: Path) -> OfficeText:
    """:func:`read_docx`, and the title paragraph when the document marks it."""
    document = open_docx(path)
    styles = document.styles.element
    style_info, default_style = read_styles(styles)
    numberer = Numberer(read_lists(_numbering_element(document)), style_info, default_style)
    titled = _title_styles(styles)
    lines: list[str] = []
    title_at: int | None = None
    for text, is_title in _blocks(document.element.body, numberer, titled):
        if is_title and title_at is None and not any(line.strip() for line in lines) and text.strip():
            title_at = len(lines)
        lines.append(text)
    return OfficeText.from_lines(lines, title_at)


def open_docx(path: Path) -> Any:
    """The python-docx ``Document`` at *path*; an :class:`InputError` naming the file if it is none."""
    import docx

    where = Location(str(path))
    try:
        with path.open("rb") as f:
            magic = f.read(8)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where) from None
    if magic == _OLE_MAGIC:
        raise InputError(OLD_DOC, where)
    if not zipfile.is_zipfile(path):
        raise InputError(NOT_DOCX, where)
    _check_unpacked_size(path, where)
    try:
        return docx.Document(str(path))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{NOT_DOCX}: {exc}", where) from None
    except Exception as exc:  # python-docx raises its own PackageNotFoundError and lxml's XMLSyntaxError
        raise InputError(f"{NOT_DOCX}: {type(exc).__name__}: {exc}", where) from None


def _check_unpacked_size(path: Path, where: Location) -> None:
    """Refuse a .docx whose parts unpack to more than :data:`MAX_UNPACKED` bytes (a zip bomb).

    The sizes are those the zip's central directory declares, read before anything is
    decompressed; :mod:`zipfile` never gives more bytes than a part declares.
    """
    try:
        with zipfile.ZipFile(path) as package:
            total = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{NOT_DOCX}: {exc}", where) from None
    if total > MAX_UNPACKED:
        megabytes = f"{total / 2**20:,.0f} MB"
        raise InputError(f"the .docx unpacks to {megabytes}; at most {MAX_UNPACKED // 2**20} MB are read", where)


def _numbering_element(document: Any) -> Any:
    # python-docx creates an empty numbering part when the package has none; read it directly.
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in document.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            return rel.target_part.element
    return None


def _title_styles(styles: Any) -> frozenset[str]:
    """The ids of the paragraph styles that are the title style (by id or by name)."""
    out = set()
    for style in styles.iterfind(w("style")):
        name = style.find(w("name"))
        sid = str(style.get(w("styleId")))
        if sid in _TITLE_STYLES or (name is not None and name.get(w("val")) in _TITLE_STYLES):
            out.add(sid)
    return frozenset(out)


def _blocks(parent: Any, numberer: Numberer, titled: frozenset[str]) -> Iterator[tuple[str, bool]]:
    """The lines of the block elements under *parent* (body, cell, text box), each with whether it is a title."""
    for child in parent.iterchildren():
        if child.tag == w("p"):
            yield from _paragraph(child, numberer, titled)
        elif child.tag == w("tbl"):
            yield from ((row, False) for row in _table_rows(child, numberer, titled))
        elif child.tag in (w("sdt"), w("customXml"), w("sdtContent")):
            inner = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if inner is not None:
                yield from _blocks(inner, numberer, titled)


def _paragraph(p: Any, numberer: Numberer, titled: frozenset[str]) -> Iterator[tuple[str, bool]]:
    boxes: list[Any] = []
    parts: list[str] = []
    _inline(p, parts, boxes)
    for box in boxes:
        yield from _blocks(box, numberer, titled)
    label = numberer.label(p)
    p_pr = p.find(w("pPr"))
    style = p_pr.find(w("pStyle")) if p_pr is not None else None
    is_title = style is not None and style.get(w("val")) in titled
    for line in (label + "".join(parts)).split("\n"):
        yield line, is_title


def _inline(el: Any, out: list[str], boxes: list[Any]) -> None:
    """Collect the visible text under *el* into *out*, and the text boxes into *boxes*."""
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP or (tag == w("r") and _hidden(child)):
            continue
        if tag == w("t"):
            out.append(child.text or "")
        elif tag in _CHARS:
            out.append(_CHARS[tag])
        elif tag == w("br"):
            out.append("" if child.get(w("type")) in ("page", "column") else "\n")
        elif tag == w("txbxContent"):
            boxes.append(child)
        else:
            _inline(child, out, boxes)


def _hidden(run: Any) -> bool:
    vanish = run.find(f"{w('rPr')}/{w('vanish')}")
    return vanish is not None and vanish.get(w("val"), "1") not in ("0", "false", "off")


def _table_rows(tbl: Any, numberer: Numberer, titled: frozenset[str]) -> Iterator[str]:
    for tr in tbl.iterfind(w("tr")):
        cells = [_cell_text(tc, numberer, titled) for tc in tr.iterfind(w("tc"))]
        if any(cells):
            yield "\t".join(cells)


def _cell_text(tc: Any, numberer: Numberer, titled: frozenset[str]) -> str:
    lines = (line.strip() for line, _ in _blocks(tc, numberer, titled))
    return " ".join(line for line in lines if line)
