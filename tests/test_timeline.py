"""Versions in time: log, show --at, blame, prospective notices."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from policydiff.errors import UsageError
from policydiff.history import timeline, writing
from policydiff.model.plaintext import to_text
from policydiff.storage.repo import Repository
from tests.test_cli import run
from tests.test_history import FJWY, fjwy_notice
from tests.test_history import repo as repo

NUMBER = "闽卫院委宣〔2021〕6 号"


@pytest.fixture
def amended(repo: Repository) -> Repository:
    writing.record_amendment(repo, "fjwy", fjwy_notice(), None)
    return repo


def test_log(amended: Repository) -> None:
    assert timeline.log(amended, "fjwy", today=dt.date(2026, 1, 1)) == [
        timeline.Entry(
            1,
            dt.date(2021, 3, 12),
            "enact",
            None,
            "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法",
            0,
            False,
            "已被修改",
        ),
        timeline.Entry(2, dt.date(2021, 5, 21), "amend", NUMBER, None, 12, False, "现行有效"),
    ]


def test_log_cli(amended: Repository) -> None:
    code, out, _ = run(amended.root, "log", "fjwy")
    assert (code, out) == (
        0,
        "v1  2021-03-12  enact   已被修改  -  中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法\n"
        f"v2  2021-05-21  amend   现行有效  {NUMBER} (12 provisions changed)\n",
    )


@pytest.mark.parametrize(
    ("when", "golden"),
    [("2021-04-01", "before.txt"), ("2021-06-01", "after.txt"), ("v1", "before.txt"), ("2", "after.txt")],
)
def test_show_at(amended: Repository, when: str, golden: str) -> None:
    code, out, _ = run(amended.root, "show", "fjwy", "--at", when)
    assert (code, out) == (0, (FJWY / golden).read_text(encoding="utf-8"))


def test_at_before_enactment_and_bad_values(amended: Repository) -> None:
    with pytest.raises(UsageError) as info:
        timeline.at(amended, "fjwy", "2020-01-01")
    assert str(info.value) == "fjwy was not in force on 2020-01-01 (first version: 2021-03-12)"
    with pytest.raises(UsageError) as info:
        timeline.at(amended, "fjwy", "v3")
    assert str(info.value) == "fjwy has versions 1 to 2, not 3"
    with pytest.raises(UsageError) as info:
        timeline.at(amended, "fjwy", "yesterday")
    assert str(info.value) == "--at takes a version (v2) or a date (YYYY-MM-DD), not 'yesterday'"


def test_prospective_notice_is_listed_but_not_in_force(repo: Repository) -> None:
    future = fjwy_notice()._replace(issued=dt.date(2031, 1, 1))
    writing.record_amendment(repo, "fjwy", future, None)
    today = dt.date(2026, 11, 25)
    assert timeline.log(repo, "fjwy", today=today)[-1].prospective is True
    assert to_text(timeline.at(repo, "fjwy", None, today=today).document) == (FJWY / "before.txt").read_text(
        encoding="utf-8"
    )
    assert to_text(timeline.at(repo, "fjwy", "2031-01-01").document) == (FJWY / "after.txt").read_text(encoding="utf-8")


def test_blame_names_the_notice_for_exactly_the_amended_provisions(amended: Repository) -> None:
    lines = timeline.blame(amended, "fjwy")
    by_notice = [(b.address, b.text_since) for b in lines if b.text_by == NUMBER]
    assert by_notice == [
        (address, dt.date(2021, 5, 21))
        for address in [
            "三、（二）第1段", "三、（二）1.", "三、（二）3.", "三、（二）6.", "三、（二）7.",
            "四、（二）1.", "四、（二）2.", "四、（二）4.", "四、（二）5.", "四、（三）5.", "四、（三）9.",
        ]
    ]  # fmt: skip
    others = [b for b in lines if b.text_by != NUMBER]
    assert {(b.text_by, b.text_since) for b in others} == {("enacted", dt.date(2021, 3, 12))}
    renumbered = next(b for b in lines if b.address == "四、（三）10.")
    assert (renumbered.text_by, renumbered.number_by, renumbered.number_since) == (
        "enacted",
        NUMBER,
        dt.date(2021, 5, 21),
    )


def test_blame_cli_line(amended: Repository) -> None:
    code, out, _ = run(amended.root, "blame", "fjwy")
    assert code == 0
    assert f"四、（三）10.\tenacted\t2021-03-12  number: {NUMBER}\t其他应当问责的失职失责情形。" in out.splitlines()


def test_log_of_built_in_constitution() -> None:
    root = Path(__file__).parent.parent
    entries = timeline.log(Repository(root), "prc-constitution")
    assert [(e.number, e.date, e.event) for e in entries] == [
        (1, dt.date(1982, 12, 4), "enact"),
        (2, dt.date(1988, 4, 12), "amend"),
        (3, dt.date(1993, 3, 29), "amend"),
        (4, dt.date(1999, 3, 15), "amend"),
        (5, dt.date(2004, 3, 14), "amend"),
        (6, dt.date(2018, 3, 11), "amend"),
    ]


def test_show_dates_puts_each_provision_after_the_date_its_text_took_effect() -> None:
    """Per-provision dates in ``show``: the notice's provisions from 2021-05-21, the rest from 2021-03-12."""
    root = Path(__file__).parent.parent
    code, out, err = run(root, "show", "fjwy-network-ideology", "--dates")
    assert (code, err) == (0, "")
    plain = run(root, "show", "fjwy-network-ideology")[1].splitlines()
    dated = out.splitlines()
    assert dated[0] == plain[0]
    assert [line[12:] for line in dated[1:]] == plain[1:]
    # The 11 provisions whose text the notice changed: the ones blame names (log counts 12 changed
    # provisions, which includes those the notice touched without changing their own text).
    assert [n for n, line in enumerate(dated) if line.startswith("2021-05-21  ")] == [
        10,
        11,
        13,
        16,
        17,
        27,
        28,
        30,
        31,
        38,
        42,
    ]
    assert all(line.startswith(("2021-03-12  ", "2021-05-21  ")) for line in dated[1:])
    assert (
        run(root, "show", "fjwy-network-ideology", "--dates", "--at", "v1")[1].splitlines()[10][:12] == "2021-03-12  "
    )


#: The built-in document: 四、（三）9. was inserted by the 2021 notice; 三、（二） it left as enacted.
BUILT_IN = Path(__file__).parent.parent
INSERTED = "贯彻党中央关于网络意识形态工作的决策部署存在只表态不落实、热衷于搞舆论造势、不见诸行动等形式主义、官僚主义行为，造成严重不良影响的。"


def test_blame_prints_each_provision_s_text_after_its_columns() -> None:
    code, out, err = run(BUILT_IN, "blame", "fjwy-network-ideology")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 45
    assert "三、（二）\tenacted\t2021-03-12\t具体职责" in lines
    assert f"四、（三）9.\t{NUMBER}\t2021-05-21\t{INSERTED}" in lines
    assert f"四、（三）10.\tenacted\t2021-03-12  number: {NUMBER}\t其他应当问责的失职失责情形。" in lines


def test_blame_json() -> None:
    code, out, err = run(BUILT_IN, "blame", "fjwy-network-ideology", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["version", "document", "version_shown", "provisions"]
    assert (data["version"], data["document"], data["version_shown"]) == (1, "fjwy-network-ideology", 2)
    assert len(data["provisions"]) == 45
    by_address = {p["address"]: p for p in data["provisions"]}
    assert by_address["三、（二）"] == {
        "id": "a3-i2", "address": "三、（二）", "text": "具体职责", "text_by": "enacted", "text_since": "2021-03-12",
        "number_by": "enacted", "number_since": "2021-03-12",
    }  # fmt: skip
    assert by_address["四、（三）9."] == {
        "id": "a4-i3-pt9~2", "address": "四、（三）9.", "text": INSERTED, "text_by": NUMBER,
        "text_since": "2021-05-21", "number_by": NUMBER, "number_since": "2021-05-21",
    }  # fmt: skip
    assert by_address["四、（三）10."] == {
        "id": "a4-i3-pt9", "address": "四、（三）10.", "text": "其他应当问责的失职失责情形。", "text_by": "enacted",
        "text_since": "2021-03-12", "number_by": NUMBER, "number_since": "2021-05-21",
    }  # fmt: skip


def test_blame_json_of_the_first_version() -> None:
    code, out, _ = run(BUILT_IN, "blame", "fjwy-network-ideology", "--at", "v1", "--json")
    data = json.loads(out)
    assert (code, data["version_shown"], len(data["provisions"])) == (0, 1, 44)
    assert {(p["text_by"], p["text_since"]) for p in data["provisions"]} == {("enacted", "2021-03-12")}
