"""``policydiff revise`` and ``policydiff repeal``, exactly: stdout, stderr and exit codes.

The Constitution of 1982 revised by the text of 2018 (``tests/fixtures/golden/constitution/``),
and 示例甲管理办法 re-issued and repealed by the instruments of ``tests/fixtures/lifecycle/``
(see its README). Statuses are those of today: the fixtures' dates are in the past (2025) or far
in the future (2099).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from tests.conftest import FIXTURES, file_tree

CONSTITUTION = FIXTURES / "golden" / "constitution"
HERE = FIXTURES / "lifecycle"
JIA = FIXTURES / "instruments" / "a.txt"
REVISED = "350 provisions continued (311 unchanged, 39 modified, 39 renumbered), 30 added, 5 deleted\n"
REVISE_NID = "2024-03-01-示例发〔2024〕3号"
REPEAL_NID = "2025-01-01-示例发〔2025〕1号"
SCHEMA = "# yaml-language-server: $schema=../../../../.policydiff/schemas/event.schema.json"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    assert isinstance(result.exception, SystemExit | None), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def enacted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Constitution of 1982 as ``c``, in force from 1982-12-04 (imported once, copied per test)."""
    root = tmp_path_factory.mktemp("constitution") / "repo"
    args = ("import", str(CONSTITUTION / "1982.txt"), "--id", "c", "--date", "1982-12-04")
    assert run(root, *args) == (0, "documents/c/document.yaml: 中华人民共和国宪法 (355 provisions)\n", "")
    return root


@pytest.fixture
def constitution(enacted: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(enacted, root)
    return root


@pytest.fixture
def jia(tmp_path: Path) -> Path:
    """示例甲管理办法 as ``a``, in force from 2020-01-01."""
    root = tmp_path / "jia"
    assert run(root, "import", str(JIA), "--id", "a", "--date", "2020-01-01")[0] == 0
    return root


def revise_2018(root: Path, *more: str) -> tuple[int, str, str]:
    return run(root, "revise", "c", str(CONSTITUTION / "2018.txt"), "--date", "2018-03-11", *more)


# revise


def test_revise_records_the_2018_text_as_the_next_version(constitution: Path) -> None:
    assert revise_2018(constitution) == (
        0,
        REVISED + "revised c from 2018-03-11, recorded as documents/c/events/001-revise\n",
        "",
    )
    event = constitution / "documents" / "c" / "events" / "001-revise"
    assert sorted(p.name for p in event.iterdir()) == ["document.yaml", "event.yaml"]
    assert (event / "event.yaml").read_text(encoding="utf-8") == (
        f"{SCHEMA}\nformat: policydiff/event/1\ndate: '2018-03-11'\n"
    )
    text = (event / "document.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[:4] == [
        "# yaml-language-server: $schema=../../.policydiff/schemas/document.schema.json",
        "format: policydiff/document/1",
        "slug: c",
        "title: 中华人民共和国宪法",
    ]
    assert not (constitution / "notices").exists()
    assert run(constitution, "log", "c") == (
        0,
        "v1  1982-12-04  enact   已被修改  -  中华人民共和国宪法\n"
        "v2  2018-03-11  revise  现行有效  -  中华人民共和国宪法 (112 provisions changed)\n",
        "",
    )
    assert run(constitution, "check") == (0, "", "")


def test_the_revised_text_is_the_2018_text_as_imported(constitution: Path, tmp_path: Path) -> None:
    revise_2018(constitution)
    alone = tmp_path / "alone"
    assert run(alone, "import", str(CONSTITUTION / "2018.txt"), "--id", "c")[0] == 0
    assert run(constitution, "show", "c") == (0, run(alone, "show", "c")[1], "")


def test_diff_and_blame_work_across_the_revision(constitution: Path) -> None:
    revise_2018(constitution)
    code, out, err = run(constitution, "diff", "c", "v1", "v2", "--no-color")
    assert (code, err) == (1, "")
    assert out.splitlines()[:5] == [
        "--- v1",
        "+++ v2",
        "112处改动：修改39处，新增30处，删除5处，序号调整38处",
        "",
        "修改          序言第7段",
    ]
    code, out, err = run(constitution, "blame", "c")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    # kept across the revision: its text changed by it (id a4), or only its number
    article_4 = (
        "中华人民共和国各民族一律平等。国家保障各少数民族的合法的权利和利益，维护和发展各民族的平等团结互助和谐关系。"
        "禁止对任何民族的歧视和压迫，禁止破坏民族团结和制造民族分裂的行为。"
    )
    assert f"第一章第四条\t001-revise\t2018-03-11  number: enacted\t{article_4}" in lines
    assert (
        "第一章第四条第2段\tenacted\t1982-12-04\t"
        "各少数民族聚居的地方实行区域自治，设立自治机关，行使自治权。各民族自治地方都是中华人民共和国不可分离的部分。"
    ) in lines
    assert "第三章第一节第六十二条（八）\tenacted\t1982-12-04  number: 001-revise\t选举最高人民法院院长；" in lines
    assert sum("001-revise" in line for line in lines) == 107


def test_revise_dry_run_writes_nothing(constitution: Path) -> None:
    before = file_tree(constitution)
    assert revise_2018(constitution, "--dry-run") == (0, REVISED + "revised c from 2018-03-11, would be recorded\n", "")
    assert file_tree(constitution) == before


def test_revise_by_an_instrument_keeps_it_in_notices(jia: Path) -> None:
    args = ("revise", "a", str(HERE / "jia-2024.txt"), "--by", str(HERE / "revise-notice.txt"))
    assert run(jia, *args) == (
        0,
        "2 provisions continued (0 unchanged, 2 modified, 1 renumbered), 1 added, 0 deleted\n"
        f"revised a from 2024-03-01, recorded as documents/a/events/001-revise; instrument kept as notices/{REVISE_NID}\n",
        "",
    )
    kept = jia / "notices" / REVISE_NID
    assert sorted(p.name for p in kept.iterdir()) == ["notice.txt", "part-1.yaml"]
    assert (kept / "notice.txt").read_bytes() == (HERE / "revise-notice.txt").read_bytes()
    assert (kept / "part-1.yaml").read_text(encoding="utf-8").splitlines()[1:] == [
        "format: policydiff/notice/1",
        "number: 示例发〔2024〕3号",
        "title: 示例单位关于印发修订后的《示例甲管理办法》的通知",
        "issuer: 示例单位",
        "issued: '2024-03-01'",
        "target: 示例甲管理办法",  # the one document its title names: revise checks it names this one
        "items: []",
    ]
    event = jia / "documents" / "a" / "events" / "001-revise" / "event.yaml"
    assert event.read_text(encoding="utf-8").splitlines()[1:] == [
        "format: policydiff/event/1",
        f"notice: {REVISE_NID}",
        "part: 1",
        "date: '2024-03-01'",
    ]
    assert run(jia, "log", "a") == (
        0,
        "v1  2020-01-01  enact   已被修改  -  示例甲管理办法\n"
        "v2  2024-03-01  revise  现行有效  示例发〔2024〕3号  示例单位关于印发修订后的《示例甲管理办法》的通知"
        " (3 provisions changed)\n",
        "",
    )
    # The instrument's wording has no items: check reads its header, as revise --by did.
    assert run(jia, "check") == (0, "", "")


def test_check_compares_a_revision_instruments_header_with_its_wording(jia: Path) -> None:
    run(jia, "revise", "a", str(HERE / "jia-2024.txt"), "--by", str(HERE / "revise-notice.txt"))
    part = jia / "notices" / REVISE_NID / "part-1.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("3号", "4号"), encoding="utf-8")
    assert run(jia, "check") == (
        1,
        f"notices/{REVISE_NID}/part-1.yaml:3:1: PD402 number is 示例发〔2024〕4号 in notice.yaml; "
        "the wording says 示例发〔2024〕3号\n",
        "policydiff check: 1 problem in 1 file\n",
    )


def test_revise_dated_before_the_current_version_is_refused(constitution: Path) -> None:
    before = file_tree(constitution)
    assert run(constitution, "revise", "c", str(CONSTITUTION / "2018.txt"), "--date", "1982-01-01") == (
        1,
        "",
        "policydiff: notice dated 1982-01-01 is older than the enacted text (1982-12-04); apply notices in date order\n",
    )
    assert file_tree(constitution) == before


def test_revise_without_a_date_is_refused(jia: Path) -> None:
    assert run(jia, "revise", "a", str(HERE / "jia-2024.txt")) == (
        2,
        "",
        "policydiff: give the date it takes effect: --date YYYY-MM-DD (the instrument states none)\n",
    )


# repeal


def test_repeal_by_an_instrument(jia: Path) -> None:
    assert run(jia, "repeal", "a", "--by", str(HERE / "repeal-notice.txt")) == (
        0,
        f"repealed a from 2025-01-01, recorded as documents/a/events/001-repeal; instrument kept as notices/{REPEAL_NID}\n",
        "",
    )
    event = jia / "documents" / "a" / "events" / "001-repeal"
    assert sorted(p.name for p in event.iterdir()) == ["event.yaml"]
    assert (event / "event.yaml").read_text(encoding="utf-8").splitlines()[1:] == [
        "format: policydiff/event/1",
        f"notice: {REPEAL_NID}",
        "part: 1",
        "date: '2025-01-01'",
    ]
    assert run(jia, "list") == (0, "a\t示例甲管理办法  (2 provisions)  已废止\n", "")
    assert run(jia, "log", "a") == (
        0,
        "v1  2020-01-01  enact   已废止  -  示例甲管理办法\n"
        "v2  2025-01-01  repeal  已废止  示例发〔2025〕1号  示例单位关于废止《示例甲管理办法》的决定\n",
        "",
    )
    assert run(jia, "check") == (0, "", "")
    shown = "示例甲管理办法\n第一条　为了规范甲工作，制定本办法。\n第二条　本办法自发布之日起施行。\n"
    assert run(jia, "show", "a") == (
        0,
        shown,
        "policydiff: a is repealed from 2025-01-01 (event 001-repeal): the last text in force is shown\n",
    )
    assert run(jia, "show", "a", "--at", "2024-12-31") == (0, shown, "")
    assert run(jia, "show", "a", "--at", "v2") == (0, shown, "")


def test_nothing_amends_or_revises_a_repealed_document(jia: Path) -> None:
    run(jia, "repeal", "a", "--by", str(HERE / "repeal-notice.txt"))
    before = file_tree(jia)
    refused = "the document is repealed (event 001-repeal): nothing amends it\n"
    assert run(jia, "apply", "a", str(HERE / "amend-notice.txt")) == (1, "", f"policydiff: {refused}")
    assert run(jia, "apply", str(HERE / "amend-notice.txt")) == (
        1,
        "",
        f"policydiff: part 1 (《示例甲管理办法》 → a): {refused}",
    )
    assert run(jia, "revise", "a", str(HERE / "jia-2024.txt"), "--date", "2026-01-01") == (
        1,
        "",
        f"policydiff: {refused}",
    )
    assert run(jia, "repeal", "a", "--date", "2026-01-01") == (1, "", f"policydiff: {refused}")
    assert file_tree(jia) == before


def test_repeal_dated_before_the_current_version_is_refused(jia: Path) -> None:
    run(jia, "revise", "a", str(HERE / "jia-2024.txt"), "--by", str(HERE / "revise-notice.txt"))
    before = file_tree(jia)
    assert run(jia, "repeal", "a", "--date", "2023-01-01") == (
        1,
        "",
        "policydiff: notice dated 2023-01-01 is older than the current version (2024-03-01); apply notices in date order\n",
    )
    assert file_tree(jia) == before


def test_a_repeal_on_the_day_of_a_revision_without_instruments(jia: Path) -> None:
    """Bug: a revise and a repeal named by no instrument were both the 'notice without a number or
    title' of their date, so the repeal was refused as already applied and check reported PD503."""
    assert run(jia, "revise", "a", str(HERE / "jia-2024.txt"), "--date", "2024-03-01")[0] == 0
    assert run(jia, "repeal", "a", "--date", "2024-03-01") == (
        0,
        "repealed a from 2024-03-01, recorded as documents/a/events/002-repeal\n",
        "",
    )
    assert run(jia, "log", "a") == (
        0,
        "v1  2020-01-01  enact   已废止  -  示例甲管理办法\n"
        "v2  2024-03-01  revise  已废止  -  示例甲管理办法 (3 provisions changed)\n"
        "v3  2024-03-01  repeal  已废止  -  示例甲管理办法\n",
        "",
    )
    assert run(jia, "check") == (0, "", "")


def test_show_at_a_date_after_the_repeal_says_so_and_prints_the_last_text(constitution: Path) -> None:
    revise_2018(constitution)
    assert run(constitution, "repeal", "c", "--date", "2030-01-01") == (
        0,
        "repealed c from 2030-01-01, recorded as documents/c/events/002-repeal\n",
        "",
    )
    last = run(constitution, "show", "c", "--at", "v2")[1]
    assert run(constitution, "show", "c") == (0, last, "")  # in force today: the repeal is to come
    assert run(constitution, "list") == (0, "c\t中华人民共和国宪法  (380 provisions)  现行有效\n", "")
    assert run(constitution, "show", "c", "--at", "2031-01-01") == (
        0,
        last,
        "policydiff: c is repealed from 2030-01-01 (event 002-repeal): the last text in force is shown\n",
    )
    assert run(constitution, "show", "c", "--at", "2029-12-31") == (0, last, "")


# status words


def test_a_document_with_no_dates_is_of_unknown_status(tmp_path: Path) -> None:
    assert run(tmp_path, "import", str(JIA), "--id", "a")[0] == 0
    assert run(tmp_path, "list") == (0, "a\t示例甲管理办法  (2 provisions)  状态不明\n", "")
    assert run(tmp_path, "log", "a") == (0, "v1  (no date)  enact   状态不明  -  示例甲管理办法\n", "")


def test_a_document_in_force_only_after_today_is_pending(tmp_path: Path) -> None:
    assert run(tmp_path, "import", str(JIA), "--id", "a", "--date", "2099-01-01")[0] == 0
    assert run(tmp_path, "list") == (0, "a\t示例甲管理办法  (2 provisions)  尚未施行\n", "")
    assert run(tmp_path, "log", "a") == (
        0,
        "v1  2099-01-01  enact   尚未施行  -  示例甲管理办法 (prospective: not yet in force)\n",
        "",
    )


def test_an_instrument_naming_another_document_is_refused(jia: Path, tmp_path: Path) -> None:
    """Failed on e0cfdd2: a decision repealing 《示例甲管理办法》 was recorded as repealing 示例乙管理办法."""
    root = tmp_path / "yi"
    assert run(root, "import", str(FIXTURES / "instruments" / "b.txt"), "--id", "b", "--date", "2020-01-01")[0] == 0
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    notice = HERE / "repeal-notice.txt"
    assert run(root, "repeal", "b", "--by", str(notice)) == (
        2, "", f"{notice}: the instrument names 《示例甲管理办法》, not 《示例乙管理办法》: it does not revise or repeal b\n"
    )  # fmt: skip
    revised = HERE / "revise-notice.txt"
    assert (
        run(root, "revise", "b", str(HERE / "jia-2024.txt"), "--by", str(revised))[0] == 0
    )  # names 甲: the new text's title
    assert before != sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_list_json_gives_each_documents_status(jia: Path) -> None:
    assert run(jia, "repeal", "a", "--date", "2024-06-01")[0] == 0
    code, out, err = run(jia, "list", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "version": 1,
        "documents": [
            {"slug": "a", "title": "示例甲管理办法", "number": None, "provisions": 2, "versions": 2, "status": "已废止"}
        ],
    }
