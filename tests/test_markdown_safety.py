"""Markdown outputs show a provision's HTML and links as text (issue 15, item 11).

``show --format md``, ``render`` of the Markdown templates and the site's ``changelog.md`` and
``vN-compare.md`` escape what a provision, a heading, a title or a notice carries, as
``diff --format md`` does: ``<script>``, ``<img onerror>`` and ``[…](javascript:…)`` are inert
text, and a line of text starting with ``#`` or ``1.`` does not become a heading or a list.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from policydiff.history.writing import record_amendment
from policydiff.model import LEGAL, Document, Kind, Metadata, Provision
from policydiff.notice.ops import Item, ReplaceText
from policydiff.notice.record import Notice
from policydiff.site import build
from policydiff.storage.repo import Repository
from policydiff.zh.numbering import Num
from tests.test_cli import run

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
LINK = "[点此](javascript:alert(3))"


def hostile_document() -> Document:
    articles = (
        Provision("a1", Kind.ARTICLE, Num(1), text=f"为了规范工作{SCRIPT}，制定本办法。"),
        Provision("a2", Kind.ARTICLE, Num(2), text=f"详见{LINK}。"),
        Provision("a2-p2", Kind.PARAGRAPH, text="# 不是标题 & 不是实体&amp;"),
    )
    chapter = Provision("c1", Kind.CHAPTER, Num(1), heading=f"总则{IMG}", children=articles)
    return Document("demo", f"示例办法{SCRIPT}", LEGAL, (chapter,), Metadata(issued=dt.date(2021, 1, 1)))


def hostile_notice() -> Notice:
    item = Item("1", f"将第一条中的“规范”改为“{IMG}”。", (ReplaceText("第一条", "规范", IMG),))
    return Notice(
        (item,),
        number=f"示办〔2022〕2号{SCRIPT}",
        title=f"关于修改《示例办法》的决定{LINK}",
        issued=dt.date(2022, 2, 2),
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-md")
    repository = Repository(root)
    repository.create(hostile_document())
    record_amendment(repository, "demo", hostile_notice(), hostile_notice().items[0].wording)
    build(repository, root / "site", today=dt.date(2023, 1, 1))
    return root


TITLE = r"示例办法\<script\>alert(1)\</script\>"
IMG_ESCAPED = r"\<img src=x onerror=alert(2)\>"

# The headnote under the title carries the notice's title and number: escaped as well.
HEADNOTE = (
    "（2021年1月1日印发\u3000根据2022年2月2日《关于修改〈示例办法〉的决定\\[点此\\](javascript:alert(3))》"
    "（示办〔2022〕2号\\<script\\>alert(1)\\</script\\>）修改）"
)

DOCUMENT_V2 = f"""# {TITLE}

{HEADNOTE}

## 第一章 总则{IMG_ESCAPED}

**第一条** 为了{IMG_ESCAPED}工作\\<script\\>alert(1)\\</script\\>，制定本办法。

**第二条** 详见\\[点此\\](javascript:alert(3))。

\\# 不是标题 \\& 不是实体\\&amp;
"""

CHANGELOG = f"""# {TITLE}：修改记录

## 第2版 2022-02-02 示办〔2022〕2号\\<script\\>alert(1)\\</script\\>

关于修改《示例办法》的决定\\[点此\\](javascript:alert(3))

- 决定第1点：将第一条中的“规范”改为“{IMG_ESCAPED}”。
  - [第一章第一条](v2.html#p-a1)
"""

COMPARE = f"""# {TITLE} 修订对照表

示办〔2022〕2号\\<script\\>alert(1)\\</script\\> 关于修改《示例办法》的决定\\[点此\\](javascript:alert(3))

| 原条文 | 修订后条文 | 说明 |
| --- | --- | --- |
| 第一条 为了~~规范~~工作\\<script\\>alert(1)\\</script\\>，制定本办法。 | 第一条 为了**{IMG_ESCAPED}**工作\\<script\\>alert(1)\\</script\\>，制定本办法。 | 第一章第一条：决定第1点：修改 |
"""


def test_show_format_md_escapes_html_and_links(repo: Path) -> None:
    """Failed on commit d126d35: ``<script>``, ``<img onerror>`` and the javascript: link went out raw."""
    assert run(repo, "show", "demo", "--format", "md") == (0, DOCUMENT_V2, "")


def test_render_document_md_escapes_html_and_links(repo: Path) -> None:
    """Failed on commit d126d35 (as ``show --format md``)."""
    assert run(repo, "render", "demo", "--template", "document.md.j2") == (0, DOCUMENT_V2, "")


def test_the_change_log_escapes_html_and_links(repo: Path) -> None:
    """Failed on commit d126d35: the notice's number, title and wording reached changelog.md raw."""
    assert run(repo, "render", "demo", "--template", "changelog.md.j2") == (0, CHANGELOG, "")
    assert (repo / "site" / "demo" / "changelog.md").read_text(encoding="utf-8") == CHANGELOG


def test_the_comparison_table_escapes_html_and_links(repo: Path) -> None:
    """Failed on commit d126d35: the inserted ``<img onerror>`` reached v2-compare.md raw."""
    assert run(repo, "render", "demo", "--template", "compare.md.j2") == (0, COMPARE, "")
    assert (repo / "site" / "demo" / "v2-compare.md").read_text(encoding="utf-8") == COMPARE


def test_no_markdown_output_holds_a_tag(repo: Path) -> None:
    """Every Markdown file of the site: no ``<``, ``[`` or ``&`` unescaped but in its own links."""
    pages = sorted((repo / "site").rglob("*.md"))
    assert [p.name for p in pages] == ["changelog.md", "v2-compare.md"]
    for page in pages:
        text = re.sub(r"\[第一章第一条\]\(v2\.html#p-a1\)", "", page.read_text(encoding="utf-8"))
        assert all(text[k - 1] == "\\" for k, c in enumerate(text) if c in "<[&"), page.name
