"""``-o`` of render, diff and notice parse never writes among the repository's own files.

Issue 15, item 9 / "What to build" 4: on d126d35 ``render … -o documents/x.txt`` wrote a file
into ``documents/`` (exit 0), where every reader then met it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import files, run

ROOT = Path(__file__).parent.parent
NOTICE = FIXTURES / "golden" / "fjwy-2021" / "notice.txt"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "documents", tmp_path / "documents")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (
            ["render", "fjwy-network-ideology", "--template", "document.txt.j2", "-o", "{root}/documents/x.txt"],
            "documents",
        ),
        (
            ["diff", "fjwy-network-ideology", "v1", "v2", "--format", "md", "-o", "{root}/.policydiff/d.md"],
            ".policydiff",
        ),
        (["notice", "parse", str(NOTICE), "-o", "{root}/documents/fjwy-network-ideology/n.yaml"], "documents"),
    ],
    ids=["render", "diff", "notice parse"],
)
def test_an_output_among_the_repositorys_files_is_refused(repo: Path, args: list[str], where: str) -> None:
    before = files(repo)
    argv = [a.replace("{root}", str(repo)) for a in args]
    out = next(a for a in argv if a.startswith(str(repo)))
    assert run(repo, *argv) == (2, "", f"policydiff: cannot write {out}: it is inside the repository's {where}/\n")
    assert files(repo) == before


def test_an_output_beside_the_documents_is_written(repo: Path) -> None:
    out = repo / "out.txt"
    args = ["render", "fjwy-network-ideology", "--template", "document.txt.j2", "-o", str(out)]
    assert run(repo, *args) == (0, f"wrote {out}\n", "")
    assert out.read_text(encoding="utf-8").startswith("中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法\n")
