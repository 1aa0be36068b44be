"""HTML safety: hostile text in every place a document or notice reaches an HTML page is escaped.

A repository is built whose documents carry hostile text in their title, metadata, chapter
headings, article and item texts, and whose amendment has a hostile number, title, wording and
item texts (so the diff segments of the redline and comparison table carry it too); one slug
is a ``javascript:`` URL. Then every HTML template is rendered (the whole site, ``render``,
``show --format html``, ``diff --format html``) and every page is checked: no hostile string
is there raw, each is there escaped, and the parsed page has no script, no event handler
attribute and no link with a scheme.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from policydiff.history.writing import record_amendment
from policydiff.model import LEGAL, Document, Kind, Metadata, Provision
from policydiff.notice.ops import InsertProvision, Item, Rename, ReplaceText
from policydiff.notice.record import Notice
from policydiff.site import build
from policydiff.storage.repo import Repository
from policydiff.zh.numbering import Num
from tests.test_cli import run

ROOT = Path(__file__).parent.parent

#: Hostile strings by where they go: each breaks out of text, an attribute or a comment.
TITLE = '示例办法</title><script>alert("title")</script>'
NUMBER = '示办〔2021〕1号"><img src=x onerror=alert("number")>'
ISSUER = "示例单位' onmouseover='alert(1)"
META = "<iframe src=javascript:alert('meta')>"
HEADING = "总则<!--"
ARTICLE = "为了<b>规范</b>示例工作&amp;，制定本办法。"
ITEM = "甲单位</p><svg onload=alert('item')>；"
NOTICE_NUMBER = '<a href="javascript:alert(1)">示办〔2022〕2号</a>'
NOTICE_TITLE = "关于修改《示例办法》的决定<style>*{display:none}</style>"
WORDING = "将第一条中的“规范”改为“<script>alert('wording')</script>”。"
INSERTED = "<script>alert('segment')</script>"
NEW_ARTICLE = '"><script>alert("added")</script>'
NEW_HEADING = "附则]]><x onclick=alert(1)>"
TEMPLATE_SYNTAX = "{{ 7 * 7 }}{% raw %}"
SLUG = "javascript:alert(1)"
HOSTILE = (
    TITLE,
    NUMBER,
    ISSUER,
    META,
    HEADING,
    ARTICLE,
    ITEM,
    NOTICE_NUMBER,
    NOTICE_TITLE,
    INSERTED,
    NEW_ARTICLE,
    NEW_HEADING,
)


def hostile_document(slug: str) -> Document:
    articles = (
        Provision("a1", Kind.ARTICLE, Num(1), text=ARTICLE),
        Provision(
            "a2",
            Kind.ARTICLE,
            Num(2),
            text="本办法适用于：",
            children=(
                Provision("a2-i1", Kind.ITEM, Num(1), text=ITEM),
                Provision("a2-i2", Kind.ITEM, Num(2), text="乙单位。"),
            ),
        ),
        Provision("a3", Kind.ARTICLE, Num(3), text=TEMPLATE_SYNTAX),
    )
    chapters = (
        Provision("c1", Kind.CHAPTER, Num(1), heading=HEADING, children=articles[:2]),
        Provision("c2", Kind.CHAPTER, Num(2), heading="附则", children=articles[2:]),
    )
    meta = Metadata(
        number=NUMBER, issuer=ISSUER, signer=META, covering_notice=META, recipients=META, source=META,
        issued=dt.date(2021, 1, 1), notes=(META,), cover=(META,),
    )  # fmt: skip
    return Document(slug, TITLE, LEGAL, chapters, meta)


def hostile_notice() -> Notice:
    items = (
        Item("1", WORDING, (ReplaceText("第一条", "规范", INSERTED),)),
        Item(INSERTED, NOTICE_TITLE, (InsertProvision("第二章", "条", "第四条", (NEW_ARTICLE,)),)),
        Item("3", META, (Rename("第二章", NEW_HEADING),)),
    )
    return Notice(items, number=NOTICE_NUMBER, title=NOTICE_TITLE, issuer=ISSUER, issued=dt.date(2022, 2, 2))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every HTML page: the built site, plus render, show and diff output."""
    root = tmp_path_factory.mktemp("hostile")
    repo = Repository(root)
    for slug in (SLUG, "plain"):
        repo.create(hostile_document(slug))
        record_amendment(repo, slug, hostile_notice(), WORDING)
    site = root / "site"
    build(repo, site, today=dt.date(2023, 1, 1))
    out = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    commands = {
        "render document.html.j2": ["render", "plain", "--template", "document.html.j2", "--at", "v1"],
        "render version.html.j2": ["render", "plain", "--template", "version.html.j2"],
        "render redline.html.j2": ["render", "plain", "--template", "redline.html.j2", "--at", "v2"],
        "render compare.html.j2": ["render", "plain", "--template", "compare.html.j2", "--at", "v2"],
        "render changelog.html.j2": ["render", "plain", "--template", "changelog.html.j2"],
        "show --format html": ["show", "plain", "--format", "html"],
        "diff --format html": ["diff", "plain", "v1", "v2", "--format", "html"],
    }
    for name, args in commands.items():
        code, html, err = run(root, *args)
        assert (code, err) == (1 if args[0] == "diff" else 0, ""), name
        out[name] = html
    return out


def test_every_html_template_is_rendered(pages: dict[str, str]) -> None:
    templates = {p.name for p in (ROOT / "templates").glob("*.html.j2") if not p.name.startswith("_")}
    shown = {
        "index.html.j2": "index.html",
        "docpage.html.j2": "plain/index.html",
        "version.html.j2": "plain/v2.html",
        "document.html.j2": "render document.html.j2",
        "changelog.html.j2": "plain/changelog.html",
        "compare.html.j2": "plain/v2-compare.html",
        "redline.html.j2": "plain/v2-redline.html",
        # the one instrument both documents apply (its page is named by its hostile number)
        "instrument.html.j2": next(name for name in pages if name.startswith("notices/")),
    }
    assert templates <= set(shown), templates - set(shown)
    assert set(shown.values()) <= set(pages)
    assert "<svg" in pages["plain/index.html"]  # the timeline template


class Page(HTMLParser):
    """The tags and attributes of a page, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


_SCHEME = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]*:")
_ALLOWED_TAGS = {
    "html", "head", "meta", "link", "title", "style", "body", "nav", "a", "h1", "h2", "h3", "p", "br", "section",
    "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "ins", "del", "span", "div", "svg", "line", "g",
    "circle", "text", "code", "pre", "strong", "em", "header", "footer", "main", "dl", "dt", "dd", "small", "wbr",
}  # fmt: skip


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_no_hostile_text_is_raw_and_each_is_shown_escaped(pages: dict[str, str], hostile: str) -> None:
    raw = [name for name, html in pages.items() if hostile in html]
    assert raw == []
    shown = [name for name, html in pages.items() if str(escape(hostile)) in html]
    assert shown, f"{hostile!r} reaches no page: the test does not test it"


def test_pages_hold_no_script_handler_or_scheme_link(pages: dict[str, str]) -> None:
    for name, html in pages.items():
        page = Page()
        page.feed(html)
        tags = {tag for tag, _ in page.tags}
        assert tags <= _ALLOWED_TAGS, (name, tags - _ALLOWED_TAGS)
        for tag, attrs in page.tags:
            for key, value in attrs:
                assert not key.startswith("on"), (name, tag, key)
                if key in ("href", "src", "action") and value != "data:,":
                    assert not _SCHEME.match(value or ""), (name, tag, key, value)
        assert page.comments == [], name


def test_template_syntax_in_text_is_data(pages: dict[str, str]) -> None:
    html = pages["plain/v1.html"]
    assert TEMPLATE_SYNTAX in html and "49" not in html


def test_the_style_sheet_is_ours(pages: dict[str, str]) -> None:
    # The only <style> is the inlined stylesheet: a notice title cannot add one.
    for name, html in pages.items():
        assert html.count("<style>") <= 1, name
