"""`notice parse` and `apply` through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import files, run, seed

FJWY = FIXTURES / "golden" / "fjwy-2021"
ASSUMED = [1, 2, 3, 4, 5, 6, 8, 10]


def warnings_for(source: Path) -> str:
    return "".join(
        f"{source}: warning: item {n}: position not stated: inserted at the end of the provision\n" for n in ASSUMED
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    run(tmp_path, "import", str(FJWY / "before.txt"), "--id", "fjwy", "--date", "2021-03-12")
    return tmp_path


def test_notice_parse_writes_the_structured_form(tmp_path: Path) -> None:
    out = tmp_path / "notice.yaml"
    code, stdout, stderr = run(tmp_path, "notice", "parse", str(FJWY / "notice.txt"), "-o", str(out))
    assert (code, stdout) == (0, f"{out}: 11 items\n")
    assert stderr == warnings_for(FJWY / "notice.txt")
    assert out.read_text(encoding="utf-8").count("  - label: ") == 11


def test_raw_seed_parses_to_the_same_items_and_its_header(tmp_path: Path) -> None:
    code, raw, _ = run(tmp_path, "notice", "parse", str(seed("000")))
    code2, clean, _ = run(tmp_path, "notice", "parse", str(FJWY / "notice.txt"))
    assert (code, code2) == (0, 0)
    assert raw.splitlines()[:10] == [
        "format: policydiff/notice/1",
        "number: 闽卫院委宣〔2021〕6 号",
        "title: 关于重新修订印发《中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法》的通知",
        "issuer: 中共福建卫生职业技术学院委员会",
        "recipients: 各党总支（直属党支部）,各二级学院(系、部),机关各部门，各中心，图书馆",
        "decided: '2021-05-12'",
        "issued: '2021-05-21'",
        "unamended_effective: '2021-03-12'",
        "effect_rule: 未修订的条款自 2021年 3 月 12 日起实施，修订的条款自本文件发文之日起实施",
        "target: 中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法",
    ]
    assert raw.split("items:\n", 1)[1] == clean.split("items:\n", 1)[1]


def test_json_shows_every_stage(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "notice", "parse", str(FJWY / "notice.txt"), "--json")
    stages = json.loads(out)
    assert code == 0
    assert sorted(stages) == ["notice", "wording"]
    assert [i["label"] for i in stages["wording"]["parts"][0]["items"]] == [str(n) for n in range(1, 12)]
    assert stages["notice"]["items"][10]["operations"][1] == {
        "address": "第四条第（三）项第9点",
        "to": "第10点",
        "op": "renumber",
    }
    # Operations and items are objects with their fields in order (they are named tuples: never arrays).
    assert list(stages["notice"]["items"][10]["operations"][1]) == ["address", "to", "op"]
    assert list(stages["notice"]["items"][10]) == ["label", "wording", "operations", "clause", "assumptions", "rules"]


def test_apply_raw_wording_differs_only_in_items_6_and_8(repo: Path) -> None:
    code, out, err = run(repo, "apply", "fjwy", str(FJWY / "notice.txt"))
    assert code == 0
    assert err == warnings_for(FJWY / "notice.txt")
    assert out.splitlines()[-1] == "applied 11 items to fjwy, recorded as documents/fjwy/events/001-amend"
    _, shown, _ = run(repo, "show", "fjwy")
    after = (FJWY / "after.txt").read_text(encoding="utf-8").splitlines()
    differing = [n for n, (a, b) in enumerate(zip(shown.splitlines(), after, strict=True), 1) if a != b]
    assert differing == [28, 31]
    assert after[27].startswith("1.坚持和完善坚定维护党中央权威")
    assert "全面贯彻习近平法治思想，推进网络空间法治化" in after[30]


def test_apply_summary_shows_each_change_as_a_redline(repo: Path) -> None:
    code, out, _ = run(repo, "apply", "fjwy", str(FJWY / "notice.txt"), "--dry-run")
    assert code == 0
    lines = out.splitlines()
    assert lines[lines.index("item 7: 四、（二）2.") + 1] == (
        "  2.把网络意识形态工作列为各级党组织会议每年专题研究意识形态工作的重要内容。定期分析研判学校网络意识形态领域情况，"
        "研究加强和改进学校网络意识形态工作的方式方法。每[-半-]年向上级党组织报告网络意识形态领域的重大情况并提出建设性意见。"
        "定期在党内通报网络意识形态领域情况，统一认识，明确方向。"
    )
    assert lines[-1] == "would apply 11 items to fjwy"


def test_dry_run_writes_nothing(repo: Path) -> None:
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    code, _, _ = run(repo, "apply", "fjwy", str(FJWY / "notice.txt"), "--dry-run")
    assert code == 0
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("wording", "message"),
    [
        ("1.在本文第九条中，增加“甲”。", "item 1: 第九条 not found; the document has 一、、二、、三、、四、"),
        (
            "1.在本文第四条第（二）项第 2 点中，将“每季度”改为“每月”。",
            "item 1: 第四条第（二）项第2点: “每季度” not found in the text",
        ),
        (
            "1.在本文第四条第（二）项第 2 点中，将“网络意识形态”改为“意识形态”。",
            "item 1: 第四条第（二）项第2点: “网络意识形态” occurs 5 times; state which occurrence",
        ),
        (
            "1.在本文第四条第（三）项中，新增“甲”作为第 9 点，原第 9 点调整为第 8 点。",
            "item 1: renumbering leaves two provisions numbered 8. (a4-i3-pt8, a4-i3-pt9)",
        ),
        ("1.将本文第四条改得更好。", "4: item 1: wording not understood: '将本文第四条改得更好'"),
    ],
)
def test_errors_are_one_line_exit_1_and_nothing_written(repo: Path, wording: str, message: str) -> None:
    notice = repo / "bad.txt"
    notice.write_text(f"关于修改的通知\n各部门：\n现修改如下：\n{wording}\n", encoding="utf-8")
    before = files(repo)
    code, out, err = run(repo, "apply", "fjwy", str(notice))
    assert (code, out) == (1, "")
    separator = " " if message.startswith("item") else ""  # parse errors also name the line
    assert err == f"{notice}:{separator}{message}\n"
    assert files(repo) == before


DECISION = (
    FIXTURES
    / "notices"
    / (
        "最高人民法院关于修改《最高人民法院关于审理侵犯专利权纠纷案件应用法律若干问题的解释（二）》等十八件知识产权类司法解释的决定.md"
    )
)


def test_a_decision_with_no_part_for_the_document_is_refused(repo: Path) -> None:
    before = files(repo)
    code, out, err = run(repo, "apply", "fjwy", str(DECISION))
    assert (code, out) == (1, "")
    assert (
        err
        == f"{DECISION}: no part of the decision amends 《中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法》\n"
    )
    assert files(repo) == before


def test_notice_parse_of_a_decision_needs_a_target(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "notice", "parse", str(DECISION))
    assert (code, out) == (1, "")
    assert err == f"{DECISION}: the decision amends 18 documents; name the target\n"


def test_apply_takes_the_part_that_names_the_document(tmp_path: Path) -> None:
    title = "最高人民法院关于北京、上海、广州知识产权法院案件管辖的规定"
    articles = "".join(f"第{n}条 原第{n}条。\n" for n in "一二三四五六七八")
    source = tmp_path / "rules.txt"
    source.write_text(f"{title}\n{articles}", encoding="utf-8")
    run(tmp_path, "import", str(source), "--id", "ipcourts")
    code, _, err = run(tmp_path, "apply", "ipcourts", str(DECISION))
    assert code == 0
    assert err == f"{DECISION}: took the part that amends 《{title}》\n"
    _, shown, _ = run(tmp_path, "show", "ipcourts")
    assert shown.splitlines()[7] == (
        "第七条 当事人对知识产权法院作出的第一审判决、裁定提起的上诉案件和依法申请上一级法院复议的案件，"
        "由知识产权法院所在地的高级人民法院知识产权审判庭审理，但依法应由最高人民法院审理的除外。"
    )


def test_notice_check_names_the_form_of_every_item_and_every_refusal(tmp_path: Path) -> None:
    source = tmp_path / "decision.txt"
    source.write_text(
        "国务院关于修改部分行政法规的决定\n"
        "国务院决定：对2部行政法规的部分条款予以修改。\n"
        "一、将《甲条例》第七条中的“甲”修改为“乙”。\n"
        "二、删去《乙规定》第七条。\n"
        "三、将《甲条例》第九条改为第八条第一款。\n",
        encoding="utf-8",
    )
    code, stdout, stderr = run(tmp_path, "notice", "check", str(source))
    assert (code, stderr) == (1, "")
    assert stdout == (
        f"{source}:3: 《甲条例》 item 一: replace words in a provision\n"
        f"{source}:5: 《甲条例》 item 三: error: an article made a 款 of another article "
        "(将第三十九条改为第四十五条第一款) is not supported yet\n"
        f"{source}:4: 《乙规定》 item 二: delete provisions\n"
        "2 of 3 items read\n"
    )


def test_notice_check_exits_0_when_every_item_reads() -> None:
    code, stdout, stderr = run(Path("."), "notice", "check", str(FJWY / "notice.txt"))
    assert (code, stderr) == (0, "")
    assert stdout.splitlines()[-1] == "11 of 11 items read"
    assert stdout.splitlines()[0] == f"{FJWY / 'notice.txt'}:5: item 1: append words to a provision"


def test_a_refused_form_is_one_line_with_file_and_line_and_exit_1(tmp_path: Path) -> None:
    source = tmp_path / "n.txt"
    source.write_text(
        "关于修改《示例办法》的通知\n经研究，对《示例办法》作如下修改：\n1.将第五条移至第八条之后。\n", encoding="utf-8"
    )
    code, stdout, stderr = run(tmp_path, "notice", "parse", str(source))
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"{source}:3: item 1: moving a provision (移至…之后) is not supported: "
        "word it as 删去 and 增加, or as a renumbering\n"
    )


def test_the_redline_shows_the_paragraph_whose_words_changed(tmp_path: Path) -> None:
    """Issue 15, smaller: on d126d35 the redline showed the article's heading line, without marks."""
    shutil.copytree(Path(__file__).parent.parent / "documents", tmp_path / "documents")
    notice = tmp_path / "n.txt"
    title = "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法"
    notice.write_text(
        f"关于修改《{title}》的通知\n经研究，对《{title}》作如下修改：\n1.将第二条中的“总要求”修改为“根本要求”。\n",
        encoding="utf-8",
    )
    code, stdout, stderr = run(tmp_path, "apply", "fjwy-network-ideology", str(notice), "--dry-run")
    assert (code, stderr) == (0, "")
    assert stdout.splitlines() == [
        "item 1: 二、第1段",
        "  加强和改进网络意识形态工作，必须坚持正能量是[-总-]{+根本+}要求、管得住是硬道理，充分发挥制度体制优势，统筹网上网下两条战线，把握舆论宣传引导时度效，坚持管用防并举，牢牢掌握网络意识形态工作领导权、管理权、话语权，确保网络空间更加清朗，让党的声音成为网络空间最强音，切实巩固党的执政根基，维护国家政治安全和政权安全。",
        "would apply 1 item to fjwy-network-ideology",
    ]
