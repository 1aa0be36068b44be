"""The GB/T 9704-2012 page (党政机关公文格式) for python-docx documents.

- A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm, which
  leave the standard 156 mm × 225 mm text area.
- 22 lines × 28 characters. The document grid (``w:docGrid``) is a line grid:
  ``linePitch`` is the text height over 22 (579 twips, 28.95 pt), and body
  paragraphs also get that as their exact line spacing, so an application that
  ignores the grid still sets 22 lines a page. ``charSpace`` holds Word's value
  for 28 characters of 3号 across 156 mm (−849: each character 0.207 pt narrower
  than 16 pt), used if someone switches Word to a character grid; the grid type
  stays ``lines`` because LibreOffice lays a negative ``charSpace`` out as two
  cells per character (about 14 a line). The 28 characters come instead from
  condensing every run by 0.5 pt (:data:`CONDENSE`), which every application honours.
- Page numbers ``— 1 —`` in 4号 (14 pt) 宋体 with half-width digits, 7 mm below
  the text area; odd pages on the right and even pages on the left, each one
  character in from the edge (separate odd and even footers, a ``PAGE`` field).

Fonts are set by name on every run, the East Asian one through ``w:eastAsia``
(python-docx has no API for it), with the theme-font attributes removed, since a
theme font would win over the name. Fonts are referenced, never embedded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm, Pt, Twips

from policydiff.storage.sources import XML_INCOMPATIBLE

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

#: Font sizes in points: 2号, 3号, 4号.
SIZE_2, SIZE_3, SIZE_4 = 22.0, 16.0, 14.0

MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
PAGE_MM = (210, 297)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
#: The grid: 225 mm / 22 lines, rounded down to whole twips; 156 mm / 28 characters against 16 pt.
LINE_PITCH_TWIPS = 579
CHAR_SPACE = -849
#: Character spacing on every run, in twentieths of a point: −0.5 pt, so 28 characters of 3号 fit the
#: 156 mm line (15.5 pt each; 29 would need 449.5 pt) in applications that do not compress to the grid.
#: (At −0.25 pt, the least that fits 28, LibreOffice drops a comma hanging past the margin.)
CONDENSE = -10
#: The 一字线 above the page number stands 7 mm below the text area.
PAGE_NUMBER_GAP_MM = 7

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@dataclass(frozen=True, slots=True)
class Font:
    """A font by name and size in points, optionally bold."""

    name: str
    size: float
    bold: bool = False


BODY = Font(BODY_FONT, SIZE_3)
TITLE = Font(TITLE_FONT, SIZE_2)
HEI = Font(HEI_FONT, SIZE_3)
KAI = Font(KAI_FONT, SIZE_3)
PAGE_NUMBER = Font(PAGE_NUMBER_FONT, SIZE_4)


#: Schema order of the children of ``w:rPr`` and ``w:pPr`` (Word refuses other orders).
_RPR = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath rPrChange"
)
_PPR = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
RPR_ORDER = [f"w:{tag}" for tag in _RPR.split()]
PPR_ORDER = [f"w:{tag}" for tag in _PPR.split()]


def child(parent: Any, tag: str, order: list[str]) -> Any:
    """The child *tag* of *parent*, added in its schema place (*order*) if missing."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.insert_element_before(el, *order[order.index(tag) + 1 :])
    return el


def set_fonts(r_pr: Any, font: Font) -> None:
    """Set *font* on a ``w:rPr``: every script's name (``w:eastAsia`` too), size, bold, condensed spacing."""
    fonts = child(r_pr, "w:rFonts", RPR_ORDER)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font.name)
    fonts.set(qn("w:hint"), "eastAsia")
    for tag in ("w:b", "w:bCs"):
        el = r_pr.find(qn(tag))
        if el is not None:
            r_pr.remove(el)
        if font.bold:
            child(r_pr, tag, RPR_ORDER)
    child(r_pr, "w:spacing", RPR_ORDER).set(qn("w:val"), str(CONDENSE))
    for tag in ("w:sz", "w:szCs"):
        child(r_pr, tag, RPR_ORDER).set(qn("w:val"), str(round(font.size * 2)))


def xml_safe(text: str) -> str:
    """*text* with what XML cannot hold made visible: a C0 control becomes its Control Pictures sign
    (BEL ``\\x07`` is ``␇`` U+2407, FF is ``␌``), U+FFFE, U+FFFF and lone surrogates become ``�`` U+FFFD."""
    return XML_INCOMPATIBLE.sub(_picture, text) if XML_INCOMPATIBLE.search(text) else text


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def add_run(paragraph: Any, text: str, font: Font, *, strike: bool = False, underline: bool = False) -> Any:
    """Append *text* to *paragraph* in *font*; a line break for each ``\\n``, controls shown by :func:`xml_safe`."""
    text = xml_safe(text)
    run = paragraph.add_run()
    for n, piece in enumerate(text.split("\n")):
        if n:
            run.add_break()
        if piece:
            run.add_text(piece)
    set_fonts(run._r.get_or_add_rPr(), font)
    if strike:
        run.font.strike = True
    if underline:
        run.font.underline = True
    return run


def format_paragraph(
    paragraph: Any, *, align: str = "justify", indent: bool = False, line: Length | None = None, snap: bool = True
) -> None:
    """Alignment (``justify``, ``center``, ``left``, ``right``), a 2-character first-line indent, exact
    line height; ``snap=False`` lets the paragraph off the line grid (for text larger than the body)."""
    fmt = paragraph.paragraph_format
    if not snap:
        child(paragraph._p.get_or_add_pPr(), "w:snapToGrid", PPR_ORDER).set(qn("w:val"), "0")
    fmt.alignment = _ALIGN[align]
    fmt.space_before = fmt.space_after = Pt(0)
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    if indent:
        fmt.first_line_indent = Pt(2 * SIZE_3)
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")


_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def grid_line() -> Length:
    """One line of the 22-line grid."""
    return Twips(LINE_PITCH_TWIPS)


def prepare_styles(document: Any) -> None:
    """Document defaults, ``Normal`` and ``Title`` in the body and title fonts, without theme fonts."""
    styles = document.styles.element
    r_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is not None:
        set_fonts(r_pr, BODY)
        lang = r_pr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
    p_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if p_pr is not None:
        for child in list(p_pr):
            p_pr.remove(child)
    set_fonts(document.styles["Normal"].element.get_or_add_rPr(), BODY)
    title = document.styles["Title"].element
    for tag in ("w:pPr", "w:rPr"):
        old = title.find(qn(tag))
        if old is not None:
            title.remove(old)
    set_fonts(title.get_or_add_rPr(), TITLE)


def set_page(section: Any, *, landscape: bool = False, grid: bool = True) -> None:
    """A4 (turned when *landscape*) with the standard margins, and the 22 × 28 grid when *grid*."""
    width, height = (Mm(PAGE_MM[1]), Mm(PAGE_MM[0])) if landscape else (Mm(PAGE_MM[0]), Mm(PAGE_MM[1]))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Emu(Mm(MARGINS_MM["bottom"] - PAGE_NUMBER_GAP_MM) - Pt(SIZE_4))
    grid_el = section._sectPr.find(qn("w:docGrid"))
    if grid_el is None:
        grid_el = OxmlElement("w:docGrid")
        section._sectPr.append(grid_el)
    if grid:
        grid_el.set(qn("w:type"), "lines")
        grid_el.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        grid_el.set(qn("w:charSpace"), str(CHAR_SPACE))
    else:
        grid_el.attrib.pop(qn("w:type"), None)
        grid_el.attrib.pop(qn("w:charSpace"), None)


def add_page_numbers(document: Any, section: Any) -> None:
    """``— N —`` footers: odd pages right, even pages left, each one character in from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        format_paragraph(paragraph, align=align)
        fmt = paragraph.paragraph_format
        if align == "right":
            fmt.right_indent = Pt(SIZE_4)
        else:
            fmt.left_indent = Pt(SIZE_4)
        add_run(paragraph, "— ", PAGE_NUMBER)
        _page_field(paragraph)
        add_run(paragraph, " —", PAGE_NUMBER)


def _page_field(paragraph: Any) -> None:
    """A ``PAGE`` field (begin, instruction, separate, shown value, end) in the page-number font."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        run = add_run(paragraph, "", PAGE_NUMBER)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.add_text(text or "")
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
