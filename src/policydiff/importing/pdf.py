"""Reading a text PDF as plain text, one paragraph per line (pdfminer.six; no OCR).

pdfminer gives each page's text lines with their boxes. From them:

1. **Running headers and footers** go: a first or last line of a page that
   recurs, digits aside and at the same size, as the first (or last) line of at
   least two pages and of half of them. Page-number lines go wherever they are,
   by the same rule as in text import (:func:`policydiff.importing.unwrap.clean_lines`).
2. **Lines become paragraphs** by their geometry, which a PDF still has: a line
   is joined to the one before (across a page break too) when that one runs to
   the right edge of the text, and the line itself is not indented and does not
   start a new numbered provision after a finished sentence. A short line, an
   indented line and a centred title therefore stay lines of their own.

The text then goes through the text importer as any text does (hard-wrap
detection, page numbers, cover material). A PDF without a text layer (a scan)
is a :class:`SourceError` with :data:`NO_TEXT_LAYER`; one whose fonts do not map
their glyphs to characters with :data:`NO_UNICODE`.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from policydiff.errors import InputError, Location, SourceError
from policydiff.importing.office_parts import OfficeText
from policydiff.importing.unwrap import clean_lines, ends_sentence
from policydiff.zh.numbering import parse_label

#: The message of the :class:`SourceError` for a PDF with no text to extract.
NO_TEXT_LAYER = (
    "the PDF has no text layer (a scanned image?): policydiff reads text PDFs only and does no OCR; "
    "run OCR on it first or import the original .docx or text"
)
#: The message of the :class:`SourceError` for a PDF whose text cannot be decoded.
NO_UNICODE = "the PDF's fonts do not say which characters they draw (no ToUnicode map): its text cannot be extracted"
NOT_PDF = "not a PDF file (it does not start with %PDF-)"
ENCRYPTED = "the PDF is encrypted: remove the password first"

#: Sizes closer than this (points) are the same.
_SAME_SIZE = 0.5
#: Type this much larger than the body's is a title or heading.
_LARGER = 1.15
#: A line ending this many of its characters short of the right edge still runs to it.
_FULL_SLACK = 1.5
#: A line starting this many of its characters right of the left edge is indented.
_INDENT = 0.8
# Fonts whose glyphs serve both a radical and an ideograph often map them to the radical
# (U+2F63 ⽣ for 生, U+2EA0 ⺠ for 民): such code points are read as the ideograph. Kangxi
# radicals decompose (NFKC), except that simplified Chinese wants 户, 青 and 黄 for the
# door, blue and yellow radicals; of the supplement, the forms that are whole characters.
_RADICAL_FORMS = "⺁⺒⺓⺜⺝⺟⺠⺩⺫⺬⺮⺷⺽⻁⻄⻅⻆⻉⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻬⻰⻳⼾⾭⿈"
_IDEOGRAPHS = "厂巳幺日月母民王目示竹羊臼虎西见角贝车長长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄齐龙龟户青黄"
_RADICALS: dict[int, str] = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
_RADICALS.update((ord(r), i) for r, i in zip(_RADICAL_FORMS, _IDEOGRAPHS, strict=True))
_UNMAPPED = re.compile(r"\(cid:\d+\)")
_LATIN_END = re.compile(r"[A-Za-z0-9]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class PdfLine:
    """One text line of a page: its text, box (PDF points, y upwards) and font size."""

    text: str
    x0: float
    x1: float
    top: float
    size: float


def read_pdf(path: Path) -> str:
    """The text of the PDF at *path*, one paragraph per line, headers and page numbers dropped."""
    return read_pdf_parts(path).text


def read_pdf_parts(path: Path) -> OfficeText:
    """:func:`read_pdf`, and the title: the first paragraph when it is set larger than the body."""
    pages = read_pages(path)
    chars = sum(len(line.text) for page in pages for line in page)
    if chars == 0:
        raise SourceError(NO_TEXT_LAYER, Location(str(path)))
    unmapped = sum(len(m) for page in pages for line in page for m in _UNMAPPED.findall(line.text))
    if unmapped * 2 > chars:
        raise SourceError(NO_UNICODE, Location(str(path)))
    lines = [line for page in drop_running_lines(pages) for line in page]
    if not lines:  # only page numbers or a running stamp over the scanned pages
        raise SourceError(NO_TEXT_LAYER, Location(str(path)))
    found = paragraphs(lines)
    body = body_size(lines)
    title_at = 0 if found and found[0].size > body * _LARGER else None
    return OfficeText.from_lines([p.text for p in found], title_at)


def read_pages(path: Path) -> list[list[PdfLine]]:
    """Each page's text lines, top to bottom (left to right on one height)."""
    from pdfminer.layout import LAParams

    _check_header(path)
    try:
        from pdfminer.high_level import extract_pages

        with _quiet("pdfminer"):
            pages = list(extract_pages(str(path), laparams=LAParams(all_texts=True)))
    except Exception as exc:  # pdfminer raises many unrelated types for a broken or encrypted file
        message = ENCRYPTED if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower() else None
        raise InputError(message or f"cannot read the PDF: {type(exc).__name__}: {exc}", Location(str(path))) from None
    return [sorted(_page_lines(page), key=lambda line: (-round(line.top), line.x0)) for page in pages]


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Silence a library's warnings (pdfminer logs every font oddity it works around)."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(str(path))) from None
    if b"%PDF-" not in head:
        raise InputError(NOT_PDF, Location(str(path)))


def _page_lines(item: Any) -> Iterator[PdfLine]:
    from pdfminer.layout import LTChar, LTTextLine

    if isinstance(item, LTTextLine):
        text = line_text(item).strip()
        sizes = [ch.size for ch in item if isinstance(ch, LTChar)]
        if text:
            yield PdfLine(text, item.x0, item.x1, item.y1, _median(sizes) if sizes else item.height)
        return
    if hasattr(item, "__iter__"):
        for child in item:
            yield from _page_lines(child)


def line_text(line: Iterable[Any]) -> str:
    """The text of a pdfminer line: its characters, and the spaces pdfminer guessed only between Latin ones.

    pdfminer puts a space wherever two characters stand apart, which in Chinese
    is justification or a change of font, not a word space. Spaces the PDF
    draws as characters are kept.
    """
    from pdfminer.layout import LTChar

    out: list[str] = []
    pending = False
    for item in line:
        text = item.get_text()
        if not isinstance(item, LTChar):
            pending = pending or text == " "
            continue
        if pending and out and _LATIN_END.search(out[-1]) and _LATIN_START.search(text):
            out.append(" ")
        pending = False
        out.append(text)
    return "".join(out).translate(_RADICALS)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def drop_running_lines(pages: Sequence[Sequence[PdfLine]]) -> list[list[PdfLine]]:
    """*pages* without running headers and footers, and without page-number lines."""
    running = _running(pages, 0) | _running(pages, -1)
    out = []
    for page in pages:
        kept = [line for line in page if not _is_page_number(line.text)]
        edges = {id(kept[0]), id(kept[-1])} if kept else set()
        out.append([line for line in kept if id(line) not in edges or _key(line) not in running])
    return out


def _running(pages: Sequence[Sequence[PdfLine]], at: int) -> set[tuple[str, int]]:
    """The keys of lines that come first (at 0) or last (at -1) on several pages."""
    edges = Counter(_key(lines[at]) for lines in _numberless(pages) if lines)
    return {key for key, n in edges.items() if n >= 2 and n * 2 >= len(pages)}


def _numberless(pages: Iterable[Sequence[PdfLine]]) -> Iterator[list[PdfLine]]:
    for page in pages:
        yield [line for line in page if not _is_page_number(line.text)]


def _key(line: PdfLine) -> tuple[str, int]:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)), round(line.size)


def _is_page_number(text: str) -> bool:
    return clean_lines(text)[1] > 0


def body_size(lines: Sequence[PdfLine]) -> float:
    """The body's font size: the size most characters have."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def paragraphs(lines: Sequence[PdfLine]) -> list[PdfLine]:
    """The lines joined into paragraphs by their geometry (see the module notes).

    A paragraph keeps the box and size of its first line.
    """
    if not lines:
        return []
    body = body_size(lines)
    left = min(line.x0 for line in lines if abs(line.size - body) < _SAME_SIZE)
    right = max(line.x1 for line in lines if abs(line.x0 - left) <= line.size)
    large = body * _LARGER
    out: list[PdfLine] = []
    prev: PdfLine | None = None
    for line in lines:
        if prev is not None and (_continues(prev, line, left, right) or _same_heading(prev, line, large)):
            out[-1] = replace(out[-1], text=_join(out[-1].text, line.text))
        else:
            out.append(line)
        prev = line
    return out


def _continues(prev: PdfLine, line: PdfLine, left: float, right: float) -> bool:
    if abs(prev.size - line.size) >= _SAME_SIZE:
        return False
    full = prev.x1 >= right - _FULL_SLACK * prev.size
    indented = line.x0 > left + _INDENT * line.size
    new_provision = parse_label(line.text) is not None and ends_sentence(prev.text)
    return full and not indented and not new_provision


def _same_heading(prev: PdfLine, line: PdfLine, large: float) -> bool:
    """Whether *line* goes on the heading in large type that *prev* began (a title over two lines)."""
    same_size = abs(prev.size - line.size) < _SAME_SIZE and line.size >= large
    return same_size and 0 < prev.top - line.top <= 2 * line.size


def _join(head: str, tail: str) -> str:
    space = " " if _LATIN_END.search(head) and _LATIN_START.search(tail) else ""
    return head + space + tail
