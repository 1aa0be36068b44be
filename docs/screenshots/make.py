"""Screenshots of a built site for the README, in Debian's Chromium driven by Playwright.

    policydiff build -o /tmp/site --search
    .venv/bin/python docs/screenshots/make.py /tmp/site

writes into docs/screenshots/: the index, the Constitution's page down to its 目录 and its
comparison table of the 2018 amendment (v6-compare.html), each at desktop width (1200 px)
and at a phone's (390 px), and the search results for 时代新人 on the index (search-*.png;
Pagefind needs the site served over HTTP, so that picture is taken from a local server on
127.0.0.1). Pages are opened from file://, as a reader opening the site from disk would; each
picture is the top of the page, at most MAX_HEIGHT pixels.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
MAX_HEIGHT = 1600
QUERY = "时代新人"
WIDTHS = {"desktop": 1200, "390": 390}
# name → (page of the site, the element the picture must reach down to, or None)
PAGES = {
    "index": ("index.html", None),
    "constitution-toc": ("prc-constitution/index.html", "nav.toc"),
    "constitution-compare": ("prc-constitution/v6-compare.html", None),
}


def main(site: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for width_name, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
            for name, (path, reach) in PAGES.items():
                page.goto((site / path).resolve().as_uri())
                height = int(page.evaluate("document.documentElement.scrollHeight"))
                if reach is not None:
                    box = page.locator(reach).bounding_box()
                    assert box is not None, f"{path}: no {reach}"
                    top = max(0, int(box["y"] + box["height"]) + 24 - MAX_HEIGHT)
                else:
                    top = 0
                clip = {"x": 0, "y": top, "width": width, "height": min(height - top, MAX_HEIGHT)}
                out = HERE / f"{name}-{width_name}.png"
                page.screenshot(path=out, full_page=True, clip=clip)  # type: ignore[arg-type]
                print(f"{out.relative_to(HERE.parent.parent)}: {width}×{clip['height']} px (page {height} px)")
            _search(page, site, width_name, width)
            page.close()
        browser.close()


def _search(page: object, site: Path, width_name: str, width: int) -> None:
    """The index with the results of a search for :data:`QUERY` (only when the site was built with --search)."""
    if not (site / "pagefind").is_dir():
        return
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")  # type: ignore[attr-defined]
        page.fill(".pagefind-ui__search-input", QUERY)  # type: ignore[attr-defined]
        page.locator(".pagefind-ui__result-link").first.wait_for()  # type: ignore[attr-defined]
        out = HERE / f"search-{width_name}.png"
        page.screenshot(path=out, clip={"x": 0, "y": 0, "width": width, "height": 900})  # type: ignore[attr-defined]
        print(f"{out.relative_to(HERE.parent.parent)}: {width}×900 px")
    finally:
        server.shutdown()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make.py SITE   (a site built by: policydiff build -o SITE)")
    main(Path(sys.argv[1]))
