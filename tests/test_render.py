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
    assert "仅序号调整、内容未改：第11项：序号调整：四、（三）9. → 四、（三）10.，内容未改。" in html


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
