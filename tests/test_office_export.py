"""Exporting Word files in the GB/T 9704-2012 layout: the consolidated text and the comparison table.

The exported files are opened again with python-docx and their page, grid, fonts
(the East Asian font included), sizes and page numbers are checked; importing
them gives the provisions back.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from policydiff.compare.textdiff import Segment
from policydiff.history import versions
from policydiff.importing import import_office
from policydiff.model import Document
from policydiff.model.plaintext import lines, to_text
from policydiff.render.changelog import Row, rows
from policydiff.render.docx_compare import comparison_docx_bytes, write_comparison_docx
from policydiff.render.docx_export import docx_bytes, write_docx
from policydiff.storage.repo import Repository
from tests.conftest import SMALL_ADMIN, SMALL_LEGAL, doc_from_text

ROOT = Path(__file__).parent.parent
SEEDS = sorted(p.name for p in (ROOT / "documents").iterdir() if (p / "document.yaml").exists())


def export(doc: Document, tmp_path: Path) -> tuple[Path, Any]:
    path = tmp_path / f"{doc.slug}.docx"
    write_docx(doc, path)
    return path, docx.Document(str(path))


def fonts(run: Any) -> dict[str, str | None]:
    """The run's font names by script, and any theme font left on it."""
    r_fonts = run._r.rPr.find(qn("w:rFonts"))
    names = {attr: r_fonts.get(qn(f"w:{attr}")) for attr in ("ascii", "hAnsi", "eastAsia", "cs")}
    names["theme"] = next((v for k, v in r_fonts.attrib.items() if "Theme" in k or "theme" in k), None)
    return names


def only_font(name: str) -> dict[str, str | None]:
    return {"ascii": name, "hAnsi": name, "eastAsia": name, "cs": name, "theme": None}


def paragraph(document: Any, text: str) -> Any:
    return next(p for p in document.paragraphs if p.text == text)


# ---------------------------------------------------------------- page and grid


def test_page_size_margins_and_grid(tmp_path: Path) -> None:
    _, document = export(doc_from_text(SMALL_ADMIN), tmp_path)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210.0, 297.0)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m.mm, 1) for m in margins) == (37.0, 35.0, 28.0, 26.0)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch")), grid.get(qn("w:charSpace"))) == (
        "lines",
        "579",
        "-849",
    )
    # 22 lines of 579 twips fit the 225 mm text height.
    height_twips = (section.page_height - section.top_margin - section.bottom_margin) / 635
    assert 22 * 579 <= height_twips < 23 * 579


def test_28_characters_fit_a_line(tmp_path: Path) -> None:
    _, document = export(doc_from_text(SMALL_ADMIN), tmp_path)
    section = document.sections[0]
    width_pt = Length(section.page_width - section.left_margin - section.right_margin).pt
    run = paragraph(document, "以示例为指导。").runs[0]
    spacing = int(run._r.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + spacing) <= width_pt < 29 * (16 + spacing)


# ---------------------------------------------------------------- fonts and sizes


def test_title_font_size_and_place(tmp_path: Path) -> None:
    _, document = export(doc_from_text(SMALL_ADMIN), tmp_path)
    title = document.paragraphs[0]
    assert title.text == "示例实施办法"
    assert title.style.name == "Title"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    [run] = title.runs
    assert fonts(run) == only_font("方正小标宋简体")
    assert run.font.size == Pt(22)


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("一、指导思想", "黑体"),
        ("二、组织领导", "黑体"),
        ("（一）领导机构", "楷体_GB2312"),
        ("（二）具体职责", "楷体_GB2312"),
    ],
)
def test_heading_fonts(tmp_path: Path, text: str, font: str) -> None:
    _, document = export(doc_from_text(SMALL_ADMIN), tmp_path)
    heading = paragraph(document, text)
    [run] = heading.runs
    assert fonts(run) == only_font(font)
    assert run.font.size == Pt(16)
    assert heading.paragraph_format.first_line_indent == Pt(32)


def test_points_and_body_in_the_body_font(tmp_path: Path) -> None:
    _, document = export(doc_from_text(SMALL_ADMIN), tmp_path)
    point = paragraph(document, "1.宣传部负责宣传。")
    assert [r.text for r in point.runs] == ["1.", "宣传部负责宣传。"]
    body = paragraph(document, "成立领导小组。")
    for run in [*point.runs, *body.runs]:
        assert fonts(run) == only_font("仿宋_GB2312")
        assert run.font.size == Pt(16)
    fmt = body.paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.first_line_indent == Pt(32)
    assert body._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert (fmt.line_spacing_rule, fmt.line_spacing) == (WD_LINE_SPACING.EXACTLY, Pt(28.95))


def test_legal_chapters_centred_in_hei_and_article_labels_in_hei(tmp_path: Path) -> None:
    _, document = export(doc_from_text(SMALL_LEGAL), tmp_path)
    chapter = paragraph(document, "第一章 总则")
    assert chapter.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert fonts(chapter.runs[0]) == only_font("黑体")
    article = paragraph(document, "第一条 为了示例，制定本办法。")
    assert [r.text for r in article.runs] == ["第一条 ", "为了示例，制定本办法。"]
    assert [fonts(r)["eastAsia"] for r in article.runs] == ["黑体", "仿宋_GB2312"]


def test_defaults_and_styles_name_the_body_font_without_theme_fonts(tmp_path: Path) -> None:
    _, document = export(doc_from_text(SMALL_ADMIN), tmp_path)
    styles = document.styles.element
    default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert default.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert default.get(qn("w:eastAsiaTheme")) is None
    normal = document.styles["Normal"]
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)


def test_fonts_are_referenced_never_embedded(tmp_path: Path) -> None:
    path, document = export(doc_from_text(SMALL_ADMIN), tmp_path)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    assert not [n for n in names if n.startswith("word/fonts/") or n.endswith((".odttf", ".ttf"))]
    assert document.settings.element.find(qn("w:embedTrueTypeFonts")) is None


# ---------------------------------------------------------------- page numbers


def _footer_text(footer: Any) -> tuple[str, str]:
    p = footer.paragraphs[0]
    instr = "".join(el.text for el in p._p.iter(qn("w:instrText")))
    return p.text, instr.strip()


def test_page_numbers_odd_right_even_left(tmp_path: Path) -> None:
    _, document = export(doc_from_text(SMALL_ADMIN), tmp_path)
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert _footer_text(section.footer) == ("— 1 —", "PAGE")
    assert _footer_text(section.even_page_footer) == ("— 1 —", "PAGE")
    assert (odd.alignment, odd.paragraph_format.right_indent) == (WD_ALIGN_PARAGRAPH.RIGHT, Pt(14))
    assert (even.alignment, even.paragraph_format.left_indent) == (WD_ALIGN_PARAGRAPH.LEFT, Pt(14))
    for run in [*odd.runs, *even.runs]:
        assert fonts(run) == only_font("宋体")
        assert run.font.size == Pt(14)
    # The 一字线 stands 7 mm below the text area: the footer's 14 pt line ends 28 mm - 14 pt above the edge.
    assert round(section.footer_distance.mm, 1) == round(28 - 14 * 25.4 / 72, 1)


# ---------------------------------------------------------------- text and round trip


def test_paragraphs_are_the_plain_text_lines(tmp_path: Path) -> None:
    doc = doc_from_text(SMALL_LEGAL)
    _, document = export(doc, tmp_path)
    assert [p.text for p in document.paragraphs] == lines(doc)


@pytest.mark.parametrize("slug", SEEDS)
def test_round_trip_of_the_seed_documents(tmp_path: Path, slug: str) -> None:
    doc = Repository(ROOT).load(slug)
    path, _ = export(doc, tmp_path)
    assert to_text(import_office(path, slug=slug).document) == to_text(doc)


def test_round_trip_keeps_the_provisions(tmp_path: Path) -> None:
    doc = Repository(ROOT).load("fjwy-network-ideology")
    path, _ = export(doc, tmp_path)
    back = import_office(path, slug=doc.slug).document
    assert (back.title, back.numbering, back.provisions) == (doc.title, doc.numbering, doc.provisions)


def test_same_document_same_bytes() -> None:
    doc = doc_from_text(SMALL_ADMIN)
    assert docx_bytes(doc) == docx_bytes(doc)


# ---------------------------------------------------------------- the comparison table

ROWS = [
    Row("a1", "modified", (Segment("equal", "本办法自"), Segment("delete", "公布"), Segment("equal", "之日起施行。")),
        (Segment("equal", "本办法自"), Segment("insert", "印发"), Segment("equal", "之日起施行。")), "修改", "a1", "五、"),
    Row("a2", "added", (), (Segment("insert", "（三）新增一项。"),), "第2项：新增", "a2", "四、（三）"),
    Row("a3", "deleted", (Segment("delete", "（四）删去一项。"),), (), "删除", "a3", "四、（四）"),
]  # fmt: skip
RENUMBERED = [
    Row("p9", "renumbered", (), (), "序号调整：四、（三）9. → 四、（三）10.，内容未改", "p9", "四、（三）10.")
]


def _table_doc(tmp_path: Path) -> Any:
    path = tmp_path / "compare.docx"
    write_comparison_docx(ROWS, path, "示例实施办法", renumbered=RENUMBERED, subtitle="示发〔2021〕6号 关于修订的通知")
    return docx.Document(str(path))


def test_comparison_table_is_a_word_table(tmp_path: Path) -> None:
    document = _table_doc(tmp_path)
    assert [p.text for p in document.paragraphs[:2]] == ["示例实施办法修订对照表", "示发〔2021〕6号 关于修订的通知"]
    [table] = document.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [
        ["原条文", "修订后条文", "说明"],
        ["本办法自公布之日起施行。", "本办法自印发之日起施行。", "五、：修改"],
        ["", "（三）新增一项。", "四、（三）：第2项：新增"],
        ["（四）删去一项。", "", "四、（四）：删除"],
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert document.paragraphs[-1].text == "仅序号调整、内容未改：序号调整：四、（三）9. → 四、（三）10.，内容未改。"


def test_comparison_table_marks_the_changes(tmp_path: Path) -> None:
    [table] = _table_doc(tmp_path).tables
    old, new = table.rows[1].cells[0].paragraphs[0], table.rows[1].cells[1].paragraphs[0]
    assert [(r.text, bool(r.font.strike)) for r in old.runs] == [
        ("本办法自", False),
        ("公布", True),
        ("之日起施行。", False),
    ]
    marks = [(r.text, bool(r.font.bold), bool(r.font.underline)) for r in new.runs]
    assert marks == [("本办法自", False, False), ("印发", True, True), ("之日起施行。", False, False)]
    header = table.rows[0].cells[0].paragraphs[0].runs[0]
    assert fonts(header) == only_font("黑体")
    assert fonts(old.runs[0]) == only_font("仿宋_GB2312")
    assert old.runs[0].font.size == Pt(14)


def test_comparison_page_is_landscape_a4_with_page_numbers(tmp_path: Path) -> None:
    document = _table_doc(tmp_path)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (297.0, 210.0)
    assert _footer_text(section.footer) == ("— 1 —", "PAGE")
    title = document.paragraphs[0]
    assert (title.style.name, fonts(title.runs[0]), title.runs[0].font.size) == (
        "Title",
        only_font("方正小标宋简体"),
        Pt(22),
    )


def test_comparison_table_of_the_fjwy_amendment() -> None:
    history = versions(Repository(ROOT), "fjwy-network-ideology")
    table, renumbered = rows(history[0], history[1])
    data = comparison_docx_bytes(table, history[1].document.title, renumbered=renumbered)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
    assert len(re.findall("<w:tr[ >]", xml)) == len(table) + 1
    assert "<w:strike/>" in xml and "<w:u " in xml


def test_notes_column_is_flush_left_and_the_texts_justified(tmp_path: Path) -> None:
    [table] = _table_doc(tmp_path).tables
    body = table.rows[1].cells
    assert [c.paragraphs[0].alignment for c in body] == [
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        WD_ALIGN_PARAGRAPH.LEFT,
    ]


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ("示例实施办法", "示例实施办法修订对照表"),
        # 27 + 5 characters: the 32 that fit a landscape line at 2号 (22 pt less 0.5 pt condensed).
        ("甲" * 27, "甲" * 27 + "修订对照表"),
        ("甲" * 28, "甲" * 28 + "\n修订对照表"),
        (
            "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法",
            "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法\n修订对照表",
        ),
        ("甲" * 40 + "修订对照表", "甲" * 40 + "\n修订对照表"),
    ],
    ids=["short", "32-fit", "33-break", "fjwy", "suffixed"],
)
def test_long_comparison_heading_breaks_before_the_suffix(title: str, heading: str) -> None:
    document = docx.Document(io.BytesIO(comparison_docx_bytes(ROWS, title)))
    assert document.paragraphs[0].text == heading
    assert document.core_properties.title == heading.replace("\n", "")
