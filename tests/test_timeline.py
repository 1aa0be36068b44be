"""Versions in time: log, show --at, blame, prospective notices."""

from __future__ import annotations

import dataclasses
import datetime as dt
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
    future = dataclasses.replace(fjwy_notice(), issued=dt.date(2031, 1, 1))
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
    assert f"四、（三）10.\tenacted\t2021-03-12  number: {NUMBER}" in out.splitlines()


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
