"""The 题注 (headnote) of a consolidated text, from a document's history: exact official text.

The fixtures under fixtures/headnote/ are the opening of real corpus texts (lawrefbook): the title,
the metadata lines that give the parts of their headnotes, and a few lines of body.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from policydiff.history import Event, Version, versions
from policydiff.history.headnote import FAMILIES, family, headnote
from policydiff.importing.markdown import parse_markdown
from policydiff.model import Document, Metadata
from policydiff.notice.parse import parse_wording
from policydiff.notice.record import Clause, Notice
from policydiff.storage.repo import Repository
from tests.conftest import FIXTURES, doc_from_text

ROOT = Path(__file__).parent.parent
HEADNOTES = FIXTURES / "headnote"

CONSTITUTION_2018 = (
    "（1982年12月4日第五届全国人民代表大会第五次会议通过　1982年12月4日全国人民代表大会公告公布施行　"
    "根据1988年4月12日第七届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》、"
    "1993年3月29日第八届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》、"
    "1999年3月15日第九届全国人民代表大会第二次会议通过的《中华人民共和国宪法修正案》、"
    "2004年3月14日第十届全国人民代表大会第二次会议通过的《中华人民共和国宪法修正案》和"
    "2018年3月11日第十三届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》修正）"
)
ENACTED = "（1982年12月4日第五届全国人民代表大会第五次会议通过　1982年12月4日全国人民代表大会公告公布施行"
AMENDMENTS = (
    "1988年4月12日第七届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》",
    "1993年3月29日第八届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》",
    "1999年3月15日第九届全国人民代表大会第二次会议通过的《中华人民共和国宪法修正案》",
    "2004年3月14日第十届全国人民代表大会第二次会议通过的《中华人民共和国宪法修正案》",
)

CRIMINAL_LAW = (
    "（1979年7月1日第五届全国人民代表大会第二次会议通过　1997年3月14日第八届全国人民代表大会第五次会议修订　"
    "根据1998年12月29日第九届全国人民代表大会常务委员会第六次会议通过的《全国人民代表大会常务委员会关于惩治骗购外汇、逃汇和非法买卖外汇犯罪的决定》、"
    "1999年12月25日第九届全国人民代表大会常务委员会第十三次会议通过的《中华人民共和国刑法修正案》、"
    "2001年8月31日第九届全国人民代表大会常务委员会第二十三次会议通过的《中华人民共和国刑法修正案（二）》、"
    "2001年12月29日第九届全国人民代表大会常务委员会第二十五次会议通过的《中华人民共和国刑法修正案（三）》、"
    "2002年12月28日第九届全国人民代表大会常务委员会第三十一次会议通过的《中华人民共和国刑法修正案（四）》、"
    "2005年2月28日第十届全国人民代表大会常务委员会第十四次会议通过的《中华人民共和国刑法修正案（五）》、"
    "2006年6月29日第十届全国人民代表大会常务委员会第二十二次会议通过的《中华人民共和国刑法修正案（六）》、"
    "2009年2月28日第十一届全国人民代表大会常务委员会第七次会议通过的《中华人民共和国刑法修正案（七）》、"
    "2009年8月27日第十一届全国人民代表大会常务委员会第十次会议通过的《全国人民代表大会常务委员会关于修改部分法律的决定》、"
    "2011年2月25日第十一届全国人民代表大会常务委员会第十九次会议通过的《中华人民共和国刑法修正案（八）》、"
    "2015年8月29日第十二届全国人民代表大会常务委员会第十六次会议通过的《中华人民共和国刑法修正案（九）》、"
    "2017年11月4日第十二届全国人民代表大会常务委员会第三十次会议通过的《中华人民共和国刑法修正案（十）》、"
    "2020年12月26日第十三届全国人民代表大会常务委员会第二十四次会议通过的《中华人民共和国刑法修正案（十一）》和"
    "2023年12月29日第十四届全国人民代表大会常务委员会第七次会议通过的《中华人民共和国刑法修正案（十二）》修正）"
)
COMPANY_LAW_2018 = (
    "（1993年12月29日第八届全国人民代表大会常务委员会第五次会议通过　"
    "根据1999年12月25日第九届全国人民代表大会常务委员会第十三次会议《关于修改〈中华人民共和国公司法〉的决定》第一次修正　"
    "根据2004年8月28日第十届全国人民代表大会常务委员会第十一次会议《关于修改〈中华人民共和国公司法〉的决定》第二次修正　"
    "2005年10月27日第十届全国人民代表大会常务委员会第十八次会议修订　"
    "根据2013年12月28日第十二届全国人民代表大会常务委员会第六次会议《关于修改〈中华人民共和国海洋环境保护法〉等七部法律的决定》第三次修正　"
    "根据2018年10月26日第十三届全国人民代表大会常务委员会第六次会议《关于修改〈中华人民共和国公司法〉的决定》第四次修正）"
)
PATENT_RULES_2023 = (
    "（2001年6月15日中华人民共和国国务院令第306号公布　"
    "根据2002年12月28日《国务院关于修改〈中华人民共和国专利法实施细则〉的决定》第一次修订　"
    "根据2010年1月9日《国务院关于修改〈中华人民共和国专利法实施细则〉的决定》第二次修订　"
    "根据2023年12月11日《国务院关于修改〈中华人民共和国专利法实施细则〉的决定》第三次修订）"
)
CIVIL_EVIDENCE_2019 = (
    "（2001年12月6日最高人民法院审判委员会第1201次会议通过　"
    "根据2019年10月14日最高人民法院审判委员会第1777次会议《关于修改〈关于民事诉讼证据的若干规定〉的决定》修正）"
)
FJWY = (
    "（中共福建卫生职业技术学院委员会印发　2021年3月12日起施行　"
    "根据2021年5月21日《关于重新修订印发〈中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法〉的通知》"
    "（闽卫院委宣〔2021〕6号）修改）"
)


@pytest.fixture(scope="module")
def builtin(tmp_path_factory: pytest.TempPathFactory) -> Repository:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "documents", root / "documents")
    return Repository(root)


# --- the built-in documents ---------------------------------------------------------------------


def test_constitution_2018_is_the_official_headnote_byte_for_byte(builtin: Repository) -> None:
    history = versions(builtin, "prc-constitution")
    assert len(history) == 6
    assert headnote(history) == CONSTITUTION_2018
    assert headnote(history, 6) == CONSTITUTION_2018
    assert CONSTITUTION_2018.count("\u3000") == 2
    assert family(history) == "npc"


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_constitution_headnote_as_it_stood_at_each_version(builtin: Repository, number: int) -> None:
    listed = AMENDMENTS[: number - 1]
    if not listed:
        expected = ENACTED + "）"
    elif len(listed) == 1:
        expected = f"{ENACTED}　根据{listed[0]}修正）"
    else:
        expected = f"{ENACTED}　根据{'、'.join(listed[:-1])}和{listed[-1]}修正）"
    assert headnote(versions(builtin, "prc-constitution"), number) == expected


def test_constitution_v3_written_out() -> None:
    # The join spelled out once, not built by the test: 和 between two amendments, no 、.
    repo = Repository(ROOT)
    assert headnote(versions(repo, "prc-constitution"), 3) == (
        "（1982年12月4日第五届全国人民代表大会第五次会议通过　1982年12月4日全国人民代表大会公告公布施行　"
        "根据1988年4月12日第七届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》和"
        "1993年3月29日第八届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》修正）"
    )


def test_fjwy_headnote(builtin: Repository) -> None:
    history = versions(builtin, "fjwy-network-ideology")
    assert headnote(history) == FJWY
    assert headnote(history, 1) == "（中共福建卫生职业技术学院委员会印发　2021年3月12日起施行）"
    assert family(history) == "institutional"


def test_institutional_with_an_issue_date_and_number(builtin: Repository) -> None:
    history = versions(builtin, "datong-network-ideology")
    assert headnote(history) == "（2020年12月31日中共大同师范高等专科学校委员会印发（同师党字（2020）42号））"


def test_no_dates_no_headnote(builtin: Repository) -> None:
    assert headnote(versions(builtin, "seed003-part8")) is None
    assert headnote([Version(1, None, doc_from_text("办法\n第一条 甲。\n"))]) is None
    assert headnote([]) is None


def test_an_undated_event_gives_no_headnote() -> None:
    doc = _imported("npc-company-law-2018.md")._replace(meta=Metadata(adopted=dt.date(1993, 12, 29)))
    undated = Notice(items=(), title="全国人民代表大会常务委员会关于修改《中华人民共和国公司法》的决定")
    history = [Version(1, None, doc), Version(2, None, doc, Event(1, Path("e"), undated))]
    assert headnote(history, 1) == "（1993年12月29日通过）"
    assert headnote(history) is None


def test_a_note_that_cannot_be_read_gives_no_headnote() -> None:
    doc = doc_from_text("办法\n第一条 甲。\n")._replace(meta=Metadata(notes=("经研究同意",)))
    assert headnote([Version(1, None, doc)]) is None


# --- one family each, from real corpus texts: the consolidated text imported (its notes), and
# --- the same history as events --------------------------------------------------------------


def _imported(name: str) -> Document:
    text = (HEADNOTES / name).read_text(encoding="utf-8")
    return parse_markdown(text, slug="demo", name=name)[0]


def _enacted_only(doc: Document) -> Document:
    return doc._replace(meta=doc.meta._replace(notes=doc.meta.notes[:1]))


@dataclass(frozen=True, slots=True)
class _Revision:
    """An event of the kind the history will record a re-issued full text as (``kind: revise``)."""

    seq: int
    folder: Path
    notice: Notice
    kind: str = "revise"


def _history(doc: Document, *notices: Notice | _Revision) -> list[Version]:
    out = [Version(1, None, doc)]
    for n, notice in enumerate(notices, start=2):
        event = notice if isinstance(notice, _Revision) else Event(n - 1, Path(f"{n - 1:03d}-amend"), notice)
        out.append(Version(n, None, doc, event))  # type: ignore[arg-type]
    return out


def _npc_decision(day: dt.date, meeting: str, amended: str) -> Notice:
    note = f"（{day.year}年{day.month}月{day.day}日{meeting}通过）"
    title = f"全国人民代表大会常务委员会关于修改《{amended}的决定"
    return Notice(
        items=(), title=title, issuer="全国人民代表大会常务委员会", adopted=day, clauses=(Clause("adoption", note),)
    )


@pytest.mark.parametrize(
    ("name", "expected", "kind"),
    [
        ("npc-criminal-law.md", CRIMINAL_LAW, "npc"),
        ("npc-company-law-2018.md", COMPANY_LAW_2018, "npc"),
        ("state-council-patent-rules-2023.md", PATENT_RULES_2023, "state-council"),
        ("spc-civil-evidence-2019.md", CIVIL_EVIDENCE_2019, "spc"),
    ],
)
def test_an_imported_consolidated_text_from_its_notes(name: str, expected: str, kind: str) -> None:
    history = [Version(1, None, _imported(name))]
    assert headnote(history) == expected
    assert family(history) == kind


def test_npc_numbered_form_from_events_with_a_revision() -> None:
    doc = _enacted_only(_imported("npc-company-law-2018.md"))
    meeting = "第十届全国人民代表大会常务委员会第十八次会议"
    revision = Notice(items=(), title="中华人民共和国公司法", adopted=dt.date(2005, 10, 27),
                      clauses=(Clause("adoption", f"（2005年10月27日{meeting}通过）"),))  # fmt: skip
    history = _history(
        doc,
        _npc_decision(dt.date(1999, 12, 25), "第九届全国人民代表大会常务委员会第十三次会议", "中华人民共和国公司法》"),
        _npc_decision(dt.date(2004, 8, 28), "第十届全国人民代表大会常务委员会第十一次会议", "中华人民共和国公司法》"),
        _Revision(3, Path("003-revise"), revision),
        _npc_decision(
            dt.date(2013, 12, 28),
            "第十二届全国人民代表大会常务委员会第六次会议",
            "中华人民共和国海洋环境保护法》等七部法律",
        ),
        _npc_decision(dt.date(2018, 10, 26), "第十三届全国人民代表大会常务委员会第六次会议", "中华人民共和国公司法》"),
    )
    assert headnote(history) == COMPANY_LAW_2018
    assert headnote(history, 2) == (
        "（1993年12月29日第八届全国人民代表大会常务委员会第五次会议通过　"
        "根据1999年12月25日第九届全国人民代表大会常务委员会第十三次会议《关于修改〈中华人民共和国公司法〉的决定》修正）"
    )


def test_npc_list_form_from_real_amendment_notices() -> None:
    # The first two 刑法 amendments after the 1997 revision, read from their wording by the parser.
    doc = _imported("npc-criminal-law.md")
    doc = doc._replace(meta=doc.meta._replace(notes=doc.meta.notes[:2]))
    notices = [
        parse_wording((FIXTURES / "notices" / name).read_text(encoding="utf-8"), name)
        for name in ("刑法修正案.md", "刑法修正案（二）.md")
    ]
    assert headnote(_history(doc, *notices)) == (
        "（1979年7月1日第五届全国人民代表大会第二次会议通过　1997年3月14日第八届全国人民代表大会第五次会议修订　"
        "根据1999年12月25日第九届全国人民代表大会常务委员会第十三次会议通过的《中华人民共和国刑法修正案》和"
        "2001年8月31日第九届全国人民代表大会常务委员会第二十三次会议通过的《中华人民共和国刑法修正案（二）》修正）"
    )


def test_state_council_form_from_events() -> None:
    doc = _enacted_only(_imported("state-council-patent-rules-2023.md"))
    title = "国务院关于修改《中华人民共和国专利法实施细则》的决定"
    days = (dt.date(2002, 12, 28), dt.date(2010, 1, 9), dt.date(2023, 12, 11))
    history = _history(doc, *(Notice(items=(), title=title, issuer="国务院", issued=day) for day in days))
    assert headnote(history) == PATENT_RULES_2023
    assert family(history) == "state-council"


def test_state_council_re_issue_is_a_revision_by_order() -> None:
    doc = Document("demo", "条例", doc_from_text("条例\n第一条 甲。\n").numbering, (),
                   Metadata(number="中华人民共和国国务院令第142号", issued=dt.date(1994, 1, 28)))  # fmt: skip
    revised = Notice(items=(), number="中华人民共和国国务院令第707号", issuer="国务院", issued=dt.date(2018, 12, 18))
    history = _history(doc, _Revision(1, Path("001-revise"), revised))
    assert (
        headnote(history)
        == "（1994年1月28日中华人民共和国国务院令第142号公布　2018年12月18日中华人民共和国国务院令第707号修订）"
    )


def test_spc_form_from_an_event() -> None:
    doc = _enacted_only(_imported("spc-civil-evidence-2019.md"))
    decision = Notice(
        items=(), title="最高人民法院关于修改《关于民事诉讼证据的若干规定》的决定", issuer="最高人民法院",
        adopted=dt.date(2019, 10, 14), clauses=(Clause("adoption", "2019年10月14日 最高人民法院审判委员会第1777次会议通过"),),
    )  # fmt: skip
    history = _history(doc, decision)
    assert headnote(history) == CIVIL_EVIDENCE_2019
    assert family(history) == "spc"


def test_every_family_fires() -> None:
    # One fixture above per family; a rule that never fires fails here.
    assert [name for name, _, _ in FAMILIES] == ["spc", "state-council", "npc", "institutional"]


def test_the_parser_records_the_adoption_note_as_a_clause() -> None:
    text = (FIXTURES / "notices" / "amendment-1988.txt").read_text(encoding="utf-8")
    notice = parse_wording(text, "amendment-1988.txt")
    assert notice.clauses[0] == Clause("adoption", "（1988年4月12日第七届全国人民代表大会第一次会议通过）")
    md = parse_wording((FIXTURES / "notices" / "刑法修正案（七）.md").read_text(encoding="utf-8"), "x.md")
    assert [c for c in md.clauses if c.kind == "adoption"] == [
        Clause("adoption", "2009年2月28日 第十一届全国人民代表大会常务委员会第七次会议通过")
    ]


# --- shown on consolidated texts ----------------------------------------------------------------


@pytest.fixture(scope="module")
def repo_root(builtin: Repository) -> Path:
    return builtin.root


def test_rendered_formats_carry_the_headnote_under_the_title(repo_root: Path) -> None:
    from tests.test_cli import run

    code, md, _ = run(repo_root, "show", "fjwy-network-ideology", "--format", "md")
    assert code == 0
    assert md.startswith(f"# 中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法\n\n{FJWY}\n\n互联网已经成为")
    code, html, _ = run(repo_root, "show", "fjwy-network-ideology", "--format", "html", "--at", "v1")
    assert code == 0
    assert (
        "<h1>中共福建卫生职业技术学院委员会<wbr>网络意识形态工作责任制实施办法</h1>\n"
        '<p class="headnote">（中共福建卫生职业技术学院委员会印发　2021年3月12日起施行）</p>\n'
    ) in html
    code, text, _ = run(repo_root, "render", "prc-constitution", "--template", "document.txt.j2", "--at", "v2")
    assert code == 0
    assert text.startswith(f"中华人民共和国宪法\n{ENACTED}　根据{AMENDMENTS[0]}修正）\n序言\n")
    code, plain, _ = run(repo_root, "show", "prc-constitution")
    assert plain.startswith("中华人民共和国宪法\n序言\n")  # plain show: the text only


def test_the_docx_export_has_the_headnote_under_the_title(repo_root: Path) -> None:
    import io

    import docx

    from tests.test_cli_office import invoke

    code, data, _ = invoke(repo_root, "render", "fjwy-network-ideology", "--format", "docx")
    assert code == 0
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    assert [p.text for p in paragraphs[:2]] == ["中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法", FJWY]


def test_a_repository_template_overrides_the_headnote_block(builtin: Repository, tmp_path: Path) -> None:
    from policydiff.render import render
    from policydiff.render.views import document_context

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "document.html.j2").write_text(
        '{% extends "builtin:document.html.j2" %}{% block headnote %}<p>题注：{{ headnote }}</p>{% endblock %}',
        encoding="utf-8",
    )
    doc = doc_from_text("办法\n第一条 甲。\n")
    html = render("document.html.j2", document_context(doc, headnote="（2021年3月12日起施行）"), tmp_path)
    assert "<h1>办法</h1>\n<p>题注：（2021年3月12日起施行）</p>" in html
    assert '<p class="headnote">' not in render("document.html.j2", document_context(doc))
