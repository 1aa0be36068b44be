"""`policydiff check`: a suite of broken repositories, each problem with its exact code, line and message.

Each folder of tests/fixtures/check/ other than base/ is one broken repository: base/ with
the files under its files/ laid over it and the paths in its delete.txt removed. Its
expected.txt is the exact output of `policydiff check` on it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policydiff.app.check import check, render, textconv
from policydiff.app.checks import CHECKS, CODES
from policydiff.app.checks.context import DocumentCheck, EventFiles, Problem, SourceFile
from policydiff.app.checks.replay import ids_not_reused
from policydiff.errors import PolicyDiffError
from policydiff.history import Event, Version
from policydiff.notice.record import Notice
from policydiff.storage import yamlio
from policydiff.storage.repo import Repository
from tests.conftest import FIXTURES, doc_from_text
from tests.test_cli import run

CHECK = FIXTURES / "check"
BASE = CHECK / "base"
CASES = sorted(p.name for p in CHECK.iterdir() if p.is_dir() and p.name != "base")
BUILTIN = Path(__file__).parent.parent / "documents"


def broken(tmp_path: Path, case: str) -> Path:
    """The repository of *case*: base/ overlaid with its files/, minus its delete.txt."""
    root = tmp_path / case
    shutil.copytree(BASE, root)
    if (CHECK / case / "files").is_dir():
        shutil.copytree(CHECK / case / "files", root, dirs_exist_ok=True)
    deleted = CHECK / case / "delete.txt"
    for line in deleted.read_text("utf-8").splitlines() if deleted.is_file() else []:
        (root / line).unlink()
    for folder in sorted((root / "documents").rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return root


def expected(case: str) -> list[str]:
    return (CHECK / case / "expected.txt").read_text("utf-8").splitlines()


@pytest.mark.parametrize("case", CASES)
def test_each_broken_repository_reports_exactly_its_problems(tmp_path: Path, case: str) -> None:
    problems = check(Repository(broken(tmp_path, case)))
    assert [str(p) for p in problems] == expected(case)
    assert len(set(problems)) == len(problems)  # each problem once
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


def test_the_suite_covers_at_least_twelve_kinds_of_problem() -> None:
    codes = {line.split(": ", 1)[1].split(" ", 1)[0] for case in CASES for line in expected(case)}
    assert len(codes) >= 12
    assert codes <= set(CODES)


def test_every_code_is_documented_and_reported_by_some_check() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    reported = {code for row in CHECKS for code in row.codes}
    assert reported == set(CODES)
    assert all(f"| `{code}` |" in readme for code in CODES)


def test_base_repository_is_clean(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "repo")
    assert check(Repository(tmp_path / "repo")) == []


def test_builtin_documents_pass(tmp_path: Path) -> None:
    shutil.copytree(BUILTIN, tmp_path / "documents")
    assert run(tmp_path, "check") == (0, "", "")


def test_cli_text_output_exit_code_and_summary(tmp_path: Path) -> None:
    root = broken(tmp_path, "gap")
    code, out, err = run(root, "check")
    assert (code, out.splitlines(), err) == (1, expected("gap"), "policydiff check: 1 problem in 1 file\n")
    assert run(root, "check", "--exit-zero")[0] == 0


def test_cli_json_keeps_chinese_readable(tmp_path: Path) -> None:
    code, out, _ = run(broken(tmp_path, "dangling"), "check", "--format", "json")
    assert code == 1
    assert "第九条" in out
    assert json.loads(out) == {
        "version": 1,
        "problems": [
            {
                "file": "documents/demo/document.yaml",
                "line": 63,
                "column": 9,
                "code": "PD601",
                "message": "第五条: reference “本办法第九条”: there is no 第九条",
            }
        ],
    }


def test_cli_github_annotations(tmp_path: Path) -> None:
    code, out, _ = run(broken(tmp_path, "gap"), "check", "--format", "github")
    assert (code, out) == (
        1,
        "::error file=documents/demo/document.yaml,line=71,col=9,title=PD301::"
        "numbering gap: 第七条 follows 第五条; 第六条 is missing\n",
    )


def test_github_escapes_what_a_workflow_command_cannot_hold() -> None:
    problem = Problem("a,b:c.yaml", 1, 2, "PD101", "50% wrong\nsecond line")
    assert (
        render([problem], "github")
        == "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=PD101::50%25 wrong%0Asecond line\n"
    )


def test_paths_choose_documents(tmp_path: Path) -> None:
    root = broken(tmp_path, "gap")
    shutil.copytree(BUILTIN / "fjwy-network-ideology", root / "documents" / "fjwy-network-ideology")
    assert run(root, "check", str(root / "documents" / "fjwy-network-ideology"))[:2] == (0, "")
    code, out, _ = run(root, "check", str(root / "documents" / "demo" / "document.yaml"))
    assert (code, out.splitlines()) == (1, expected("gap"))


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "repo")
    root = tmp_path / "repo"
    assert run(root, "check", str(root / "nowhere")) == (2, "", f"policydiff: no such file or folder: {root}/nowhere\n")


def test_paths_outside_documents_and_notices_choose_nothing(tmp_path: Path) -> None:
    root = broken(tmp_path, "gap")
    (root / "README.md").write_text("hello\n", "utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "x.html").write_text("x\n", "utf-8")
    assert run(root, "check", str(root / "README.md"), str(root / "templates" / "x.html")) == (0, "", "")
    code, out, _ = run(root, "check", str(root / "README.md"), str(root / "documents" / "demo" / "document.yaml"))
    assert (code, out.splitlines()) == (1, expected("gap"))


def test_outside_the_repository_and_no_documents_folder_are_usage_errors(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "repo")
    code, _, err = run(tmp_path / "repo", "check", str(tmp_path))
    assert (code, err) == (2, f"policydiff: {tmp_path} is outside the repository {tmp_path / 'repo'}\n")
    code, _, err = run(tmp_path, "check")
    assert (code, err) == (2, f"policydiff: no documents/ folder in {tmp_path}: not a policy repository\n")


def test_a_document_folder_without_its_file(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "repo")
    (tmp_path / "repo" / "documents" / "empty").mkdir()
    (tmp_path / "repo" / "documents" / ".gitkeep").write_text("", "utf-8")
    problems = check(Repository(tmp_path / "repo"))
    assert [str(p) for p in problems] == ["documents/empty:1:1: PD104 document folder empty has no document.yaml"]


def test_several_schema_errors_are_all_reported(tmp_path: Path) -> None:
    root = broken(tmp_path, "schema")
    path = root / "documents" / "demo" / "document.yaml"
    path.write_text(path.read_text("utf-8").replace("kind: item", "kind: itme"), "utf-8")
    codes = [(p.line, p.code) for p in check(Repository(root))]
    assert codes == [(36, "PD101"), (40, "PD101"), (44, "PD101"), (58, "PD101")]


def test_duplicate_ids_are_all_reported(tmp_path: Path) -> None:
    root = broken(tmp_path, "dup-id")
    path = root / "documents" / "demo" / "document.yaml"
    path.write_text(path.read_text("utf-8").replace("id: a5\n", "id: a4\n"), "utf-8")
    assert [str(p) for p in check(Repository(root))] == [
        "documents/demo/document.yaml:26:9: PD201 duplicate provision id 'a1' (first used on line 22)",
        "documents/demo/document.yaml:60:9: PD201 duplicate provision id 'a4' (first used on line 52)",
    ]


def test_an_id_given_out_again_after_deletion(tmp_path: Path) -> None:
    v1 = doc_from_text("示例办法\n第一条 甲。\n第二条 乙。\n")
    v2 = doc_from_text("示例办法\n第一条 甲。\n")
    v3 = doc_from_text("示例办法\n第一条 甲。\n第二条 丙。\n")
    notice = tmp_path / "notice.yaml"
    notice.write_text("format: policydiff/notice/1\nitems:\n  - label: '1'\n    wording: x\n    operations: []\n")
    event = EventFiles(2, tmp_path, SourceFile(notice, "notice.yaml", notice.read_text()), Notice(items=()))
    ctx = DocumentCheck(Repository(tmp_path), "demo", SourceFile(tmp_path / "document.yaml", "document.yaml"))
    ctx.events = [event, event]
    done = Event(event.seq, event.folder, Notice(items=()))
    ctx.versions = [Version(1, None, v1), Version(2, None, v2, done), Version(3, None, v3, done)]
    ids_not_reused(ctx)
    assert [str(p) for p in ctx.problems] == [
        "notice.yaml:2:1: PD202 after this notice: provision id 'a2' is reused: "
        "an earlier event deleted it, and ids are never given out again"
    ]


def test_locating_agrees_with_yamlio_locate() -> None:
    path = BASE / "documents" / "demo" / "events" / "001-amend" / "notice.yaml"
    text = path.read_text("utf-8")
    file = SourceFile(path, "notice.yaml", text)
    for where in (["items", 1, "operations", 2, "to"], ["issued"], ["items", 9], ["nothing"], ["items", 0, "x"]):
        loc = yamlio.locate(text, "notice.yaml", where)
        assert file.locate(where) == (loc.line, loc.column)


def test_textconv_of_a_document_and_of_a_notice() -> None:
    demo = BASE / "documents" / "demo"
    assert textconv(demo / "document.yaml").splitlines()[:4] == [
        "示例管理办法",
        "第一章 总则",
        "第一条 为了规范示例管理，制定本办法。",
        "第二条 本办法适用于本单位的示例管理。",
    ]
    assert textconv(demo / "events" / "001-amend" / "notice.yaml").splitlines() == [
        "示例〔2021〕1号",
        "关于修改《示例管理办法》的通知",
        "issued: 2021-02-01",
        "effective: 2021-03-01",
        "1.将第四条第二款中的“每半年”修改为“每年”。",
        "2.第三条中增加一项，作为第二项“（二）诚实守信；”，第二项、第三项相应改为第三项、第四项。",
        "3.在第五条中增加“情节严重的，从重处理。”",
    ]


@pytest.mark.parametrize("content", ["a: [1\n", "just: yaml\n", "format: policydiff/document/1\n", "", "plain text\n"])
def test_textconv_gives_other_files_back_unchanged(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(content, "utf-8")
    assert textconv(path) == content


def test_textconv_command(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "textconv", str(BASE / "documents" / "demo" / "document.yaml"))
    assert (code, out.splitlines()[-1]) == (0, "第六条 本办法自2020年1月1日起施行。")
    assert run(tmp_path, "textconv", str(tmp_path / "missing.yaml"))[0] == 2


def test_folders_that_are_not_what_their_place_says(tmp_path: Path) -> None:
    shutil.copytree(BASE, tmp_path / "repo")
    documents = tmp_path / "repo" / "documents"
    shutil.copytree(documents / "demo", documents / "bad name")
    shutil.rmtree(documents / "bad name" / "events")
    (documents / "demo" / "events" / "notes.txt").write_text("x\n", "utf-8")
    assert [str(p) for p in check(Repository(tmp_path / "repo"))] == [
        "documents/bad name:1:1: PD106 invalid document id 'bad name': "
        "use one folder name without '/', '\\', spaces or a leading '.'",
        "documents/demo/events/notes.txt:1:1: PD105 notes.txt is not an event folder (NNN-amend, NNN-revise or NNN-repeal): it is ignored",
    ]


def test_two_processes_report_exactly_what_one_does(tmp_path: Path) -> None:
    from policydiff.importing.markdown import parse_markdown

    repo = Repository(tmp_path)
    sources = sorted((FIXTURES / "corpus").rglob("*.md"))
    for k, md in enumerate(sources):
        try:
            doc, _ = parse_markdown(md.read_text("utf-8"), slug=f"doc{k:02d}", name=str(md))
        except PolicyDiffError:  # a fixture with no body
            continue
        repo.create(doc)
    one, two = check(repo, jobs=1), check(repo, jobs=2)
    assert len(list(repo.documents_dir.iterdir())) >= 30 and len(one) > 10
    assert render(two, "json") == render(one, "json")
