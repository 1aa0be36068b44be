"""Crash-safe writing: staged folders, and tidying what a killed writer left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policydiff.storage.fsutil import clear_leftovers, replacing_dir


def tree(root: Path) -> dict[str, bytes | str]:
    """Every file (its bytes), folder and link below *root*."""
    out: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        out[rel] = "-> " + os.readlink(path) if path.is_symlink() else path.read_bytes() if path.is_file() else "dir"
    return out


def test_replacing_dir_moves_the_finished_folder_into_place(tmp_path: Path) -> None:
    target = tmp_path / "events" / "001-amend"
    with replacing_dir(target) as staged:
        assert staged.parent == target.parent and staged.name.startswith(".001-amend.")
        assert staged.name.endswith(".staging")
        (staged / "notice.yaml").write_text("a\n", encoding="utf-8")
    assert tree(tmp_path) == {"events": "dir", "events/001-amend": "dir", "events/001-amend/notice.yaml": b"a\n"}


def test_replacing_dir_replaces_an_existing_folder_whole(tmp_path: Path) -> None:
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "old.yaml").write_text("old\n", encoding="utf-8")
    with replacing_dir(tmp_path / "doc") as staged:
        (staged / "new.yaml").write_text("new\n", encoding="utf-8")
    assert tree(tmp_path) == {"doc": "dir", "doc/new.yaml": b"new\n"}


def test_replacing_dir_takes_everything_back_when_the_block_raises(tmp_path: Path) -> None:
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "old.yaml").write_text("old\n", encoding="utf-8")
    before = tree(tmp_path)
    with pytest.raises(KeyboardInterrupt), replacing_dir(tmp_path / "doc") as staged:
        (staged / "new.yaml").write_text("new\n", encoding="utf-8")
        raise KeyboardInterrupt
    assert tree(tmp_path) == before


def test_clear_leftovers_removes_staging_folders_and_temporary_files(tmp_path: Path) -> None:
    (tmp_path / ".002-amend.ab_cd123.staging").mkdir()
    (tmp_path / ".002-amend.ab_cd123.staging" / ".notice.yaml.zz9zz9zz.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".document.schema.json.k2j4h5g6.tmp").write_text("half", encoding="utf-8")
    (tmp_path / "001-amend").mkdir()
    clear_leftovers(tmp_path)
    assert tree(tmp_path) == {"001-amend": "dir"}


def test_clear_leftovers_puts_back_a_folder_whose_replacement_never_arrived(tmp_path: Path) -> None:
    # Killed between the two renames of commit_dir: the old folder aside, the new one still staged.
    (tmp_path / ".fjwy.qwertyui.old").mkdir()
    (tmp_path / ".fjwy.qwertyui.old" / "document.yaml").write_text("old\n", encoding="utf-8")
    (tmp_path / ".fjwy.asdfghjk.staging").mkdir()
    (tmp_path / ".fjwy.asdfghjk.staging" / "document.yaml").write_text("new\n", encoding="utf-8")
    clear_leftovers(tmp_path)
    assert tree(tmp_path) == {"fjwy": "dir", "fjwy/document.yaml": b"old\n"}


def test_clear_leftovers_removes_an_old_folder_once_its_replacement_is_in_place(tmp_path: Path) -> None:
    # Killed after the second rename, while removing the old folder.
    (tmp_path / "a.b").mkdir()
    (tmp_path / "a.b" / "document.yaml").write_text("new\n", encoding="utf-8")
    (tmp_path / ".a.b.qwertyui.old").mkdir()
    clear_leftovers(tmp_path)
    assert tree(tmp_path) == {"a.b": "dir", "a.b/document.yaml": b"new\n"}


def test_clear_leftovers_touches_nothing_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / ".gitkeep").write_text("", encoding="utf-8")
    (tmp_path / ".notes.tmp").write_text("mine", encoding="utf-8")  # no 8-character tempfile part
    (tmp_path / ".x.ABCDEFGH.staging").mkdir()  # tempfile's names are lower case
    (tmp_path / "plain.abcdefgh.staging").mkdir()  # no leading dot
    (tmp_path / ".y.abcdefgh.tmp").mkdir()  # a folder where a temporary file would be
    (tmp_path / ".z.abcdefgh.staging").write_text("a file", encoding="utf-8")
    (tmp_path / ".w.abcdefgh.staging").symlink_to(tmp_path / "plain.abcdefgh.staging")
    before = tree(tmp_path)
    clear_leftovers(tmp_path)
    assert tree(tmp_path) == before


def test_clear_leftovers_of_a_missing_folder_or_a_file_does_nothing(tmp_path: Path) -> None:
    clear_leftovers(tmp_path / "missing")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    clear_leftovers(tmp_path / "file")
    assert tree(tmp_path) == {"file": b"x"}
