"""The Atom feeds of amendments: ``feed.xml`` for the site and ``<slug>/feed.xml`` per document,
read back with feedparser; the same bytes from two builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest

from policydiff.site import build
from policydiff.storage.repo import Repository

ROOT = Path(__file__).parent.parent
FJWY = "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "documents", root / "documents")
    build(Repository(root), root / "site")
    return root / "site"


def test_the_site_feed_lists_every_event_newest_first(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert feed.feed.title == "规章制度文本库：修改记录"
    assert [(e.title, e.link, e.updated[:10]) for e in feed.entries] == [
        (f"{FJWY}：第2版，修改（闽卫院委宣〔2021〕6 号）", "fjwy-network-ideology/v2-compare.html", "2021-05-21"),
        ("中华人民共和国宪法：第6版，修改", "prc-constitution/v6-compare.html", "2018-03-11"),
        ("中华人民共和国宪法：第5版，修改", "prc-constitution/v5-compare.html", "2004-03-14"),
        ("中华人民共和国宪法：第4版，修改", "prc-constitution/v4-compare.html", "1999-03-15"),
        ("中华人民共和国宪法：第3版，修改", "prc-constitution/v3-compare.html", "1993-03-29"),
        ("中华人民共和国宪法：第2版，修改", "prc-constitution/v2-compare.html", "1988-04-12"),
    ]
    assert feed.feed.updated == "2021-05-21T00:00:00+00:00"


def test_each_document_has_its_feed_linked_from_its_page(site: Path) -> None:
    counts = {p.parent.name: len(feedparser.parse(p.read_bytes()).entries) for p in sorted(site.glob("*/feed.xml"))}
    assert counts == {
        "cqu-materials-network-ideology": 0, "datong-network-ideology": 0, "fjwy-network-ideology": 1,
        "prc-constitution": 5, "seed003-part8": 0, "seed004-part6": 0,
    }  # fmt: skip
    feed = feedparser.parse((site / "fjwy-network-ideology" / "feed.xml").read_bytes())
    assert feed.feed.title == f"{FJWY}：修改记录"
    assert [(e.link, e.published[:10]) for e in feed.entries] == [("v2-compare.html", "2021-05-21")]
    link = '<link rel="alternate" type="application/atom+xml" href="feed.xml" title="'
    assert link + f'{FJWY}：修改记录">' in (site / "fjwy-network-ideology" / "index.html").read_text("utf-8")
    assert link + '规章制度文本库：修改记录">' in (site / "index.html").read_text("utf-8")


def test_two_builds_give_the_same_feeds(site: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "documents", tmp_path / "documents")
    build(Repository(tmp_path), tmp_path / "site")
    feeds = sorted(p.relative_to(site).as_posix() for p in site.rglob("feed.xml"))
    assert len(feeds) == 7
    assert [f for f in feeds if (site / f).read_bytes() != (tmp_path / "site" / f).read_bytes()] == []
