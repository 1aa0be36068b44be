"""The site's layout in Chromium: the 目录 of long documents (each entry scrolls to its provision,
at desktop width and at 390 px), tables on a phone (no column narrower than 8 characters),
headings that keep their words, and printing to A4 after GB/T 9704 (page count, page size,
margins, nothing of the navigation in print).

The site, its server and the browser are those of tests/test_browser.py, skipping as it does.
Screenshots go to $POLICYDIFF_SCREENSHOTS (default: the test's tmp_path).
"""

from __future__ import annotations

import io
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pypdf import PdfReader

from tests.test_browser import SLUG, TITLE, _watch, browser, screenshots, server, site  # noqa: F401  (fixtures)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1200, "height": 900}
MM = 72 / 25.4  # PDF points in a millimetre
A4 = (210 * MM, 297 * MM)
# GB/T 9704-2012: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
TOP, BOTTOM, LEFT, RIGHT = 37 * MM, 35 * MM, 28 * MM, 26 * MM
FJWY_PRINTED_PAGES = 11
TITLE_LINES = ["中共福建卫生职业技术学院委员会", "网络意识形态工作责任制实施办法"]  # its issuer, then the rest

CONSTITUTION_TOC = [
    ("#p-preamble", "序言"),
    ("#p-c1", "第一章 总纲"),
    ("#p-c2", "第二章 公民的基本权利和义务"),
    ("#p-c3", "第三章 国家机构"),
    ("#p-c3-s1", "第一节 全国人民代表大会"),
    ("#p-c3-s2", "第二节 中华人民共和国主席"),
    ("#p-c3-s3", "第三节 国务院"),
    ("#p-c3-s4", "第四节 中央军事委员会"),
    ("#p-c3-s5", "第五节 地方各级人民代表大会和地方各级人民政府"),
    ("#p-c3-s6", "第六节 民族自治地方的自治机关"),
    ("#p-c3-s7~2", "第七节 监察委员会"),
    ("#p-c3-s7", "第八节 人民法院和人民检察院"),
    ("#p-c4", "第四章 国旗、国歌、国徽、首都"),
]
SEED004_TOC = [("#p-a1", "第一条至第十条"), ("#p-a11", "第十一条至第二十条"), ("#p-a21", "第二十一条至第二十六条")]


class _Toc(HTMLParser):
    """The links of nav.toc: (href, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[tuple[str, str]] = []
        self.navs = 0
        self._in = False
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav" and "toc" in (dict(attrs).get("class") or "").split():
            self._in = True
            self.navs += 1
        elif self._in and tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in = False
        elif self._in and tag == "a" and self._href is not None:
            self.entries.append((self._href, "".join(self._text)))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)


def toc(path: Path) -> _Toc:
    parser = _Toc()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# --- the 目录, as built -------------------------------------------------------------------


def test_toc_of_chapters_sections_and_grouped_articles(site: Path) -> None:  # noqa: F811
    assert toc(site / "prc-constitution" / "index.html").entries == CONSTITUTION_TOC
    assert toc(site / "prc-constitution" / "v6.html").entries == CONSTITUTION_TOC
    assert toc(site / "seed004-part6" / "index.html").entries == SEED004_TOC
    # Short documents without 章: no 目录.
    assert toc(site / SLUG / "index.html").navs == 0
    assert toc(site / SLUG / "v2.html").navs == 0
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if toc(p).navs}
    assert built == {
        "prc-constitution/index.html",
        *(f"prc-constitution/v{n}.html" for n in range(1, 7)),
        "seed003-part8/index.html",
        "seed003-part8/v1.html",
        "seed004-part6/index.html",
        "seed004-part6/v1.html",
    }


# --- in Chromium ----------------------------------------------------------------------------


def _click_every_entry(page: Page) -> list[str]:
    """Click each 目录 entry; return what went wrong (an entry not landing on its element)."""
    wrong: list[str] = []
    hrefs = page.locator("nav.toc a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs
    for i, href in enumerate(hrefs):
        page.evaluate("window.scrollTo(0, 0)")
        page.locator("nav.toc a").nth(i).click()
        page.wait_for_function("h => decodeURIComponent(location.hash) === h", arg=href)
        where: dict[str, Any] = page.evaluate(
            """id => { const el = document.getElementById(id), r = el.getBoundingClientRect();
                       const margin = parseFloat(getComputedStyle(el).scrollMarginTop);
                       const bottom = Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight;
                       return {top: r.top, margin, bottom, height: innerHeight}; }""",
            href[1:],
        )
        # At the top of the window (below its scroll margin), or, near the end of the page
        # where the page cannot scroll further, inside the window.
        at_top = abs(where["top"] - where["margin"]) < 1
        in_view = where["bottom"] and 0 <= where["top"] < where["height"]
        if not (at_top or in_view):
            wrong.append(f"{href}: element top at {where['top']} px")
    return wrong


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390px"])
@pytest.mark.parametrize(
    "path", ["prc-constitution/index.html", "prc-constitution/v6.html", "seed004-part6/index.html"]
)
def test_every_toc_entry_scrolls_to_its_provision(
    browser: BrowserContext,  # noqa: F811
    server: str,  # noqa: F811
    path: str,
    viewport: dict[str, int],
) -> None:
    page = browser.new_page()
    page.set_viewport_size(viewport)  # type: ignore[arg-type]
    problems = _watch(page)
    page.goto(server + path)
    assert _click_every_entry(page) == []
    page.close()
    assert problems == []


def _narrow_cells(page: Page) -> list[str]:
    return page.evaluate(  # type: ignore[no-any-return]
        """() => [...document.querySelectorAll('td, th')]
              .filter(c => c.getBoundingClientRect().width < 8 * parseFloat(getComputedStyle(c).fontSize))
              .map(c => `${c.tagName} ${c.cellIndex}: ${c.getBoundingClientRect().width}px ${c.textContent.slice(0, 12)}`)"""
    )


def test_no_table_column_narrower_than_8_characters_on_a_phone(
    browser: BrowserContext,  # noqa: F811
    server: str,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    page = browser.new_page()
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    problems = _watch(page)
    for path, cells in (("index.html", 56), ("prc-constitution/v6-compare.html", 114)):
        page.goto(server + path)
        assert page.locator("td, th").count() == cells, path
        assert _narrow_cells(page) == [], path
        # The page itself does not scroll sideways: the tables do, inside it.
        assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"], path
    page.close()
    assert problems == []


def test_titles_and_headings_keep_their_words(
    browser: BrowserContext,  # noqa: F811
    server: str,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    page = browser.new_page()
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto(f"{server}{SLUG}/index.html")
    assert page.locator("h1").inner_text() == TITLE
    for selector in ("h1", "h2"):
        style = page.locator(selector).first.evaluate(
            "h => { const s = getComputedStyle(h); return [s.wordBreak, s.overflowWrap, s.lineBreak]; }"
        )
        assert style == ["keep-all", "anywhere", "strict"], selector
    # The title breaks between its issuer and the rest (the <wbr> there), not inside a word.
    lines = page.locator("h1").evaluate(
        """h => { const lines = []; let top = null;
                 const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
                 for (let node = walker.nextNode(); node; node = walker.nextNode())
                   for (let i = 0; i < node.length; i++) {
                     const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
                     const t = Math.round(range.getBoundingClientRect().top);
                     if (t !== top) { lines.push(""); top = t; }
                     lines[lines.length - 1] += node.data[i];
                   }
                 return lines; }"""
    )
    assert lines == TITLE_LINES
    page.screenshot(path=screenshots / "fjwy-title-390.png", clip={"x": 0, "y": 0, "width": 390, "height": 400})
    page.close()


# --- print ------------------------------------------------------------------------------------


def _glyphs(reader: PdfReader) -> list[list[tuple[float, float, str]]]:
    """Each page's glyphs (x, y of the baseline, in points from the bottom left; the text)."""
    pages: list[list[tuple[float, float, str]]] = []
    for pdf_page in reader.pages:
        found: list[tuple[float, float, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
            if text.strip():
                found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text))  # noqa: B023

        pdf_page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def test_a_document_prints_on_a4_in_the_official_layout(
    browser: BrowserContext,  # noqa: F811
    server: str,  # noqa: F811
    screenshots: Path,  # noqa: F811
) -> None:
    page = browser.new_page()
    problems = _watch(page)
    page.goto(f"{server}{SLUG}/index.html")
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=False)
    page.close()
    assert problems == []
    (screenshots / "fjwy-print.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == FJWY_PRINTED_PAGES
    width, height = A4
    lefts: list[float] = []
    for number, (pdf_page, glyphs) in enumerate(zip(reader.pages, _glyphs(reader), strict=True), start=1):
        box = pdf_page.mediabox
        # Chromium rounds the page to whole CSS pixels: within a point of A4.
        assert abs(float(box.width) - width) < 1 and abs(float(box.height) - height) < 1, number
        body = [(x, y, t) for x, y, t in glyphs if y > BOTTOM]
        foot = "".join(t for x, y, t in glyphs if y <= BOTTOM)
        assert foot.replace(" ", "") == f"—{number}—", number
        # Every glyph of the body starts inside the type area.
        assert all(LEFT - 0.5 <= x < width - RIGHT and y < height - TOP for x, y, _ in body), number
        lefts.append(min(x for x, _, _ in body))
        # The page number: below the type area, right on odd pages, left on even ones.
        xs = [x for x, y, _ in glyphs if y <= BOTTOM]
        assert (min(xs) > width / 2) if number % 2 else (max(xs) < width / 2), number
    # Lines (the title's, the unindented ones) start at the left margin.
    assert abs(min(lefts) - LEFT) < 0.5
    # Noto CJK maps some glyphs to Kangxi radicals (⽣ for 生): NFKC gives the text back.
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
    first = text.splitlines()
    assert first[:3] == ["— 1 —", *TITLE_LINES]
    for left_out in ("全部文件", "目录", "修订对照表", "修改记录", "2021-05-21"):
        assert left_out not in text, left_out


def test_the_comparison_table_prints_on_landscape_a4(
    browser: BrowserContext,  # noqa: F811
    server: str,  # noqa: F811
) -> None:
    page = browser.new_page()
    page.goto(f"{server}{SLUG}/v2-compare.html")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    page.close()
    width, height = A4
    for number, pdf_page in enumerate(reader.pages, start=1):
        box = pdf_page.mediabox
        assert abs(float(box.width) - height) < 1 and abs(float(box.height) - width) < 1, number
