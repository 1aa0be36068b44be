"""Import never yields a structurally broken document: stray labels joined back, 一、 chapters
before 第一条, and the numbering and cross-reference checks of `check` run before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from policydiff.importing.stray_labels import join_stray_labels
from policydiff.importing.unwrap import Line
from policydiff.storage.repo import Repository
from tests.conftest import FIXTURES

SAFETY = FIXTURES / "import-safety"

JOINED_52 = (
    "line 5 joined to the line before it: “第五十二条 以及本规定第二条之…” starts with 第五十二条, which breaks "
    "the article sequence (expected 第四条), and the line before does not end a sentence"
)
GAP_52 = (
    "documents/stray-after-sentence/document.yaml:29:5: PD301 numbering gap: 第五十二条 follows 第三条; "
    "第四条 to 第五十一条 are missing"
)
# The 第四条 after 第五十二条 stays an article (issue 15, item 6: on d126d35 it became a 款 of
# 第五十二条, and the numbering check saw only a dangling reference to 第四条).
BACKWARDS_4 = (
    "documents/stray-after-sentence/document.yaml:33:5: PD303 numbering out of order: 第四条 follows 第五十二条"
)
GAP_ITEM = "documents/numbering-gap/document.yaml:30:9: PD301 in 第二条: numbering gap: （三） follows （一）; （二） is missing"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def lines(*texts: str, gap_at: int = -1) -> list[Line]:
    return [Line(no, text, no == gap_at) for no, text in enumerate(texts, start=1)]


# --- stray labels ----------------------------------------------------------------------------


def test_a_stray_article_label_mid_article_is_joined_with_a_warning(tmp_path: Path) -> None:
    source = SAFETY / "stray-article.txt"
    code, out, err = run(tmp_path, "import", str(source))
    assert (code, out) == (0, "documents/stray-article/document.yaml: 示例网络安全管理规定 (4 provisions)\n")
    assert err == f"{source}: warning: {JOINED_52}\n"
    doc = Repository(tmp_path).load("stray-article")
    assert [(p.id, p.text) for p in doc.walk()] == [
        ("a1", "为了加强本单位网络安全管理，制定本规定。"),
        ("a2", "本规定适用于本单位各部门及其工作人员。"),
        (
            "a3",
            "违反本规定，造成网络安全事件的，依照《中华人民共和国网络安全法》第五十二条 以及本规定第二条之规定处理。",
        ),
        ("a4", "本规定自发布之日起施行。"),
    ]


def test_the_same_label_after_a_finished_sentence_is_not_joined_and_import_refuses(tmp_path: Path) -> None:
    source = SAFETY / "stray-after-sentence.txt"
    repo = tmp_path / "repo"
    code, out, err = run(repo, "import", str(source))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        GAP_52,
        BACKWARDS_4,
        f"{source}: not imported: 2 problems in documents/stray-after-sentence/document.yaml; "
        "--allow-problems imports it anyway",
    ]
    assert not repo.exists()


def test_allow_problems_writes_the_document_and_lists_its_problems_as_warnings(tmp_path: Path) -> None:
    source = SAFETY / "stray-after-sentence.txt"
    code, out, err = run(tmp_path, "import", str(source), "--allow-problems")
    assert (code, out) == (0, "documents/stray-after-sentence/document.yaml: 示例网络安全管理规定 (5 provisions)\n")
    assert err.splitlines() == [f"{source}: warning: {GAP_52}", f"{source}: warning: {BACKWARDS_4}"]
    # The same lines `check` gives for the document once written.
    assert run(tmp_path, "check") == (1, f"{GAP_52}\n{BACKWARDS_4}\n", "policydiff check: 2 problems in 1 file\n")


def test_stray_item_and_point_labels_are_joined(tmp_path: Path) -> None:
    source = SAFETY / "stray-item-point.txt"
    code, out, err = run(tmp_path, "import", str(source))
    assert (code, out) == (0, "documents/stray-item-point/document.yaml: 示例检查工作方案 (8 provisions)\n")
    assert err.splitlines() == [
        f"{source}: warning: line 4 joined to the line before it: “（三）项规定的情况。” starts with （三）, which "
        "breaks the item sequence (expected （二）), and the line before does not end a sentence",
        f"{source}: warning: line 9 joined to the line before it: “3.点的要求开展自查。” starts with 3., which "
        "breaks the point sequence (expected 2.), and the line before does not end a sentence",
    ]
    assert run(tmp_path, "show", "stray-item-point")[1] == (
        "示例检查工作方案\n"
        "一、检查内容\n"
        "（一）制度建设情况。重点检查各单位落实本部分第（三）项规定的情况。\n"
        "（二）队伍建设情况。重点检查人员配备情况。\n"
        "（三）工作落实情况。重点检查工作台账。\n"
        "二、工作安排\n"
        "1.动员部署。各单位对照本部分第3.点的要求开展自查。\n"
        "2.检查落实。检查组到各单位实地检查。\n"
        "3.整改提高。各单位对照问题清单逐项整改。\n"
    )


def test_a_stray_subpoint_label_is_joined() -> None:
    body = lines("一、工作要求", "1.材料报送。按照通知第", "（3）条的要求报送。", "2.按时完成。")
    joined, warnings = join_stray_labels(body)
    assert [(line.no, line.text) for line in joined] == [
        (1, "一、工作要求"),
        (2, "1.材料报送。按照通知第（3）条的要求报送。"),
        (4, "2.按时完成。"),
    ]
    assert warnings == [
        "line 3 joined to the line before it: “（3）条的要求报送。” starts with （3）, which breaks the subpoint "
        "sequence (expected （1）), and the line before does not end a sentence"
    ]


def test_labels_are_not_joined_after_a_heading_across_a_blank_line_or_in_sequence() -> None:
    after_heading = lines("第一章 总则", "第三条 甲。", "附则", "第五条 乙。")
    after_gap = lines("第一条 依照", "第九条 规定。", gap_at=2)
    in_sequence = lines("第一条 依照", "第二条 乙。", "第二条之一 丙", "第三条 丁。")
    for body in (after_heading, after_gap, in_sequence):
        assert join_stray_labels(body) == (body, [])


# --- 一、 headings before 第一条 ----------------------------------------------------------------


def test_zh_comma_headings_before_the_first_article_import_as_chapters(tmp_path: Path) -> None:
    source = SAFETY / "chapters-zh-comma.txt"
    assert run(tmp_path, "import", str(source)) == (
        0,
        "documents/chapters-zh-comma/document.yaml: 示例档案管理办法 (8 provisions)\n",
        "",
    )
    doc = Repository(tmp_path).load("chapters-zh-comma")
    assert [(p.id, p.kind.value, p.num.value if p.num else None, p.heading, p.text) for p in doc.walk()] == [
        ("c1", "chapter", 1, "总则", None),
        ("a1", "article", 1, None, "为了规范档案管理，制定本办法。"),
        ("a2", "article", 2, None, "本办法适用于本单位各部门。"),
        ("c2", "chapter", 2, "管理职责", None),
        ("a3", "article", 3, None, "办公室负责档案的收集、整理和保管。"),
        ("a4", "article", 4, None, "各部门应当按时移交档案。"),
        ("c3", "chapter", 3, "附则", None),
        ("a5", "article", 5, None, "本办法自发布之日起施行。"),
    ]
    assert [c.id for c in doc.provisions] == ["c1", "c2", "c3"]
    assert doc.numbering.format_for(doc.provisions[0].kind).pattern == "{zh}、"
    assert run(tmp_path, "show", "chapters-zh-comma")[1] == source.read_text(encoding="utf-8")


# --- refusing documents with problems -------------------------------------------------------


def test_a_numbering_gap_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    source = SAFETY / "numbering-gap.txt"
    repo = tmp_path / "repo"
    code, out, err = run(repo, "import", str(source), "--id", "kaoqin")
    gap = GAP_ITEM.replace("numbering-gap", "kaoqin")
    assert (code, out) == (1, "")
    assert err == (
        f"{gap}\n{source}: not imported: 1 problem in documents/kaoqin/document.yaml; --allow-problems imports it anyway\n"
    )
    assert not repo.exists()
    code, out, err = run(repo, "import", str(source), "--id", "kaoqin", "--allow-problems")
    assert (code, out, err) == (
        0,
        "documents/kaoqin/document.yaml: 示例考勤管理办法 (5 provisions)\n",
        f"{source}: warning: {gap}\n",
    )
    assert files(repo) == [
        ".policydiff/schemas/document.schema.json",
        ".policydiff/schemas/event.schema.json",
        ".policydiff/schemas/notice.schema.json",
        "documents/kaoqin/document.yaml",
    ]


def _folder(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        shutil.copyfile(SAFETY / name, folder / name)
    return folder


def test_a_batch_refuses_each_document_with_problems_and_writes_the_others(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "chapters-zh-comma.txt", "numbering-gap.txt", "stray-article.txt")
    repo = tmp_path / "repo"
    code, out, err = run(repo, "import", str(folder), "--jobs", "2")
    assert code == 1
    assert out == (
        "documents/chapters-zh-comma/document.yaml: 示例档案管理办法 (8 provisions)\n"
        "documents/stray-article/document.yaml: 示例网络安全管理规定 (4 provisions)\n"
    )
    assert err.splitlines() == [
        GAP_ITEM,
        f"{folder / 'numbering-gap.txt'}: not imported: 1 problem in documents/numbering-gap/document.yaml; "
        "--allow-problems imports it anyway",
        f"{folder / 'stray-article.txt'}: warning: {JOINED_52}",
    ]
    assert files(repo) == [
        ".policydiff/schemas/document.schema.json",
        ".policydiff/schemas/event.schema.json",
        ".policydiff/schemas/notice.schema.json",
        "documents/chapters-zh-comma/document.yaml",
        "documents/stray-article/document.yaml",
    ]


def test_a_file_that_cannot_be_imported_outranks_a_refusal_in_the_exit_code(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "numbering-gap.txt")
    (folder / "empty.txt").write_bytes(b"")
    repo = tmp_path / "repo"
    code, out, err = run(repo, "import", str(folder), "--jobs", "2")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{folder / 'empty.txt'}: file is empty",
        GAP_ITEM,
        f"{folder / 'numbering-gap.txt'}: not imported: 1 problem in documents/numbering-gap/document.yaml; "
        "--allow-problems imports it anyway",
    ]
    assert not repo.exists()


@pytest.mark.parametrize(
    ("name", "slug", "line"),
    [
        ("repeated-article.txt", "repeated-article", 25),
        # A hard wrap put 第二条 at a line's start: that line reads as article 2, and the real one
        # repeats it. Refused, where it used to become a 款 of the wrapped one.
        ("wrapped-label.txt", "wrapped-label", 26),
    ],
)
def test_a_repeated_article_number_stays_an_article_and_import_refuses(
    tmp_path: Path, name: str, slug: str, line: int
) -> None:
    """Issue 15, item 6: on d126d35 the second 第二条 silently became a 款 of the first (exit 0)."""
    source = SAFETY / name
    code, out, err = run(tmp_path, "import", str(source))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"documents/{slug}/document.yaml:{line}:5: PD302 duplicate number: two provisions numbered 第二条 (a2, a2~2)",
        f"{source}: not imported: 1 problem in documents/{slug}/document.yaml; --allow-problems imports it anyway",
    ]
    assert not (tmp_path / "documents").exists()


# Issue 15, item 6: a text too short for the wrap count (fewer than 8 lines). On 202e150 each
# was imported silently: the wrapped-off line became a 款 of its article (exit 0, no warning).
UNWRAPPED = {
    "short-wrapped.txt": (
        "25",
        "示例办法 (3 provisions)",
        "示例办法\n第一条 为了规范示例工作，根据有关规定，结合本单位实际，制定本办法。\n"
        "第二条 本办法适用于本单位各部门开展的示例工作和相关活动。\n第三条 本办法自公布之日起施行，由办公室负责解释。\n",
    ),
    "short-wrapped-digits.txt": (
        "26",
        "示例档案管理办法 (2 provisions)",
        "示例档案管理办法\n第一条 为了规范2021年以来的档案工作，根据有关规定，制定本办法。\n"
        "第二条 本办法适用于本单位各部门在2022年度开展的档案整理工作。\n",
    ),
}


@pytest.mark.parametrize("name", sorted(UNWRAPPED))
def test_a_short_hard_wrapped_text_is_unwrapped(tmp_path: Path, name: str) -> None:
    source = SAFETY / name
    wide, written, text = UNWRAPPED[name]
    assert run(tmp_path, "import", str(source), "--id", "x") == (
        0,
        f"documents/x/document.yaml: {written}\n",
        f"{source}: warning: hard-wrapped text (lines about {wide} characters wide): lines joined into paragraphs\n",
    )
    assert run(tmp_path, "show", "x") == (0, text, "")


REFUSED_BREAKS = {
    "short-break-once.txt": ("2:26", "2", "3", "…定，结合本单位实", "际，制定本办法。…"),
    "short-break-comma.txt": ("2:27", "2", "3", "…例》和有关规定，", "结合本单位实际，…"),
    "short-break-uneven.txt": ("2:25", "2", "3", "…规定，结合本单位", "实际，制定本办法…"),
}


@pytest.mark.parametrize("name", sorted(REFUSED_BREAKS))
def test_a_short_text_broken_mid_sentence_is_refused(tmp_path: Path, name: str) -> None:
    source = SAFETY / name
    where, stops, goes_on, tail, head = REFUSED_BREAKS[name]
    message = (
        f"{source}:{where}: line {stops} stops mid-sentence (“{tail}”) and line {goes_on} goes on (“{head}”): "
        f"a text this short does not show whether it is hard-wrapped; join the two lines, or end line {stops} "
        "with its mark\n"
    )
    assert run(tmp_path, "import", str(source), "--id", "x") == (2, "", message)
    assert not (tmp_path / "documents").exists()


def test_short_headings_and_a_lost_mark_before_a_label_are_kept(tmp_path: Path) -> None:
    """The break rule does not fire on headings, nor on a line whose next line starts a provision."""
    source = SAFETY / "short-headings.txt"
    assert run(tmp_path, "import", str(source), "--id", "x")[0] == 0
    assert run(tmp_path, "show", "x") == (0, source.read_text(encoding="utf-8"), "")
