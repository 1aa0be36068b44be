"""Importing plain text: the seed regulations, clean goldens and the cover material.

Every input comes from ``tests/fixtures`` (copies of the shared seeds and goldens).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policydiff.errors import SourceError
from policydiff.importing import import_text
from policydiff.importing.text import parse_text
from policydiff.importing.unwrap import Line, clean_lines, ends_sentence, join_stray_breaks, join_wrapped, wrap_width
from policydiff.model import Document, Family, Kind, Metadata, Provision
from policydiff.model.plaintext import to_text

FIXTURES = Path(__file__).parent / "fixtures"
SEED_000 = FIXTURES / "seeds" / "000_57aedd832a4fe4aa.txt"
SEED_001 = FIXTURES / "seeds" / "001_c837b8b0243ff83c.txt"
SEED_002 = FIXTURES / "seeds" / "002_672c335a622e19b4.txt"
SEED_003 = FIXTURES / "seeds" / "003_b69b189e56344f12.txt"
SEED_004 = FIXTURES / "seeds" / "004_6f63e62968ea7061.txt"
GOLDEN = FIXTURES / "golden"


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def load(path: Path, slug: str = "doc") -> tuple[Document, tuple[str, ...]]:
    return parse_text(read(path), slug=slug, name=path.name)


def article(doc: Document, num: int) -> Provision:
    found = [p for p in doc.walk() if p.kind is Kind.ARTICLE and p.num is not None and p.num.value == num]
    assert len(found) == 1
    return found[0]


def kinds(p: Provision) -> list[Kind]:
    return [c.kind for c in p.children]


def count(doc: Document, kind: Kind) -> int:
    return sum(1 for p in doc.walk() if p.kind is kind)


# --- seed 001: one paragraph per line, with one stray break ----------------------------


def test_seed_001_matches_golden_byte_for_byte() -> None:
    doc, _ = load(SEED_001)
    assert to_text(doc).encode("utf-8") == (GOLDEN / "import-seeds" / "001.txt").read_bytes()


def test_seed_001_counts() -> None:
    doc, _ = load(SEED_001)
    assert count(doc, Kind.ARTICLE) == 15
    fourth = article(doc, 4)
    assert kinds(fourth) == [Kind.ITEM, Kind.ITEM, Kind.PARAGRAPH, Kind.ITEM, Kind.ITEM]
    assert fourth.children[2].text == "定期在党内通报网络意识领域情况，统一认识，明确方向。"
    assert kinds(article(doc, 6)) == [Kind.ITEM] * 4
    assert kinds(article(doc, 12)) == [Kind.ITEM] * 9


def test_seed_001_stray_break_is_joined_and_reported() -> None:
    doc, warnings = load(SEED_001)
    assert article(doc, 2).text is not None
    assert "两条战线，坚持管用防并举，牢牢掌握" in (article(doc, 2).text or "")
    assert warnings == ("line 15 joined to the line before it, which stops mid-sentence",)


def test_seed_001_metadata() -> None:
    doc, _ = load(SEED_001)
    assert doc.title == "中共大同师范高等专科学校委员会网络意识形态工作责任制实施细则"
    assert doc.meta == Metadata(
        number="同师党字（2020）42号",
        issuer="中共大同师范高等专科学校委员会",
        signer="岳艺斌",
        issued=dt.date(2020, 12, 31),
        cover=("2020年12月31日", "中共大同师范高等专科学校委员会 2020年12月31日印发"),
    )


def test_seed_001_ascii_bracket_items_take_the_document_style() -> None:
    doc, _ = load(SEED_001)
    assert "（六）对管辖范围内网络平台" in to_text(doc)
    assert "(六)" not in to_text(doc)


# --- seed 002: PDF text, hard-wrapped, with a covering notice ---------------------------


def test_seed_002_matches_golden_byte_for_byte() -> None:
    doc, _ = load(SEED_002)
    assert to_text(doc).encode("utf-8") == (GOLDEN / "import-seeds" / "002.txt").read_bytes()


def test_seed_002_counts() -> None:
    doc, _ = load(SEED_002)
    assert count(doc, Kind.ARTICLE) == 8
    assert kinds(article(doc, 4)) == [Kind.ITEM] * 6
    assert kinds(article(doc, 5)) == [Kind.ITEM] * 9


def test_seed_002_full_line_ending_in_a_full_stop_does_not_end_the_paragraph() -> None:
    doc, _ = load(SEED_002)
    assert "重大事件亲自处置。分管工作的班子成员" in (article(doc, 3).text or "")


def test_seed_002_metadata() -> None:
    doc, warnings = load(SEED_002)
    assert doc.title == "材料科学与工程学院网络意识形态工作责任制实施细则"
    assert doc.meta == Metadata(
        number="重大材料委〔2021〕6号",
        issuer="中共重庆大学材料科学与工程学院委员会",
        adopted=dt.date(2021, 5, 12),
        issued=dt.date(2021, 5, 13),
        covering_notice="关于印发《材料科学与工程学院网络意识形态工作责任制实施细则》的通知",
        recipients="各单位",
        cover=(
            "经 2021年 5 月 12 日党委会讨论通过，为加强我院意识形态工作，特制定"
            "《材料科学与工程学院网络意识形态工作责任制实施细则》，请遵照执行。",
            "中共材料科学与工程学院委员会",
            "2021 年 5月 13日",
        ),
    )
    assert warnings == ("hard-wrapped text (lines about 26 characters wide): lines joined into paragraphs",)


# --- seed 000: a notice with the re-issued text attached --------------------------------


def test_seed_000_attachment_imports_to_the_fjwy_golden() -> None:
    doc, warnings = load(SEED_000)
    assert to_text(doc) == read(GOLDEN / "fjwy-2021" / "after.txt")
    assert warnings == (
        "removed 1 page-number line",
        "hard-wrapped text (lines about 28 characters wide): lines joined into paragraphs",
        "title: dropped the revision mark （修订）",
    )


def test_seed_000_cover_holds_the_notice_as_worded() -> None:
    meta = load(SEED_000)[0].meta
    notice = read(GOLDEN / "fjwy-2021" / "notice.txt").splitlines()
    assert meta.number is not None and meta.covering_notice is not None and meta.recipients is not None
    letter = len(notice) - 3
    assert [meta.number, meta.covering_notice, meta.recipients + "：", *meta.cover[:letter]] == notice
    assert meta.cover[letter:] == ("附件", "（此件不予公开）", "福建卫生职业技术学院党政办公室 2021 年 5 月 21 日印发")
    assert (meta.issuer, meta.adopted, meta.issued) == (
        "中共福建卫生职业技术学院委员会",
        dt.date(2021, 5, 12),
        dt.date(2021, 5, 21),
    )


# --- clean texts round-trip -------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        GOLDEN / "fjwy-2021" / "before.txt",
        GOLDEN / "fjwy-2021" / "after.txt",
        GOLDEN / "constitution" / "1982.txt",
        GOLDEN / "constitution" / "2018.txt",
    ],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_clean_text_round_trips_byte_for_byte(path: Path) -> None:
    doc, warnings = load(path)
    assert to_text(doc).encode("utf-8") == path.read_bytes()
    assert warnings == ()
    assert doc.meta == Metadata()


@pytest.mark.parametrize("name", ["before.txt", "after.txt"])
def test_fjwy_section_three_has_the_design_shape(name: str) -> None:
    doc, _ = load(GOLDEN / "fjwy-2021" / name)
    assert doc.numbering.family is Family.ADMINISTRATIVE
    assert doc.provisions[0].kind is Kind.PARAGRAPH  # the preamble
    three = article(doc, 3)
    assert three.heading == "组织领导"
    assert [(c.kind, c.num and c.num.value, c.heading) for c in three.children] == [
        (Kind.ITEM, 1, "领导机构"),
        (Kind.ITEM, 2, "具体职责"),
    ]
    duties = three.children[1].children
    assert duties[0].kind is Kind.PARAGRAPH
    assert (duties[0].text or "").startswith("学校网络安全和信息化领导小组办公室作为网络意识形态工作管理部门")
    assert [(p.kind, p.num and p.num.value) for p in duties[1:13]] == [(Kind.POINT, n) for n in range(1, 13)]
    assert (duties[1].text or "").startswith("宣传部牵头负责学院官网建设")
    assert duties[13].kind is Kind.PARAGRAPH and len(duties) == 14


def test_constitution_structure() -> None:
    doc, _ = load(GOLDEN / "constitution" / "2018.txt")
    assert doc.numbering.family is Family.LEGAL
    assert doc.provisions[0].kind is Kind.PREAMBLE and len(doc.provisions[0].children) == 13
    chapters = [p.heading for p in doc.provisions if p.kind is Kind.CHAPTER]
    assert chapters == ["总纲", "公民的基本权利和义务", "国家机构", "国旗、国歌、国徽、首都"]
    assert count(doc, Kind.ARTICLE) == 143
    assert count(load(GOLDEN / "constitution" / "1982.txt")[0], Kind.ARTICLE) == 138


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "a.txt: no text to import: only blank lines and page numbers"),
        ("\n  \n- 1 -\n\u3000\n", "a.txt: no text to import: only blank lines and page numbers"),
        (
            "第一条 本办法自发布之日起施行。\n",
            "a.txt:1: no title: expected the regulation's name (a short line without sentence marks) before its text",
        ),
        (
            "\n为了加强管理，制定本办法。\n第一条 本办法自发布之日起施行。\n",
            "a.txt:2: no title: expected the regulation's name (a short line without sentence marks) before its text",
        ),
        ("某某管理办法\n", "a.txt:1: no provisions: nothing follows the title"),
        (
            "同师党字（2020）42号\n签发人：岳艺斌\n2020年12月31日\n",
            "a.txt: no regulation text: only cover material (document number, dates, signatures)",
        ),
    ],
)
def test_text_without_title_or_body_is_a_source_error(text: str, message: str) -> None:
    with pytest.raises(SourceError) as info:
        parse_text(text, slug="x", name="a.txt")
    assert str(info.value) == message


@pytest.mark.parametrize("path", [SEED_003, SEED_004], ids=lambda p: p.name[:3])
def test_web_page_collections_are_refused(path: Path) -> None:
    # Seeds 003 and 004 are search-result pages, not one regulation: no title line.
    with pytest.raises(SourceError) as info:
        load(path)
    assert str(info.value) == (
        f"{path.name}:1: no title: expected the regulation's name (a short line without sentence marks) before its text"
    )


# --- the pipeline's steps ---------------------------------------------------------------


def test_clean_lines_drops_page_numbers_spaces_and_artefact_blank_lines() -> None:
    text = "标题 \n\n- 1 -\n\n第一条 甲。\u3000\u3000\n\n— 2 —\n\n-3-\n\n第二条 乙。\n"
    lines, dropped = clean_lines(text)
    assert lines == [Line(1, "标题"), Line(5, "第一条 甲。"), Line(11, "第二条 乙。")]
    assert dropped == 3


def test_clean_lines_keeps_meaningful_blank_lines_as_gaps() -> None:
    lines, _ = clean_lines("甲\n乙\n丙\n\n丁\n")
    assert [line.gap_before for line in lines] == [False, False, False, True]


def test_wrap_width_tells_pdf_text_from_one_paragraph_per_line() -> None:
    assert wrap_width(clean_lines(read(SEED_002))[0]) == 52
    assert wrap_width(clean_lines(read(SEED_001))[0]) is None
    assert wrap_width(clean_lines(read(GOLDEN / "constitution" / "1982.txt"))[0]) is None
    items = "".join(f"（{n}）第{n}项应当依法办理的事项；\n" for n in "一二三四五六七八九十")
    assert wrap_width(clean_lines("办法\n" + items)[0]) is None  # short list items end their sentences


def test_join_wrapped_breaks_at_short_lines_and_at_labels_after_a_sentence() -> None:
    lines = [
        Line(1, "第一条 一二三四五六七八九十一二"),
        Line(2, "三四五。"),
        Line(3, "（一）一二三四五六七八九十一二。"),
        Line(4, "（二）乙。"),
    ]
    assert [p.text for p in join_wrapped(lines, 32)] == [
        "第一条 一二三四五六七八九十一二三四五。",
        "（一）一二三四五六七八九十一二。",
        "（二）乙。",
    ]


def test_join_stray_breaks_leaves_titles_headings_and_lists_alone() -> None:
    long = "为了加强管理，" * 10
    lines = [Line(1, "某某管理办法"), Line(2, long), Line(3, "依法办理。"), Line(4, "委员长，"), Line(5, "秘书长，")]
    paragraphs, joined = join_stray_breaks(lines)
    assert [p.text for p in paragraphs] == ["某某管理办法", long + "依法办理。", "委员长，", "秘书长，"]
    assert joined == [3]


@pytest.mark.parametrize(
    ("text", "ends"),
    [("甲。", True), ("甲；", True), ("如下：", True), ("“甲。”", True), ("岗位。（2010年12月23日删除）", True),
     ("甲，", False), ("坚持", False), ("（此件不予公开）", False)],
)  # fmt: skip
def test_ends_sentence(text: str, ends: bool) -> None:
    assert ends_sentence(text) is ends


# --- cover material in other shapes --------------------------------------------------------


def test_law_with_adoption_note_and_title_named_decision() -> None:
    text = (
        "全国人民代表大会常务委员会关于加强网络信息保护的决定\n"
        "（2012年12月28日第十一届全国人民代表大会常务委员会第三十次会议通过）\n"
        "为了保护网络信息安全，作如下决定：\n一、国家保护公民个人电子信息。\n二、网络服务提供者不得泄露。\n"
    )
    doc, _ = parse_text(text, slug="x", name="a.txt")
    assert doc.title == "全国人民代表大会常务委员会关于加强网络信息保护的决定"
    assert doc.meta.adopted == dt.date(2012, 12, 28)
    assert doc.meta.cover == ("（2012年12月28日第十一届全国人民代表大会常务委员会第三十次会议通过）",)
    assert to_text(doc).splitlines()[1:] == text.splitlines()[2:]


def test_title_after_issuer_lines_chinese_numeral_dates_and_repeated_title() -> None:
    text = (
        "某某大学委员会 文件\n某大委〔2022〕3号\n某某大学网络管理\n办法\n某某大学 网络管理办法\n"
        "第一条 为了加强管理，制定本办法。\n第二条 本办法自印发之日起施行。\n二〇二二年三月五日\n"
    )
    doc, warnings = parse_text(text, slug="x", name="a.txt")
    assert doc.title == "某某大学网络管理办法"
    assert (doc.meta.issuer, doc.meta.number, doc.meta.issued) == (
        "某某大学委员会",
        "某大委〔2022〕3号",
        dt.date(2022, 3, 5),
    )
    assert warnings == ("title: line 5 repeats the title and was dropped",)
    assert count(doc, Kind.ARTICLE) == 2


def test_import_text_dispatches_plain_text_here() -> None:
    doc, warnings = import_text(read(SEED_001), slug="datong", name="001.txt", title="别名")
    assert doc.title == "别名" and doc.slug == "datong"
    assert count(doc, Kind.ARTICLE) == 15 and len(warnings) == 1
