"""The comparison table (修订对照表) as a Word document.

One real Word table of three columns, 原条文 | 修订后条文 | 说明, on landscape A4
with the GB/T 9704 margins and page numbers (:mod:`.docx_layout`); the header
row repeats on every page. Cells are in 仿宋_GB2312 4号, the header row in 黑体.

Changes are marked by formatting, as printed comparison tables mark them:
deleted words struck through in the 原条文 column, inserted words bold and
underlined in the 修订后条文 column. (Word's revision marks, ``w:del`` and
``w:ins``, are not used: accepting them would empty one column of the table.)
The 说明 column holds the provision's address and the note, as in the
Markdown table (``四、（三）9.：修改``), set flush left (justifying these short
notes in the narrow column spreads them out). Provisions only renumbered are
listed in one paragraph below the table.

A heading too long for one line is broken before 修订对照表, which otherwise
wraps in the middle of the word (GB/T 9704: 标题回行时，要做到词意完整); a
title itself longer than a line still wraps where the application breaks it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm, Pt

from policydiff.compare.textdiff import Segment
from policydiff.render.changelog import Row
from policydiff.render.docx_export import new_document, save
from policydiff.render.docx_layout import (
    BODY_FONT,
    CONDENSE,
    HEI_FONT,
    KAI,
    MARGINS_MM,
    PAGE_MM,
    SIZE_4,
    TITLE,
    Font,
    add_run,
    child,
    format_paragraph,
    grid_line,
    set_page,
)
from policydiff.storage.fsutil import atomic_write_bytes

HEADERS = ("原条文", "修订后条文", "说明")
SUFFIX = "修订对照表"
CELL = Font(BODY_FONT, SIZE_4)
HEADER = Font(HEI_FONT, SIZE_4)
INSERTED = Font(BODY_FONT, SIZE_4, bold=True)
#: Column shares of the text width (landscape: 297 − 28 − 26 = 243 mm).
_SHARES = (0.4, 0.4, 0.2)
#: The text width of the landscape page in points.
_WIDTH_PT = Mm(PAGE_MM[1] - MARGINS_MM["left"] - MARGINS_MM["right"]).pt


def write_comparison_docx(
    rows: Sequence[Row],
    path: Path,
    title: str,
    *,
    renumbered: Sequence[Row] = (),
    subtitle: str | None = None,
) -> None:
    """Write the comparison table of *rows* to *path* (atomically).

    *title* is the document's title; the heading is *title* followed by
    修订对照表 (unless it already ends so). *subtitle* (e.g. the notice's number
    and title) goes under the heading; *renumbered* rows are listed below the table.
    """
    atomic_write_bytes(path, comparison_docx_bytes(rows, title, renumbered=renumbered, subtitle=subtitle))


def comparison_docx_bytes(
    rows: Sequence[Row], title: str, *, renumbered: Sequence[Row] = (), subtitle: str | None = None
) -> bytes:
    """The .docx file of :func:`write_comparison_docx`."""
    heading = title if title.endswith(SUFFIX) else title + SUFFIX
    document = new_document(heading)
    set_page(document.sections[0], landscape=True, grid=False)
    paragraph = document.add_paragraph(style="Title")
    format_paragraph(paragraph, align="center", line=grid_line(), snap=False)
    add_run(paragraph, heading_lines(heading), TITLE)
    if subtitle:
        paragraph = document.add_paragraph()
        format_paragraph(paragraph, align="center", line=grid_line())
        add_run(paragraph, subtitle, KAI)
    paragraph.paragraph_format.space_after = grid_line()
    _table(document, rows)
    if renumbered:
        paragraph = document.add_paragraph()
        format_paragraph(paragraph, indent=True)
        paragraph.paragraph_format.space_before = Pt(SIZE_4)
        add_run(paragraph, "仅序号调整、内容未改：" + "；".join(r.note for r in renumbered) + "。", CELL)
    return save(document)


def heading_lines(heading: str) -> str:
    """*heading* with a line break before 修订对照表 when it does not fit one line of the landscape page."""
    per_line = int(_WIDTH_PT // (TITLE.size + CONDENSE / 20))
    if len(heading) <= per_line or not heading.endswith(SUFFIX):
        return heading
    return heading.removesuffix(SUFFIX) + "\n" + SUFFIX


def _table(document: Any, rows: Sequence[Row]) -> None:
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    width = PAGE_MM[1] - MARGINS_MM["left"] - MARGINS_MM["right"]
    widths = [Mm(width * share) for share in _SHARES]
    header = table.rows[0]
    child(header._tr.get_or_add_trPr(), "w:tblHeader", ["w:tblHeader"])
    for cell, text in zip(header.cells, HEADERS, strict=True):
        _fill(cell, ((text, HEADER, False),), align="center")
    for row in rows:
        cells = table.add_row().cells
        _fill(cells[0], _marked(row.old, "delete"))
        _fill(cells[1], _marked(row.new, "insert"))
        _fill(cells[2], (((f"{row.address}：" if row.address else "") + row.note, CELL, False),), align="left")
    for tr in table.rows:
        for cell, w in zip(tr.cells, widths, strict=True):
            cell.width = w
    for column, w in zip(table.columns, widths, strict=True):
        column.width = w


def _marked(segments: Sequence[Segment], op: str) -> tuple[tuple[str, Font, bool], ...]:
    """Pieces of a cell: the segments of one side, the changed ones marked."""
    out = []
    for s in segments:
        if s.op == "equal":
            out.append((s.text, CELL, False))
        elif s.op == op:
            out.append((s.text, INSERTED if op == "insert" else CELL, True))
    return tuple(out)


def _fill(cell: Any, pieces: Sequence[tuple[str, Font, bool]], align: str = "justify") -> None:
    paragraph = cell.paragraphs[0]
    format_paragraph(paragraph, align=align)
    for text, font, marked in pieces:
        inserted = marked and font.bold
        add_run(paragraph, text, font, strike=marked and not inserted, underline=inserted)
