"""Issue 15, item 9: every write stays inside the repository; a link out of it, or a site built
into the repository's own folders, is refused with one line, exit 2, and nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from tests.conftest import file_tree
from tests.test_apply_integrity import CHANGE_2

REGULATION = "测试管理办法\n\n第一条　本办法第一条的内容。\n第二条　本办法第二条的内容。\n"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "reg.txt"
    path.write_text(REGULATION, encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path, source: Path) -> Path:
    """A repository holding ``ceshi``."""
    root = tmp_path / "repo"
    root.mkdir()
    assert run(root, "import", str(source), "--id", "ceshi")[0] == 0
    return root


def moved_out(root: Path, name: str, outside: Path) -> None:
    """Move *name* out of the repository to *outside* and leave a link to it in its place."""
    shutil.move(root / name, outside)
    (root / name).symlink_to(outside)


def test_import_through_a_linked_policydiff_folder_is_refused(tmp_path: Path, source: Path) -> None:
    """Failed on d126d35: ``.policydiff -> /tmp/x`` made import write the lock and schemas there, exit 0."""
    root, outside = tmp_path / "repo", tmp_path / "x"
    root.mkdir()
    outside.mkdir()
    (root / ".policydiff").symlink_to(outside)
    before = file_tree(tmp_path)
    assert run(root, "import", str(source), "--id", "ceshi") == (
        2,
        "",
        "policydiff: .policydiff is a link out of the repository\n",
    )
    assert file_tree(tmp_path) == before


def test_a_dangling_link_is_refused_too(tmp_path: Path, source: Path) -> None:
    """Failed on d126d35: a ``.policydiff`` link to a folder that does not exist was written through."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".policydiff").symlink_to(tmp_path / "nowhere")
    assert run(root, "import", str(source), "--id", "ceshi") == (
        2,
        "",
        "policydiff: .policydiff is a link out of the repository\n",
    )
    assert not (tmp_path / "nowhere").exists()


def test_import_through_a_linked_documents_folder_is_refused(tmp_path: Path, source: Path) -> None:
    """Failed on d126d35: ``documents -> /tmp/y/docs`` made import write the document there, exit 0."""
    root, outside = tmp_path / "repo", tmp_path / "y" / "docs"
    root.mkdir()
    outside.mkdir(parents=True)
    (root / "documents").symlink_to(outside)
    before = file_tree(tmp_path)
    assert run(root, "import", str(source), "--id", "ceshi") == (
        2,
        "",
        "policydiff: documents is a link out of the repository\n",
    )
    assert file_tree(tmp_path) == before


@pytest.mark.parametrize("name", [".policydiff", "documents"])
def test_apply_through_a_link_out_is_refused(root: Path, tmp_path: Path, name: str) -> None:
    """Failed on d126d35: ``apply`` recorded its event (or the lock) through the link, exit 0."""
    moved_out(root, name, tmp_path / "outside")
    notice = tmp_path / "notice.txt"
    notice.write_text(CHANGE_2, encoding="utf-8")
    before = file_tree(tmp_path)
    assert run(root, "apply", "ceshi", str(notice)) == (2, "", f"policydiff: {name} is a link out of the repository\n")
    assert file_tree(tmp_path) == before


def test_init_through_a_link_out_is_refused(tmp_path: Path) -> None:
    """Failed on d126d35: ``init`` wrote the publish workflow into the folder ``.github`` links to."""
    root, outside = tmp_path / "repo", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (root / ".github").symlink_to(outside)
    before = file_tree(tmp_path)
    result = CliRunner().invoke(cli, ["init", str(root)])
    code, out, err = result.exit_code, result.stdout, result.stderr
    assert (code, out, err) == (2, "", "policydiff: .github is a link out of the repository\n")
    assert file_tree(tmp_path) == before


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("documents", "cannot write the site into {o}: it is the repository's documents/"),
        ("documents/ceshi/site", "cannot write the site into {o}: it is inside the repository's documents/"),
        (".policydiff/site", "cannot write the site into {o}: it is inside the repository's .policydiff/"),
        (".", "cannot write the site into {o}: it holds the repository"),
    ],
)
def test_build_into_the_repository_is_refused(root: Path, output: str, message: str) -> None:
    """Failed on d126d35: ``build -o documents`` wrote the site among the documents, exit 0."""
    before = file_tree(root)
    out = root / output
    assert run(root, "build", "-o", str(out)) == (2, "", "policydiff: " + message.format(o=out) + "\n")
    assert file_tree(root) == before


def test_build_through_a_link_out_of_the_repository_is_refused(root: Path, tmp_path: Path) -> None:
    """Failed on d126d35: ``-o site`` inside the repository, ``site`` a link out, was written through."""
    (tmp_path / "outside").mkdir()
    (root / "site").symlink_to(tmp_path / "outside")
    before = file_tree(tmp_path)
    assert run(root, "build", "-o", str(root / "site" / "www")) == (
        2,
        "",
        "policydiff: site is a link out of the repository\n",
    )
    assert file_tree(tmp_path) == before


def test_build_outside_the_repository_is_allowed(root: Path, tmp_path: Path) -> None:
    """A site built into a folder of its own elsewhere is what ``-o`` is for."""
    out = tmp_path / "www"
    assert run(root, "build", "-o", str(out))[:2] == (
        0,
        f"built 7 pages for 1 document in {out}/ (1 rendered, 0 unchanged; 7 pages written, 0 deleted)\n",
    )
