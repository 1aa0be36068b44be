"""Slugs on the site and on disk (issue 15, item 10).

The index page links each document's folder with its slug URL-encoded (``%2e%2e``, ``a#b``,
``a?b`` lead to their own folder); a slug may not take the name of the site's index page, and
is at most 237 bytes in UTF-8 (a folder name has at most 255; the staging folder adds 18), so
no command meets ``OSError: File name too long``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from policydiff.errors import UsageError
from policydiff.storage.repo import check_slug
from tests.test_cli import files, run

SOURCE = "测试办法\n第一条 甲。\n第二条 乙。\n"
LONG = "测" * 86  # 258 bytes: one of the slugs that crashed nine commands
LONGEST = "测" * 79  # 237 bytes


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "src" / "办法.txt"
    path.parent.mkdir()
    path.write_text(SOURCE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("slug", "why"),
    [
        ("index.html", "taken by the site's index page (index.html)"),
        ("Index.HTML", "taken by the site's index page (index.html)"),
    ],
)
def test_slugs_the_site_cannot_hold_are_refused(slug: str, why: str) -> None:
    with pytest.raises(UsageError) as info:
        check_slug(slug)
    assert str(info.value) == f"invalid document id {slug!r}: {why}"


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("测" * 80, "invalid document id '测测测测测测测测'…: 80 characters, 240 bytes in UTF-8"),
        (LONG, "invalid document id '测测测测测测测测'…: 86 characters, 258 bytes in UTF-8"),
        ("𠀀" * 60, "invalid document id '𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀'…: 60 characters, 240 bytes in UTF-8"),
    ],
)
def test_slugs_the_file_system_cannot_hold_are_refused(slug: str, message: str) -> None:
    with pytest.raises(UsageError) as info:
        check_slug(slug)
    assert str(info.value) == f"{message}; at most 128 characters and 237 bytes"


@pytest.mark.parametrize("slug", [LONGEST, "index.htm", "index.html.bak", "%2e%2e", "a#b", "a?b"])
def test_slugs_near_the_limits_are_good(slug: str) -> None:
    assert check_slug(slug) == slug


def test_import_refuses_index_html(tmp_path: Path, source: Path) -> None:
    """Failed on commit d126d35: ``--id index.html`` was imported, and ``build`` then failed on it."""
    code, out, err = run(tmp_path, "import", str(source), "--id", "index.html")
    assert (code, out) == (2, "")
    assert err == "policydiff: invalid document id 'index.html': taken by the site's index page (index.html)\n"
    assert not (tmp_path / "documents").exists()


def test_check_reports_a_folder_named_index_html(tmp_path: Path, source: Path) -> None:
    """Failed on commit d126d35: ``check`` passed a document folder named ``index.html``."""
    assert run(tmp_path, "import", str(source), "--id", "demo")[0] == 0
    (tmp_path / "documents" / "demo").rename(tmp_path / "documents" / "index.html")
    code, out, err = run(tmp_path, "check")
    assert (code, err) == (1, "policydiff check: 1 problem in 1 file\n")
    expected = "documents/index.html:1:1: PD106 invalid document id 'index.html': taken by the site's index page (index.html)\n"
    assert out == expected


@pytest.mark.parametrize(
    "args",
    [
        ["show", LONG],
        ["log", LONG],
        ["blame", LONG],
        ["render", LONG, "--template", "document.txt.j2"],
        ["diff", LONG, "v1", "v2"],
        ["import", "{source}", "--id", LONG],
    ],
)
def test_a_slug_too_long_for_a_file_name_is_one_line(tmp_path: Path, source: Path, args: list[str]) -> None:
    """Failed on commit d126d35: ``OSError: [Errno 36] File name too long`` (a traceback)."""
    (tmp_path / "documents").mkdir()
    before = files(tmp_path)
    code, out, err = run(tmp_path, *(str(source) if a == "{source}" else a for a in args))
    assert (code, out) == (2, "")
    assert err == (
        "policydiff: invalid document id '测测测测测测测测'…: 86 characters, 258 bytes in UTF-8; "
        "at most 128 characters and 237 bytes\n"
    )
    assert files(tmp_path) == before


def test_the_longest_slug_is_imported_amended_and_built(tmp_path: Path, source: Path) -> None:
    assert run(tmp_path, "import", str(source), "--id", LONGEST, "--date", "2021-01-01")[0] == 0
    assert run(tmp_path, "import", str(source), "--id", LONGEST, "--date", "2021-01-01", "--force")[0] == 0
    notice = tmp_path / "notice.txt"
    notice.write_text("关于修改《测试办法》的决定\n\n一、将第一条中的“甲”修改为“丙”。\n", encoding="utf-8")
    assert run(tmp_path, "apply", LONGEST, str(notice))[0] == 0
    code, _, err = run(tmp_path, "build", "-o", str(tmp_path / "site"), "--jobs", "1", "--quiet")
    assert (code, err) == (0, "")


def test_index_links_are_url_encoded_and_lead_to_their_document(tmp_path: Path, source: Path) -> None:
    """Failed on commit d126d35: ``./%2e%2e/index.html`` led one folder up, ``a#b`` and ``a?b`` to ``a``."""
    slugs = ["%2e%2e", "a#b", "a?b", "测试"]
    for slug in slugs:
        assert run(tmp_path, "import", str(source), "--id", slug, "--date", "2021-01-01")[0] == 0
    site = tmp_path / "site"
    assert run(tmp_path, "build", "-o", str(site), "--jobs", "1", "--quiet")[0] == 0
    links = re.findall(r'<a href="\./([^"]*)">', (site / "index.html").read_text(encoding="utf-8"))
    assert links == ["%252e%252e/index.html", "a%23b/index.html", "a%3Fb/index.html", "%E6%B5%8B%E8%AF%95/index.html"]
    assert [unquote(link) for link in links] == [f"{slug}/index.html" for slug in slugs]
    assert all((site / unquote(link)).is_file() for link in links)
