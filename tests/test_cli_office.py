"""Word output on the command line: ``render --format docx`` and ``diff --format docx``.

The .docx bytes are opened again with python-docx; paragraphs and table cells
are compared with ``show`` and the Markdown comparison table, exactly.
"""

from __future__ import annotations

import io
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from policydiff.cli import cli
from tests.conftest import FIXTURES
from tests.test_cli import run

ROOT = Path(__file__).parent.parent
FJWY = "fjwy-network-ideology"
TITLE = "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法"
NOTICE = f"闽卫院委宣〔2021〕6 号 关于重新修订印发《{TITLE}》的通知"
REFUSAL = "policydiff: refusing to write a .docx file to a terminal; give -o FILE or redirect stdout\n"


@pytest.fixture(scope="module")
def builtin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "documents", root / "documents")
    return root


def invoke(root: Path, *args: str) -> tuple[int, bytes, str]:
    """Exit code, stdout as bytes, stderr."""
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.stdout_bytes, result.stderr


def opened(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def margins_mm(section: Any) -> tuple[float, ...]:
    sides = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    return tuple(round(m.mm, 1) for m in sides)


# ---------------------------------------------------------------- render --format docx


#: The headnote (题注) the text template and the .docx put under fjwy's title (tests/test_headnote.py).
HEADNOTE = (
    "（中共福建卫生职业技术学院委员会印发　2021年3月12日起施行　"
    "根据2021年5月21日《关于重新修订印发〈中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法〉的通知》"
    "（闽卫院委宣〔2021〕6号）修改）"
)


def _with_headnote(lines: list[str], headnote: str, status: str = "效力状态：现行有效") -> list[str]:
    return [lines[0], headnote, status, *lines[1:]]


def test_render_docx_paragraphs_are_the_lines_of_show(builtin: Path) -> None:
    code, data, err = invoke(builtin, "render", FJWY, "--format", "docx")
    assert (code, err) == (0, "")
    assert data.startswith(b"PK\x03\x04")
    document = opened(data)
    texts = [p.text for p in document.paragraphs]
    assert texts[:5] == [
        TITLE,
        HEADNOTE,
        "效力状态：现行有效",
        "互联网已经成为意识形态斗争的主战场、主阵地、最前沿，网络意识形态工作是意识形态工作的重中之重。为了进一步加强和改进网络意识形态工作，明确党委领导班子、领导干部网络意识形态工作责任，根据上级中共中央办公厅印发的《党委（党组）网络意识形态工作责任制实施细则》精神，现结合学校实际，修订本办法。",
        "一、指导思想",
    ]
    _, shown, _ = run(builtin, "show", FJWY)
    assert texts == _with_headnote(shown.splitlines(), HEADNOTE)  # the headnote and status, then show's lines
    assert len(texts) == 48
    assert document.paragraphs[0].style.name == "Title"


def test_render_docx_page_is_portrait_a4_with_the_standard_margins(builtin: Path) -> None:
    section = opened(invoke(builtin, "render", FJWY, "--format", "docx")[1]).sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210.0, 297.0)
    assert margins_mm(section) == (37.0, 35.0, 28.0, 26.0)


def test_render_docx_at_the_first_version(builtin: Path) -> None:
    code, data, _ = invoke(builtin, "render", FJWY, "--format", "docx", "--at", "v1")
    _, shown, _ = run(builtin, "show", FJWY, "--at", "v1")
    assert code == 0
    v1 = "（中共福建卫生职业技术学院委员会印发　2021年3月12日起施行）"
    assert [p.text for p in opened(data).paragraphs] == _with_headnote(shown.splitlines(), v1, "效力状态：已被修改")
    assert len(shown.splitlines()) == 45


def test_render_docx_to_a_file(builtin: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "fjwy.docx"
    assert invoke(builtin, "render", FJWY, "--format", "docx", "-o", str(target)) == (
        0,
        f"wrote {target}\n".encode(),
        "",
    )
    assert target.read_bytes() == invoke(builtin, "render", FJWY, "--format", "docx")[1]
    assert sorted(p.name for p in target.parent.iterdir()) == ["fjwy.docx"]


def test_render_docx_unknown_version_writes_nothing(builtin: Path, tmp_path: Path) -> None:
    target = tmp_path / "fjwy.docx"
    assert invoke(builtin, "render", FJWY, "--format", "docx", "--at", "v9", "-o", str(target)) == (
        2,
        b"",
        "policydiff: fjwy-network-ideology has versions 1 to 2, not 9\n",
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [[], ["--template", "document.txt.j2", "--format", "docx"]])
def test_render_takes_a_template_or_a_format(builtin: Path, args: list[str]) -> None:
    assert invoke(builtin, "render", FJWY, *args) == (
        2,
        b"",
        "Usage: cli render [OPTIONS] SLUG\nTry 'cli render --help' for help.\n\n"
        "Error: give one of --template NAME and --format docx\n",
    )


def test_render_template_still_prints_text(builtin: Path, tmp_path: Path) -> None:
    code, out, err = run(builtin, "render", FJWY, "--template", "document.txt.j2")
    _, shown, _ = run(builtin, "show", FJWY)
    lines = shown.split("\n")
    rendered = "\n".join([lines[0], HEADNOTE, *lines[1:]])  # the text template shows no status line
    assert (code, out, err) == (0, rendered, "")
    target = tmp_path / "fjwy.txt"
    assert run(builtin, "render", FJWY, "--template", "document.txt.j2", "-o", str(target)) == (
        0,
        f"wrote {target}\n",
        "",
    )
    assert target.read_text(encoding="utf-8") == rendered


# ---------------------------------------------------------------- diff --format docx


def golden_table() -> list[list[str]]:
    """The rows of the Markdown comparison table of the fjwy notice, without the ** and ~~ marks."""
    lines = (FIXTURES / "render" / "fjwy-compare.md").read_text(encoding="utf-8").splitlines()
    rows = [line.removeprefix("| ").removesuffix(" |").split(" | ") for line in lines if line.startswith("| ")]
    return [[cell.replace("**", "").replace("~~", "") for cell in row] for row in rows if row[0] != "---"]


def test_diff_docx_is_the_comparison_table_of_the_notice(builtin: Path) -> None:
    code, data, err = invoke(builtin, "diff", FJWY, "v1", "v2", "--format", "docx")
    assert (code, err) == (1, "")
    document = opened(data)
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs == [
        f"{TITLE}\n修订对照表",
        NOTICE,
        "仅序号调整、内容未改：通知第11点：序号调整：四、（三）9. → 四、（三）10.，内容未改。",
    ]
    [table] = document.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == golden_table()
    assert cells[0] == ["原条文", "修订后条文", "说明"]
    assert [row[2] for row in cells[1:]] == [
        "三、（二）第1段：通知第1点：修改",
        "三、（二）1.：通知第2点：修改",
        "三、（二）3.：通知第3点：修改",
        "三、（二）6.：通知第4点：修改",
        "三、（二）7.：通知第5点：修改",
        "四、（二）1.：通知第6点：修改",
        "四、（二）2.：通知第7点：修改",
        "四、（二）4.：通知第8点：修改",
        "四、（二）5.：通知第9点：修改",
        "四、（三）5.：通知第10点：修改",
        "四、（三）9.：通知第11点：新增",
    ]
    assert cells[11][0] == ""
    assert (
        cells[11][1]
        == "9.贯彻党中央关于网络意识形态工作的决策部署存在只表态不落实、热衷于搞舆论造势、不见诸行动等形式主义、官僚主义行为，造成严重不良影响的。"
    )


def test_diff_docx_of_a_constitutional_amendment_names_its_articles(builtin: Path) -> None:
    """Failed on 49a027a: the 说明 cells read ``序言第7段：第第三十二条项：修改``."""
    code, data, err = invoke(builtin, "diff", "prc-constitution", "v5", "v6", "--format", "docx")
    assert (code, err) == (1, "")
    [table] = opened(data).tables
    assert [row.cells[2].text for row in table.rows[1:3]] == [
        "序言第7段：宪法修正案第三十二条：修改",
        "序言第10段：宪法修正案第三十三条：修改",
    ]


def test_diff_docx_marks_deleted_and_inserted_words(builtin: Path) -> None:
    [table] = opened(invoke(builtin, "diff", FJWY, "v1", "v2", "--format", "docx")[1]).tables
    old = table.rows[7].cells[0].paragraphs[0]
    assert [(r.text, bool(r.font.strike)) for r in old.runs if r.font.strike] == [("半", True)]
    new = table.rows[9].cells[1].paragraphs[0]
    marked = [r.text for r in new.runs if r.font.bold and r.font.underline]
    assert marked == ["每年向", "报告本年度网络意识形态工作情况和下年度工作重点安排"]
    assert table.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_diff_docx_page_is_landscape_a4(builtin: Path) -> None:
    section = opened(invoke(builtin, "diff", FJWY, "v1", "v2", "--format", "docx")[1]).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (297.0, 210.0)
    assert margins_mm(section) == (37.0, 35.0, 28.0, 26.0)


def test_diff_docx_by_dates_is_the_same_file(builtin: Path) -> None:
    by_version = invoke(builtin, "diff", FJWY, "v1", "v2", "--format", "docx")
    assert invoke(builtin, "diff", FJWY, "2021-03-12", "2021-05-21", "--format", "docx") == by_version


def test_diff_docx_of_equal_versions_exits_0(builtin: Path) -> None:
    code, data, err = invoke(builtin, "diff", FJWY, "v2", "2021-06-01", "--format", "docx")
    assert (code, err) == (0, "")
    document = opened(data)
    assert [p.text for p in document.paragraphs] == [f"{TITLE}\n修订对照表", "v2 → 2021-06-01"]
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [["原条文", "修订后条文", "说明"]]


def test_diff_docx_of_two_documents_names_the_sides(builtin: Path) -> None:
    code, data, _ = invoke(
        builtin, "diff", "datong-network-ideology", "v1", "cqu-materials-network-ideology", "--format", "docx"
    )
    document = opened(data)
    assert code == 1
    assert document.paragraphs[1].text == "v1 → cqu-materials-network-ideology"
    notes = [row.cells[2].text for row in document.tables[0].rows[1:]]
    assert notes and not [n for n in notes if "项：" in n]


def test_diff_docx_to_a_file(builtin: Path, tmp_path: Path) -> None:
    target = tmp_path / "compare.docx"
    assert invoke(builtin, "diff", FJWY, "v1", "v2", "--format", "docx", "-o", str(target)) == (
        1,
        f"wrote {target}\n".encode(),
        "",
    )
    assert target.read_bytes() == invoke(builtin, "diff", FJWY, "v1", "v2", "--format", "docx")[1]


def test_diff_text_formats_to_a_file(builtin: Path, tmp_path: Path) -> None:
    target = tmp_path / "fjwy.md"
    code, out, err = run(builtin, "diff", FJWY, "2021-03-12", "2021-05-21", "--format", "md", "-o", str(target))
    assert (code, out, err) == (1, f"wrote {target}\n", "")
    assert target.read_text(encoding="utf-8") == (FIXTURES / "diff" / "fjwy.md").read_text(encoding="utf-8")


def test_diff_docx_unknown_version_writes_nothing(builtin: Path, tmp_path: Path) -> None:
    target = tmp_path / "compare.docx"
    assert invoke(builtin, "diff", FJWY, "v1", "v9", "--format", "docx", "-o", str(target)) == (
        2,
        b"",
        "policydiff: fjwy-network-ideology has versions 1 to 2, not 9\n",
    )
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- help and the terminal


def test_help_names_the_docx_format_and_the_exit_codes(builtin: Path) -> None:
    render_help = " ".join(run(builtin, "render", "--help")[1].split())
    assert (
        "--format [docx] Instead of a template: the text as a Word file (GB/T 9704 layout), to -o FILE or a pipe."
        in render_help
    )
    assert "--format docx: the text as a Word file in the GB/T 9704 layout. Give one of the two." in render_help
    diff_help = " ".join(run(builtin, "diff", "--help")[1].split())
    assert "--format [term|json|md|html|docx]" in diff_help
    assert (
        "Exit code 0 when they are equal, 1 when they differ (in every format, also when the output is written with -o)."
        in diff_help
    )


@pytest.mark.parametrize(
    "args",
    [["render", FJWY, "--format", "docx"], ["diff", FJWY, "v1", "v2", "--format", "docx"]],
    ids=["render", "diff"],
)
def test_docx_is_not_written_to_a_terminal(builtin: Path, args: list[str]) -> None:
    """A real process whose stdout is a pseudo-terminal: one line on stderr, exit 2, nothing on the terminal."""
    master, slave = pty.openpty()
    command = [sys.executable, "-m", "policydiff", "--root", str(builtin), *args]
    try:
        done = subprocess.run(command, stdout=slave, stderr=subprocess.PIPE, timeout=60, check=False)
    finally:
        os.close(slave)
    os.set_blocking(master, False)
    try:
        shown = os.read(master, 1024)
    except OSError:  # nothing written: EAGAIN, or EIO once the terminal's other end is closed
        shown = b""
    finally:
        os.close(master)
    assert (done.returncode, done.stderr.decode(), shown) == (2, REFUSAL, b"")
