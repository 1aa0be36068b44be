"""Importing a file that holds an amendment notice followed by the text it re-issues (seed 000).

Exact stdout, stderr, exit codes and file lists: alone (the text before derived by undoing the
items), over the enacted fjwy document (verified, one event), a re-issued text that differs from
the notice applied (refused, nothing written), and a plain file (imported as before).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from tests.conftest import FIXTURES, file_tree

SEED = FIXTURES / "seeds" / "000_57aedd832a4fe4aa.txt"
REISSUED = FIXTURES / "reissued"
TITLE = "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法"
SCHEMAS = [f".policydiff/schemas/{kind}.schema.json" for kind in ("document", "event", "notice")]
NOTICE = "notices/2021-05-21-闽卫院委宣〔2021〕6号"

# What reading seed 000 says: the re-issued text's unwrapping and title, and where each position
# the notice leaves open (增加“…”) was found in the re-issued text.
SEED_WARNINGS = "".join(
    f"seed.txt: warning: {line}\n"
    for line in (
        "hard-wrapped text (lines about 28 characters wide): lines joined into paragraphs",
        "title: dropped the revision mark （修订）",
        *(
            f"item {n}: position not stated: inserted at the end of the provision, as the re-issued text has it"
            for n in (1, 2, 3, 4, 5)
        ),
        "item 6: position not stated: inserted at the start of the provision, as the re-issued text has it",
        "item 8: position not stated: inserted before “推进网络空间法治化”, as the re-issued text has it",
        "item 10: position not stated: inserted at the end of the provision, as the re-issued text has it",
    )
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding the sources under short names, and the repository ``repo/``."""
    shutil.copyfile(SEED, tmp_path / "seed.txt")
    for source in REISSUED.glob("*.txt"):
        shutil.copyfile(source, tmp_path / source.name)
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path / "repo"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_seed_000_alone_is_the_notice_amending_the_text_it_derives(here: Path) -> None:
    code, out, err = run(here, "import", "seed.txt", "--id", "fjwy")
    assert code == 0
    assert out == f"documents/fjwy/document.yaml: {TITLE} (45 provisions)\n"
    assert err == SEED_WARNINGS + (
        "seed.txt: recorded the re-issued text as amended by 闽卫院委宣〔2021〕6 号 (2021-05-21); the text before it "
        "is not known beyond what the notice's 11 items state (undone on the re-issued text): provisions the notice "
        "did not change are in force from 2021-03-12\n"
    )
    assert files(here) == [
        *SCHEMAS,
        "documents/fjwy/document.yaml",
        "documents/fjwy/events/001-amend/event.yaml",
        f"{NOTICE}/notice.txt",
        f"{NOTICE}/part-1.yaml",
    ]
    code, out, err = run(here, "log", "fjwy")
    assert (code, err) == (0, "")
    assert out == (
        f"v1  2021-03-12  enact   已被修改  -  {TITLE}\n"
        f"v2  2021-05-21  amend   现行有效  闽卫院委宣〔2021〕6 号  关于重新修订印发《{TITLE}》的通知 (12 provisions changed)\n"
    )
    code, out, err = run(here, "blame", "fjwy")
    assert (code, err) == (0, "")
    blamed = out.splitlines()
    by_address = {line.split("\t", 1)[0]: line.rsplit("\t", 1)[0] for line in blamed}  # without the text
    assert (
        by_address["三、（二）6."] == "三、（二）6.\t闽卫院委宣〔2021〕6 号\t2021-05-21  number: enacted"
    )  # item 4 changed it
    assert by_address["三、（二）5."] == "三、（二）5.\tenacted\t2021-03-12"  # no item changed it
    assert by_address["四、（三）9."] == "四、（三）9.\t闽卫院委宣〔2021〕6 号\t2021-05-21"  # item 11 inserted it
    assert (
        "四、（三）10.\tenacted\t2021-03-12  number: 闽卫院委宣〔2021〕6 号\t其他应当问责的失职失责情形。" in blamed
    )  # renumbered
    # The current text is the re-issued one, the first version the text before the notice.
    assert run(here, "show", "fjwy")[1] == (FIXTURES / "golden/fjwy-2021/after.txt").read_text(encoding="utf-8")
    assert run(here, "show", "fjwy", "--at", "v1")[1] == (FIXTURES / "golden/fjwy-2021/before.txt").read_text(
        encoding="utf-8"
    )
    assert run(here, "show", "fjwy", "--at", "2021-05-20")[1] == run(here, "show", "fjwy", "--at", "v1")[1]
    code, out, err = run(here, "check")
    assert (code, out, err) == (0, "", "")
    wording = (here / NOTICE / "notice.txt").read_text(encoding="utf-8")
    assert wording.startswith("\n- 1 -\n\n闽卫院委宣〔2021〕6 号\n") and wording.endswith("\n2021 年 5 月 21 日\n")
    part = (here / NOTICE / "part-1.yaml").read_text(encoding="utf-8")
    assert "unamended_effective: '2021-03-12'\n" in part and "assumed" not in part


def test_seed_000_over_the_enacted_fjwy_is_verified_and_recorded_once(here: Path) -> None:
    (here / "documents/fjwy-network-ideology").mkdir(parents=True)
    enacted = Path(__file__).parent.parent / "documents/fjwy-network-ideology/document.yaml"
    shutil.copyfile(enacted, here / "documents/fjwy-network-ideology/document.yaml")
    code, out, err = run(here, "import", "seed.txt")
    assert code == 0
    assert out == f"documents/fjwy-network-ideology/events/001-amend: {TITLE} (45 provisions)\n"
    assert (
        err == SEED_WARNINGS + "seed.txt: the re-issued text agrees with the notice applied to fjwy-network-ideology\n"
    )
    assert files(here) == [
        *SCHEMAS,
        "documents/fjwy-network-ideology/document.yaml",
        "documents/fjwy-network-ideology/events/001-amend/event.yaml",
        f"{NOTICE}/notice.txt",
        f"{NOTICE}/part-1.yaml",
    ]
    assert (here / "documents/fjwy-network-ideology/document.yaml").read_bytes() == enacted.read_bytes()
    code, out, _ = run(here, "show", "fjwy-network-ideology")
    assert (code, out) == (0, (FIXTURES / "golden/fjwy-2021/after.txt").read_text(encoding="utf-8"))
    code, out, _ = run(here, "log", "fjwy-network-ideology")
    assert out.splitlines()[1].startswith("v2  2021-05-21  amend   现行有效  闽卫院委宣〔2021〕6 号  ")
    # Again: the notice is recorded already; nothing changes.
    before = file_tree(here)
    code, out, err = run(here, "import", "seed.txt")
    assert (code, out) == (2, "")
    assert err == "seed.txt: notice 闽卫院委宣〔2021〕6 号 is already applied (event 001-amend)\n"
    assert file_tree(here) == before


def test_a_reissued_text_that_differs_from_the_notice_applied_is_refused(here: Path) -> None:
    code, out, err = run(here, "import", "base.txt", "--id", "test")
    assert (code, out, err) == (0, "documents/test/document.yaml: 测试管理办法 (3 provisions)\n", "")
    before = file_tree(here)
    code, out, err = run(here, "import", "differs.txt")
    assert (code, out) == (1, "")
    assert err == (
        "differs.txt: warning: title: dropped the revision mark （修订）\n"
        "differs.txt: 第三条: “…自印发之日起施行{+，由办公室负责解释+}。”\n"
        "differs.txt: not imported: the re-issued text differs from 测院〔2024〕1号 applied to test in 1 provision "
        "([-…-] the notice applied, {+…+} the re-issued text); nothing was written\n"
    )
    assert file_tree(here) == before
    # The same notice with a re-issued text that agrees is recorded as the amendment of test.
    code, out, err = run(here, "import", "agrees.txt")
    assert (code, out) == (0, "documents/test/events/001-amend: 测试管理办法 (3 provisions)\n")
    assert err == (
        "agrees.txt: warning: title: dropped the revision mark （修订）\n"
        "agrees.txt: the re-issued text agrees with the notice applied to test\n"
    )
    assert run(here, "show", "test")[1] == (
        "测试管理办法\n第一条 为了规范测试工作，制定本办法。\n第二条 各部门每年报告一次测试情况。\n第三条 本办法自印发之日起施行。\n"
    )


def test_the_small_notice_alone_derives_the_text_before_it(here: Path) -> None:
    code, out, err = run(here, "import", "agrees.txt", "--id", "test")
    assert (code, out) == (0, "documents/test/document.yaml: 测试管理办法 (3 provisions)\n")
    assert err == (
        "agrees.txt: warning: title: dropped the revision mark （修订）\n"
        "agrees.txt: recorded the re-issued text as amended by 测院〔2024〕1号 (2024-03-01); the text before it is not "
        "known beyond what the notice's item states (undone on the re-issued text): provisions the notice did not "
        "change are in force from 2023-01-01\n"
    )
    code, out, _ = run(here, "blame", "test")
    assert out == (
        "第一条\tenacted\t2023-01-01\t为了规范测试工作，制定本办法。\n"
        "第二条\t测院〔2024〕1号\t2024-03-01  number: enacted\t各部门每年报告一次测试情况。\n"
        "第三条\tenacted\t2023-01-01\t本办法自印发之日起施行。\n"
    )


def test_a_plain_file_imports_as_before(here: Path) -> None:
    code, out, err = run(here, "import", "base.txt", "--id", "test")
    assert (code, out, err) == (0, "documents/test/document.yaml: 测试管理办法 (3 provisions)\n", "")
    assert files(here) == [*SCHEMAS, "documents/test/document.yaml"]
    code, out, _ = run(here, "log", "test")
    assert out == "v1  (no date)  enact   状态不明  -  测试管理办法\n"


def test_with_date_or_title_the_file_is_imported_as_one_text(here: Path) -> None:
    # --date says when the text is in force: the file is taken as the text (its cover kept), as before.
    code, out, _ = run(here, "import", "seed.txt", "--id", "fjwy", "--date", "2021-05-21")
    assert (code, out) == (0, f"documents/fjwy/document.yaml: {TITLE} (45 provisions)\n")
    assert files(here) == [*SCHEMAS, "documents/fjwy/document.yaml"]


def test_a_notice_that_does_not_state_what_it_removed_leaves_the_text_before_unknown(here: Path) -> None:
    before = file_tree(here)
    code, out, err = run(here, "import", "underivable.txt")
    assert (code, out) == (1, "")
    assert err == (
        "underivable.txt: warning: title: dropped the revision mark （修订）\n"
        "underivable.txt: not imported: the text before 测院〔2024〕1号 cannot be derived from the re-issued text: "
        "item 1 (delete_provision) does not state the text it removes or rewrites\n"
    )
    assert file_tree(here) == before
