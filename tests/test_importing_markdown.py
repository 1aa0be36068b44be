"""Importing corpus Markdown (lawrefbook): round trips over a sample, 刑法's structure, errors."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from policydiff.errors import SourceError
from policydiff.importing.markdown import parse_markdown, plain_lines
from policydiff.model import Document, Family, Kind
from policydiff.model.plaintext import to_text

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
FIXTURES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.md"))
EMPTY = "DLC/广东地方法规/地方性法规/广东/汕头经济特区突发公共卫生事件应急条例(2022-05-30).md"

# Presentation the model cannot hold: a label typed with white space inside is rendered
# canonically (structure kept).
KNOWN: dict[str, str] = {
    "诉讼与非诉讼程序法/刑事诉讼法(2018-10-26).md": "label normalised: 第一百二十八 条 → 第一百二十八条",
}


def _read(rel: str) -> str:
    return (CORPUS / rel).read_text(encoding="utf-8")


def _import(rel: str) -> Document:
    return parse_markdown(_read(rel), slug="corpus", name=rel)[0]


def _cases() -> list[object]:
    cases: list[object] = []
    for rel in FIXTURES:
        if rel == EMPTY:
            continue
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN[rel])] if rel in KNOWN else []
        cases.append(pytest.param(rel, marks=marks, id=rel))
    return cases


def test_the_sample_is_varied() -> None:
    categories = {rel.split("/")[0] for rel in FIXTURES}
    assert len(FIXTURES) >= 30
    assert {"刑法", "宪法", "民法典", "司法解释", "行政法规", "部门规章", "DLC", "案例"} <= categories
    assert sum((CORPUS / rel).stat().st_size for rel in FIXTURES) < 3_000_000


@pytest.mark.parametrize("rel", _cases())
def test_fixture_round_trips(rel: str) -> None:
    text = _read(rel)
    doc, _ = parse_markdown(text, slug="corpus", name=rel)
    assert to_text(doc) == "".join(line + "\n" for line in plain_lines(text))


def test_known_mismatches_are_fixtures() -> None:
    assert set(KNOWN) <= set(FIXTURES)


def test_a_file_without_body_is_a_source_error() -> None:
    with pytest.raises(SourceError) as info:
        parse_markdown(_read(EMPTY), slug="x", name="st.md")
    assert str(info.value) == "st.md:5: no body text after the title and metadata"


# --- 刑法 -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xingfa() -> Document:
    return _import("刑法/刑法.md")


def test_xingfa_counts(xingfa: Document) -> None:
    kinds = Counter(p.kind for p in xingfa.walk())
    articles = [p for p in xingfa.walk() if p.kind is Kind.ARTICLE]
    assert len(articles) == 505  # 452 articles and 53 inserted 之N articles
    assert sum(1 for a in articles if a.num is not None and a.num.sub) == 53
    assert len({a.num.value for a in articles if a.num is not None}) == 452
    assert (kinds[Kind.PART], kinds[Kind.CHAPTER], kinds[Kind.SECTION]) == (2, 15, 37)
    assert [(p.id, p.heading, len(p.children)) for p in xingfa.provisions] == [("b1", "总则", 5), ("b2", "分则", 10)]


def test_xingfa_ids(xingfa: Document) -> None:
    by_id = {p.id: p for p in xingfa.walk()}
    assert by_id["a133-1"].text == "在道路上驾驶机动车，有下列情形之一的，处拘役，并处罚金："
    assert xingfa.label(by_id["a133-1"]) == "第一百三十三条之一"
    assert by_id["a1"].text is not None and by_id["a1"].text.startswith("为了惩罚犯罪，保护人民")
    assert by_id["b2-c3"].heading == "破坏社会主义市场经济秩序罪"
    assert by_id["b2-c3-s1"].heading == "生产、销售伪劣商品罪"
    assert by_id["a263-i1"].text == "入户抢劫的；"
    assert by_id["a452"].text == "本法自1997年10月1日起施行。"
    assert [c.id for c in by_id["b1-c1"].children][:2] == ["a1", "a2"]


def test_xingfa_title_and_metadata(xingfa: Document) -> None:
    assert xingfa.title == "中华人民共和国刑法"
    assert xingfa.numbering.format_for(Kind.ARTICLE).sep == " "
    assert len(xingfa.meta.notes) == 16
    assert xingfa.meta.notes[0] == "1979年7月1日 第五届全国人民代表大会第二次会议通过"
    assert (xingfa.meta.adopted, xingfa.meta.issued, xingfa.meta.effective) == (dt.date(1979, 7, 1), None, None)


# --- other shapes ---------------------------------------------------------------


def test_constitution_preamble_and_dates() -> None:
    doc = _import("宪法/宪法.md")
    assert doc.provisions[0].kind is Kind.PREAMBLE
    assert "<!-- FORCE BREAK -->" not in to_text(doc)
    day = dt.date(1982, 12, 4)
    assert (doc.meta.adopted, doc.meta.issued, doc.meta.effective) == (day, day, day)


def test_civil_code_book_title_joins_the_subtitle() -> None:
    assert _import("民法典/合同编.md").title == "中华人民共和国民法典 合同编"


def test_two_dates_in_one_line_set_no_adoption_date() -> None:
    doc = _import("司法解释/最高人民法院、最高人民检察院关于执行《刑法》确定罪名的补充规定（二）(2003-08-15).md")
    assert (doc.meta.adopted, doc.meta.issued, doc.meta.effective) == (None, dt.date(2003, 8, 15), dt.date(2003, 8, 21))


def test_table_of_contents_stays_text() -> None:
    doc = _import("DLC/北京地方法规/地方性法规/北京/北京中轴线文化遗产保护条例(2022-05-25).md")
    assert [p.text for p in doc.provisions[:2]] == ["第一章 总 则", "第二章 保护规划和保护措施"]
    chapters = [p for p in doc.provisions if p.kind is Kind.CHAPTER]
    assert [c.heading for c in chapters][:2] == ["总 则", "保护规划和保护措施"]
    assert chapters[0].children[0].id == "a1"


def test_label_variants_are_the_document_style() -> None:
    patterns = {
        rel: {k.value: f.pattern for k, f in _import(rel).numbering.formats}
        for rel in ("行政法规/地质资料管理条例(2017-03-01).md", "民法商法/海商法(1992-11-07).md")
    }
    assert patterns["行政法规/地质资料管理条例(2017-03-01).md"]["item"] == "({zh})"
    assert patterns["民法商法/海商法(1992-11-07).md"]["point"] == "{fn}．"


def test_separator_that_differs_from_its_kind_is_kept_on_the_provision() -> None:
    doc = _import("DLC/浙江地方法规/地方性法规/浙江/浙江省城乡规划条例(2011-12-13).md")
    assert doc.numbering.format_for(Kind.CHAPTER).sep == "\t"
    assert [(p.id, p.sep) for p in doc.walk() if p.sep is not None] == [
        ("c3", "\u3000"),
        ("c3-s1", ""),
        ("c4", "\u3000"),
    ]


def test_civil_code_subparts() -> None:
    doc = _import("民法典/合同编.md")
    subparts = [p for p in doc.provisions if p.kind is Kind.SUBPART]
    assert [(p.id, p.heading) for p in subparts] == [
        ("fb1", "通则"),
        ("fb2", "典型合同"),
        ("fb3", "准\u2002合\u2002同"),
    ]
    assert [c.id for c in subparts[1].children][:2] == ["fb2-c9", "fb2-c10"]
    assert doc.label(subparts[1]) == "第二分编"


def test_articles_in_sequence_make_a_legal_document() -> None:
    # 一、 lines outnumber the 第X条 lines, but 第一条, 第二条, 第三条 … are articles.
    doc = _import("行政法规/铁路货物运输合同实施细则(2011-01-08).md")
    assert doc.numbering.family is Family.LEGAL
    by_id = {p.id: p for p in doc.walk()}
    assert by_id["a1"].text == "为了规范铁路货物运输合同，根据有关法律，制定本细则。"
    # Its 一、 lists stay paragraphs of their article.
    assert (by_id["a6-p2"].kind, by_id["a6-p2"].text) == (Kind.PARAGRAPH, "一、托运人和收货人名称；")


# --- Markdown headings --------------------------------------------------------------


def _md(body: str) -> Document:
    return parse_markdown("# 条例\n<!-- INFO END -->\n" + body, slug="x", name="x.md")[0]


def test_a_numbered_heading_is_a_heading_whatever_its_words() -> None:
    doc = _md("## 第一章 总则\n第一条 甲。\n## 第二章 主席团，主席\n第二条 乙。\n")
    assert [(p.id, p.heading) for p in doc.provisions] == [("c1", "总则"), ("c2", "主席团，主席")]
    plain = _md("第一章 总则\n第一条 甲。\n第二章 主席团，主席\n第二条 乙。\n")
    assert [p.id for p in plain.provisions] == ["c1"]


def test_a_heading_may_skip_a_number() -> None:
    doc, warnings = parse_markdown(
        "# 条例\n## 第一章 总则\n第一条 甲。\n## 第三章  附则\n第二条 乙。\n", slug="x", name="x.md"
    )
    assert [(p.id, p.sep) for p in doc.provisions] == [("c1", None), ("c3", "  ")]
    assert warnings == ("numbering jumps from 一 to 三: 第三章  附则",)


def test_an_unnumbered_heading_ends_the_article_before_it() -> None:
    doc = _md("## 第一章 总则\n第一条 甲。\n## 附件一\n附件正文。\n")
    assert [(p.id, p.kind.value, p.text) for p in doc.walk()] == [
        ("c1", "chapter", None),
        ("a1", "article", "甲。"),
        ("c1-p1", "paragraph", "附件一"),
        ("c1-p2", "paragraph", "附件正文。"),
    ]


def test_table_of_contents_with_sections_stays_text() -> None:
    body = "## 第一章 总则\n## 第二章 管理\n### 第一节 取水\n## 第一章 总则\n第一条 甲。\n## 第二章 管理\n### 第一节 取水\n第二条 乙。\n"
    doc = _md(body)
    assert [(p.id, p.kind.value) for p in doc.walk()] == [
        ("p1", "paragraph"),
        ("p2", "paragraph"),
        ("p3", "paragraph"),
        ("c1", "chapter"),
        ("a1", "article"),
        ("c2", "chapter"),
        ("c2-s1", "section"),
        ("a2", "article"),
    ]
    assert to_text(doc) == "".join(line + "\n" for line in plain_lines("# 条例\n<!-- INFO END -->\n" + body))


def test_plain_lines_and_headings_agree() -> None:
    text = "# 条例\n<!-- INFO END -->\n\n## 第一章 总则\n\n<!-- TABLE -->\n第一条 甲。\n#\n### 附则\n"
    assert plain_lines(text) == ["条例", "第一章 总则", "第一条 甲。", "附则"]
    doc = _md("\n## 第一章 总则\n\n<!-- TABLE -->\n第一条 甲。\n#\n### 附则\n")
    assert [(p.id, p.kind.value) for p in doc.walk()] == [("c1", "chapter"), ("a1", "article"), ("c1-p1", "paragraph")]


# --- the normaliser and errors ----------------------------------------------------

SMALL = "\ufeff# 标题\n\n2020年1月2日 施行\n\n<!-- INFO END -->\n\n## 第一章  总则\n\n<!-- FORCE BREAK -->\n\n  第一条 为了。\u3000\n\n| a | b |\n"


def test_plain_lines_removes_markup_only() -> None:
    assert plain_lines(SMALL) == ["标题", "第一章  总则", "第一条 为了。", "| a | b |"]


def test_plain_lines_without_metadata_block() -> None:
    assert plain_lines("# 标题\r\n第一条 甲。\r\n\r\n第二条 乙。") == ["标题", "第一条 甲。", "第二条 乙。"]


def test_parse_small_document() -> None:
    doc, warnings = parse_markdown(SMALL, slug="s", name="s.md")
    assert warnings == ()
    assert doc.meta.notes == ("2020年1月2日 施行",)
    assert doc.meta.effective == dt.date(2020, 1, 2)
    assert [p.id for p in doc.walk()] == ["c1", "a1", "a1-p2"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "x.md:1:1: empty Markdown: no '# ' title line"),
        ("\n  \n", "x.md:1:1: empty Markdown: no '# ' title line"),
        ("\n第一条 甲。\n", "x.md:2:1: the first line must be a '# ' title"),
        ("## 第一章 总则\n", "x.md:1:1: the first line must be a '# ' title"),
        ("#   \n第一条 甲。\n", "x.md:1:1: the first line must be a '# ' title"),
        (
            "# 标题\n\n2020年1月2日 施行\n<!-- INFO END -->\n\n<!-- FORCE BREAK -->\n",
            "x.md:4: no body text after the title and metadata",
        ),
        ("# 标题\n", "x.md:1: no body text after the title and metadata"),
    ],
)
def test_bad_markdown(text: str, message: str) -> None:
    with pytest.raises(SourceError) as info:
        parse_markdown(text, slug="x", name="x.md")
    assert str(info.value) == message
