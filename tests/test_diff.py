"""The diff engine: changes matched by id, on real amendments and on built trees."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import history
from policydiff.compare.diff import Change, diff_documents, formatting_key
from policydiff.compare.textdiff import Segment, rebuild
from policydiff.crossref.amend import apply_items
from policydiff.model import LEGAL, Document, Kind, LabelFormat, Provision
from policydiff.model.plaintext import own_text, path_label
from policydiff.storage.repo import Repository
from policydiff.zh.numbering import LabelStyle, Num
from tests.conftest import SMALL_ADMIN, doc_from_text
from tests.test_history import FJWY, fjwy_notice

ROOT = Path(__file__).resolve().parents[1]


def fjwy_versions() -> tuple[Document, Document]:
    """The fjwy text before the 2021 notice and after it, ids preserved."""
    before = doc_from_text((FJWY / "before.txt").read_text(encoding="utf-8"), "fjwy")
    return before, apply_items(before, fjwy_notice().items).document


@pytest.fixture(scope="module")
def fjwy() -> tuple[Change, ...]:
    return diff_documents(*fjwy_versions())


@pytest.fixture(scope="module")
def constitution() -> tuple[Change, ...]:
    versions = history.versions(Repository(ROOT), "prc-constitution")
    assert [v.date.year for v in versions if v.date] == [1982, 1988, 1993, 1999, 2004, 2018]
    return diff_documents(versions[4].document, versions[5].document)


def summary(changes: tuple[Change, ...]) -> list[tuple[str, str, str | None, str | None]]:
    return [(c.kind, c.id, c.old_address, c.new_address) for c in changes]


# --- the fjwy 2021 notice --------------------------------------------------------------------


def test_fjwy_change_list(fjwy: tuple[Change, ...]) -> None:
    assert summary(fjwy) == [
        ("modified", "a3-i2-p1", "三、（二）第1段", "三、（二）第1段"),  # item 1
        ("modified", "a3-i2-pt1", "三、（二）1.", "三、（二）1."),  # item 2
        ("modified", "a3-i2-pt3", "三、（二）3.", "三、（二）3."),  # item 3
        ("modified", "a3-i2-pt6", "三、（二）6.", "三、（二）6."),  # item 4
        ("modified", "a3-i2-pt7", "三、（二）7.", "三、（二）7."),  # item 5
        ("modified", "a4-i2-pt1", "四、（二）1.", "四、（二）1."),  # item 6
        ("modified", "a4-i2-pt2", "四、（二）2.", "四、（二）2."),  # item 7
        ("modified", "a4-i2-pt4", "四、（二）4.", "四、（二）4."),  # item 8
        ("modified", "a4-i2-pt5", "四、（二）5.", "四、（二）5."),  # item 9
        ("modified", "a4-i3-pt5", "四、（三）5.", "四、（三）5."),  # item 10
        ("added", "a4-i3-pt9~2", None, "四、（三）9."),  # item 11: the new point 9
        ("renumbered", "a4-i3-pt9", "四、（三）9.", "四、（三）10."),  # item 11: old point 9 is now 10
    ]
    assert not any(c.formatting_only for c in fjwy)


def test_fjwy_modified_segments_rebuild_both_texts(fjwy: tuple[Change, ...]) -> None:
    before, after = fjwy_versions()
    for change in fjwy:
        assert change.old_text == own_text(before, change.id)
        assert change.new_text == own_text(after, change.id)
        if change.kind == "modified":
            assert rebuild(change.segments, "old") == change.old_text
            assert rebuild(change.segments, "new") == change.new_text
        else:
            assert change.segments == ()


def test_fjwy_added_point_is_the_notice_text(fjwy: tuple[Change, ...]) -> None:
    added = fjwy[10]
    item = "贯彻党中央关于网络意识形态工作的决策部署存在只表态不落实、热衷于搞舆论造势、不见诸行动等形式主义、官僚主义行为，造成严重不良影响的"
    assert (added.old_text, added.new_text) == (None, f"9.{item}。")
    renumbered = fjwy[11]
    assert (renumbered.old_text, renumbered.new_text) == (
        "9.其他应当问责的失职失责情形。",
        "10.其他应当问责的失职失责情形。",
    )


def test_fjwy_segments_of_a_rewording_and_an_insertion(fjwy: tuple[Change, ...]) -> None:
    item9 = fjwy[8].segments
    assert [s for s in item9 if s.op != "equal"] == [
        Segment("delete", "有关情况报告每半年上交"),
        Segment("insert", "每年向"),
        Segment("insert", "报告本年度网络意识形态工作情况和下年度工作重点安排"),
    ]
    item8 = fjwy[7].segments
    assert [s for s in item8 if s.op != "equal"] == [Segment("insert", "全面贯彻习近平法治思想，")]
    assert item8[0].text.endswith("主旋律高昂。") and item8[2].text.startswith("推进网络空间法治化")


def test_reverse_diff_swaps_added_and_deleted() -> None:
    before, after = fjwy_versions()
    back = diff_documents(after, before)
    assert Counter(c.kind for c in back) == {"modified": 10, "deleted": 1, "renumbered": 1}
    assert summary(back)[-2:] == [
        ("deleted", "a4-i3-pt9~2", "四、（三）9.", None),
        ("renumbered", "a4-i3-pt9", "四、（三）10.", "四、（三）9."),
    ]


# --- the constitution, 2004 to 2018 ----------------------------------------------------------


def test_constitution_2018_counts(constitution: tuple[Change, ...]) -> None:
    assert Counter(c.kind for c in constitution) == {"renumbered": 39, "added": 19, "modified": 18}
    for change in constitution:
        if change.kind == "modified":
            assert rebuild(change.segments, "old") == change.old_text
            assert rebuild(change.segments, "new") == change.new_text


def test_constitution_2018_new_section_and_renumbered_articles(constitution: tuple[Change, ...]) -> None:
    ids = [c.id for c in constitution]
    start, end = ids.index("c3-s7~2"), ids.index("a138")
    part = summary(constitution[start : end + 1])
    added = [c for c in part if c[0] == "added"]
    assert added[:2] == [
        ("added", "c3-s7~2", None, "第三章第七节"),
        ("added", "a123~2", None, "第三章第七节第一百二十三条"),
    ]
    assert [c[1] for c in added] == [
        "c3-s7~2", "a123~2", "a124~2", *(f"a124~2-p{n}" for n in range(2, 8)), "a125~2", "a125~2-p2",
        "a126~2", "a127~2", "a127~2-p2",
    ]  # fmt: skip
    renumbered = part[len(added) :]
    assert renumbered[0] == ("renumbered", "c3-s7", "第三章第七节", "第三章第八节")
    for n, change in enumerate(renumbered[1:]):
        section = ("第三章第七节", "第三章第八节") if n < 13 else ("第四章", "第四章")
        old, new = Num(123 + n).zh, Num(128 + n).zh
        assert change == ("renumbered", f"a{123 + n}", f"{section[0]}第{old}条", f"{section[1]}第{new}条")
    assert len(renumbered) == 17


def test_constitution_2018_renumbered_items_and_no_moves(constitution: tuple[Change, ...]) -> None:
    assert not [c for c in constitution if c.kind == "moved"]
    a62 = [c for c in summary(constitution) if c[1].startswith("a62-")]
    assert a62[:3] == [
        ("added", "a62-i7~2", None, "第三章第一节第六十二条（七）"),
        ("renumbered", "a62-i7", "第三章第一节第六十二条（七）", "第三章第一节第六十二条（八）"),
        ("renumbered", "a62-i8", "第三章第一节第六十二条（八）", "第三章第一节第六十二条（九）"),
    ]
    assert a62[-1] == ("renumbered", "a62-i15", "第三章第一节第六十二条（十五）", "第三章第一节第六十二条（十六）")


# --- built trees -----------------------------------------------------------------------------


def art(pid: str, n: int, text: str, *children: Provision) -> Provision:
    return Provision(pid, Kind.ARTICLE, Num(n), text=text, children=children)


def chapter(pid: str, n: int, heading: str, *children: Provision) -> Provision:
    return Provision(pid, Kind.CHAPTER, Num(n), heading=heading, children=children)


def para(pid: str, text: str) -> Provision:
    return Provision(pid, Kind.PARAGRAPH, text=text)


def doc(*provisions: Provision, title: str = "示例办法") -> Document:
    return Document("demo", title, LEGAL, provisions)


A1, A2, A3 = art("a1", 1, "甲。"), art("a2", 2, "乙。"), art("a3", 3, "丙。")


def test_identical_documents_have_no_changes() -> None:
    assert diff_documents(doc(A1, A2), doc(A1, A2)) == ()


def test_deletion_and_insertion_renumber_without_moving() -> None:
    old = doc(A1, A2, A3)
    new = doc(A1, A3._replace(num=Num(2)), art("a4", 3, "丁。"))
    assert diff_documents(old, new) == (
        Change("deleted", "a2", "第二条", None, "第二条 乙。", None),
        Change("renumbered", "a3", "第三条", "第二条", "第三条 丙。", "第二条 丙。"),
        Change("added", "a4", None, "第三条", None, "第三条 丁。"),
    )


def test_deleted_first_provision_comes_first() -> None:
    changes = diff_documents(doc(A1, A2), doc(A2._replace(num=Num(1))))
    assert [(c.kind, c.id) for c in changes] == [("deleted", "a1"), ("renumbered", "a2")]


def test_deleted_provision_with_children_keeps_its_old_place() -> None:
    old = doc(A1, art("a2", 2, "乙：", para("a2-p1", "款一。"), para("a2-p2", "款二。")), A3)
    new = doc(A1, A3._replace(num=Num(2)))
    changes = diff_documents(old, new)
    assert [(c.kind, c.id, c.old_address) for c in changes] == [
        ("deleted", "a2", "第二条"),
        ("deleted", "a2-p1", "第二条第1段"),
        ("deleted", "a2-p2", "第二条第2段"),
        ("renumbered", "a3", "第三条"),
    ]


def test_swapped_siblings_one_moved() -> None:
    old = doc(A1, A2, A3)
    new = doc(A2._replace(num=Num(1)), A1._replace(num=Num(2)), A3)
    assert diff_documents(old, new) == (
        Change("moved", "a2", "第二条", "第一条", "第二条 乙。", "第一条 乙。"),
        Change("renumbered", "a1", "第一条", "第二条", "第一条 甲。", "第二条 甲。"),
    )


def test_moved_to_the_end_is_the_one_moved_not_the_rest() -> None:
    old = doc(A1, A2, A3, art("a4", 4, "丁。"))
    new = doc(*(p._replace(num=Num(n)) for n, p in enumerate((A2, A3, art("a4", 4, "丁。"), A1), 1)))
    kinds = [(c.kind, c.id) for c in diff_documents(old, new)]
    assert kinds == [("renumbered", "a2"), ("renumbered", "a3"), ("renumbered", "a4"), ("moved", "a1")]


def test_new_parent_is_moved_and_its_children_are_not_reported() -> None:
    moving = art("a2", 2, "乙。", para("a2-p1", "款。"))
    old = doc(chapter("c1", 1, "总则", A1, moving), chapter("c2", 2, "附则", A3))
    new = doc(chapter("c1", 1, "总则", A1), chapter("c2", 2, "附则", moving, A3))
    assert diff_documents(old, new) == (
        Change("moved", "a2", "第一章第二条", "第二章第二条", "第二条 乙。", "第二条 乙。"),
    )


def test_moved_and_reworded_carries_segments() -> None:
    old = doc(chapter("c1", 1, "总则", A1, A2), chapter("c2", 2, "附则"))
    new = doc(chapter("c1", 1, "总则", A1), chapter("c2", 2, "附则", art("a2", 2, "乙和丙。")))
    (change,) = diff_documents(old, new)
    assert change.kind == "moved"
    assert change.segments == (Segment("equal", "第二条 乙"), Segment("insert", "和丙"), Segment("equal", "。"))


def test_renumbered_and_reworded_is_modified_with_both_addresses() -> None:
    old = doc(A1, A2)
    new = doc(art("a2", 1, "乙丙。"))
    deleted, modified = diff_documents(old, new)
    assert deleted.kind == "deleted"
    assert (modified.kind, modified.old_address, modified.new_address) == ("modified", "第二条", "第一条")
    assert modified.segments == (
        Segment("equal", "第"),
        Segment("delete", "二"),
        Segment("insert", "一"),
        Segment("equal", "条 乙"),
        Segment("insert", "丙"),
        Segment("equal", "。"),
    )


def test_heading_change_is_modified() -> None:
    old = doc(chapter("c1", 1, "总则", A1))
    new = doc(chapter("c1", 1, "一般规定", A1))
    (change,) = diff_documents(old, new)
    assert (change.kind, change.old_text, change.new_text) == ("modified", "第一章 总则", "第一章 一般规定")


def test_formatting_only() -> None:
    old = doc(art("a1", 1, "依照本法（一）、（二）项，处罚；情节严重的：另行处理。"))
    new = doc(art("a1", 1, "依照本法(一)、(二)项, 处罚;情节严重的: 另行处理。"))
    (change,) = diff_documents(old, new)
    assert (change.kind, change.formatting_only) == ("modified", True)
    assert rebuild(change.segments, "new") == "第一条 依照本法(一)、(二)项, 处罚;情节严重的: 另行处理。"
    assert diff_documents(old, new, ignore_formatting=True) == ()


def test_full_width_space_and_separator_are_formatting() -> None:
    old = doc(art("a1", 1, "甲\u3000乙。"))
    new = doc(art("a1", 1, "甲乙。"))._replace(
        numbering=LEGAL.with_format(Kind.ARTICLE, LabelFormat(LabelStyle.ARTICLE, ""))
    )
    (change,) = diff_documents(old, new)
    assert (change.old_text, change.new_text, change.formatting_only) == ("第一条 甲\u3000乙。", "第一条甲乙。", True)
    assert diff_documents(old, new, ignore_formatting=True) == ()


def test_wording_and_formatting_together_is_wording() -> None:
    old = doc(art("a1", 1, "甲（乙），丙。"))
    new = doc(art("a1", 1, "甲(乙),丁。"))
    expected = diff_documents(old, new)
    assert [(c.kind, c.formatting_only) for c in expected] == [("modified", False)]
    assert diff_documents(old, new, ignore_formatting=True) == expected


def test_formatting_and_renumbering() -> None:
    old = doc(A1, art("a2", 2, "乙，丙。"))
    new = doc(art("a2", 1, "乙,丙。"))
    shown = diff_documents(old, new)[1]
    assert (shown.kind, shown.formatting_only) == ("modified", False)
    hidden = diff_documents(old, new, ignore_formatting=True)[1]
    assert (hidden.kind, hidden.segments, hidden.new_text) == ("renumbered", (), "第一条 乙,丙。")


def test_title_change() -> None:
    old, new = doc(A1), doc(A1, title="示例管理办法")
    assert diff_documents(old, new) == (
        Change(
            "modified", "", "标题", "标题", "示例办法", "示例管理办法",
            (Segment("equal", "示例"), Segment("insert", "管理"), Segment("equal", "办法")),
        ),
    )  # fmt: skip
    spaced = doc(A1, title="示例 办法")
    assert diff_documents(old, spaced)[0].formatting_only
    assert diff_documents(old, spaced, ignore_formatting=True) == ()


def test_title_change_comes_first() -> None:
    changes = diff_documents(doc(A1, A2), doc(A2._replace(num=Num(1)), title="新办法"))
    assert [(c.kind, c.id) for c in changes] == [("modified", ""), ("deleted", "a1"), ("renumbered", "a2")]


def test_added_parent_and_children_each_reported_in_order() -> None:
    new = doc(A1, chapter("c9", 1, "新章", art("a9", 2, "新。", para("a9-p1", "新款。"))))
    changes = diff_documents(doc(A1), new)
    assert [(c.kind, c.id, c.new_address) for c in changes] == [
        ("added", "c9", "第一章"),
        ("added", "a9", "第一章第二条"),
        ("added", "a9-p1", "第一章第二条第1段"),
    ]


def test_formatting_key() -> None:
    assert formatting_key("（一）甲，乙；丙：丁！？\u3000 ｡､") == "(一)甲,乙;丙:丁!?。、"
    assert formatting_key("第一行\n第二行") == "第一行\n第二行"
    assert formatting_key("１２３ＡＢＣ") == "123ABC"


# --- every modified change rebuilds its texts (generated edits) -------------------------------

_TEXT = st.text(alphabet="甲乙丙丁的和法规定，。；：（）()、 \u30001.", min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_modified_segments_rebuild_generated_edits(data: st.DataObject) -> None:
    old = doc_from_text(SMALL_ADMIN)
    texts = [p for p in old.walk() if p.text is not None]
    chosen = data.draw(st.lists(st.sampled_from([p.id for p in texts]), unique=True))
    edits = {pid: data.draw(_TEXT) for pid in chosen}
    new = old._replace(provisions=tuple(_edit(p, edits) for p in old.provisions))
    changes = diff_documents(old, new)
    assert {c.id for c in changes} == {pid for pid in chosen if edits[pid] != _find(old, pid).text}
    for change in changes:
        assert change.kind == "modified"
        assert rebuild(change.segments, "old") == change.old_text == own_text(old, change.id)
        assert rebuild(change.segments, "new") == change.new_text == own_text(new, change.id)
        assert change.formatting_only == (
            formatting_key(change.old_text or "") == formatting_key(change.new_text or "")
        )
    assert all(c.kind == "modified" and not c.formatting_only for c in diff_documents(old, new, ignore_formatting=True))


def _edit(p: Provision, edits: dict[str, str]) -> Provision:
    children = tuple(_edit(c, edits) for c in p.children)
    return p._replace(text=edits.get(p.id, p.text), children=children)


def _find(doc: Document, pid: str) -> Provision:
    return next(p for p in doc.walk() if p.id == pid)


def test_addresses_are_path_labels_in_each_version(constitution: tuple[Change, ...]) -> None:
    """Addresses found by the parents' ids (every id once) are those path_label finds in the tree."""
    versions = history.versions(Repository(ROOT), "prc-constitution")
    old, new = versions[0].document, versions[-1].document
    for c in constitution:
        assert (c.old_address, c.new_address) == (
            path_label(old, c.id) if c.old_address is not None else None,
            path_label(new, c.id) if c.new_address is not None else None,
        )


def test_a_document_with_an_id_twice_is_addressed_by_its_first() -> None:
    """Not a stored document (those are refused): the first provision of the id is the address, as
    path_label says, though the diff compares the last."""
    old = doc_from_text("标题\n第一条 甲。\n第二条 乙。")
    a1, a2 = old.provisions
    twice = old._replace(provisions=(a1, a2._replace(id=a1.id)))
    new = twice._replace(provisions=(a1, a2._replace(id=a1.id, text="丙。")))
    changes = diff_documents(twice, new)  # listed at each place of the id
    assert [(c.kind, c.old_address, c.new_address, c.new_text) for c in changes] == [
        ("modified", "第一条", "第一条", "第二条 丙。"),
    ] * 2
