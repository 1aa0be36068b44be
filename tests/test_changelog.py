"""The comparison table between any two texts ``diff`` names (:func:`policydiff.render.changelog.table_between`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.compare.diff import diff_documents
from policydiff.errors import UsageError
from policydiff.history import versions
from policydiff.render import changelog
from policydiff.render.changelog import Table, row, rows, table_between
from policydiff.storage.repo import Repository
from tests.test_cli import run

ROOT = Path(__file__).parent.parent
FJWY = "fjwy-network-ideology"
NOTICE = "闽卫院委宣〔2021〕6 号 关于重新修订印发《中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法》的通知"


@pytest.fixture(scope="module")
def repo() -> Repository:
    return Repository(ROOT)


@pytest.mark.parametrize(("old", "new"), [("v1", "v2"), ("2021-03-12", "2021-05-21")])
def test_a_version_and_the_next_give_the_amendments_table(repo: Repository, old: str, new: str) -> None:
    history = versions(repo, FJWY)
    table, renumbered = rows(history[0], history[1])
    expected = Table(history[1].document.title, NOTICE, tuple(table), tuple(renumbered))
    assert table_between(repo, FJWY, old, new) == expected
    assert [r.note for r in expected.rows][-2:] == ["通知第10点：修改", "通知第11点：新增"]


def test_other_pairs_have_no_item_labels_and_name_the_sides(repo: Repository) -> None:
    history = versions(repo, "prc-constitution")
    got = table_between(repo, "prc-constitution", "v1", "v3")
    plain, renumbered = changelog.split_rows(diff_documents(history[0].document, history[2].document))
    assert got == Table(history[2].document.title, "v1 → v3", tuple(plain), tuple(renumbered))
    assert not [r for r in (*got.rows, *got.renumbered) if r.note.startswith("第")]


def test_backwards_and_equal_versions(repo: Repository) -> None:
    backwards = table_between(repo, FJWY, "v2", "v1")
    assert (backwards.subtitle, [r.note for r in backwards.rows][-1]) == ("v2 → v1", "删除")
    assert table_between(repo, FJWY, "v2", "2021-06-01") == Table(
        "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法", "v2 → 2021-06-01", (), ()
    )


def test_another_document_is_compared_by_its_current_text(repo: Repository) -> None:
    got = table_between(repo, "datong-network-ideology", "v1", "cqu-materials-network-ideology")
    assert got.subtitle == "v1 → cqu-materials-network-ideology"
    assert got.title == versions(repo, "cqu-materials-network-ideology")[-1].document.title
    assert got.rows


@pytest.fixture
def punctuation(tmp_path: Path) -> Repository:
    """A document whose one amendment only turns a half-width comma full-width."""
    (tmp_path / "a.txt").write_text(
        "示例办法\n第一条 本办法适用于甲,乙。\n第二条 本办法自公布之日起施行。\n", encoding="utf-8"
    )
    notice = "关于修改《示例办法》的通知\n\n一、将第一条中的“甲,乙”修改为“甲，乙”。\n\n本通知自2021年6月1日起施行。\n"
    (tmp_path / "n.txt").write_text(notice, encoding="utf-8")
    assert run(tmp_path, "import", str(tmp_path / "a.txt"), "--id", "demo", "--date", "2021-01-01")[0] == 0
    assert run(tmp_path, "import", str(tmp_path / "a.txt"), "--id", "copy", "--date", "2021-01-01")[0] == 0
    assert run(tmp_path, "apply", "demo", str(tmp_path / "n.txt"))[0] == 0
    return Repository(tmp_path)


def test_ignore_formatting_drops_punctuation_only_rows(punctuation: Repository) -> None:
    table = table_between(punctuation, "demo", "v1", "v2")
    assert (table.subtitle, [(r.address, r.note) for r in table.rows]) == (
        "关于修改《示例办法》的通知",
        [("第一条", "通知第一项：修改（仅标点或空格）")],
    )
    assert table_between(punctuation, "demo", "v1", "v2", ignore_formatting=True).rows == ()
    # The same through the path for another document's text.
    assert [r.note for r in table_between(punctuation, "copy", "v1", "demo").rows] == ["修改（仅标点或空格）"]
    assert table_between(punctuation, "copy", "v1", "demo", ignore_formatting=True).rows == ()


def test_unknown_version_is_the_usage_error_of_diff(repo: Repository) -> None:
    with pytest.raises(UsageError) as err:
        table_between(repo, FJWY, "v1", "v9")
    assert str(err.value) == "fjwy-network-ideology has versions 1 to 2, not 9"


def test_row_is_public_and_the_old_name_still_works() -> None:
    assert changelog._row is row
