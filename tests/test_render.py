"""Templates: golden outputs, escaping, overrides, and the site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from policydiff.render import TemplateError, render
from policydiff.render.views import document_context
from policydiff.site import build
from policydiff.site.buildcache import MANIFEST
from policydiff.storage.repo import Repository
from tests.conftest import FIXTURES, doc_from_text
from tests.test_cli import run

ROOT = Path(__file__).parent.parent
GOLDEN = FIXTURES / "render"


@pytest.fixture(scope="module")
def builtin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built-in documents/ (tests must not write into the checkout)."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "documents", root / "documents")
    return root


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["render", "fjwy-network-ideology", "--template", "changelog.md.j2"], "fjwy-changelog.md"),
        (["render", "fjwy-network-ideology", "--template", "compare.md.j2"], "fjwy-compare.md"),
        (["render", "fjwy-network-ideology", "--template", "compare.html.j2"], "fjwy-compare.html"),
        (["show", "datong-network-ideology", "--format", "html"], "seed001.html"),
    ],
)
def test_golden_outputs(builtin: Path, args: list[str], golden: str) -> None:
    code, out, err = run(builtin, *args)
    assert (code, err) == (0, "")
    assert out == (GOLDEN / golden).read_text(encoding="utf-8")


def test_comparison_table_has_eleven_rows_and_notes_the_renumbered_point(builtin: Path) -> None:
    html = (GOLDEN / "fjwy-compare.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="p-[^"]+" class="(\w+)">', html)
    assert rows == ["modified"] * 10 + ["added"]
    assert "仅序号调整、内容未改：通知第11点：序号调整：四、（三）9. → 四、（三）10.，内容未改。" in html


def test_text_template_equals_the_plain_text_with_the_headnote(builtin: Path) -> None:
    # The text template is the plain text (show) with the headnote under the title.
    from tests.test_headnote import CONSTITUTION_2018

    code, out, _ = run(builtin, "render", "prc-constitution", "--template", "document.txt.j2")
    title, rest = (FIXTURES / "golden" / "constitution" / "2018.txt").read_text(encoding="utf-8").split("\n", 1)
    assert (code, out) == (0, f"{title}\n{CONSTITUTION_2018}\n{rest}")


def test_markup_in_the_text_is_shown_literally() -> None:
    doc = doc_from_text("办法\n第一条 <script>alert(1)</script> 与 {{ x }} 照录。\n")
    html = render("document.html.j2", document_context(doc))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 与 {{ x }} 照录。" in html
    assert "<script>" not in html
    md = render("document.md.j2", document_context(doc))
    # Markdown escapes it as diff --format md does (until d126d35 the tag went out raw: issue 15, item 11).
    assert md == "# 办法\n\n**第一条** \\<script\\>alert(1)\\</script\\> 与 {{ x }} 照录。\n"


def test_a_repository_template_overrides_a_block(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "document.html.j2").write_text(
        '{% extends "builtin:document.html.j2" %}{% block title %}本单位：{{ document.title }}{% endblock %}',
        encoding="utf-8",
    )
    html = render("document.html.j2", document_context(doc_from_text("办法\n第一条 甲。\n")), tmp_path)
    assert "<title>本单位：办法</title>" in html
    assert '<p class="depth-1" id="p-a1"><a class="label" href="#p-a1">第一条</a> 甲。</p>' in html


def test_template_errors_are_policydiff_errors(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bad.html.j2").write_text("{{ document.title }\n", encoding="utf-8")
    (tmp_path / "templates" / "undefined.html.j2").write_text("{{ nothing }}\n", encoding="utf-8")
    context = document_context(doc_from_text("办法\n第一条 甲。\n"))
    with pytest.raises(TemplateError) as info:
        render("bad.html.j2", context, tmp_path)
    assert str(info.value) == "bad.html.j2:1: template syntax error: unexpected '}'"
    with pytest.raises(TemplateError) as info:
        render("undefined.html.j2", context, tmp_path)
    assert str(info.value) == "template 'undefined.html.j2': 'nothing' is undefined"
    with pytest.raises(TemplateError) as info:
        render("missing.html.j2", context, tmp_path)
    assert str(info.value) == "no template named 'missing.html.j2'"


def test_site_is_deterministic_offline_and_relative(builtin: Path, tmp_path: Path) -> None:
    first = build(Repository(builtin), tmp_path / "a").pages
    build(Repository(builtin), tmp_path / "b")
    pages = sorted(p.relative_to(tmp_path / "a") for p in first)
    files = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files == sorted([*pages, Path(MANIFEST)])
    assert (tmp_path / "a" / MANIFEST).read_bytes() == (tmp_path / "b" / MANIFEST).read_bytes()
    for page in pages:
        a, b = (tmp_path / "a" / page).read_bytes(), (tmp_path / "b" / page).read_bytes()
        assert a == b, page
        if page.suffix == ".html":
            text = a.decode()
            assert '<html lang="zh-CN">' in text
            assert not re.search(r'(?:href|src)="(?:/|https?:)', text), page
            _assert_links_resolve(tmp_path / "a" / page, text)


def _assert_links_resolve(page: Path, html: str) -> None:
    for target in re.findall(r'href="(?!data:)([^"#]+)(?:#[^"]*)?"', html):
        assert (page.parent / target).is_file(), f"{page}: broken link {target}"


def test_site_pages_for_the_fjwy_document(builtin: Path, tmp_path: Path) -> None:
    build(Repository(builtin), tmp_path)
    names = sorted(p.name for p in (tmp_path / "fjwy-network-ideology").iterdir())
    assert names == [
        "changelog.html", "changelog.md", "feed.xml", "index.html", "v1.html", "v2-compare.html", "v2-compare.md",
        "v2-redline.html", "v2.html",
    ]  # fmt: skip
    page = (tmp_path / "fjwy-network-ideology" / "index.html").read_text(encoding="utf-8")
    assert page.count("<circle ") == 2
    assert '<text x="24.0" y="26" text-anchor="start" font-size="13">2021-03-12</text>' in page
    assert '<text x="616.0" y="26" text-anchor="end" font-size="13">2021-05-21</text>' in page


def test_constitution_tables_name_the_amendment_by_the_notices_own_label(builtin: Path) -> None:
    """Failed on 49a027a: the 说明 read ``第第三十二条项：修改`` (an item labelled 第X条 wrapped in 第…项).

    The notice names its items 第三十二条 etc. under its short title 宪法修正案.
    """
    _, md, _ = run(builtin, "render", "prc-constitution", "--template", "compare.md.j2")
    notes = [line.rsplit(" | ", 1)[1].removesuffix(" |") for line in md.splitlines() if line.startswith("| ")]
    assert notes[2:4] == ["序言第7段：宪法修正案第三十二条：修改", "序言第10段：宪法修正案第三十三条：修改"]
    assert "第第" not in md
    _, html, _ = run(builtin, "render", "prc-constitution", "--template", "compare.html.j2")
    assert "<td>序言第7段<br>宪法修正案第三十二条：修改</td>" in html
    assert (
        "仅序号调整、内容未改：宪法修正案第四十一条：序号调整：第三章第一节第六十二条（七） → 第三章第一节第六十二条（八），内容未改；"
        in html
    )
    _, log, _ = run(builtin, "render", "prc-constitution", "--template", "changelog.md.j2")
    assert "\n- 宪法修正案第三十二条：宪法序言第七自然段中" in log
    assert "第第" not in html + log


def test_fjwy_table_names_the_notices_item_apart_from_the_provisions_item(builtin: Path) -> None:
    """Failed on 49a027a: ``三、（二）第1段 第1项：修改`` — 第1项 reads as a provision's 项 (the row is in 第（二）项).

    The fjwy notice numbers its items ``1.``; such notices (and the document itself, ``第 9 点``)
    call an Arabic-numbered entry 点, and the short title 通知 puts it in the notice, not the
    document: ``通知第1点``.
    """
    _, html, _ = run(builtin, "render", "fjwy-network-ideology", "--template", "compare.html.j2")
    assert "<td>三、（二）第1段<br>通知第1点：修改</td>" in html


def test_timeline_tooltip_names_the_event_in_chinese(builtin: Path, tmp_path: Path) -> None:
    """Failed on 49a027a: the tooltip of the enacted version read ``v1 enact``."""
    assert run(builtin, "build", "-o", str(tmp_path / "site"))[0] == 0
    page = (tmp_path / "site" / "fjwy-network-ideology" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<title>(v\d[^<]*)</title>", page) == ["v1 制定", "v2 闽卫院委宣〔2021〕6 号"]
    assert ">v1 制定</text>" in page and ">v2 修改</text>" in page
