"""Importing Word .docx files: automatic numbering, manual numbering, cover pages, tables.

Every .docx is built in the test with python-docx (numbering definitions written as
WordprocessingML), so no binary fixture is needed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from policydiff.errors import InputError, SourceError
from policydiff.importing import import_office, import_text
from policydiff.importing.docx import NOT_DOCX, OLD_DOC, read_docx
from policydiff.importing.docx_numbering import format_number
from policydiff.importing.office import read_parts, read_text
from policydiff.model import Kind
from policydiff.model.plaintext import to_text
from policydiff.notice.parse import parse_wording

FIXTURES = Path(__file__).parent / "fixtures"

# ---------------------------------------------------------------- building .docx files


def add_list(
    document: Any, levels: list[tuple[str, str, str]], *, restart: bool = False, base: int | None = None
) -> str:
    """Define a list (fmt, lvlText, suffix per level) and return its numId.

    With *base* (an abstractNumId already defined) the list reuses that definition;
    with *restart* it restarts its numbering (w:startOverride on level 0).
    """
    numbering = document.part.numbering_part.element
    abstract_id = base
    if abstract_id is None:
        abstract_id = 100 + len(numbering.findall(qn("w:abstractNum")))
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/></w:lvl>'
            for i, (fmt, text, suff) in enumerate(levels)
        )
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        if first_num is None:
            numbering.append(abstract)
        else:
            first_num.addprevious(abstract)
    num_id = 200 + len(numbering.findall(qn("w:num")))
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
        )
    )
    return str(num_id)


def numbered(document: Any, text: str, num_id: str, ilvl: int = 0) -> Any:
    """A paragraph numbered automatically by list *num_id* at level *ilvl*."""
    paragraph = document.add_paragraph(text)
    num_pr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    paragraph._p.get_or_add_pPr().insert(0, num_pr)
    return paragraph


def header_and_footer(document: Any) -> None:
    """Text in the header and footer, which the importer must not read."""
    section = document.sections[0]
    section.header.paragraphs[0].text = "示例学院内部资料 注意保存"
    section.footer.paragraphs[0].text = "— 1 —"


def save(document: Any, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


ADMIN_LEVELS = [
    ("chineseCounting", "%1、", "nothing"),
    ("chineseCounting", "（%2）", "nothing"),
    ("decimal", "%3.", "tab"),
]


def auto_numbered_docx(tmp_path: Path) -> Path:
    """An administrative regulation whose 一、（一）1. labels all come from Word's numbering."""
    document = docx.Document()
    header_and_footer(document)
    lst = add_list(document, ADMIN_LEVELS)
    document.add_paragraph("示例学院网络安全管理办法")
    document.add_paragraph("为了加强网络安全管理，制定本办法。")
    numbered(document, "总则", lst)
    document.add_paragraph("本办法适用于学院各单位。")
    numbered(document, "职责", lst)
    numbered(document, "领导机构", lst, 1)
    document.add_paragraph("成立网络安全领导小组。")
    numbered(document, "宣传部负责宣传引导。", lst, 2)
    numbered(document, "信息中心负责技术保障。", lst, 2)
    numbered(document, "具体职责", lst, 1)
    numbered(document, "各单位负责本单位网络安全。", lst, 2)
    numbered(document, "附则", lst)
    document.add_paragraph("本办法自印发之日起施行。")
    return save(document, tmp_path, "auto.docx")


AUTO_TEXT = """示例学院网络安全管理办法
为了加强网络安全管理，制定本办法。
一、总则
本办法适用于学院各单位。
二、职责
（一）领导机构
成立网络安全领导小组。
1.宣传部负责宣传引导。
2.信息中心负责技术保障。
（二）具体职责
1.各单位负责本单位网络安全。
三、附则
本办法自印发之日起施行。
"""

COVER_TEXT = """中共示例学院委员会文件
示院委〔2021〕3号
关于印发《示例学院网络意识形态工作责任制实施办法》的通知
各党总支、直属党支部，各部门：
现将《示例学院网络意识形态工作责任制实施办法》印发给你们，请认真贯彻执行。
中共示例学院委员会
2021年5月21日
示例学院网络意识形态工作责任制实施办法
一、总体要求
（一）指导思想
以习近平新时代中国特色社会主义思想为指导，落实意识形态工作责任制。
（二）工作目标
1.加强网络阵地建设。
2.完善网络舆情工作机制。
二、附则
本办法自印发之日起施行。
中共示例学院委员会办公室 2021年5月21日印发
"""


def cover_docx(tmp_path: Path) -> Path:
    """A red-header document typed by hand: cover page, covering notice, labels typed, an empty line."""
    document = docx.Document()
    header_and_footer(document)
    lines = COVER_TEXT.splitlines()
    for n, line in enumerate(lines):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        if n == 0:
            run.font.size = docx.shared.Pt(36)
        if n == 6:  # the signature block ends; a page break before the regulation
            paragraph.add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
            document.add_paragraph()
    return save(document, tmp_path, "cover.docx")


# ---------------------------------------------------------------- automatic numbering


def test_automatic_numbering_becomes_labels(tmp_path: Path) -> None:
    # "%3." with a tab after it reads "1.": a label ending in a mark takes no space.
    path = auto_numbered_docx(tmp_path)
    assert read_docx(path) == AUTO_TEXT


def test_automatic_numbering_imports_as_typed_labels(tmp_path: Path) -> None:
    result = import_office(auto_numbered_docx(tmp_path), slug="net")
    assert to_text(result.document) == AUTO_TEXT
    assert result.encoding == "docx"
    doc = result.document
    assert [p.kind for p in doc.provisions] == [Kind.PARAGRAPH, Kind.ARTICLE, Kind.ARTICLE, Kind.ARTICLE]
    item = doc.provisions[2].children[0]
    assert (item.kind, item.heading) == (Kind.ITEM, "领导机构")
    assert [c.kind for c in item.children] == [Kind.PARAGRAPH, Kind.POINT, Kind.POINT]


def test_import_equals_text_import(tmp_path: Path) -> None:
    from_docx = import_office(auto_numbered_docx(tmp_path), slug="net").document
    from_text, _ = import_text(AUTO_TEXT, slug="net", name="auto.txt")
    assert from_docx == from_text


def test_lists_sharing_a_definition_continue_and_a_restart_restarts(tmp_path: Path) -> None:
    document = docx.Document()
    first = add_list(document, [("decimal", "%1.", "nothing")])
    abstract = int(document.part.numbering_part.element.findall(qn("w:abstractNum"))[-1].get(qn("w:abstractNumId")))
    again = add_list(document, [], base=abstract)
    restarted = add_list(document, [], base=abstract, restart=True)
    numbered(document, "甲", first)
    numbered(document, "乙", again)
    numbered(document, "丙", restarted)
    numbered(document, "丁", restarted)
    assert read_docx(save(document, tmp_path, "lists.docx")) == "1.甲\n2.乙\n1.丙\n2.丁\n"


def test_numbering_from_the_paragraph_style_with_legal_labels(tmp_path: Path) -> None:
    document = docx.Document()
    lst = add_list(document, [("chineseCounting", "第%1条", "space")])
    style = document.styles.add_style("条文", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().insert(
        0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{lst}"/></w:numPr>')
    )
    document.add_paragraph("示例条例")
    document.add_paragraph("第一章 总则")
    for text in ("为了示例，制定本条例。", "本条例适用于示例。", "本条例自公布之日起施行。"):
        document.add_paragraph(text, style="条文")
    path = save(document, tmp_path, "legal.docx")
    assert read_docx(path) == (
        "示例条例\n第一章 总则\n第一条 为了示例，制定本条例。\n第二条 本条例适用于示例。\n第三条 本条例自公布之日起施行。\n"
    )
    doc = import_office(path, slug="legal").document
    assert [p.kind for p in doc.provisions[0].children] == [Kind.ARTICLE] * 3


def test_list_linked_to_a_list_style_takes_its_levels(tmp_path: Path) -> None:
    # Word's multilevel list styles: one definition holds the levels (w:styleLink), lists use another
    # that only links to the style (w:numStyleLink).
    document = docx.Document()
    numbering = document.part.numbering_part.element
    defining = (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="300"><w:styleLink w:val="公文编号"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
    )
    linking = f'<w:abstractNum {nsdecls("w")} w:abstractNumId="301"><w:numStyleLink w:val="公文编号"/></w:abstractNum>'
    first_num = numbering.find(qn("w:num"))
    for xml in (defining, linking):
        first_num.addprevious(parse_xml(xml))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="310"><w:abstractNumId w:val="301"/></w:num>'))
    numbered(document, "总则", "310")
    numbered(document, "附则", "310")
    assert read_docx(save(document, tmp_path, "linked.docx")) == "一、总则\n二、附则\n"


@pytest.mark.parametrize(
    ("fmt", "n", "shown"),
    [
        ("chineseCounting", 11, "十一"),
        ("chineseCountingThousand", 21, "二十一"),
        ("ideographTraditional", 3, "丙"),
        ("decimalEnclosedCircle", 5, "⑤"),
        ("decimalFullWidth", 12, "１２"),
        ("chineseLegalSimplified", 3, "叁"),
        ("upperRoman", 14, "XIV"),
        ("lowerLetter", 27, "aa"),
        ("decimalZero", 7, "07"),
        ("something-new", 4, "4"),
    ],
)
def test_number_formats(fmt: str, n: int, shown: str) -> None:
    assert format_number(fmt, n) == shown


def test_bullets_give_no_label(tmp_path: Path) -> None:
    document = docx.Document()
    lst = add_list(document, [("bullet", "\uf0b7", "tab")])
    numbered(document, "一项内容", lst)
    assert read_docx(save(document, tmp_path, "bullets.docx")) == "一项内容\n"


# ---------------------------------------------------------------- manual numbering, cover page


def test_cover_page_text_is_read_exactly(tmp_path: Path) -> None:
    lines = COVER_TEXT.splitlines()
    expected = "\n".join([*lines[:7], "", *lines[7:]]) + "\n"
    assert read_docx(cover_docx(tmp_path)) == expected


def test_cover_page_goes_into_metadata(tmp_path: Path) -> None:
    result = import_office(cover_docx(tmp_path), slug="cover")
    doc = result.document
    assert doc.title == "示例学院网络意识形态工作责任制实施办法"
    assert to_text(doc) == "\n".join(COVER_TEXT.splitlines()[7:-1]) + "\n"
    meta = doc.meta
    assert meta.number == "示院委〔2021〕3号"
    assert meta.issuer == "中共示例学院委员会"
    assert meta.covering_notice == "关于印发《示例学院网络意识形态工作责任制实施办法》的通知"
    assert meta.recipients == "各党总支、直属党支部，各部门"
    assert meta.issued == dt.date(2021, 5, 21)
    assert meta.cover == (
        "现将《示例学院网络意识形态工作责任制实施办法》印发给你们，请认真贯彻执行。",
        "中共示例学院委员会",
        "2021年5月21日",
        "中共示例学院委员会办公室 2021年5月21日印发",
    )
    assert doc == import_text(COVER_TEXT, slug="cover", name="cover.txt")[0]


# ---------------------------------------------------------------- what else a body holds


def test_tables_are_rows_of_tab_separated_cells(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("附件")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows, [("序号", "单位", "职责"), ("1", "宣传部", "宣传引导"), ("2", "", "")], strict=True
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    merged = table.rows[2].cells[1].merge(table.rows[2].cells[2])
    merged.paragraphs[0].text = "信息中心"
    merged.add_paragraph("技术保障")
    document.add_paragraph("以上。")
    path = save(document, tmp_path, "table.docx")
    assert read_docx(path) == "附件\n序号\t单位\t职责\n1\t宣传部\t宣传引导\n2\t信息中心 技术保障\n以上。\n"


def test_soft_breaks_tabs_hidden_text_and_tracked_changes(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("第一行")
    paragraph.add_run().add_break()
    paragraph.add_run("第二行")
    paragraph.add_run().add_tab()
    paragraph.add_run("尾")
    paragraph.add_run("隐藏").font.hidden = True
    p = document.add_paragraph("保留")
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins>'))
    p._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>删去</w:delText></w:r></w:del>')
    )
    assert read_docx(save(document, tmp_path, "inline.docx")) == "第一行\n第二行\t尾\n保留新增\n"


def test_headers_and_footers_are_not_read(tmp_path: Path) -> None:
    text = read_docx(auto_numbered_docx(tmp_path))
    assert "内部资料" not in text
    assert "— 1 —" not in text


def test_a_notice_in_docx_parses_like_its_text(tmp_path: Path) -> None:
    source = (FIXTURES / "notices" / "fjwy-2021.txt").read_text(encoding="utf-8")
    document = docx.Document()
    lst = add_list(document, [("decimal", "%1.", "nothing")])
    for line in source.splitlines():
        label, dot, rest = line.partition(".")
        if dot and label.isdigit():
            numbered(document, rest, lst)
        else:
            document.add_paragraph(line)
    path = save(document, tmp_path, "notice.docx")
    assert read_text(path) == source.rstrip("\n") + "\n"
    assert parse_wording(read_text(path), "notice.docx") == parse_wording(source, "notice.docx")


def test_title_style_gives_the_title_when_the_text_does_not(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("校区意识形态工作细则（原文无标题，据内容拟）", style="Title")
    document.add_paragraph("第一条 为了示例，制定本细则。")
    document.add_paragraph("第二条 本细则自印发之日起施行。")
    path = save(document, tmp_path, "titled.docx")
    parts = read_parts(path)
    assert parts.title == "校区意识形态工作细则（原文无标题，据内容拟）"
    assert parts.rest == "第一条 为了示例，制定本细则。\n第二条 本细则自印发之日起施行。\n"
    with pytest.raises(SourceError):
        import_text(parts.text, slug="t", name="titled.docx")
    result = import_office(path, slug="t")
    assert result.document.title == parts.title
    assert result.warnings[0].startswith("title taken from")


# ---------------------------------------------------------------- files that are no .docx


def test_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("这不是 Word 文件", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_docx(path)
    assert err.value.message == NOT_DOCX
    assert str(err.value) == f"{path}: {NOT_DOCX}"


def test_old_word_doc(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(InputError) as err:
        read_docx(path)
    assert err.value.message == OLD_DOC


def test_zip_without_a_document(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(InputError) as err:
        read_docx(path)
    assert err.value.message.startswith(NOT_DOCX)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_docx(tmp_path / "absent.docx")
    assert err.value.message.startswith("cannot read")


def test_other_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_text(tmp_path / "a.odt")
    assert err.value.message == "not a .docx or .pdf file: a.odt"
