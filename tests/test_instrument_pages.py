"""The site's instrument pages: the effects table (exact rows), links to existing anchors both
ways, the index's 修改文件, rebuilding when an instrument's sources change, and in Chromium each
provision link of the table landing on an element with that id."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urldefrag, urljoin

import pytest

from policydiff.site import build
from policydiff.storage.repo import Repository
from tests.test_browser import _Links, browser, server  # noqa: F401  (fixtures)
from tests.test_notices_command import NID, make_repo, repo  # noqa: F401  (fixture)

TODAY = dt.date(2024, 6, 1)
PAGE = f"notices/{NID}.html"


class _Table(HTMLParser):
    """The cells of table.effects: each cell's text and link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, str | None]]] = []
        self._in = False
        self._cell: list[str] | None = None
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", "effects") in attrs:
            self._in = True
        elif self._in and tag == "tr":
            self.rows.append([])
        elif self._in and tag in ("td", "th"):
            self._cell, self._href = [], None
        elif self._in and tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in = False
        elif self._in and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(("".join(self._cell), self._href))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table(html: str) -> list[list[tuple[str, str | None]]]:
    parser = _Table()
    parser.feed(html)
    return parser.rows


def ids(path: Path) -> set[str]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.ids


@pytest.fixture
def built(repo: Path) -> Path:  # noqa: F811
    out = repo / "site"
    build(Repository(repo), out, today=TODAY)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of :func:`make_repo`, for this module's browser test (served by ``server``)."""
    root = make_repo(tmp_path_factory.mktemp("repo"))
    build(Repository(root), root / "site", today=TODAY)
    return root / "site"


def test_the_effects_table(built: Path) -> None:
    assert table((built / PAGE).read_text(encoding="utf-8")) == [
        [("文件", None), ("条文", None), ("修改", None), ("已适用", None)],
        [("甲条例", "../jia/index.html"), ("第二条", "../jia/v2.html#p-a2"), ("修改", None), ("是", None)],
        [("乙规定", "../yi/index.html"), ("第三条", "../yi/v1.html#p-a3"), ("删除", None), ("是", None)],
        [("《丙办法》", None), ("—", None), ("本库未收录该文件", None), ("否", None)],
    ]


def test_links_both_ways_resolve(built: Path) -> None:
    page = built / PAGE
    for row in table(page.read_text(encoding="utf-8"))[1:]:
        for _, link in row:
            if link is None:
                continue
            target, fragment = urldefrag(urljoin(page.as_uri(), link))
            path = Path(unquote(target.removeprefix("file://")))
            assert path.is_file(), link
            assert not fragment or fragment in ids(path), link
    for slug in ("jia", "yi"):
        log = (built / slug / "changelog.html").read_text(encoding="utf-8")
        assert f'<a class="instrument" href="../{quote(PAGE)}">修改文件</a>' in log
    index = (built / "index.html").read_text(encoding="utf-8")
    assert "<h2>修改文件</h2>" in index
    assert f'<td><a href="./{quote(PAGE)}">国务院关于修改部分行政法规的决定</a></td>' in index


def test_the_page_is_rebuilt_when_its_sources_change(repo: Path, built: Path) -> None:  # noqa: F811
    again = build(Repository(repo), built, today=TODAY)
    assert again.written == ()
    wording = repo / "notices" / NID / "notice.txt"
    wording.write_text(wording.read_text(encoding="utf-8") + "（完）\n", encoding="utf-8")
    report = build(Repository(repo), built, today=TODAY)
    assert (report.rendered, report.written) == ((), (built / PAGE,))
    assert '<p class="wording">（完）</p>' in (built / PAGE).read_text(encoding="utf-8")
    # A document that gains the title of the part not applied: the row says it is not yet applied.
    (repo / "bing.txt").write_text("丙办法\n第一条 甲。\n", encoding="utf-8")
    from tests.test_cli import run

    assert run(repo, "import", str(repo / "bing.txt"), "--id", "bing", "--date", "2020-01-01")[0] == 0
    report = build(Repository(repo), built, today=TODAY)
    assert built / PAGE in report.written
    rows = table((built / PAGE).read_text(encoding="utf-8"))
    assert rows[-1] == [("《丙办法》", None), ("—", None), ("尚未适用", None), ("否", None)]


def test_old_layout_amendments_have_pages(tmp_path: Path) -> None:
    import shutil

    root = Path(__file__).parent.parent
    shutil.copytree(root / "documents", tmp_path / "documents")
    out = tmp_path / "site"
    report = build(Repository(tmp_path), out, today=TODAY)
    assert sorted(report.instruments) == [
        "notices/fjwy-network-ideology/001-amend.html",
        *(f"notices/prc-constitution/00{n}-amend.html" for n in range(1, 6)),
    ]
    rows = table((out / "notices/prc-constitution/001-amend.html").read_text(encoding="utf-8"))
    assert rows[1:] == [
        [
            ("中华人民共和国宪法", "../../prc-constitution/index.html"),
            ("第一章第十一条第2段", "../../prc-constitution/v2.html#p-a11-p3"),
            ("新增", None),
            ("是", None),
        ],
        [
            ("中华人民共和国宪法", "../../prc-constitution/index.html"),
            ("第一章第十条第3段", "../../prc-constitution/v2.html#p-a10-p4"),
            ("修改", None),
            ("是", None),
        ],
    ]


def test_in_chromium_each_provision_link_lands_on_its_element(browser, server: str) -> None:  # noqa: F811
    page = browser.new_page()
    page.goto(server + quote(PAGE))
    links = page.locator("table.effects tbody td:nth-child(2) a")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["../jia/v2.html#p-a2", "../yi/v1.html#p-a3"]
    for n, href in enumerate(hrefs):
        page.goto(server + quote(PAGE))
        page.locator("table.effects tbody td:nth-child(2) a").nth(n).click()
        fragment = href.split("#", 1)[1]
        page.wait_for_url(f"**#{fragment}")
        assert page.evaluate("location.hash") == f"#{fragment}"
        assert page.evaluate(f"document.getElementById({fragment!r}) !== null")
        assert page.locator(f"[id='{fragment}']").count() == 1
        assert page.locator(f"[id='{fragment}']").is_visible()
    page.close()
