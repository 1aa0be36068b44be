"""The built site as a reader sees it: served over HTTP on 127.0.0.1, opened in Debian's
Chromium driven by Playwright, and every link of every page followed.

The site is built from a temporary copy of the built-in documents/ (nothing is written
into the checkout). The browser tests skip, with their reason, only when the playwright
package cannot be imported or /usr/bin/chromium does not exist; the link crawl needs
neither and always runs. Screenshots of the document page and the comparison table go
to $POLICYDIFF_SCREENSHOTS (default: the test's tmp_path); the ones in docs/screenshots/
were made with POLICYDIFF_SCREENSHOTS=docs/screenshots.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

import pytest

from policydiff.site import build
from policydiff.storage.repo import Repository

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SLUG = "fjwy-network-ideology"
TITLE = "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法"
RENUMBERED = "四、（三）9. → 四、（三）10."
NO_PLAYWRIGHT = "the playwright package cannot be imported (pip install -e '.[test]')"
NO_CHROMIUM = "/usr/bin/chromium does not exist (apt-get install chromium fonts-noto-cjk)"
# Headless, no sandbox (root in CI), and nothing that reaches out to the network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
]
VIEWPORT = {"width": 1200, "height": 900}
MAX_SCREENSHOT_HEIGHT = 1600
TIMEOUT_MS = 15_000
HTTP_TIMEOUT_S = 10


# --- the site and its server -------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from a copy of documents/."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "documents", root / "documents")
    out = root / "site"
    build(Repository(root), out)
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 (a free port), for this module only; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --- crawling over HTTP (no browser) -------------------------------------------------


class _Links(HTMLParser):
    """Every href/src of a page, and every id (fragment targets) it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "xlink:href"):
                self.links.append(value)
            elif name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)


@dataclass
class _Crawl:
    pages: dict[str, _Links] = field(default_factory=dict)  # URL → its links and ids
    statuses: dict[str, int] = field(default_factory=dict)  # every URL requested → HTTP status
    links: int = 0  # href/src attributes seen, all pages together
    fragments: list[tuple[str, str, str]] = field(default_factory=list)  # (page, target, fragment)
    external: list[tuple[str, str]] = field(default_factory=list)  # (page, link) leaving the site


def _get(opener: urllib.request.OpenerDirector, url: str) -> tuple[int, str, bytes]:
    try:
        with opener.open(url, timeout=HTTP_TIMEOUT_S) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


def crawl(base: str) -> _Crawl:
    """Follow every link from base/index.html within the site; HTML pages are parsed in turn."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy
    result = _Crawl()
    queue = [urljoin(base, "index.html")]
    while queue:
        url = queue.pop(0)
        if url in result.statuses:
            continue
        status, kind, body = _get(opener, url)
        result.statuses[url] = status
        if status != 200 or kind != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        result.pages[url] = parser
        for link in parser.links:
            if link.startswith("data:"):
                continue  # inline resources (the empty favicon) load nothing from the server
            result.links += 1
            target, fragment = urldefrag(urljoin(url, link))
            if not target.startswith(base):
                result.external.append((url, link))
                continue
            if fragment:
                result.fragments.append((url, target, fragment))
            if target not in result.statuses:
                queue.append(target)
    return result


def test_every_link_of_every_page_resolves(server: str, site: Path) -> None:
    result = crawl(server)
    broken = {url: status for url, status in result.statuses.items() if status != 200}
    assert broken == {}
    assert result.external == []
    missing = [
        (page, f"{target}#{frag}") for page, target, frag in result.fragments if frag not in result.pages[target].ids
    ]
    assert missing == []
    # Every HTML page of the site is reachable from the index.
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert sorted(url.removeprefix(server) for url in result.pages) == built
    print(
        f"crawled {len(result.pages)} pages: {result.links} href/src links to {len(result.statuses)} distinct "
        f"URLs, all 200; {len(result.fragments)} links with a fragment, every anchor present"
    )


# --- in the browser --------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Debian's Chromium (never a downloaded one) with a fresh profile."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(NO_PLAYWRIGHT)
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport=VIEWPORT,  # type: ignore[arg-type]
            locale="zh-CN",
            timeout=60_000,
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("POLICYDIFF_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _watch(page: Page) -> list[str]:
    """What goes wrong on *page* from now on: console errors, script errors, failed requests."""
    problems: list[str] = []

    def console(message: Any) -> None:
        where = message.location.get("url") or page.url
        if message.type == "error":
            problems.append(f"{where}: console error: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: script error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"{request.url}: request failed: {request.failure}"))
    page.on("response", lambda r: problems.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None)
    return problems


def _screenshot(page: Page, path: Path) -> None:
    """The page at the viewport's width, whole up to MAX_SCREENSHOT_HEIGHT pixels, then cut."""
    height = min(int(page.evaluate("document.documentElement.scrollHeight")), MAX_SCREENSHOT_HEIGHT)
    clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height}
    page.screenshot(path=path, full_page=True, clip=clip)  # type: ignore[arg-type]


def _fonts_drawing(page: Page, selector: str) -> set[str]:
    """The font families Chromium actually used for the text of the first *selector*."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        document = cdp.send("DOM.getDocument")
        node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    finally:
        cdp.detach()
    return {font["familyName"] for font in fonts["fonts"]}


def _chinese_fonts() -> set[str] | None:
    """Families fontconfig says cover Chinese (None: no fc-list to ask)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30, check=True)
    return {name for line in out.stdout.splitlines() for name in line.split(",") if name}


def _assert_drawn_in_a_chinese_font(page: Page, selector: str) -> None:
    used = _fonts_drawing(page, selector)
    assert used, f"no font drew {selector}"
    chinese = _chinese_fonts()
    if chinese is not None:
        assert used <= chinese, f"{selector} drawn in {sorted(used)}, not all Chinese fonts (tofu?)"


def test_from_the_index_to_the_comparison_table(browser: BrowserContext, server: str, screenshots: Path) -> None:
    page = browser.new_page()
    problems = _watch(page)

    page.goto(server + "index.html")
    assert page.title() == "规章制度文本库"
    page.get_by_role("link", name=TITLE, exact=True).click()
    page.wait_for_url(f"{server}{SLUG}/index.html")
    assert page.title() == TITLE
    assert page.locator("h1").inner_text() == TITLE

    # The timeline shows both versions: a dot and a date each, inside the page's width.
    timeline = page.locator("svg.timeline")
    timeline.wait_for(state="visible")
    circles = timeline.locator("circle")
    assert circles.count() == 2
    dates = [t.strip() for t in timeline.locator("text").all_text_contents()]
    assert "2021-03-12" in dates and "2021-05-21" in dates
    for i in range(2):
        box = circles.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"]
    _assert_drawn_in_a_chinese_font(page, "h1")
    _assert_drawn_in_a_chinese_font(page, "p.depth-1")
    _screenshot(page, screenshots / "fjwy-document.png")

    page.get_by_role("link", name="修订对照表").click()
    page.wait_for_url(f"{server}{SLUG}/v2-compare.html")
    assert page.title() == f"{TITLE}：修订对照表"
    rows = page.locator("table.compare tbody tr")
    classes = rows.evaluate_all("rows => rows.map(row => row.className)")
    assert len(classes) == 11
    assert classes.count("modified") == 10 and classes.count("added") == 1
    assert page.locator("table.compare thead th").all_inner_texts() == ["原条文", "修订后条文", "说明"]
    note = page.locator("p.note", has_text=RENUMBERED)
    assert note.count() == 1 and note.is_visible()
    assert "仅序号调整、内容未改" in note.inner_text()
    # The table fits the page: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"]
    _assert_drawn_in_a_chinese_font(page, "table.compare td")
    _screenshot(page, screenshots / "fjwy-compare.png")

    page.close()
    assert problems == []


def test_every_page_opens_without_console_errors(browser: BrowserContext, server: str, site: Path) -> None:
    page = browser.new_page()
    problems = _watch(page)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    for name in pages:
        response = page.goto(server + name)
        assert response is not None and response.status == 200, name
        assert page.locator("h1").count() == 1, name
    page.close()
    assert problems == []
    print(f"opened {len(pages)} pages in Chromium, no console errors")


def test_timeline_labels_fit_inside_the_timeline(browser: BrowserContext, server: str, site: Path) -> None:
    page = browser.new_page()
    cut: list[str] = []
    for slug in sorted(p.parent.name for p in site.glob("*/index.html")):
        page.goto(f"{server}{slug}/index.html")
        labels = page.locator("svg.timeline").evaluate(
            """svg => {
                const box = svg.getBoundingClientRect();
                return [...svg.querySelectorAll("text")]
                    .filter(t => { const r = t.getBoundingClientRect();
                                   return r.left < box.left - 0.5 || r.right > box.right + 0.5; })
                    .map(t => t.textContent);
            }"""
        )
        cut += [f"{slug}: {label}" for label in labels]
    page.close()
    assert cut == []
