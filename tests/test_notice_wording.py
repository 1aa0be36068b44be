"""Reading the wording of real amendment notices into items and clauses.

Fixtures: the raw seed (``seeds/000_…``), the clean golden notice and the five constitution
amendments (``notices/*.txt``), and the 23 corpus instruments in the corpus Markdown format
(``notices/*.md``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policydiff.errors import InputError, Location
from policydiff.notice.clause_kinds import CLAUSE_KINDS
from policydiff.notice.quotes import QuoteError
from policydiff.notice.wording import EMPTY, NoticeText, read_notice

FIXTURES = Path(__file__).parent / "fixtures"
NOTICES = FIXTURES / "notices"
SEED_000 = FIXTURES / "seeds" / "000_57aedd832a4fe4aa.txt"
AFTER = FIXTURES / "golden" / "fjwy-2021" / "after.txt"
IP18 = "最高人民法院关于修改《最高人民法院关于审理侵犯专利权纠纷案件应用法律若干问题的解释（二）》等十八件知识产权类司法解释的决定.md"
CARD = "最高人民法院、最高人民检察院关于修改《关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释》的决定.md"
LAUNDER = "最高人民法院关于修改《关于审理掩饰、隐瞒犯罪所得、犯罪所得收益刑事案件适用法律若干问题的解释》的决定.md"
FOOD = "最高人民法院关于修改《最高人民法院关于审理食品药品纠纷案件适用法律若干问题的规定》的决定.md"
RAIL = "最高人民法院关于修改《最高人民法院关于审理铁路运输人身损害赔偿纠纷案件适用法律若干问题的解释》的决定.md"
#: The corpus has two real typos in its quotation marks; the tests below that count items
#: read these files with the missing ” put back (what the official text has).
MISSING_CLOSE = {
    "刑法修正案（九）.md": ("依照处罚较重的规定定罪处罚。\n\n二十四、", "依照处罚较重的规定定罪处罚。”\n\n二十四、"),
    "宪法修正案（1988年）.md": ("依照法律的规定转让。", "依照法律的规定转让。”"),
}


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def notice(name: str, *, repaired: bool = True) -> NoticeText:
    text = read(NOTICES / name)
    if repaired and name in MISSING_CLOSE:
        old, new = MISSING_CLOSE[name]
        assert text.count(old) == 1
        text = text.replace(old, new)
    return read_notice(text, name)


def items(n: NoticeText) -> list[tuple[str, int | None]]:
    return [(i.label, i.number) for p in n.parts for i in p.items]


def clean_items() -> list[str]:
    """The 11 item texts of the clean notice, without their ``N.`` labels."""
    lines = read(NOTICES / "fjwy-2021.txt").splitlines()[4:15]
    return [line.split(".", 1)[1] for line in lines]


# --- the seed notice, raw and clean -------------------------------------------------------

RULE = "未修订的条款自 2021年 3 月 12 日起实施，修订的条款自本文件发文之日起实施"
TITLE = "关于重新修订印发《中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法》的通知"
RECIPIENTS = "各党总支（直属党支部）,各二级学院(系、部),机关各部门，各中心，图书馆"
MEASURES = "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法"


@pytest.mark.parametrize("path", [SEED_000, NOTICES / "fjwy-2021.txt"], ids=["raw", "clean"])
def test_seed_header(path: Path) -> None:
    n = read_notice(read(path), path.name)
    assert n.number == "闽卫院委宣〔2021〕6 号"
    assert n.title == TITLE
    assert n.recipients == RECIPIENTS
    assert n.issuer == "中共福建卫生职业技术学院委员会"
    assert (n.decided, n.issued, n.adopted, n.effective) == (dt.date(2021, 5, 12), dt.date(2021, 5, 21), None, None)
    assert n.effect_rule == RULE
    assert n.targets == (MEASURES,)
    assert [c.kind for c in n.clauses] == ["lead-in", "effect-rule", "attachment"]
    assert n.clauses[1].text.startswith("现将修订后的《") and n.clauses[1].text.endswith("请各部门认真遵照执行。")
    assert n.clauses[2].text == "附件：中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法（修订）"


@pytest.mark.parametrize("path", [SEED_000, NOTICES / "fjwy-2021.txt"], ids=["raw", "clean"])
def test_seed_items_equal_the_clean_notice(path: Path) -> None:
    n = read_notice(read(path), path.name)
    assert len(n.parts) == 1 and n.parts[0].heading is None and n.parts[0].target is None
    assert items(n) == [(str(k), k) for k in range(1, 12)]
    assert [i.text for i in n.parts[0].items] == clean_items()


def test_seed_raw_and_clean_give_the_same_items() -> None:
    raw = read_notice(read(SEED_000), "000")
    clean = read_notice(read(NOTICES / "fjwy-2021.txt"), "fjwy")
    assert [i.text for i in raw.parts[0].items] == [i.text for i in clean.parts[0].items]
    assert [i.line for i in raw.parts[0].items][:3] == [19, 34, 42]  # lines of the raw PDF text
    assert [i.line for i in clean.parts[0].items][:3] == [5, 6, 7]


def test_seed_item_texts_keep_nested_quotes_and_spacing() -> None:
    n = read_notice(read(SEED_000), "000")
    six, eleven = n.parts[0].items[5], n.parts[0].items[10]
    assert "增强“四个意识”、坚定“四个自信”、做到“两个维护”" in six.text
    assert six.text.startswith("在本文第四条第（二）项第 1 点中，增加“坚持和完善")
    assert eleven.text.endswith("作为第 9 点，原第 9 点调整为第 10 点。")


def test_seed_attachment_is_the_reissued_text() -> None:
    n = read_notice(read(SEED_000), "000")
    assert n.attachment is not None
    lines = n.attachment.split("\n")
    assert lines[:2] == ["中共福建卫生职业技术学院委员会", "网络意识形态工作责任制实施办法（修订）"]
    assert lines[-2:] == ["（此件不予公开）", "福建卫生职业技术学院党政办公室 2021 年 5 月 21 日印发"]
    assert lines[2:-2] == read(AFTER).splitlines()[1:]  # the golden consolidated text, paragraph for paragraph
    assert read_notice(read(NOTICES / "fjwy-2021.txt"), "fjwy").attachment is None


# --- the constitution amendments ----------------------------------------------------------

ARTICLES = {
    1988: ["第一条", "第二条"],
    1993: ["第三条", "第四条", "第五条", "第六条", "第七条", "第八条", "第九条", "第十条", "第十一条"],
    1999: ["第十二条", "第十三条", "第十四条", "第十五条", "第十六条", "第十七条"],
    2004: [f"第{n}条" for n in ("十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四")]
    + [f"第{n}条" for n in ("二十五", "二十六", "二十七", "二十八", "二十九", "三十", "三十一")],
    2018: [f"第{n}条" for n in ("三十二", "三十三", "三十四", "三十五", "三十六", "三十七", "三十八")]
    + [f"第{n}条" for n in ("三十九", "四十", "四十一", "四十二", "四十三", "四十四", "四十五")]
    + [f"第{n}条" for n in ("四十六", "四十七", "四十八", "四十九", "五十", "五十一", "五十二")],
}
FIRST = {1988: 1, 1993: 3, 1999: 12, 2004: 18, 2018: 32}
ADOPTED = {
    1988: dt.date(1988, 4, 12),
    1993: dt.date(1993, 3, 29),
    1999: dt.date(1999, 3, 15),
    2004: dt.date(2004, 3, 14),
    2018: dt.date(2018, 3, 11),
}

A44 = (
    "宪法第六十七条“全国人民代表大会常务委员会行使下列职权”中第六项“（六）监督国务院、中央军事委员会、最高人民法院和最高人民检察院的工作”修改为“（六）监督国务院、中央军事委员会、国家监察委员会、最高人民法院和最高人民检察院的工作”；增加一项，作为第十一项“（十一）根据国家监察委员会主任的提请，任免国家监察委员会副主任、委员”，第十一项至第二十一项相应改为第十二项至第二十二项。\n"
    "宪法第七十条第一款中“全国人民代表大会设立民族委员会、法律委员会、财政经济委员会、教育科学文化卫生委员会、外事委员会、华侨委员会和其他需要设立的专门委员会。”修改为：“全国人民代表大会设立民族委员会、宪法和法律委员会、财政经济委员会、教育科学文化卫生委员会、外事委员会、华侨委员会和其他需要设立的专门委员会。”"
)
A52 = """宪法第三章“国家机构”中增加一节，作为第七节“监察委员会”；增加五条，分别作为第一百二十三条至第一百二十七条。内容如下：
第七节 监察委员会
第一百二十三条 中华人民共和国各级监察委员会是国家的监察机关。
第一百二十四条 中华人民共和国设立国家监察委员会和地方各级监察委员会。
监察委员会由下列人员组成：
主任，
副主任若干人，
委员若干人。
监察委员会主任每届任期同本级人民代表大会每届任期相同。国家监察委员会主任连续任职不得超过两届。
监察委员会的组织和职权由法律规定。
第一百二十五条 中华人民共和国国家监察委员会是最高监察机关。
国家监察委员会领导地方各级监察委员会的工作，上级监察委员会领导下级监察委员会的工作。
第一百二十六条 国家监察委员会对全国人民代表大会和全国人民代表大会常务委员会负责。地方各级监察委员会对产生它的国家权力机关和上一级监察委员会负责。
第一百二十七条 监察委员会依照法律规定独立行使监察权，不受行政机关、社会团体和个人的干涉。
监察机关办理职务违法和职务犯罪案件，应当与审判机关、检察机关、执法部门互相配合，互相制约。
第七节相应改为第八节，第一百二十三条至第一百三十八条相应改为第一百二十八条至第一百四十三条。"""


@pytest.mark.parametrize("year", sorted(ARTICLES))
def test_constitution_amendment_articles(year: int) -> None:
    n = read_notice(read(NOTICES / f"amendment-{year}.txt"), f"amendment-{year}.txt")
    assert [i.label for i in n.parts[0].items] == ARTICLES[year]
    numbers = [i.number for i in n.parts[0].items]
    assert numbers == list(range(FIRST[year], FIRST[year] + len(ARTICLES[year])))
    assert (n.title, n.adopted, n.issuer) == ("中华人民共和国宪法修正案", ADOPTED[year], "全国人民代表大会")
    assert n.targets == ("中华人民共和国宪法",)
    assert n.clauses == ()


@pytest.mark.parametrize("year", sorted(ARTICLES))
def test_constitution_markdown_gives_the_golden_items(year: int) -> None:
    golden = read_notice(read(NOTICES / f"amendment-{year}.txt"), "golden")
    corpus = notice(f"宪法修正案（{year}年）.md")
    assert [(i.label, i.text) for i in corpus.parts[0].items] == [(i.label, i.text) for i in golden.parts[0].items]
    assert corpus.title == f"中华人民共和国宪法修正案（{year}年）"
    assert corpus.adopted == ADOPTED[year]


def test_constitution_2018_multi_paragraph_articles() -> None:
    n = read_notice(read(NOTICES / "amendment-2018.txt"), "amendment-2018.txt")
    by_label = {i.label: i for i in n.parts[0].items}
    assert by_label["第四十四条"].text == A44
    assert by_label["第四十四条"].line == 15
    assert by_label["第五十二条"].text == A52
    assert (by_label["第五十二条"].number, by_label["第五十二条"].line) == (52, 24)


def test_constitution_publication_line_dates() -> None:
    n = notice("宪法修正案（1993年）.md")  # …主席团公告…公布施行
    assert (n.adopted, n.issued, n.effective) == (dt.date(1993, 3, 29),) * 3
    assert notice("宪法修正案（2018年）.md").effective is None  # no 施行 line, no commencement clause


# --- all 23 corpus instruments ------------------------------------------------------------

#: (file, items, clause kinds in order), checked against the files by reading them.
CORPUS = [
    ("刑法修正案.md", 8, ("lead-in", "commencement")),
    ("刑法修正案（二）.md", 1, ("commencement",)),
    ("刑法修正案（三）.md", 8, ("lead-in", "commencement")),
    ("刑法修正案（四）.md", 8, ("lead-in", "commencement")),
    ("刑法修正案（五）.md", 3, ("commencement",)),
    ("刑法修正案（六）.md", 20, ("commencement",)),
    ("刑法修正案（七）.md", 14, ("commencement",)),
    ("刑法修正案（八）.md", 49, ("commencement",)),
    ("刑法修正案（九）.md", 51, ("commencement",)),
    ("刑法修正案（十）.md", 1, ("commencement",)),
    ("刑法修正案（十一）.md", 47, ("commencement",)),
    ("宪法修正案（1988年）.md", 2, ()),
    ("宪法修正案（1993年）.md", 9, ()),
    ("宪法修正案（1999年）.md", 6, ()),
    ("宪法修正案（2004年）.md", 14, ()),
    ("宪法修正案（2018年）.md", 21, ()),
    (CARD, 8, ("lead-in",)),
    (
        "最高人民法院关于修改《关于上海金融法院案件管辖的规定》的决定.md",
        12,
        ("lead-in", "commencement", "republication"),
    ),
    (LAUNDER, 0, ("lead-in", "disapplication", "commencement")),
    (
        "最高人民法院关于修改《最高人民法院关于仲裁司法审查案件报核问题的有关规定》的决定.md",
        7,
        ("lead-in", "commencement", "republication"),
    ),
    (IP18, 149, ("lead-in", "commencement", "republication")),
    (RAIL, 10, ("lead-in", "commencement", "republication")),
    (FOOD, 1, ("lead-in", "commencement", "republication")),
]


def test_corpus_table_covers_every_fixture() -> None:
    assert sorted(name for name, _, _ in CORPUS) == sorted(p.name for p in NOTICES.glob("*.md"))
    assert len(CORPUS) == 23


@pytest.mark.parametrize(("name", "count", "kinds"), CORPUS, ids=[c[0][:24] for c in CORPUS])
def test_corpus_items_and_clauses(name: str, count: int, kinds: tuple[str, ...]) -> None:
    n = notice(name)
    assert sum(len(p.items) for p in n.parts) == count
    assert tuple(c.kind for c in n.clauses) == kinds
    assert all(c.kind in CLAUSE_KINDS for c in n.clauses)
    for part in n.parts:  # numbered continuously within each part
        numbers = [i.number for i in part.items if i.number is not None]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True


def test_no_fixture_has_unknown_wording() -> None:
    texts = [read(SEED_000), *(read(p) for p in NOTICES.glob("*.txt"))]
    found = [read_notice(t, "x") for t in texts] + [notice(name) for name, _, _ in CORPUS]
    assert [c for n in found for c in n.clauses if c.kind == "unknown"] == []


def test_criminal_law_amendment_header() -> None:
    n = notice("刑法修正案（十一）.md")
    assert n.title == "中华人民共和国刑法修正案（十一）"
    assert (n.adopted, n.effective, n.issued, n.decided) == (dt.date(2020, 12, 26), dt.date(2021, 3, 1), None, None)
    assert n.issuer == "全国人民代表大会常务委员会"
    assert n.targets == ("中华人民共和国刑法",)
    assert items(n)[:2] == [("一", 1), ("二", 2)] and items(n)[-1] == ("四十七", 47)
    assert n.clauses[0].text == "四十八、本修正案自2021年3月1日起施行。"
    assert notice("刑法修正案.md").effective is None  # 自公布之日起施行: no date stated


def test_numbered_commencement_is_a_clause_not_an_item() -> None:
    n = notice("刑法修正案.md")
    assert items(n)[-1] == ("八", 8)
    assert n.clauses[-1].text == "九、本修正案自公布之日起施行。"
    assert n.clauses[0].text.endswith("对刑法作如下补充修改：")


@pytest.mark.parametrize("name", ["刑法修正案（二）.md", "刑法修正案（十）.md"])
def test_unnumbered_amendment_is_one_item(name: str) -> None:
    n = notice(name)
    assert items(n) == [("", None)]
    item = n.parts[0].items[0]
    assert item.line == 7
    assert item.text.startswith("为了惩治")  # lead-in and edit in one sentence: an item
    assert item.text.split("\n")[1].startswith("“")
    assert n.clauses[0].text == "本修正案自公布之日起施行。"


def test_lead_in_with_an_edit_keeps_its_quotation() -> None:
    item = notice("刑法修正案（十）.md").parts[0].items[0]
    lines = item.text.split("\n")
    assert len(lines) == 3
    assert lines[0].endswith("在刑法第二百九十九条中增加一款作为第二款，将该条修改为:")
    assert lines[2].endswith("依照前款的规定处罚。”")


def test_unlabelled_edit_paragraphs_belong_to_their_item() -> None:
    n = notice("刑法修正案（七）.md")
    two, twelve = n.parts[0].items[1], n.parts[0].items[11]
    assert two.text.split("\n")[1].startswith("增加一款作为第四款：“")
    assert [line[:9] for line in twelve.text.split("\n")] == [
        "将刑法第三百七十五",
        "增加一款作为第三款",
        "原第三款作为第四款",
    ]
    assert notice("刑法修正案（九）.md").parts[0].items[3].text.endswith("\n原第二款作为第三款。")


def test_quoted_list_lines_stay_inside_the_item() -> None:
    n = notice("刑法修正案.md")
    six = n.parts[0].items[5]
    assert six.text.count("\n") == 5 and "\n（四）以其他方法操纵证券、期货交易价格的。\n" in six.text


def test_criminal_law_ix_has_a_missing_closing_quote() -> None:
    with pytest.raises(QuoteError) as err:
        notice("刑法修正案（九）.md", repaired=False)
    assert err.value.location == Location("刑法修正案（九）.md", 121)
    assert str(err.value) == "刑法修正案（九）.md:121: unbalanced quotation marks: “ at character 26 is never closed"


def test_constitution_1988_markdown_lacks_its_last_closing_quote() -> None:
    with pytest.raises(QuoteError) as err:
        notice("宪法修正案（1988年）.md", repaired=False)
    assert str(err.value) == "宪法修正案（1988年）.md:11: unbalanced quotation marks: “ at character 47 is never closed"


# --- court decisions ----------------------------------------------------------------------

IP18_COUNTS = [4, 7, 6, 18, 3, 6, 7, 8, 2, 21, 3, 7, 7, 1, 6, 5, 37, 1]


def test_eighteen_document_decision_parts() -> None:
    n = notice(IP18)
    assert len(n.parts) == 18
    assert [len(p.items) for p in n.parts] == IP18_COUNTS
    first, last = n.parts[0], n.parts[-1]
    assert first.heading == "一、修改《最高人民法院关于审理侵犯专利权纠纷案件应用法律若干问题的解释（二）》"
    assert first.target == "最高人民法院关于审理侵犯专利权纠纷案件应用法律若干问题的解释（二）"
    assert last.heading == "十八、修改《最高人民法院关于北京、上海、广州知识产权法院案件管辖的规定》"
    assert last.target == "最高人民法院关于北京、上海、广州知识产权法院案件管辖的规定"
    assert n.targets == tuple(p.target for p in n.parts)
    assert [i.label for i in n.parts[9].items] == [str(k) for k in range(1, 22)]
    assert (n.adopted, n.effective, n.issuer) == (dt.date(2020, 12, 23), dt.date(2021, 1, 1), "最高人民法院")


def test_eighteen_document_decision_unnumbered_parts_and_quoted_lists() -> None:
    n = notice(IP18)
    assert [(i.label, i.number) for i in n.parts[13].items] == [("", None)]
    assert n.parts[13].items[0].text.startswith("将引言修改为：\n“为了正确审理不正当竞争民事案件")
    listing = n.parts[1].items[1]  # 2.将第一条修改为： with a quoted 1.–25. list
    assert listing.label == "2" and listing.text.count("\n") == 26
    assert "\n3.专利合同纠纷案件；\n" in listing.text
    assert n.parts[9].items[20].text == "条文顺序作相应调整。"


def test_court_decision_items_and_dates() -> None:
    n = notice(RAIL)
    assert items(n) == [(label, k) for k, label in enumerate("一二三四五六七八九十", start=1)]
    assert n.parts[0].items[4].text.count("\n") == 4  # 将第六条和第七条合并修改为： + the quoted article
    assert (n.adopted, n.effective) == (dt.date(2021, 11, 24), dt.date(2022, 1, 1))
    assert n.targets == ("最高人民法院关于审理铁路运输人身损害赔偿纠纷案件适用法律若干问题的解释",)
    assert n.clauses[-1].text == "《解释》根据本决定作相应修改，并调整条文顺序后重新公布。"


def test_joint_decision_dates_and_targets() -> None:
    n = notice(CARD)
    assert n.issuer == "最高人民法院、最高人民检察院"
    assert (n.adopted, n.effective) == (dt.date(2018, 10, 19), dt.date(2018, 12, 1))  # the later 通过 line
    assert n.targets == ("最高人民法院、最高人民检察院关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释",)
    assert n.parts[0].items[6].text == "将《解释》原第七条改为修改后《解释》第十二条。"


def test_lead_in_names_the_target_not_the_basis() -> None:
    n = notice(FOOD)
    assert n.targets == ("最高人民法院关于审理食品药品纠纷案件适用法律若干问题的规定",)
    assert items(n) == [("", None)]
    assert n.parts[0].items[0].text.count("\n") == 1


def test_disapplication_changes_no_text() -> None:
    n = notice(LAUNDER)
    assert [len(p.items) for p in n.parts] == [0]
    assert n.clauses[1].text.startswith("自本决定实施之日起，《关于审理掩饰")
    assert "不再适用。" in n.clauses[1].text
    assert (n.adopted, n.effective) == (dt.date(2021, 4, 7), dt.date(2021, 4, 15))


# --- small texts: errors and unknown wording ----------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "  \n\u3000\n", "- 1 -\n", "# 某决定\n\n<!-- INFO END -->\n\n"])
def test_empty_notice_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError) as err:
        read_notice(text, "empty.txt")
    assert EMPTY == "empty notice: no wording to read"
    assert str(err.value) == "empty.txt: empty notice: no wording to read"


def test_unbalanced_quote_names_the_item_line() -> None:
    text = "关于修改某办法的决定\n现作如下修改：\n1.将“甲改为“乙”。\n2.将“丙”改为“丁”。\n"
    with pytest.raises(QuoteError) as err:
        read_notice(text, "n.txt")
    assert err.value.location == Location("n.txt", 3)
    assert str(err.value) == "n.txt:3: unbalanced quotation marks: “ at character 2 is never closed"


def test_stray_closing_quote_names_the_item_line() -> None:
    text = "关于修改某办法的决定\n现作如下修改：\n1.将“甲”改为“乙”。\n2.删去丙”。\n"
    with pytest.raises(QuoteError) as err:
        read_notice(text, "n.txt")
    assert str(err.value) == "n.txt:4: closing ” without an opening “ at character 4"


def test_quoted_numbers_are_not_items() -> None:
    text = "关于修改某办法的决定\n现作如下修改：\n1.将第三条修改为：\n“本办法适用于：\n2.乙单位；\n3.丙单位。”\n2.删去第四条。\n"
    n = read_notice(text, "n.txt")
    assert items(n) == [("1", 1), ("2", 2)]
    assert n.parts[0].items[0].text == "将第三条修改为：\n“本办法适用于：\n2.乙单位；\n3.丙单位。”"
    assert n.parts[0].items[1].line == 7


def test_unrecognised_wording_is_an_unknown_clause() -> None:
    text = "关于修改某办法的决定\n现作如下修改：\n1.删去第四条。\n本决定自2021年1月1日起施行。\n天气很好。\n"
    n = read_notice(text, "n.txt")
    assert [(c.kind, c.text, c.line) for c in n.clauses] == [
        ("lead-in", "现作如下修改：", 2),
        ("commencement", "本决定自2021年1月1日起施行。", 4),
        ("unknown", "天气很好。", 5),
    ]
    assert n.effective == dt.date(2021, 1, 1)


def test_closing_clauses() -> None:
    text = "关于修改某办法的通知\n各单位：\n现作如下修改：\n1.删去第四条。\n特此通知。\n某某局\n2022年3月4日\n抄送：某某厅\n"
    n = read_notice(text, "n.txt")
    assert [c.kind for c in n.clauses] == ["lead-in", "closing", "closing"]
    assert (n.recipients, n.issuer, n.issued) == ("各单位", "某某局", dt.date(2022, 3, 4))
    assert n.targets == ()


def test_full_width_and_mixed_dots_number_one_list() -> None:
    text = "关于修改某办法的决定\n现作如下修改：\n1．删去第四条。\n２．删去第五条。\n3.删去第六条。\n9、删去第七条。\n"
    n = read_notice(text, "n.txt")
    assert items(n) == [("1", 1), ("２", 2), ("3", 3)]
    assert n.parts[0].items[2].text == "删去第六条。\n9、删去第七条。"  # 9、 is not the next number
