from __future__ import annotations

import pytest

from policydiff.errors import SchemaError
from policydiff.importing.structure import build, build_document, detect_family
from policydiff.model import Family, Kind, LabelFormat
from policydiff.model.plaintext import to_text
from policydiff.storage import docfile
from policydiff.zh.numbering import LabelStyle, Num
from tests.conftest import FIXTURES, SMALL_ADMIN, SMALL_LEGAL, doc_from_text


def shape(doc):  # type: ignore[no-untyped-def]
    return [(p.id, p.kind.value, p.num.key if p.num else None, p.heading, p.text) for p in doc.walk()]


def test_legal_tree_ids_and_nesting() -> None:
    doc = doc_from_text(SMALL_LEGAL)
    assert doc.numbering.family is Family.LEGAL
    assert shape(doc) == [
        ("c1", "chapter", (1, 0), "总则", None),
        ("a1", "article", (1, 0), None, "为了示例，制定本办法。"),
        ("a2", "article", (2, 0), None, "本办法适用于："),
        ("a2-i1", "item", (1, 0), None, "甲；"),
        ("a2-i2", "item", (2, 0), None, "乙。"),
        ("a2-p2", "paragraph", None, None, "前款规定以外的，不适用。"),
        ("c2", "chapter", (2, 0), "附则", None),
        ("a3", "article", (3, 0), None, "本办法自公布之日起施行。"),
    ]
    assert to_text(doc) == SMALL_LEGAL


def test_administrative_tree_headings_and_paragraph_owners() -> None:
    doc = doc_from_text(SMALL_ADMIN)
    assert doc.numbering.family is Family.ADMINISTRATIVE
    assert shape(doc) == [
        ("p1", "paragraph", None, None, "为了示例，制定本办法。"),
        ("a1", "article", (1, 0), "指导思想", None),
        ("a1-p1", "paragraph", None, None, "以示例为指导。"),
        ("a2", "article", (2, 0), "组织领导", None),
        ("a2-i1", "item", (1, 0), "领导机构", None),
        ("a2-i1-p1", "paragraph", None, None, "成立领导小组。"),
        ("a2-i2", "item", (2, 0), "具体职责", None),
        ("a2-i2-p1", "paragraph", None, None, "办公室负责日常工作。"),
        ("a2-i2-pt1", "point", (1, 0), None, "宣传部负责宣传。"),
        ("a2-i2-pt2", "point", (2, 0), None, "教务处负责教学。"),
        ("a2-i2-p2", "paragraph", None, None, "各单位应当配合。"),
    ]
    assert to_text(doc) == SMALL_ADMIN


def test_label_inside_a_sentence_is_not_an_article() -> None:
    text = "办法\n第一条 甲。\n第三条规定的情形除外。\n第二条 乙。\n"
    doc, warnings = build(text.splitlines()[1:], slug="x", title="办法")
    assert shape(doc) == [
        ("a1", "article", (1, 0), None, "甲。"),
        ("a1-p2", "paragraph", None, None, "第三条规定的情形除外。"),
        ("a2", "article", (2, 0), None, "乙。"),
    ]
    assert warnings == ()
    assert to_text(doc) == text


def test_gap_written_like_its_peers_is_kept_with_a_warning() -> None:
    doc, warnings = build(["第一条 甲。", "第三条 丙。"], slug="x", title="办法")
    assert [p.id for p in doc.walk()] == ["a1", "a3"]
    assert warnings == ("numbering jumps from 一 to 三: 第三条 丙。",)


def test_zhi_numbers_continue_and_get_ids() -> None:
    doc = build_document(
        ["第一百三十三条 甲。", "第一百三十三条之一 乙。", "第一百三十四条 丙。"], slug="x", title="法"
    )
    assert [(p.id, p.num) for p in doc.walk()] == [
        ("a133", Num(133)),
        ("a133-1", Num(133, 1)),
        ("a134", Num(134)),
    ]


def test_restarted_list_under_same_parent_stays_text() -> None:
    lines = ["一、总则", "（一）甲。", "（二）乙。", "（一）丙。"]
    doc = build_document(lines, slug="x", title="办法")
    assert shape(doc)[-1] == ("a1-p1", "paragraph", None, None, "（一）丙。")


def test_width_variants_are_normalised_to_the_document_style() -> None:
    lines = ["第一条 有下列情形之一的：", "（一）甲；", "(二) 乙。"]
    doc = build_document(lines, slug="x", title="办法")
    assert to_text(doc).splitlines()[1:] == ["第一条 有下列情形之一的：", "（一）甲；", "（二）乙。"]


def test_family_detection() -> None:
    assert detect_family(["第一条 甲。", "第二条 乙。"]) is Family.LEGAL
    assert detect_family(["一、甲", "二、乙", "第一条 乙。"]) is Family.ADMINISTRATIVE
    assert detect_family(["一、甲", "二、乙"]) is Family.ADMINISTRATIVE


def test_preamble_owns_its_paragraphs() -> None:
    lines = ["序言", "甲段。", "乙段。", "第一章 总纲", "第一条 丙。"]
    doc = build_document(lines, slug="x", title="宪法")
    assert [(p.id, p.kind) for p in doc.walk()] == [
        ("preamble", Kind.PREAMBLE),
        ("preamble-p1", Kind.PARAGRAPH),
        ("preamble-p2", Kind.PARAGRAPH),
        ("c1", Kind.CHAPTER),
        ("a1", Kind.ARTICLE),
    ]


# --- label variants and separators ----------------------------------------------


def _patterns(doc):  # type: ignore[no-untyped-def]
    return {k.value: f.pattern for k, f in doc.numbering.formats}


def test_the_variant_most_labels_use_is_the_document_style() -> None:
    lines = ["第一条 有下列情形之一的：", "(一)甲；", "（二）乙；", "(三)丙。"]
    doc = build_document(lines, slug="x", title="办法")
    assert _patterns(doc)["item"] == "({zh})"
    assert [p.id for p in doc.walk()] == ["a1", "a1-i1", "a1-i2", "a1-i3"]
    assert to_text(doc).splitlines()[1:] == ["第一条 有下列情形之一的：", "(一)甲；", "(二)乙；", "(三)丙。"]


def test_a_variant_label_is_normalised_with_its_separator() -> None:
    # Seed 001: items 六 to 九 typed "(六) " amid "（一）" items.
    lines = ["第十二条 有下列情形之一的：", "（一）甲；", "（二）乙；", "(三) 丙；", "(四) 丁。"]
    doc = build_document(lines, slug="x", title="办法")
    assert _patterns(doc)["item"] == "（{zh}）"
    assert all(p.sep is None for p in doc.walk())
    assert to_text(doc).splitlines()[4:] == ["（三）丙；", "（四）丁。"]


def test_full_width_stops_and_digits() -> None:
    doc = build_document(["一、总则", "1．甲；", "2．乙。"], slug="x", title="办法")
    assert _patterns(doc)["point"] == "{n}．"
    wide = build_document(["一、总则", "１．甲；", "２．乙。"], slug="x", title="办法")
    assert _patterns(wide)["point"] == "{fn}．"
    assert to_text(wide) == "办法\n一、总则\n１．甲；\n２．乙。\n"


def test_another_style_family_of_the_same_kind_stays_text() -> None:
    doc = build_document(["一、总则", "1、甲；", "2.乙。"], slug="x", title="办法")
    assert [(p.id, p.kind.value) for p in doc.walk()] == [
        ("a1", "article"),
        ("a1-pt1", "point"),
        ("a1-p1", "paragraph"),
    ]


def test_a_separator_unlike_its_peers_is_the_provision_own() -> None:
    lines = ["第一章 总则", "第一条 甲。", "第二章\u3000分则", "第二条 乙。", "第三章 附则", "第三条 丙。", "第四章"]
    doc = build_document(lines, slug="x", title="法")
    assert doc.numbering.format_for(Kind.CHAPTER).sep == " "
    assert [(p.id, p.sep) for p in doc.walk() if p.sep is not None] == [("c2", "\u3000")]
    assert to_text(doc) == "法\n" + "".join(line + "\n" for line in lines)


def test_labels_without_words_do_not_choose_the_separator() -> None:
    doc = build_document(["第一章", "第二章", "第三章\u3000附则", "第一条 甲。"], slug="x", title="法")
    assert doc.numbering.format_for(Kind.CHAPTER).sep == "\u3000"
    assert all(p.sep is None for p in doc.walk())


def test_label_formats_read_back_from_their_patterns() -> None:
    for pattern in ("({zh})", "({n})", "{n}．", "{fn}． ", "第{zh}分编\u3000"):
        fmt = LabelFormat.from_pattern(pattern)
        assert fmt.pattern == pattern
    assert LabelFormat.from_pattern("({zh})").style is LabelStyle.ZH_PAREN_ASCII


# --- family, subparts, headings ---------------------------------------------------


def test_articles_in_sequence_make_a_document_legal() -> None:
    lines = ["第一条 甲：", "一、子；", "二、丑；", "三、寅；", "第二条 乙。", "第三条 丙：", "一、卯；", "二、辰。"]
    assert detect_family(lines) is Family.LEGAL
    assert (
        detect_family(["一、甲", "二、乙", "三、丙", "四、丁", "第一条 乙。", "第三条 丙。", "第四条 丁。"])
        is Family.ADMINISTRATIVE
    )
    doc = build_document(lines, slug="x", title="细则")
    assert [p.id for p in doc.walk()] == ["a1", "a1-p2", "a1-p3", "a1-p4", "a2", "a3", "a3-p2", "a3-p3"]


def test_subparts_sit_between_parts_and_chapters() -> None:
    lines = [
        "第二编 物权",
        "第一分编 通则",
        "第一章 一般规定",
        "第一条 甲。",
        "第二分编 所有权",
        "第二章 一般规定",
        "第二条 乙。",
    ]
    doc = build_document(lines, slug="x", title="民法典")
    assert [(p.id, p.kind.value) for p in doc.walk()] == [
        ("b2", "part"),
        ("b2-fb1", "subpart"),
        ("b2-fb1-c1", "chapter"),
        ("a1", "article"),
        ("b2-fb2", "subpart"),
        ("b2-fb2-c2", "chapter"),
        ("a2", "article"),
    ]
    assert to_text(doc) == "民法典\n" + "".join(line + "\n" for line in lines)


def test_heading_lines_given_to_build() -> None:
    lines = ["第一条 有下列情形之一的：", "（一）甲；", "附则", "第二条 乙。", "一、一般规定", "第三条 丙。"]
    doc, warnings = build(lines, slug="x", title="解释", headings=frozenset({2, 4}))
    assert [(p.id, p.kind.value) for p in doc.walk()] == [
        ("a1", "article"),
        ("a1-i1", "item"),
        ("p1", "paragraph"),
        ("a2", "article"),
        ("p2", "paragraph"),
        ("a3", "article"),
    ]
    assert warnings == ()


def test_an_administrative_heading_line_is_a_heading_despite_punctuation() -> None:
    lines = ["一、指导思想，基本原则", "甲。"]
    hinted = build_document(lines, slug="x", title="方案", headings=frozenset({0}))
    assert [(p.heading, p.text) for p in hinted.walk()] == [("指导思想，基本原则", None), (None, "甲。")]
    plain = build_document(lines, slug="x", title="方案")
    assert [(p.heading, p.text) for p in plain.walk()] == [(None, "指导思想，基本原则"), (None, "甲。")]


def test_the_schema_accepts_what_the_builder_makes() -> None:
    lines = ["第一分编 通则", "第一章 一般规定", "第一条 甲：", "(一)子；", "(二)丑。", "1．寅", "第二章\u3000附则"]
    doc = build_document(lines, slug="x", title="法")
    data = docfile.document_data(doc)
    assert {k: data["numbering"][k] for k in ("subpart", "item", "point")} == {
        "subpart": "第{zh}分编 ",
        "item": "({zh})",
        "point": "{n}．",
    }
    docfile.validate(data, "", "x.yaml")
    data["provisions"][0]["children"][1]["sep"] = "\u3000"
    docfile.validate(data, "", "x.yaml")
    data["provisions"][0]["sep"] = "x"
    with pytest.raises(SchemaError):
        docfile.validate(data, "", "x.yaml")
    assert docfile.schema()["properties"]["numbering"]["properties"].keys() >= {k.value for k in Kind if k.numbered}


# --- KIND_RULES: 一、 chapters in a legal document ---------------------------------------------


def test_kind_rule_zh_comma_headings_before_the_first_article_are_chapters() -> None:
    text = (FIXTURES / "import-safety" / "chapters-zh-comma.txt").read_text(encoding="utf-8")
    doc = doc_from_text(text)
    assert doc.numbering.family is Family.LEGAL
    assert doc.numbering.format_for(Kind.CHAPTER) == LabelFormat(LabelStyle.ZH_COMMA)
    assert shape(doc) == [
        ("c1", "chapter", (1, 0), "总则", None),
        ("a1", "article", (1, 0), None, "为了规范档案管理，制定本办法。"),
        ("a2", "article", (2, 0), None, "本办法适用于本单位各部门。"),
        ("c2", "chapter", (2, 0), "管理职责", None),
        ("a3", "article", (3, 0), None, "办公室负责档案的收集、整理和保管。"),
        ("a4", "article", (4, 0), None, "各部门应当按时移交档案。"),
        ("c3", "chapter", (3, 0), "附则", None),
        ("a5", "article", (5, 0), None, "本办法自发布之日起施行。"),
    ]
    assert to_text(doc) == text


def test_kind_rule_a_comma_inside_a_chapter_heading_is_fine() -> None:
    lines = ["一、总则", "第一条 甲。", "二、加强组织领导，健全保障机制", "第二条 乙。"]
    doc = build_document(lines, slug="x", title="细则")
    assert [(p.id, p.heading) for p in doc.walk()] == [
        ("c1", "总则"),
        ("a1", None),
        ("c2", "加强组织领导，健全保障机制"),
        ("a2", None),
    ]


def test_kind_rule_leaves_lists_and_other_chapter_styles_alone() -> None:
    # After 第一条 without 一、 chapters before it, 一、 lines are a list inside the article.
    listed = build_document(
        ["第一条 本办法所称单位包括：", "一、机关", "二、事业单位", "第二条 乙。"], slug="x", title="办法"
    )
    assert shape(listed) == [
        ("a1", "article", (1, 0), None, "本办法所称单位包括："),
        ("a1-p2", "paragraph", None, None, "一、机关"),
        ("a1-p3", "paragraph", None, None, "二、事业单位"),
        ("a2", "article", (2, 0), None, "乙。"),
    ]
    # In a document with 第X章 chapters, a 一、 line is a paragraph, before them or after.
    chaptered = build_document(
        ["一、提高认识", "第一章 总则", "第一条 甲。", "二、说明", "第二条 乙。"], slug="x", title="办法"
    )
    assert shape(chaptered) == [
        ("p1", "paragraph", None, None, "一、提高认识"),
        ("c1", "chapter", (1, 0), "总则", None),
        ("a1", "article", (1, 0), None, "甲。"),
        ("a1-p2", "paragraph", None, None, "二、说明"),
        ("a2", "article", (2, 0), None, "乙。"),
    ]
    # A sentence is no heading, even before 第一条.
    sentence = build_document(["一、为了规范管理，制定本办法。", "第一条 甲。"], slug="x", title="办法")
    assert shape(sentence) == [
        ("p1", "paragraph", None, None, "一、为了规范管理，制定本办法。"),
        ("a1", "article", (1, 0), None, "甲。"),
    ]
