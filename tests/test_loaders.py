"""The loaders refuse what readers cannot use, so that ``check`` clean ⇒ every reading command works.

Issue 15, items 7 and 13: ``num: 2.0``, ``sub: 1.0``, articles without an article label,
``{circle}`` past ⑳, ``sub`` on a label without 之N and a chapter inside an article passed
``check`` on commit d126d35 while show, blame, diff, render or build stopped (a ``TypeError``
traceback for the floats, an unlocated line for the labels); ``occurrence: 2.0`` crashed apply.
Each is a case of the bad-input corpus (tests/badinput/) with its exact line; here every reading
command and ``check`` are run on each.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_badinput import CORPUS, Case, invoke

MALFORMED = (
    "yaml-num-float",
    "yaml-sub-float",
    "yaml-no-article-label",
    "yaml-circle-21",
    "yaml-sub-on-item",
    "yaml-chapter-in-article",
)
READERS = (
    ["show", "demo"],
    ["show", "demo", "--format", "md"],
    ["blame", "demo"],
    ["log", "demo"],
    ["list"],
    ["diff", "demo", "v1", "v1"],
    ["render", "demo", "--format", "docx", "-o", "out.docx"],
    ["build", "-o", "site", "--allow-problems"],  # without it, check's problem refuses the build (below)
)


def _case(name: str, tmp_path: Path) -> tuple[Path, str]:
    case = Case(name, CORPUS / name)
    where = case.prepare(tmp_path / "case")
    code, line = case.expected(where)
    assert code == 2
    return where, line


@pytest.mark.parametrize("name", MALFORMED)
def test_check_reports_what_the_readers_refuse(name: str, tmp_path: Path) -> None:
    """Failed on commit d126d35: check exited 0 on each of these documents."""
    where, line = _case(name, tmp_path)
    code, out, err, crash = invoke(["check"], where)
    assert crash is None
    location, _, message = line.rstrip("\n").partition(": ")
    assert (code, out, err) == (1, f"{location}: PD101 {message}\n", "policydiff check: 1 problem in 1 file\n")


@pytest.mark.parametrize("name", MALFORMED)
def test_build_refuses_what_check_reports_and_writes_nothing(name: str, tmp_path: Path) -> None:
    where, line = _case(name, tmp_path)
    code, out, err, crash = invoke(["build", "-o", "site"], where)
    assert crash is None
    location, _, message = line.rstrip("\n").partition(": ")
    assert (code, out, err) == (
        1,
        "",
        f"{location}: PD101 {message}\n"
        "policydiff: not built: 1 problem (policydiff check lists them; --allow-problems builds anyway)\n",
    )
    assert not (where / "site").exists()


@pytest.mark.parametrize("name", MALFORMED)
@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_every_reader_refuses_with_the_same_line(name: str, args: list[str], tmp_path: Path) -> None:
    """Failed on commit d126d35: a TypeError traceback (floats), a line without a location (labels) or,
    for the chapter inside an article, no error at all."""
    where, line = _case(name, tmp_path)
    code, out, err, crash = invoke(args, where)
    assert crash is None
    warning = "policydiff: warning: {}: PD101 {}\n".format(*line.rstrip("\n").partition(": ")[::2])
    assert (code, out, err) == (2, "", warning + line if "build" in args else line)
    assert list((where / "site").rglob("*")) == []  # build makes its (empty) folder first
    assert not (where / "out.docx").exists()


@pytest.mark.parametrize("name", MALFORMED)
def test_textconv_gives_a_file_it_cannot_read_as_it_is(name: str, tmp_path: Path) -> None:
    """Failed on commit d126d35 for the floats: textconv crashed with a TypeError."""
    where, _ = _case(name, tmp_path)
    path = where / "documents" / "demo" / "document.yaml"
    code, out, err, crash = invoke(["textconv", str(path)], where)
    assert (code, out, err, crash) == (0, path.read_text(encoding="utf-8"), "", None)


def test_check_reports_every_problem_of_a_file(tmp_path: Path) -> None:
    """Failed on commit d126d35: check exited 0 (the two circled numbers and the float were not seen)."""
    where, _ = _case("yaml-circle-21", tmp_path)
    path = where / "documents" / "demo" / "document.yaml"
    text = path.read_text(encoding="utf-8").replace("num: 3\n", "num: 3.0\n")
    path.write_text(text + "  - id: a22\n    kind: article\n    num: 22\n    text: 第22条。\n", encoding="utf-8")
    code, out, _, _ = invoke(["check"], where)
    assert (code, out) == (
        1,
        "documents/demo/document.yaml:18:5: PD101 provision 'a3': 'num': 3.0 is not of type 'integer'\n",
    )
    path.write_text(
        text.replace("num: 3.0\n", "num: 3\n") + "  - id: a22\n    kind: article\n    num: 22\n    text: 第22条。\n"
    )
    code, out, _, _ = invoke(["check"], where)
    assert (code, out) == (
        1,
        "documents/demo/document.yaml:90:5: PD101 provision 'a21': 'num': 21 has no circled digit: {circle} labels go up to 20\n"
        "documents/demo/document.yaml:94:5: PD101 provision 'a22': 'num': 22 has no circled digit: {circle} labels go up to 20\n",
    )


def test_a_float_in_a_recorded_notice_is_reported_by_check(tmp_path: Path) -> None:
    """Failed on commit d126d35: ``occurrence: 2.0`` in a recorded event crashed check with a TypeError."""
    case = Case("snotice-occurrence-float", CORPUS / "snotice-occurrence-float")
    where = case.prepare(tmp_path / "case")
    notice = (where / "notice.yaml").read_text(encoding="utf-8")
    assert invoke(["apply", "demo", "notice.yaml"], where)[:3] == (2, "", case.expected(where)[1])
    assert invoke(["apply", "demo", "notice.yaml"], where)[0] == 2
    event = where / "documents" / "demo" / "events" / "001-amend"
    assert not event.exists()
    (where / "notice.yaml").write_text(notice.replace("occurrence: 2.0", "occurrence: 2"), encoding="utf-8")
    assert invoke(["apply", "demo", "notice.yaml"], where)[0] == 0
    assert sorted(p.name for p in event.iterdir()) == ["event.yaml"]
    recorded = where / "notices" / "2021-06-01-示办〔2021〕1号" / "part-1.yaml"
    text = recorded.read_text(encoding="utf-8")
    assert "occurrence: 2\n" in text
    recorded.write_text(text.replace("occurrence: 2\n", "occurrence: 2.0\n"), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "occurrence: 2" in row)
    code, out, _, crash = invoke(["check"], where)
    assert crash is None
    message = "items/0/operations/0/occurrence: 2.0 is not of type 'integer'"
    expected = f"notices/2021-06-01-示办〔2021〕1号/part-1.yaml:{line}:9: PD101 {message}\n"
    assert (code, out) == (1, expected)
    assert invoke(["log", "demo"], where)[:3] == (2, "", f"{expected.replace(' PD101', '')}")
