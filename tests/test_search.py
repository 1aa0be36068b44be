"""``build --search``: Pagefind's offline Chinese full-text search, in Debian's Chromium.

The site is built with --search from a copy of the built-in documents/ and served over HTTP
on 127.0.0.1 under a sub-path (``/site/``), so the search box must load its bundle relative to
the page. A phrase that occurs in exactly one provision of the documents' texts in force is
searched; a result links to that provision's anchor. The browser test skips as those of
tests/test_browser.py do; the others need only Pagefind (the ``search`` extra).
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from policydiff.site import search
from tests.test_browser import ROOT, SLUG, _QuietHandler, _watch, browser

__all__ = ["browser"]  # the fixture, shared with tests/test_browser.py

PHRASE = "担当民族复兴大任的时代新人"
ANCHOR = "p-a1-p1"
pytestmark = pytest.mark.skipif(not search.available(), reason="Pagefind is not installed (pip install -e '.[search]')")


def _build(root: Path, out: str, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["--root", str(root), "build", "-o", out, "--quiet", "--search", *extra])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with --search from a copy of documents/, in ``<tmp>/www/site``."""
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "documents", root / "documents")
    _build(root, str(root / "www" / "site"))
    return root / "www" / "site"


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The parent folder of the site served on 127.0.0.1; yields the site's URL (a sub-path)."""
    handler = functools.partial(_QuietHandler, directory=str(site.parent))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/site/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_the_phrase_is_in_exactly_one_provision(site: Path) -> None:
    """The premise of the browser test: one provision of all the document pages holds PHRASE."""
    holding = [
        (page.parent.name, anchor)
        for page in sorted(site.glob("*/index.html"))
        for anchor, text in re.findall(r'<p [^>]*id="(p-[^"]+)"[^>]*>(.*?)</p>', page.read_text("utf-8"))
        if PHRASE in text
    ]
    assert holding == [(SLUG, ANCHOR)]


def test_only_the_index_and_document_pages_have_the_search_box(site: Path) -> None:
    with_box = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if 'id="search"' in p.read_text("utf-8")
    )
    assert with_box == sorted(["index.html", *(f"{p.parent.name}/index.html" for p in site.glob("*/index.html"))])
    assert '<script src="./pagefind/pagefind-ui.js"></script>' in (site / "index.html").read_text("utf-8")
    assert '<script src="../pagefind/pagefind-ui.js"></script>' in (site / SLUG / "index.html").read_text("utf-8")


def test_building_twice_gives_the_same_index(site: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "documents", tmp_path / "documents")
    output = _build(tmp_path, str(tmp_path / "again"))
    assert output.endswith(" KiB)\n") and "indexed for search in " in output
    first = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    again = {
        p.relative_to(tmp_path / "again").as_posix(): p.read_bytes()
        for p in (tmp_path / "again").rglob("*")
        if p.is_file()
    }
    assert first.keys() == again.keys()
    assert [name for name in first if first[name] != again[name]] == []


def test_build_search_without_pagefind_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(search, "available", lambda: False)
    shutil.copytree(ROOT / "documents", tmp_path / "documents")
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "build", "-o", str(tmp_path / "site"), "--search"])
    assert (result.exit_code, result.output) == (
        2,
        "policydiff: --search needs Pagefind: pip install 'policydiff[search]'\n",
    )
    assert not (tmp_path / "site").exists()


def test_searching_a_phrase_finds_its_provision(browser: object, server: str) -> None:
    from playwright.sync_api import BrowserContext

    assert isinstance(browser, BrowserContext)
    for start in (server + "index.html", server + f"{SLUG}/index.html"):
        page = browser.new_page()
        problems = _watch(page)
        page.goto(start)
        page.fill(".pagefind-ui__search-input", PHRASE)
        links = page.locator(".pagefind-ui__result-link")
        links.first.wait_for()
        urls = [links.nth(k).get_attribute("href") for k in range(links.count())]
        assert f"/site/{SLUG}/index.html#{ANCHOR}" in urls, urls
        page.click(f'a.pagefind-ui__result-link[href$="#{ANCHOR}"]')
        page.wait_for_url(f"**/site/{SLUG}/index.html#{ANCHOR}")
        assert page.locator(f"#{ANCHOR}").inner_text().endswith(PHRASE + "。")
        assert problems == []
        page.close()
