"""`policydiff notices`: the instruments of a repository, the documents and provisions each
changed, the parts not applied and those not yet in force, as text and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import run

ROOT = Path(__file__).parent.parent
NID = "2024-03-01-国务院关于修改部分行政法规的决定"
DECISION = (
    "国务院关于修改部分行政法规的决定\n"
    "国务院决定：对3部行政法规的部分条款予以修改。\n"
    "一、将《甲条例》第二条中的“第二条”修改为“第二条（修改）”。\n"
    "二、删去《乙规定》第三条。\n"
    "三、将《丙办法》第一条中的“甲”修改为“乙”。\n"
    "本决定自2024年3月1日起施行。\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The repository of :func:`make_repo`."""
    return make_repo(tmp_path)


def make_repo(tmp_path: Path) -> Path:
    """甲条例 (jia) and 乙规定 (yi), each amended by one part of a decision of three parts, the third
    amending 《丙办法》, which the repository does not hold."""
    for slug, title in (("jia", "甲条例"), ("yi", "乙规定")):
        articles = "".join(f"第{n}条 {title}第{n}条。\n" for n in "一二三")
        source = write(tmp_path / f"{slug}.txt", f"{title}\n{articles}")
        assert run(tmp_path, "import", str(source), "--id", slug, "--date", "2020-01-01")[0] == 0
        (tmp_path / f"{slug}.txt").unlink()
    decision = write(tmp_path.parent / f"{tmp_path.name}-decision.txt", DECISION)
    for slug in ("jia", "yi"):
        assert run(tmp_path, "apply", slug, str(decision))[0] == 0
    return tmp_path


TEXT = (
    f"{NID}\n"
    "  number: -\n"
    "  title:  国务院关于修改部分行政法规的决定\n"
    "  issuer: 国务院\n"
    "  date:   2024-03-01\n"
    "  status: {status}\n"
    "  part 1: 《甲条例》\n"
    "          jia 001-amend (v2): 第二条\n"
    "  part 2: 《乙规定》\n"
    "          yi 001-amend (v2): 第三条\n"
    "  part 3: 《丙办法》  not applied: no document titled 《丙办法》\n"
)


def test_text_one_block_per_instrument(repo: Path) -> None:
    code, out, err = run(repo, "notices", "--today", "2024-03-01")
    assert (code, err) == (0, "")
    assert out == TEXT.format(status="in force")


def test_text_says_what_is_not_yet_in_force(repo: Path) -> None:
    code, out, err = run(repo, "notices", "--today", "2024-02-29")
    assert (code, err) == (0, "")
    assert out == TEXT.format(status="not yet in force (from 2024-03-01; today is 2024-02-29)")


def test_a_document_without_the_event_is_named(repo: Path) -> None:
    articles = "".join(f"第{n}条 丙办法第{n}条。\n" for n in "一二三")
    source = write(repo / "bing.txt", f"丙办法\n{articles}")
    assert run(repo, "import", str(source), "--id", "bing", "--date", "2020-01-01")[0] == 0
    code, out, _ = run(repo, "notices", "--today", "2024-03-01")
    assert code == 0
    assert out.splitlines()[-1] == "  part 3: 《丙办法》  not applied: bing has no event applying it"


def test_json(repo: Path) -> None:
    code, out, err = run(repo, "notices", "--json", "--today", "2024-02-29")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "version": 1,
        "today": "2024-02-29",
        "instruments": [
            {
                "id": NID,
                "kept": True,
                "number": None,
                "title": "国务院关于修改部分行政法规的决定",
                "issuer": "国务院",
                "decided": None,
                "adopted": None,
                "issued": None,
                "effective": "2024-03-01",
                "date": "2024-03-01",
                "in_force": False,
                "parts": [
                    {
                        "part": 1,
                        "target": "甲条例",
                        "items": 1,
                        "applied": [
                            {
                                "document": "jia",
                                "event": "001-amend",
                                "kind": "amend",
                                "version": 2,
                                "date": "2024-03-01",
                                "provisions": [{"address": "第二条", "id": "a2", "effect": "修改", "item": "一"}],
                            }
                        ],
                        "not_applied": None,
                    },
                    {
                        "part": 2,
                        "target": "乙规定",
                        "items": 1,
                        "applied": [
                            {
                                "document": "yi",
                                "event": "001-amend",
                                "kind": "amend",
                                "version": 2,
                                "date": "2024-03-01",
                                "provisions": [{"address": "第三条", "id": "a3", "effect": "删除", "item": "二"}],
                            }
                        ],
                        "not_applied": None,
                    },
                    {
                        "part": 3,
                        "target": "丙办法",
                        "items": 0,
                        "applied": [],
                        "not_applied": "no document titled 《丙办法》",
                    },
                ],
            }
        ],
    }
    assert out.startswith('{\n  "version": 1,\n  "today": "2024-02-29",\n  "instruments": [\n    {\n      "id": ')


def test_old_layout_amendments_are_instruments_of_their_own() -> None:
    code, out, err = run(ROOT, "notices", "--today", "2024-01-01")
    assert (code, err) == (0, "")
    ids = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert ids == [
        "prc-constitution/001-amend (kept in the event folder)",
        "prc-constitution/002-amend (kept in the event folder)",
        "prc-constitution/003-amend (kept in the event folder)",
        "prc-constitution/004-amend (kept in the event folder)",
        "prc-constitution/005-amend (kept in the event folder)",
        "fjwy-network-ideology/001-amend (kept in the event folder)",
    ]
    assert out.split("\n\n")[0] == (
        "prc-constitution/001-amend (kept in the event folder)\n"
        "  number: -\n"
        "  title:  中华人民共和国宪法修正案\n"
        "  issuer: 全国人民代表大会\n"
        "  date:   1988-04-12\n"
        "  status: in force\n"
        "  part 1: 《中华人民共和国宪法》\n"
        "          prc-constitution 001-amend (v2): 第一章第十一条第2段、第一章第十条第3段"
    )


def test_an_empty_repository_has_no_instruments(tmp_path: Path) -> None:
    (tmp_path / "documents").mkdir()
    assert run(tmp_path, "notices") == (0, "no instruments\n", "")
    assert run(tmp_path, "notices", "--json", "--today", "2024-01-01") == (
        0,
        '{\n  "version": 1,\n  "today": "2024-01-01",\n  "instruments": []\n}\n',
        "",
    )


def test_not_a_policy_repository(tmp_path: Path) -> None:
    assert run(tmp_path, "notices") == (
        2,
        "",
        f"policydiff: no documents/ folder in {tmp_path}: not a policy repository\n",
    )


def test_a_bad_today_is_a_usage_error(repo: Path) -> None:
    code, out, err = run(repo, "notices", "--today", "2024-3-1")
    assert (code, out) == (2, "")
    assert err.endswith("Invalid value: '2024-3-1' is not a date in the form YYYY-MM-DD\n")
