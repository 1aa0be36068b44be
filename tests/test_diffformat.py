"""Formatting change lists: terminal (wrapped, coloured), JSON, Markdown, HTML."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from policydiff.compare.diff import Change, diff_documents
from policydiff.compare.formats import (
    FORMATS,
    address,
    char_width,
    md_escape,
    render,
    summary,
    text_width,
    to_html,
    to_json,
    to_markdown,
    to_term,
)
from policydiff.compare.textdiff import Segment
from tests.conftest import FIXTURES
from tests.test_diff import fjwy_versions

GOLDEN = FIXTURES / "diff"
NAMES = {"old_name": "2021-03-12", "new_name": "2021-05-21"}
SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def fjwy() -> tuple[Change, ...]:
    return diff_documents(*fjwy_versions())


def golden(name: str, actual: str) -> None:
    """Compare with ``fixtures/diff/<name>``; POLICYDIFF_UPDATE_GOLDEN=1 rewrites it (check it by eye)."""
    path = GOLDEN / name
    if os.environ.get("POLICYDIFF_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert actual == path.read_text(encoding="utf-8")


TITLE = "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法"


def test_fjwy_markdown_golden(fjwy: tuple[Change, ...]) -> None:
    golden("fjwy.md", to_markdown(fjwy, title=TITLE, **NAMES))


def test_fjwy_html_golden(fjwy: tuple[Change, ...]) -> None:
    golden("fjwy.html", to_html(fjwy, title=TITLE, **NAMES))


def test_fjwy_term_golden(fjwy: tuple[Change, ...]) -> None:
    golden("fjwy.txt", to_term(fjwy, color=False, **NAMES))


def test_render_dispatches(fjwy: tuple[Change, ...]) -> None:
    assert render(fjwy, "md", title=TITLE, **NAMES) == to_markdown(fjwy, title=TITLE, **NAMES)
    assert render(fjwy, "html", title=TITLE, **NAMES) == to_html(fjwy, title=TITLE, **NAMES)
    assert render(fjwy, "json", **NAMES) == to_json(fjwy, **NAMES)
    assert render(fjwy, "term", width=60, **NAMES) == to_term(fjwy, width=60, **NAMES)
    assert FORMATS == ("term", "json", "md", "html")


# --- JSON ------------------------------------------------------------------------------------


def test_json_shape(fjwy: tuple[Change, ...]) -> None:
    text = to_json(fjwy, **NAMES)
    assert "贯彻党中央" in text  # not ASCII-escaped
    data = json.loads(text)
    assert (data["version"], data["from"], data["to"], len(data["changes"])) == (1, "2021-03-12", "2021-05-21", 12)
    kinds = [c["kind"] for c in data["changes"]]
    assert kinds == ["modified"] * 10 + ["added", "renumbered"]
    assert data["changes"][-1] == {
        "kind": "renumbered",
        "id": "a4-i3-pt9",
        "old_address": "四、（三）9.",
        "new_address": "四、（三）10.",
        "old_text": "9.其他应当问责的失职失责情形。",
        "new_text": "10.其他应当问责的失职失责情形。",
        "formatting_only": False,
        "segments": [],
    }
    for change in data["changes"][:10]:
        parts = change["segments"]
        assert "".join(s["text"] for s in parts if s["op"] != "insert") == change["old_text"]
        assert "".join(s["text"] for s in parts if s["op"] != "delete") == change["new_text"]


def test_json_of_no_changes() -> None:
    assert json.loads(to_json(())) == {"version": 1, "from": "", "to": "", "changes": []}


# --- terminal --------------------------------------------------------------------------------


def test_char_width() -> None:
    assert [char_width(c) for c in "a中，（(　\u0301\x1b"] == [1, 2, 2, 2, 1, 2, 0, 0]
    assert text_width("第1条 甲") == 8


@pytest.mark.parametrize("width", [30, 40, 57, 80, 100])
@pytest.mark.parametrize("color", [False, True])
def test_term_lines_fit_the_width(fjwy: tuple[Change, ...], width: int, color: bool) -> None:
    out = to_term(fjwy, color=color, width=width, **NAMES)
    lines = SGR.sub("", out).splitlines()
    assert max(text_width(line) for line in lines) <= width
    assert any(text_width(line) >= width - 1 for line in lines)  # and they use it


def test_term_never_starts_a_line_with_a_closing_mark(fjwy: tuple[Change, ...]) -> None:
    for width in range(24, 81):
        for line in to_term(fjwy, width=width).splitlines():
            body = line.lstrip(" +-")
            assert not body or body[0] not in "，。；：、）”", (width, line)
            assert not line.endswith(("（", "“")), (width, line)


def test_term_wrapping_keeps_every_character(fjwy: tuple[Change, ...]) -> None:
    wide = to_term(fjwy, width=10_000).splitlines()
    narrow = to_term(fjwy, width=33).splitlines()
    assert re.sub(r"\s", "", "".join(wide)) == re.sub(r"\s", "", "".join(narrow))  # a space may become a break


def test_term_colour(fjwy: tuple[Change, ...]) -> None:
    plain, coloured = to_term(fjwy, **NAMES), to_term(fjwy, color=True, **NAMES)
    assert "\x1b[" not in plain
    assert "\x1b[32m" in coloured and "\x1b[31;9m半\x1b[0m" in coloured
    assert "[-" not in coloured and "{+" not in coloured  # colour replaces the markers
    assert "每[-半-]年" in plain


def test_term_kinds() -> None:
    """Failed on 49a027a: the kinds were English (``deleted``, ``moved``, ``formatting``, ``modified``)."""
    changes = (
        Change("deleted", "a2", "第二条", None, "第二条 乙。", None),
        Change("moved", "a3", "第一章第三条", "第二章第三条", "第三条 丙。", "第三条 丙。"),
        Change(
            "modified", "a4", "第四条", "第四条", "第四条 （一）甲", "第四条 (一)甲",
            (Segment("equal", "第四条 "), Segment("delete", "（"), Segment("insert", "("), Segment("equal", "一"),
             Segment("delete", "）"), Segment("insert", ")"), Segment("equal", "甲")),
            formatting_only=True,
        ),
        Change("modified", "c1", "第一章", "第一章", "第一章 总则\n甲", "第一章 总则\n乙", (
            Segment("equal", "第一章 总则\n"), Segment("delete", "甲"), Segment("insert", "乙"))),
    )  # fmt: skip
    assert to_term(changes) == (
        "4处改动：修改2处（其中仅标点或空格1处），删除1处，移动1处\n"
        "\n"
        "删除          第二条\n"
        "- 第二条 乙。\n"
        "\n"
        "移动          第一章第三条 → 第二章第三条\n"
        "  第三条 丙。\n"
        "\n"
        "仅标点或空格  第四条\n"
        "  第四条 [-（-]{+(+}一[-）-]{+)+}甲\n"
        "\n"
        "修改          第一章\n"
        "  第一章 总则\n"
        "  [-甲-]{+乙+}\n"
    )


def test_term_no_changes() -> None:
    assert to_term((), old_name="v1", new_name="v2") == "--- v1\n+++ v2\n没有改动\n"


def test_long_header_wraps_under_the_address() -> None:
    change = Change("renumbered", "a", "第三章第七节第一百二十三条", "第三章第八节第一百二十八条", "x", "y")
    assert to_term((change,), width=44).splitlines()[2:4] == [
        "序号调整      第三章第七节第一百二十三条 →",
        "              第三章第八节第一百二十八条",
    ]


# --- Markdown and HTML -----------------------------------------------------------------------


def test_summary_and_address() -> None:
    """Failed on 49a027a: ``no changes``, ``1 change: 1 added``."""
    assert summary(()) == "没有改动"
    one = Change("added", "a1", None, "第一条", None, "第一条 甲。")
    assert summary((one,)) == "1处改动：新增1处"
    assert address(one) == "第一条"
    assert address(Change("deleted", "a1", "第一条", None, "第一条 甲。", None)) == "第一条"
    assert address(Change("modified", "", "标题", "标题", "甲", "乙")) == "标题"


def test_md_escape() -> None:
    assert md_escape("a*b_c`d[e]<f>|g~h&i\\j") == "a\\*b\\_c\\`d\\[e\\]\\<f\\>\\|g\\~h\\&i\\\\j"
    assert md_escape("1.宣传部") == "1.宣传部"  # no list without a space
    assert md_escape("1. 宣传部") == "1\\. 宣传部"
    assert md_escape("# 标题") == "\\# 标题"
    assert md_escape("- 项") == "\\- 项"
    assert md_escape("  缩进") == "&#32;&#32;缩进"


HOSTILE = Change(
    "modified",
    'x"<y>',
    "<b>第一条</b>",
    "<b>第一条</b>",
    "a<script>alert(1)</script>&amp;",
    "a<i>&",
    (Segment("equal", "a"), Segment("delete", "<script>alert(1)</script>&amp;"), Segment("insert", "<i>&")),
)


def test_html_escapes_everything() -> None:
    out = to_html((HOSTILE,), old_name="<v1>", new_name="v2&", title="<t>")
    assert "<script>" not in out and "<b>" not in out and "<i>" not in out and "<t>" not in out
    assert "<del>&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;</del><ins>&lt;i&gt;&amp;</ins>" in out
    assert 'data-id="x&quot;&lt;y&gt;"' in out
    assert "<title>&lt;t&gt;</title>" in out
    assert "&lt;v1&gt; → v2&amp;" in out


def test_markdown_escapes_text_inside_tags() -> None:
    out = to_markdown((HOSTILE,))
    assert "<del>\\<script\\>alert(1)\\</script\\>\\&amp;</del><ins>\\<i\\>\\&</ins>" in out
    assert "## \\<b\\>第一条\\</b\\> · 修改" in out


def test_multi_line_text_closes_tags_at_line_ends() -> None:
    change = Change("added", "c9", None, "第九章", None, "第九章 附则\n本章说明。")
    assert "<p><ins>第九章 附则</ins></p>\n<p><ins>本章说明。</ins></p>" in to_html((change,))
    assert "<ins>第九章 附则</ins>\n\n<ins>本章说明。</ins>\n" in to_markdown((change,))


def test_golden_files_end_with_one_newline() -> None:
    for path in sorted(Path(GOLDEN).iterdir()):
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n"), path.name


def test_a_break_at_a_space_drops_only_the_space() -> None:
    change = Change("added", "a", None, "第一条", None, "甲" * 10 + " ，乙")
    assert to_term((change,), width=22).splitlines()[3:] == ["+ " + "甲" * 10, "  ，乙"]


def test_trailing_space_at_the_margin_adds_no_line() -> None:
    change = Change("added", "a", None, "第一条", None, "甲" * 10 + " ")
    assert to_term((change,), width=22).splitlines()[3:] == ["+ " + "甲" * 10]
