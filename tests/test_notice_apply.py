"""Applying notices: the golden cases byte for byte, every form on a small document, exact errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.crossref.amend import apply_items
from policydiff.model import Document
from policydiff.model.plaintext import to_text
from policydiff.notice.apply import ApplyError
from policydiff.notice.ops import InsertText, Item, Position, op_assumptions
from policydiff.notice.rules import parse_item
from policydiff.notice.wording import read_notice
from tests.conftest import doc_from_text
from tests.test_notice_rules import NOTICES, notice_path, notice_text

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
CONSTITUTION = GOLDEN / "constitution"
FJWY = GOLDEN / "fjwy-2021"
YEARS = ("1988", "1993", "1999", "2004", "2018")


def _items(path: Path, part: int = 0) -> list[Item]:
    wording = read_notice(notice_text(path), path.name)
    return [parse_item(item.label, item.text) for item in wording.parts[part].items]


def _fjwy() -> tuple[Document, list[Item]]:
    return doc_from_text((FJWY / "before.txt").read_text(encoding="utf-8"), "fjwy"), _items(FJWY / "notice.txt")


def _stated(item: Item, position: Position) -> Item:
    first = item.operations[0]
    assert isinstance(first, InsertText)
    op = first._replace(position=position)
    return item._replace(operations=(op,), assumptions=op_assumptions(op))


# --- the fjwy golden case ---------------------------------------------------------------


def test_fjwy_as_worded_differs_only_where_the_position_was_not_stated() -> None:
    doc, items = _fjwy()
    applied = apply_items(doc, items)
    out = to_text(applied.document).splitlines()
    after = (FJWY / "after.txt").read_text(encoding="utf-8").splitlines()
    assert len(out) == len(after)
    differing = [n + 1 for n, (a, b) in enumerate(zip(out, after, strict=True)) if a != b]
    # Lines 28 and 31 of after.txt: items 6 and 8, which insert at the start and before
    # “推进网络空间法治化”, where the wording says neither.
    assert differing == [28, 31]
    assert after[27].startswith("1.坚持和完善坚定维护党中央权威") and after[30].startswith("4.切实维护网络意识形态安全")
    note = "position not stated: inserted at the end of the provision"
    assert applied.warnings == tuple(f"item {n}: {note}" for n in ("1", "2", "3", "4", "5", "6", "8", "10"))


def test_fjwy_with_the_two_positions_stated_is_byte_exact() -> None:
    doc, items = _fjwy()
    items[5] = _stated(items[5], Position("start"))
    items[7] = _stated(items[7], Position("before", "推进网络空间法治化"))
    applied = apply_items(doc, items)
    assert to_text(applied.document) == (FJWY / "after.txt").read_text(encoding="utf-8")
    assert len(applied.warnings) == 6
    assert applied.changed[10] == ("11", ("a4-i3-pt9~2", "a4-i3-pt9"))


# --- the constitution chain -------------------------------------------------------------


@pytest.mark.parametrize(
    "notice",
    [lambda y: NOTICES / f"amendment-{y}.txt", lambda y: NOTICES / f"宪法修正案（{y}年）.md"],
    ids=["golden", "corpus"],
)
def test_the_constitution_chain_is_byte_exact_at_every_step(notice) -> None:  # type: ignore[no-untyped-def]
    doc = doc_from_text((CONSTITUTION / "1982.txt").read_text(encoding="utf-8"), "constitution")
    for year in YEARS:
        doc = apply_items(doc, _items(notice(year))).document
        assert to_text(doc) == (CONSTITUTION / f"{year}.txt").read_text(encoding="utf-8"), year


def test_the_uncorrected_1982_reading_stops_at_2018_article_51() -> None:
    text = (CONSTITUTION / "1982.txt").read_text(encoding="utf-8")
    assert text.count("体育事业、城乡建设事业") == 1
    doc = doc_from_text(text.replace("体育事业、城乡建设事业", "体育事业，城乡建设事业"), "constitution")
    for year in YEARS[:-1]:
        doc = apply_items(doc, _items(NOTICES / f"amendment-{year}.txt")).document
    with pytest.raises(ApplyError) as info:
        apply_items(doc, _items(NOTICES / "amendment-2018.txt"))
    assert info.value.message == (
        "item 第五十一条: 第一百零七条第一款: old text mismatch: at character 51 the text reads "
        "“…体育事业，城乡建设事业和…”, the notice quotes “…体育事业、城乡建设事业和…”"
    )


def test_apply_is_pure() -> None:
    doc, items = _fjwy()
    before = to_text(doc)
    first = apply_items(doc, items)
    second = apply_items(doc, items)
    assert to_text(doc) == before
    assert doc == _fjwy()[0]
    assert first == second


def test_a_new_version_shares_what_the_notice_left_alone() -> None:
    """The provisions a notice did not touch are the very objects of the version before (as a replay
    cache entry's decoded versions share them); a changed one, and every provision above it, is new."""
    doc = doc_from_text(
        "办法\n第一章 总则\n第一条 甲。\n第二条 乙：\n（一）丙；\n（二）丁。\n第二章 附则\n第三条 戊。\n"
    )
    items = [parse_item("1", "将第二条第（二）项中的“丁”修改为“己”。")]
    new = apply_items(doc, items).document
    old_ids = {p.id: p for p in doc.walk()}
    shared = sorted(p.id for p in new.walk() if p is old_ids[p.id])
    assert shared == sorted(p.id for p in doc.walk() if p.id not in {"c1", "a2", "a2-i2"})
    assert [to_text(v) for v in (doc, new)] == [to_text(doc), to_text(doc).replace("（二）丁。", "（二）己。")]


# --- errors -----------------------------------------------------------------------------

SMALL = "办法\n第一条 甲甲，乙。\n第二条 丙。\n"


@pytest.mark.parametrize(
    ("document", "wording", "message"),
    [
        (SMALL, "在第三条中，将“甲”改为“丁”。", "item 1: 第三条 not found; the document has 第一条、第二条"),
        ("fjwy", "在本文第九条中，增加“甲”。", "item 1: 第九条 not found; the document has 一、、二、、三、、四、"),
        (
            "fjwy",
            "在本文第四条第（三）项第 10 点中，增加“甲”。",
            "item 1: 第四条第（三）项第10点 not found; 第四条第（三）项 has 9 points; the nearest are 6.、7.、8.、9.",
        ),
        (SMALL, "在第一条中，将“丁”改为“戊”。", "item 1: 第一条: “丁” not found in the text"),
        (SMALL, "在第一条中，将“甲”改为“戊”。", "item 1: 第一条: “甲” occurs 2 times; state which occurrence"),
        (
            "fjwy",
            "在本文第四条第（三）项中，新增“甲”作为第 9 点，原第 9 点调整为第 8 点。",
            "item 1: renumbering leaves two provisions numbered 8. (a4-i3-pt8, a4-i3-pt9)",
        ),
        (SMALL, "将第一条修改为第二条。", "item 1: renumbering leaves two provisions numbered 第二条 (a1, a2)"),
        (
            SMALL,
            "第一条中“乙”修改为“丁”。这一条相应修改为：“甲甲，乙。”",
            "item 1: 第一条: restatement does not match the amended text: at character 4: amended “丁。”, restated “乙。”",
        ),
        (
            "办法\n第一章 总则\n第一条 甲。\n第二章 附则\n第二条 乙。\n",
            "增加一条，作为第二条：“丙。”",
            "item 1: 第二条 would fall between two chapters or sections; name where it goes",
        ),
        (
            SMALL,
            "删除第一条第一款。",
            "item 1: 第一条第一款: the first 款 is the whole article: delete the article instead",
        ),
        (SMALL, "将“三、附则”修改为：“三、其他”。", "item 1: no provision reads “三、附则”"),
    ],
)
def test_errors_name_the_item_the_address_and_what_was_found(document: str, wording: str, message: str) -> None:
    doc = _fjwy()[0] if document == "fjwy" else doc_from_text(document)
    with pytest.raises(ApplyError) as info:
        apply_items(doc, [parse_item("1", wording)])
    assert info.value.message == message


# --- each form on a small document ------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "wordings", "expected"),
    [
        pytest.param(
            "规定\n第一条 甲。\n第二条 乙。\n第三条 丙。\n第四条 丁。\n",
            ["将第二条和第三条合并修改为：“乙丙。”", "将《规定》的条文顺序作相应调整：“第四条”调整为“第三条”。"],
            "规定\n第一条 甲。\n第二条 乙丙。\n第三条 丁。\n",
            id="merge, then renumber as listed",
        ),
        pytest.param(
            "规定\n第一条 甲。\n第二条 乙。\n第三条 丙。\n第四条 丁。\n第四条之一 丁一。\n第五条 戊。\n",
            ["删去第二条。", "条文顺序作相应调整。"],
            "规定\n第一条 甲。\n第二条 丙。\n第三条 丁。\n第三条之一 丁一。\n第四条 戊。\n",
            id="delete, then resequence (之 follows its article)",
        ),
        pytest.param(
            "规定\n第一条 有下列情形之一的，不承担责任：\n（一）甲；\n（二）乙。\n",
            ["第一条条首部分修改为：“有下列情形之一的，铁路运输企业不承担赔偿责任”;并增加一项作为第三项规定：“丙。”"],
            "规定\n第一条 有下列情形之一的，铁路运输企业不承担赔偿责任：\n（一）甲；\n（二）乙；\n（三）丙。\n",
            id="replace the head, add a last item",
        ),
        pytest.param(
            "规定\n第一条 甲。\n旧的第二款。\n",
            ["第一条第二款开始部分增加规定：“新的开头”。"],
            "规定\n第一条 甲。\n新的开头；旧的第二款。\n",  # joined by ；, as the 铁路运输 decision's text reads
            id="insert at the start",
        ),
        pytest.param(
            "规定\n第一条 甲，但乙。\n丙，但丁。\n",
            ["删去第一条第一款末尾的“但乙”和第二款末尾的“但丁”。"],
            "规定\n第一条 甲。\n丙。\n",
            id="delete words at the end, with their comma",
        ),
        pytest.param(
            "规定\n第一条 乙，甲。\n",
            ["删去第一条中的“乙”。"],
            "规定\n第一条 甲。\n",
            id="delete words at the start, with their comma",
        ),
        pytest.param(
            "侵犯权利规定\n第一条 侵犯甲，侵犯乙。\n侵犯丙。\n第二条 侵犯丁。\n",
            ["将名称、第一条中的“侵犯”修改为“侵害”。"],
            "侵害权利规定\n第一条 侵害甲，侵害乙。\n侵害丙。\n第二条 侵犯丁。\n",
            id="replace a term everywhere in the named provisions",
        ),
        pytest.param(
            "规定\n第一条 甲：\n（一）乙；\n（二）丙。\n第二条 丁。\n",
            ["将第一条第一款修改为：“甲二：\n（一）乙二。”"],
            "规定\n第一条 甲二：\n（一）乙二。\n第二条 丁。\n",
            id="replace a 款 with its items",
        ),
        pytest.param(
            "规定\n第一条 甲。\n乙。\n",
            ["在第一条中增加两款作为第二款、第三款：“新二：\n“（一）子；\n“（二）丑。\n“新三。”"],
            "规定\n第一条 甲。\n新二：\n（一）子；\n（二）丑。\n新三。\n乙。\n",
            id="insert two 款, the first with items",
        ),
        pytest.param(
            "规定\n第一条 甲：\n（一）乙。\n丙。\n",
            ["删除第一条第一款。"],
            "规定\n第一条 丙。\n",
            id="delete the first 款 and its items",
        ),
        pytest.param(
            "规定\n一、总则\n第一条 甲。\n二、分则\n第二条 乙。\n",
            ["将“二、分则”修改为：“二、分则和附则”。"],
            "规定\n一、总则\n第一条 甲。\n二、分则和附则\n第二条 乙。\n",
            id="replace a heading line named by its words",
        ),
        pytest.param(
            "法\n第一条 甲。\n第二条 乙。\n",
            ["在刑法第一条后增加二条，作为第一条之一、第一条之二:“第一条之一 甲一。\n“第一条之二 甲二。”"],
            "法\n第一条 甲。\n第一条之一 甲一。\n第一条之二 甲二。\n第二条 乙。\n",
            id="insert two 之 articles in order",
        ),
        pytest.param(
            "法\n第一条 甲。\n第二条 乙。\n",
            ["在刑法第一条中增加一款作为第二款，将该条修改为：“甲。\n“甲二。”"],
            "法\n第一条 甲。\n甲二。\n第二条 乙。\n",
            id="a 款 added and the article rewritten",
        ),
    ],
)
def test_forms(document: str, wordings: list[str], expected: str) -> None:
    items = [parse_item(str(n), wording) for n, wording in enumerate(wordings, 1)]
    assert to_text(apply_items(doc_from_text(document), items).document) == expected


# --- whole decisions on stand-in documents ----------------------------------------------


def _stand_in(title: str, articles: int) -> Document:
    # The decisions' own documents are not in the corpus as they were before; a stand-in
    # with the same articles (第N条 原N。) shows where every article goes.
    zh = "一二三四五六七八九十"
    return doc_from_text(title + "\n" + "\n".join(f"第{zh[n]}条 原{n + 1}。" for n in range(articles)) + "\n")


def _heads(doc: Document) -> list[str]:
    # Each article's label and the first words of its text.
    return [line.split(" ")[0] + " " + line.split(" ")[1][:6] for line in to_text(doc).splitlines() if " " in line]


def test_articles_added_and_renumbered_by_number_go_in_number_order() -> None:
    # Checked against the corpus text of 2021-04-21: with the stand-in's articles 5–7 given
    # their text, the result is that text but for one ; the decision types half-width.
    applied = apply_items(_stand_in("规定", 7), _items(notice_path("上海金融")))
    assert _heads(applied.document) == [
        "第一条 上海金融法院",
        "第二条 下列金融纠纷",
        "第三条 在上海证券交",
        "第四条 以上海证券交",
        "第五条 以住所地在上",
        "第六条 上海市辖区内",
        "第七条 当事人对上海",
        "第八条 上海市辖区内",
        "第九条 上海金融法院",
        "第十条 原5。",
        "第十一条 原6。",
        "第十二条 原7。",
    ]
    assert to_text(applied.document).count("金融行政案件，由上海金融法院管辖。") == 2  # 第四条, 第六条


def test_an_article_inserted_and_the_rest_moved_one_by_one() -> None:
    applied = apply_items(_stand_in("规定", 8), _items(notice_path("仲裁")))
    assert _heads(applied.document) == [
        "第一条 原1。",
        "第二条 原2。",
        "第三条 本规定第二条",
        "第四条 依据本规定第",
        "第五条 原4。",
        "第六条 原5。",
        "第七条 原6。",
        "第八条 原7。",
        "第九条 原8。",
    ]


def test_articles_added_then_old_ones_renumbered_after_them() -> None:
    applied = apply_items(_stand_in("解释", 8), _items(notice_path("信用卡")))
    assert _heads(applied.document)[5:] == [
        "第六条 持卡人以非法",
        "第七条 催收同时符合",
        "第八条 恶意透支，数",
        "第九条 恶意透支的数",
        "第十条 恶意透支数额",
        "第十一条 发卡银行违规",
        "第十二条 原7。",
        "第十三条 单位实施本解",
    ]
