"""``policydiff apply NOTICE``: one decision applied to every document it names, all or nothing.

Fixtures in ``tests/fixtures/instruments/`` (see its README): three documents and decisions
amending them in headed parts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from tests.conftest import FIXTURES, file_tree

HERE = FIXTURES / "instruments"
NID = "2024-01-01-示例单位关于修改《示例甲管理办法》等三件制度的决定"
REPORT = (
    "《示例甲管理办法》 → a\n  item: 第一条\n    第一条　为了[-规范-]{+加强+}甲工作，制定本办法。\n"
    "《示例乙管理办法》 → b\n  item: 第二条\n    第二条　本办法自{+印+}发[-布-]之日起施行。\n"
)


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def imported(tmp_path: Path) -> Path:
    """示例甲/乙/丙管理办法 as a, b, c, in force from 2020-01-01, in a repository below *tmp_path*."""
    root = tmp_path / "repo"
    files = [str(HERE / f"{name}.txt") for name in "abc"]
    assert run(root, "import", *files, "--date", "2020-01-01", "--jobs", "1")[0] == 0
    return root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return imported(tmp_path)


def test_a_decision_amends_every_document_it_names_in_one_command(root: Path) -> None:
    assert run(root, "apply", str(HERE / "three.txt")) == (
        0,
        REPORT + "《示例丙管理办法》 → c\n  item: 第二条\n    [-第二条　本办法自发布之日起施行。-]\n"
        f"applied 1 item to a, 1 item to b, 1 item to c; kept as notices/{NID}\n",
        "",
    )
    kept = root / "notices" / NID
    assert sorted(p.name for p in kept.iterdir()) == ["notice.txt", "part-1.yaml", "part-2.yaml", "part-3.yaml"]
    assert (kept / "notice.txt").read_bytes() == (HERE / "three.txt").read_bytes()
    for part, slug in enumerate("abc", start=1):
        event = root / "documents" / slug / "events" / "001-amend" / "event.yaml"
        assert event.read_text(encoding="utf-8").splitlines()[1:] == [
            "format: policydiff/event/1",
            f"notice: {NID}",
            f"part: {part}",
        ]
    assert (
        run(root, "show", "a")[1]
        == "示例甲管理办法\n第一条　为了加强甲工作，制定本办法。\n第二条　本办法自发布之日起施行。\n"
    )
    assert run(root, "show", "c")[1] == "示例丙管理办法\n第一条　为了规范丙工作，制定本办法。\n"
    assert run(root, "check") == (0, "", "")


def test_when_the_third_part_fails_nothing_is_written(root: Path) -> None:
    before = file_tree(root)
    source = HERE / "third-fails.txt"
    assert run(root, "apply", str(source)) == (
        1,
        "",
        f"{source}: part 3 (《示例丙管理办法》 → c): item: 第五条 not found; the document has 第一条、第二条\n",
    )
    assert file_tree(root) == before


def test_a_part_naming_no_document_is_listed_and_the_others_apply(root: Path) -> None:
    source = HERE / "one-missing.txt"
    assert run(root, "apply", str(source)) == (
        0,
        REPORT + f"applied 1 item to a, 1 item to b; kept as notices/{NID}\n",
        f"{source}: not applied: no document titled 《示例丁管理办法》 in the repository\n",
    )


def test_a_dry_run_writes_nothing(root: Path) -> None:
    before = file_tree(root)
    code, out, _ = run(root, "apply", "--dry-run", str(HERE / "three.txt"))
    assert (code, out.splitlines()[-1]) == (0, "would apply 1 item to a, 1 item to b, 1 item to c")
    assert file_tree(root) == before


def test_parts_applied_before_one_by_one_are_not_applied_again(root: Path) -> None:
    source = HERE / "three.txt"
    assert run(root, "apply", "a", str(source))[0] == 0
    code, out, err = run(root, "apply", str(source))
    assert (code, err) == (0, f"{source}: not applied again: applied to a (001-amend) before\n")
    assert out.splitlines()[-1] == f"applied 1 item to b, 1 item to c; kept as notices/{NID}"
    assert sorted(p.name for p in (root / "notices" / NID).iterdir()) == [
        "notice.txt",
        "part-1.yaml",
        "part-2.yaml",
        "part-3.yaml",
    ]
    assert run(root, "apply", str(source)) == (
        1, "", "policydiff: the notice is already applied to every document it names: a (001-amend), b (001-amend), "
        "c (001-amend)\n"
    )  # fmt: skip
    assert run(root, "check") == (0, "", "")


def test_a_notice_naming_no_document_of_the_repository_is_a_usage_error(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "other.txt"
    source.write_text("关于修改《别的办法》的决定\n\n一、将第一条中的“甲”修改为“乙”。\n", encoding="utf-8")
    assert run(root, "apply", str(source)) == (
        2, "", f"{source}: no document of the repository is amended by this notice (it names 《别的办法》)\n"
    )  # fmt: skip


def test_target_goes_with_a_slug(root: Path) -> None:
    code, _, err = run(root, "apply", "--target", "示例甲管理办法", str(HERE / "three.txt"))
    assert (code, err.splitlines()[-1]) == (
        2, "Error: --target goes with a SLUG: without one, each part names its document"
    )  # fmt: skip


def test_editing_a_kept_part_rebuilds_the_documents_it_amends(root: Path) -> None:
    """The part applied is kept in notices/, not in the document's folder: the build's digest of a
    document covers it (on b9cc607 the edited part was not seen and the old pages stayed)."""
    assert run(root, "apply", str(HERE / "three.txt"))[0] == 0
    site = root.parent / "site"
    assert run(root, "build", "-o", str(site), "--jobs", "1", "--quiet")[0] == 0
    part = root / "notices" / NID / "part-1.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("new: 加强", "new: 强化"), encoding="utf-8")
    # The edited wording no longer matches the notice: check finds it, so the build needs --allow-problems.
    code, out, err = run(root, "build", "-o", str(site), "--jobs", "1", "--allow-problems")
    assert (code, err) == (
        0,
        f"policydiff: warning: notices/{NID}/part-1.yaml:13:5: PD402 item : notice.yaml quotes “强化” where the wording quotes “加强”\n",
    )
    # Only a applies part 1: it alone is rendered again (b and c apply parts 2 and 3).
    assert out == f"built 30 pages for 3 documents in {site}/ (1 rendered, 2 unchanged; 5 pages written, 0 deleted)\n"
    assert "为了强化甲工作" in (site / "a" / "index.html").read_text(encoding="utf-8")


def test_check_reads_the_instruments_nothing_applies_yet(root: Path) -> None:
    """A part no event applies (a kept instrument, a part for a document not imported) is still
    checked: schema (PD101), an empty folder (PD104), a stray file (PD105)."""
    assert run(root, "apply", str(HERE / "one-missing.txt"))[0] == 0
    kept = root / "notices" / NID
    (kept / "part-3.yaml").write_text("format: policydiff/notice/1\nitems: 3\n", encoding="utf-8")
    (kept / "notes.txt").write_text("x\n", encoding="utf-8")
    (root / "notices" / "2024-02-02-empty").mkdir()
    assert run(root, "check") == (
        1,
        f"notices/{NID}/notes.txt:1:1: PD105 notes.txt is not a part (part-N.yaml) or the wording (notice.txt): "
        "it is ignored\n"
        f"notices/{NID}/part-3.yaml:2:1: PD101 items: 3 is not of type 'array'\n"
        "notices/2024-02-02-empty:1:1: PD104 instrument 2024-02-02-empty has no part-N.yaml\n",
        "policydiff check: 3 problems in 3 files\n",
    )


def test_site_pages_give_each_provision_the_date_its_text_took_effect(root: Path) -> None:
    assert run(root, "apply", str(HERE / "three.txt"))[0] == 0
    site = root.parent / "site"
    assert run(root, "build", "-o", str(site), "--jobs", "1", "--quiet")[0] == 0
    page = (site / "a" / "index.html").read_text(encoding="utf-8")
    title = "示例单位关于修改《示例甲管理办法》等三件制度的决定"
    assert f'id="p-a1" title="自2024-01-01起施行（{title}）">' in page
    assert 'id="p-a2" title="自2020-01-01起施行（制定）">' in page
    first = (site / "a" / "v1.html").read_text(encoding="utf-8")
    assert 'id="p-a1" title="自2020-01-01起施行（制定）">' in first


RNID = "2024-01-01-示例单位关于修改和废止部分制度的决定"


def test_a_decision_that_amends_one_document_and_repeals_another_does_both(root: Path) -> None:
    source = HERE / "amend-and-repeal.txt"
    assert run(root, "apply", str(source)) == (
        0,
        "《示例甲管理办法》 → a\n  item: 第一条\n    第一条　为了[-规范-]{+加强+}甲工作，制定本办法。\n"
        "c: repealed from 2024-01-01\n"
        f"applied 1 item to a, the repeal of c; kept as notices/{RNID}\n",
        "",
    )
    assert sorted(p.name for p in (root / "notices" / RNID).iterdir()) == ["notice.txt", "part-1.yaml", "part-2.yaml"]
    assert (root / "documents" / "c" / "events" / "001-repeal" / "event.yaml").read_text(encoding="utf-8").splitlines()[
        1:
    ] == ["format: policydiff/event/1", f"notice: {RNID}", "part: 2", "date: '2024-01-01'"]
    assert run(root, "list")[1].splitlines()[2] == "c\t示例丙管理办法  (2 provisions)  已废止"
    assert run(root, "log", "c")[1] == (
        "v1  2020-01-01  enact   已废止  -  示例丙管理办法\n"
        "v2  2024-01-01  repeal  已废止  -  示例单位关于修改和废止部分制度的决定\n"
    )
    assert run(root, "check") == (0, "", "")
    assert run(root, "apply", str(source)) == (
        1, "", "policydiff: the notice is already applied to every document it names: a (001-amend), c (001-repeal)\n"
    )  # fmt: skip


def test_apply_slug_refuses_a_notice_that_repeals_that_document(root: Path) -> None:
    """Amending c by a notice that repeals it would lose the repeal: the whole notice is needed."""
    source = HERE / "amend-and-repeal.txt"
    before = file_tree(root)
    assert run(root, "apply", "c", str(source), "--target", "示例丙管理办法") == (
        2,
        "",
        f"{source}: the notice repeals 《示例丙管理办法》: record it with policydiff apply NOTICE (every part of it), "
        "or policydiff repeal\n",
    )
    assert file_tree(root) == before


def test_check_of_a_staged_part_checks_the_documents_applying_its_instrument(root: Path) -> None:
    """The pre-commit hook passes the staged files: a part in notices/ID/ chooses the instrument
    and every document whose event applies it; a document's own files choose that document."""
    assert run(root, "apply", str(HERE / "three.txt"))[0] == 0
    part = root / "notices" / NID / "part-1.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("old: 规范", "old: 规矩"), encoding="utf-8")
    b = root / "documents" / "b" / "document.yaml"
    b.write_text(b.read_text(encoding="utf-8").replace("num: 2\n", "num: 3\n"), encoding="utf-8")
    (root / "README.md").write_text("policies\n", encoding="utf-8")
    kept = f"notices/{NID}"
    assert run(root, "check", str(part), str(root / "README.md")) == (
        1,
        "documents/b/document.yaml:23:5: PD301 numbering gap: 第三条 follows 第一条; 第二条 is missing\n"
        f"{kept}/part-1.yaml:12:1: PD501 event 001-amend does not replay: item: 第一条: “规矩” not found in the text\n"
        f"{kept}/part-1.yaml:13:5: PD402 item : notice.yaml quotes “规矩” where the wording quotes “规范”\n"
        f"{kept}/part-2.yaml:12:1: PD501 event 001-amend does not replay: item: 第二条 not found; "
        "the document has 第一条、第三条\n",
        "policydiff check: 4 problems in 3 files\n",
    )
    assert run(root, "check", str(root / "documents" / "c" / "document.yaml")) == (0, "", "")


def test_a_commit_that_deletes_an_instrument_checks_the_documents_applying_it(root: Path) -> None:
    """pre-commit passes no file of a deleted folder; `check --staged` with no PATH still finds the
    documents whose events apply the gone instrument, and nothing else."""
    assert run(root, "apply", str(HERE / "three.txt"))[0] == 0
    b = root / "documents" / "b" / "document.yaml"
    b.write_text(b.read_text(encoding="utf-8").replace("num: 2\n", "num: 3\n"), encoding="utf-8")
    assert run(root, "check", "--staged") == (0, "", "")  # b's gap is not staged: not checked
    shutil.rmtree(root / "notices" / NID)
    missing = [
        f"documents/{slug}/events/001-amend/event.yaml:3:1: PD104 001-amend applies notices/{NID}/part-{n}.yaml, "
        "which is missing\n"
        for n, slug in enumerate("abc", start=1)
    ]
    # Each document so chosen is checked whole: b's gap is reported with its missing instrument.
    gap = "documents/b/document.yaml:23:5: PD301 numbering gap: 第三条 follows 第一条; 第二条 is missing\n"
    expected = (1, missing[0] + gap + missing[1] + missing[2], "policydiff check: 4 problems in 4 files\n")
    assert run(root, "check", "--staged") == expected
    (root / "README.md").write_text("policies\n", encoding="utf-8")
    assert run(root, "check", "--staged", str(root / "README.md")) == expected
