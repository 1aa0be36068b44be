"""Shared fixtures: the fixture folder and small documents built in code."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from policydiff.importing.structure import build_document
from policydiff.model import Document

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """A replay cache for the session, set before any test module is imported: the environments some
    modules copy at import (ENV = {**os.environ}) for their subprocesses then never reach the user's
    cache folder. Each test gets a folder of its own besides (replay_cache, below)."""
    os.environ["POLICYDIFF_CACHE_DIR"] = tempfile.mkdtemp(prefix="policydiff-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("POLICYDIFF_CACHE_DIR", ""), ignore_errors=True)


def doc_from_text(text: str, slug: str = "demo") -> Document:
    """A document from golden-format text: title line, then one provision per line."""
    lines = text.splitlines()
    return build_document(lines[1:], slug=slug, title=lines[0])


def file_tree(root: Path) -> dict[str, str]:
    """Every file, folder and link below *root*: a file's content hash, ``dir``, or ``-> target`` for a link.

    What "nothing was changed" is compared against: a link is not followed, so a write through
    one shows as well as a write beside it.
    """
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                out[rel] = "dir"
            elif path.is_file():
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                out[rel] = "special"
    return out


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True)
def replay_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A replay cache of the test's own, outside its tmp_path (which tests compare before and after),
    on: every test goes through the cached path, as a user does, and none reads or writes the user's
    cache folder. Subprocesses inherit it from the environment."""
    folder = tmp_path_factory.mktemp("replay-cache")
    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", str(folder))
    monkeypatch.delenv("POLICYDIFF_NO_CACHE", raising=False)
    return folder


SMALL_LEGAL = """示例办法
第一章 总则
第一条 为了示例，制定本办法。
第二条 本办法适用于：
（一）甲；
（二）乙。
前款规定以外的，不适用。
第二章 附则
第三条 本办法自公布之日起施行。
"""

SMALL_ADMIN = """示例实施办法
为了示例，制定本办法。
一、指导思想
以示例为指导。
二、组织领导
（一）领导机构
成立领导小组。
（二）具体职责
办公室负责日常工作。
1.宣传部负责宣传。
2.教务处负责教学。
各单位应当配合。
"""
