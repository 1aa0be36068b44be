"""Never silently wrong: what applying does that the notice does not say is said, or refused.

Each case on a small document, through the library (the text and ``Applied.warnings``) and,
for the main ones, through ``policydiff apply`` (stdout, stderr lines, exit code).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.crossref.amend import apply_items
from policydiff.model.plaintext import to_text
from policydiff.notice.apply import ApplyError
from policydiff.notice.ops import DeleteProvision, Item
from policydiff.notice.rules import parse_item
from tests.conftest import SMALL_LEGAL, doc_from_text
from tests.test_cli import files, run

DOC = """示例办法
第一条 为了规范管理、加强监督，制定本办法。
第二条 本办法所称单位，包括：
（一）甲；
（二）乙；
（三）丙；
（四）丁；
（五）戊。
第三条 单位应当报告。
单位应当每半年报告一次，每半年公布一次。
违反本条第四款的，依照第五条处理。
单位应当公开。
第四条 依照第三条第二款处理。
第五条 本办法的解释单位为办公室、人事处。
"""

ARTICLE_GAP = (
    "item 1: deleting 第二条 leaves a gap before 第三条: state the renumbering "
    "(条文顺序作相应调整, or the new numbers) or keep 第二条 vacant (renumber: false)"
)


def _apply(wordings: list[str], document: str = DOC) -> tuple[str, tuple[str, ...]]:
    items = [parse_item(str(n), wording) for n, wording in enumerate(wordings, 1)]
    applied = apply_items(doc_from_text(document), items)
    return to_text(applied.document), applied.warnings


def _refused(wordings: list[str], document: str = DOC) -> str:
    with pytest.raises(ApplyError) as info:
        _apply(wordings, document)
    return info.value.message


def _lines(*changed: tuple[int, str]) -> str:
    lines = DOC.splitlines()
    for at, line in changed:
        lines[at] = line
    return "".join(line + "\n" for line in lines if line)


# --- numbering: deletions ----------------------------------------------------------------------


def test_deleting_an_item_in_the_middle_moves_the_later_ones_up_and_says_so() -> None:
    text, warnings = _apply(["删去第二条第三项。"])
    assert text == _lines((5, ""), (6, "（三）丁；"), (7, "（四）戊。"))
    assert warnings == (
        "item 1: 第二条第（四）项 renumbered 第（三）项 after 第二条第（三）项 was deleted",
        "item 1: 第二条第（五）项 renumbered 第（四）项 after 第二条第（三）项 was deleted",
    )


def test_deleting_a_point_in_the_middle_moves_the_later_ones_up_and_says_so() -> None:
    document = "规定\n第一条 下列情形：\n（一）甲；\n（二）乙：\n1.子；\n2.丑；\n3.寅。\n"
    text, warnings = _apply(["删去第一条第二项第二目。"], document)
    assert text == "规定\n第一条 下列情形：\n（一）甲；\n（二）乙：\n1.子；\n2.寅。\n"
    assert warnings == ("item 1: 第一条第（二）项第三目 renumbered 第二目 after 第一条第（二）项第二目 was deleted",)


def test_deleting_an_article_in_the_middle_without_a_stated_renumbering_is_refused() -> None:
    assert _refused(["删去第二条。"]) == ARTICLE_GAP


def test_deleting_a_chapter_in_the_middle_without_a_stated_renumbering_is_refused() -> None:
    assert _refused(["删去第一章。"], SMALL_LEGAL) == (
        "item 1: deleting 第一章 leaves a gap before 第二章: state the renumbering (the new numbers) "
        "or keep 第一章 vacant (renumber: false)"
    )


def test_an_article_kept_vacant_by_its_operation_is_said() -> None:
    item = Item("1", "删去第二条。", (DeleteProvision("第二条", renumber=False),))
    applied = apply_items(doc_from_text(DOC), [item])
    assert to_text(applied.document) == "".join(
        line + "\n" for n, line in enumerate(DOC.splitlines()) if not 2 <= n <= 7
    )
    assert applied.warnings == ("item 1: 第二条 was deleted; its number stays vacant (renumber: false)",)


def test_deleting_the_last_item_is_no_gap_and_the_new_last_takes_the_final_mark() -> None:
    text, warnings = _apply(["删去第二条第五项。"])
    assert text == _lines((6, "（四）丁。"), (7, ""))
    assert warnings == ("item 1: 第二条第（四）项 now ends the list: its “；” becomes “。”",)


def test_deleting_a_paragraph_needs_no_renumbering_and_says_which_references_change() -> None:
    # 款 are counted: the old 第四款 is now the third, and the reference to it follows; the
    # reference to the deleted 款 now names the next one, which is said.
    text, warnings = _apply(["删去第三条第二款。"])
    assert text == _lines((9, ""), (10, "违反本条第三款的，依照第五条处理。"))
    assert warnings == (
        "reference in a3-p3 follows the renumbering: “本条第四款” now reads “本条第三款”",
        "reference in a4 changes meaning: “第三条第二款” named a3-p2 (deleted), now a3-p3",
    )


def test_deleting_a_paragraph_takes_the_list_it_introduces() -> None:
    document = "规定\n第一条 甲：\n（一）乙；\n（二）丙。\n丁：\n（一）戊；\n（二）己。\n庚。\n"
    text, warnings = _apply(["删去第一条第二款。"], document)
    assert (text, warnings) == ("规定\n第一条 甲：\n（一）乙；\n（二）丙。\n庚。\n", ())


# --- numbering: insertions ---------------------------------------------------------------------


def test_inserting_an_item_without_a_stated_renumbering_moves_the_later_ones_down_and_says_so() -> None:
    text, warnings = _apply(["在第二条中增加一项，作为第二项：“己”。"])
    items = ["（一）甲；", "（二）己；", "（三）乙；", "（四）丙；", "（五）丁；", "（六）戊。"]
    assert text.splitlines()[3:9] == items
    assert warnings == tuple(
        f"item 1: 第二条第（{old}）项 renumbered 第（{new}）项 after a new 第二条第（二）项 was added"
        for old, new in (("二", "三"), ("三", "四"), ("四", "五"), ("五", "六"))
    )


def test_inserting_a_last_item_says_the_old_last_one_loses_its_final_mark() -> None:
    text, warnings = _apply(["在第二条中增加一项，作为第六项：“己”。"])
    assert text.splitlines()[7:10] == ["（五）戊；", "（六）己。", "第三条 单位应当报告。"]
    assert warnings == ("item 1: 第二条第（五）项 no longer ends the list: its “。” becomes “；”",)


def test_inserting_an_article_without_a_stated_renumbering_moves_the_later_ones_and_says_so() -> None:
    text, warnings = _apply(["增加一条，作为第五条：“本办法由办公室负责实施。”"])
    assert text.splitlines()[-2:] == ["第五条 本办法由办公室负责实施。", "第六条 本办法的解释单位为办公室、人事处。"]
    assert warnings == (
        "item 1: 第五条 renumbered 第六条 after a new 第五条 was added",
        "reference in a3-p3 follows the renumbering: “第五条” now reads “第六条”",
    )


# --- numbering the notice states: no note ------------------------------------------------------


@pytest.mark.parametrize(
    ("wordings", "lines"),
    [
        (
            ["删去第二条第三项，第四项至第五项相应改为第三项至第四项。"],
            ["（一）甲；", "（二）乙；", "（三）丁；", "（四）戊。"],
        ),
        (
            ["删去第二条第三项。第四项、第五项相应改为第三项、第四项。"],
            ["（一）甲；", "（二）乙；", "（三）丁；", "（四）戊。"],
        ),
        (
            ["在第二条中增加一项，作为第二项：“己”，第二项至第五项相应改为第三项至第六项。"],
            ["（一）甲；", "（二）己；", "（三）乙；", "（四）丙；", "（五）丁；", "（六）戊。"],
        ),
    ],
)
def test_a_renumbering_the_notice_states_gets_no_note(wordings: list[str], lines: list[str]) -> None:
    text, warnings = _apply(wordings)
    assert text.splitlines()[3 : 3 + len(lines)] == lines
    assert text.splitlines()[3 + len(lines)] == "第三条 单位应当报告。"
    assert warnings == ()


def test_an_article_deleted_and_the_articles_resequenced_gets_no_numbering_note() -> None:
    text, warnings = _apply(["删去第二条。", "条文顺序作相应调整。"])
    assert text == (
        "示例办法\n第一条 为了规范管理、加强监督，制定本办法。\n第二条 单位应当报告。\n"
        "单位应当每半年报告一次，每半年公布一次。\n违反本条第四款的，依照第四条处理。\n单位应当公开。\n"
        "第三条 依照第二条第二款处理。\n第四条 本办法的解释单位为办公室、人事处。\n"
    )
    assert warnings == (
        "reference in a3-p3 follows the renumbering: “第五条” now reads “第四条”",
        "reference in a4 follows the renumbering: “第三条第二款” now reads “第二条第二款”",
    )


# --- words -------------------------------------------------------------------------------------


def test_words_added_at_the_start_without_a_mark_are_joined_by_a_semicolon_and_it_is_said() -> None:
    text, warnings = _apply(["在第三条第一款开始部分增加“本办法所称报告，是指书面报告”。"])
    assert text == _lines((8, "第三条 本办法所称报告，是指书面报告；单位应当报告。"))
    assert warnings == (
        "item 1: 第三条第一款: “本办法所称报告，是指书面报告” ends in no mark: “；” joins it to the text after it",
    )


def test_words_added_at_the_start_with_their_own_mark_join_as_quoted() -> None:
    assert _apply(["在第三条第一款开始部分增加“原则上，”。"]) == (_lines((8, "第三条 原则上，单位应当报告。")), ())


def test_words_added_at_the_start_of_a_sentence_go_before_it() -> None:
    text, warnings = _apply(["在第三条第二款第二句开始部分增加“原则上，”。"], "规定\n第三条 甲。\n乙。丙。\n")
    assert (text, warnings) == ("规定\n第三条 甲。\n乙。原则上，丙。\n", ())


def test_quoted_words_found_twice_are_refused_not_guessed() -> None:
    # 每半年 twice in 第三条第二款: the notice must say which (occurrence) or all (every).
    assert _refused(["将第三条第二款中的“每半年”修改为“每年”。"]) == (
        "item 1: 第三条第二款: “每半年” occurs 2 times; state which occurrence"
    )


def test_a_mark_a_deletion_would_leave_dangling_goes_with_the_words_and_it_is_said() -> None:
    text, warnings = _apply(["删去第一条中的“加强监督”。", "删去第五条中的“人事处”。"])
    assert text == _lines((1, "第一条 为了规范管理，制定本办法。"), (13, "第五条 本办法的解释单位为办公室。"))
    assert warnings == (
        "item 1: 第一条: deleting “加强监督” leaves “、，”: the “、” is deleted with it",
        "item 2: 第五条: deleting “人事处” leaves “、。”: the “、” is deleted with it",
    )


def test_a_deletion_that_quotes_its_mark_needs_no_note() -> None:
    assert _apply(["删去第五条中的“、人事处”。"]) == (_lines((13, "第五条 本办法的解释单位为办公室。")), ())


@pytest.mark.parametrize(
    ("text", "words", "result", "left"),
    [
        ("甲，乙，丙。", "乙", "甲，丙。", "“，，”: the “，” is deleted with it"),
        ("甲，乙、丙。", "乙", "甲，丙。", "“，、”: the “、” is deleted with it"),
        ("甲。乙，丙。", "乙", "甲。丙。", "“。，”: the “，” is deleted with it"),
        ("乙，甲。", "乙", "甲。", "“，” at the start: the “，” is deleted with it"),
        ("甲；乙；丙。", "乙", "甲；丙。", "“；；”: the “；” is deleted with it"),
    ],
)
def test_no_dangling_mark_in_any_position(text: str, words: str, result: str, left: str) -> None:
    assert _apply([f"删去第一条中的“{words}”。"], f"规定\n第一条 {text}\n") == (
        f"规定\n第一条 {result}\n",
        (f"item 1: 第一条: deleting “{words}” leaves {left}",),
    )


# --- through the command line ------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    source = tmp_path / "demo.txt"
    source.write_text(DOC, encoding="utf-8")
    assert run(tmp_path, "import", str(source), "--id", "demo", "--date", "2021-01-01")[0] == 0
    return tmp_path


def _notice(repo: Path, *wordings: str) -> Path:
    notice = repo / "notice.txt"
    body = "".join(f"{n}.{w}\n" for n, w in enumerate(wordings, 1))
    notice.write_text(f"关于修改的通知\n各部门：\n现修改如下：\n{body}", encoding="utf-8")
    return notice


def test_cli_says_each_renumbered_provision_and_each_tidied_mark(repo: Path) -> None:
    notice = _notice(repo, "删去第二条第三项。", "删去第三条第二款。", "删去第五条中的“人事处”。")
    code, out, err = run(repo, "apply", "demo", str(notice))
    assert code == 0
    assert err.splitlines() == [
        f"{notice}: warning: item 1: 第二条第（四）项 renumbered 第（三）项 after 第二条第（三）项 was deleted",
        f"{notice}: warning: item 1: 第二条第（五）项 renumbered 第（四）项 after 第二条第（三）项 was deleted",
        f"{notice}: warning: item 3: 第五条: deleting “人事处” leaves “、。”: the “、” is deleted with it",
        f"{notice}: warning: reference in a3-p3 follows the renumbering: “本条第四款” now reads “本条第三款”",
        f"{notice}: warning: reference in a4 changes meaning: “第三条第二款” named a3-p2 (deleted), now a3-p3",
    ]
    assert out.splitlines()[-1] == "applied 3 items to demo, recorded as documents/demo/events/001-amend"
    _, shown, _ = run(repo, "show", "demo")
    assert shown.splitlines()[3:7] == ["（一）甲；", "（二）乙；", "（三）丁；", "（四）戊。"]
    assert shown.splitlines()[-1] == "第五条 本办法的解释单位为办公室。"


def test_cli_says_nothing_when_the_notice_states_the_renumbering(repo: Path) -> None:
    notice = _notice(repo, "删去第二条第三项，第四项至第五项相应改为第三项至第四项。")
    code, out, err = run(repo, "apply", "demo", str(notice), "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "would apply 1 item to demo"


@pytest.mark.parametrize(
    ("wording", "message"),
    [
        ("删去第二条。", ARTICLE_GAP),
        (
            "将第三条第二款中的“每半年”修改为“每年”。",
            "item 1: 第三条第二款: “每半年” occurs 2 times; state which occurrence",
        ),
    ],
)
def test_cli_refuses_with_one_line_exit_1_and_writes_nothing(repo: Path, wording: str, message: str) -> None:
    notice = _notice(repo, wording)
    before = files(repo)
    assert run(repo, "apply", "demo", str(notice)) == (1, "", f"{notice}: {message}\n")
    assert files(repo) == before
