from __future__ import annotations

from policydiff.importing.structure import build, build_document, detect_family
from policydiff.model import Family, Kind
from policydiff.numbering import Num
from policydiff.plaintext import to_text
from tests.conftest import SMALL_ADMIN, SMALL_LEGAL, doc_from_text


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
