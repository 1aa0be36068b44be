"""Character diffs: clauses first, then characters; exact rebuild; deterministic."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.compare.textdiff import ENGINES, Segment, clauses, has_fast_engine, rebuild, segments
from tests.conftest import FIXTURES

FJWY_OLD = "5.加强体制机制建设，确保各项工作有力开展，有关情况报告每半年上交学校网络安全和信息化领导小组办公室。"
FJWY_NEW = "5.加强体制机制建设，确保各项工作有力开展，每年向学校网络安全和信息化领导小组办公室报告本年度网络意识形态工作情况和下年度工作重点安排。"


def test_clauses_keep_their_marks_and_join_back() -> None:
    text = "第一条 为了示例，制定本办法；本办法：甲！乙？丙。\n第二款"
    assert clauses(text) == ["第一条 为了示例，", "制定本办法；", "本办法：", "甲！", "乙？", "丙。", "\n", "第二款"]
    assert "".join(clauses(text)) == text
    assert clauses("") == []
    assert clauses("无标点") == ["无标点"]


def test_half_width_marks_do_not_end_a_clause() -> None:
    assert clauses("1.宣传部,教务处;其他。") == ["1.宣传部,教务处;其他。"]


def test_one_character_removed_inside_a_clause() -> None:
    old = "每半年向上级党组织报告网络意识形态领域的重大情况并提出建设性意见。定期通报。"
    new = "每年向上级党组织报告网络意识形态领域的重大情况并提出建设性意见。定期通报。"
    assert segments(old, new) == (
        Segment("equal", "每"),
        Segment("delete", "半"),
        Segment("equal", "年向上级党组织报告网络意识形态领域的重大情况并提出建设性意见。定期通报。"),
    )


def test_reworded_clause_keeps_whole_phrases() -> None:
    assert segments(FJWY_OLD, FJWY_NEW) == (
        Segment("equal", "5.加强体制机制建设，确保各项工作有力开展，"),
        Segment("delete", "有关情况报告每半年上交"),
        Segment("insert", "每年向"),
        Segment("equal", "学校网络安全和信息化领导小组办公室"),
        Segment("insert", "报告本年度网络意识形态工作情况和下年度工作重点安排"),
        Segment("equal", "。"),
    )


def test_phrase_inserted_between_clauses() -> None:
    old = "做到正能量充沛、主旋律高昂。推进网络空间法治化，引导师生依法上网。"
    new = "做到正能量充沛、主旋律高昂。全面贯彻习近平法治思想，推进网络空间法治化，引导师生依法上网。"
    assert segments(old, new) == (
        Segment("equal", "做到正能量充沛、主旋律高昂。"),
        Segment("insert", "全面贯彻习近平法治思想，"),
        Segment("equal", "推进网络空间法治化，引导师生依法上网。"),
    )


def test_a_new_clause_before_an_equal_one_is_one_insertion() -> None:
    old = "对于国家工作人员，应当依照法律规定处理；"
    new = "对于国家机关，应当依照本法规定处理；对于国家工作人员，应当依照法律规定处理；"
    assert segments(old, new) == (
        Segment("insert", "对于国家机关，应当依照本法规定处理；"),
        Segment("equal", old),
    )


def test_a_short_equal_clause_between_larger_edits_is_no_anchor() -> None:
    # Matching the clause 国家工作人员， would replace two whole clauses; the real edit is 机关 twice.
    old = "国家机关工作人员，依照法律规定。国家工作人员，依照规定。"
    new = "国家工作人员，依照法律规定。国家机关工作人员，依照规定。"
    assert segments(old, new) == (
        Segment("equal", "国家"),
        Segment("delete", "机关"),
        Segment("equal", "工作人员，依照法律规定。国家"),
        Segment("insert", "机关"),
        Segment("equal", "工作人员，依照规定。"),
    )


def test_edge_cases() -> None:
    assert segments("", "") == ()
    assert segments("甲", "甲") == (Segment("equal", "甲"),)
    assert segments("", "新增。") == (Segment("insert", "新增。"),)
    assert segments("删去。", "") == (Segment("delete", "删去。"),)
    assert segments("甲。", "乙。") == (Segment("delete", "甲"), Segment("insert", "乙"), Segment("equal", "。"))


def test_line_breaks_are_clause_boundaries() -> None:
    old = "第一章 总则\n为了示例。"
    new = "第一章 总则和原则\n为了示例。"
    assert segments(old, new) == (
        Segment("equal", "第一章 总则"),
        Segment("insert", "和原则"),
        Segment("equal", "\n为了示例。"),
    )


def test_rebuild_sides() -> None:
    parts = (Segment("equal", "甲"), Segment("delete", "乙"), Segment("insert", "丙"), Segment("equal", "。"))
    assert rebuild(parts, "old") == "甲乙。"
    assert rebuild(parts, "new") == "甲丙。"


_ALPHABET = "甲乙丙丁的和法规定条款，。；：！？、（）()\n 1."
_TEXT = st.text(alphabet=_ALPHABET, max_size=60)


def _check(old: str, new: str) -> None:
    parts = segments(old, new)
    assert rebuild(parts, "old") == old
    assert rebuild(parts, "new") == new
    assert all(p.text for p in parts)
    assert all(a.op != b.op for a, b in itertools.pairwise(parts))
    assert all(not (a.op == "insert" and b.op == "delete") for a, b in itertools.pairwise(parts))
    assert segments(old, new) == parts  # no timeout: the same input, the same diff


@settings(max_examples=300, deadline=None)
@given(_TEXT, _TEXT)
def test_segments_rebuild_both_texts(old: str, new: str) -> None:
    _check(old, new)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 5), _TEXT), max_size=4))
def test_segments_rebuild_edited_texts(old: str, edits: list[tuple[int, int, str]]) -> None:
    new = old
    for at, length, words in edits:
        at = min(at, len(new))
        new = new[:at] + words + new[at + length :]
    _check(old, new)


# Both engines give the same segments (the fast one is used when installed).
needs_fast = pytest.mark.skipif(not has_fast_engine(), reason="fast-diff-match-patch is not installed")


@needs_fast
@settings(max_examples=300, deadline=None)
@given(_TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 5), _TEXT), max_size=4))
def test_fast_and_python_engines_give_the_same_segments(old: str, edits: list[tuple[int, int, str]]) -> None:
    new = old
    for at, length, words in edits:
        at = min(at, len(new))
        new = new[:at] + words + new[at + length :]
    assert segments(old, new, "fast") == segments(old, new, "python")


@needs_fast
def test_fast_and_python_engines_agree_on_the_constitution_1982_to_2018() -> None:
    old, new = ((FIXTURES / "golden" / "constitution" / f"{year}.txt").read_text("utf-8") for year in (1982, 2018))
    fast = segments(old, new, "fast")
    assert fast == segments(old, new, "python")
    assert len(fast) == 303 and rebuild(fast, "old") == old and rebuild(fast, "new") == new


def test_the_fast_engine_is_the_default_when_installed() -> None:
    assert ENGINES == ("fast", "python")
    old, new = "第一条 为了保护，", "第一条 为保护了，"
    assert segments(old, new) == segments(old, new, "fast" if has_fast_engine() else "python")
