from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.errors import UsageError
from policydiff.storage.repo import Repository, check_slug
from tests.conftest import SMALL_LEGAL, doc_from_text


@pytest.mark.parametrize("slug", ["fjwy-network-ideology", "刑法", "行政诉讼法(2017-06-27)", "a.b"])
def test_good_slugs(slug: str) -> None:
    assert check_slug(slug) == slug


# A slug too long (129 characters) has its own message: tests/test_limits.py
@pytest.mark.parametrize("slug", ["../x", "..", "/etc", "a/b", "a\\b", ".hidden", "a b", ""])
def test_bad_slugs_are_usage_errors(slug: str) -> None:
    with pytest.raises(UsageError) as info:
        check_slug(slug)
    assert str(info.value) == (
        f"invalid document id {slug!r}: use one folder name without '/', '\\', spaces or a leading '.'"
    )


def test_create_then_list_and_load(tmp_path: Path) -> None:
    repo = Repository(tmp_path)
    doc = doc_from_text(SMALL_LEGAL, "demo")
    assert repo.create(doc) == tmp_path / "documents/demo/document.yaml"
    assert repo.slugs() == ["demo"]
    assert repo.load("demo") == doc


def test_create_refuses_to_overwrite_and_leaves_file(tmp_path: Path) -> None:
    repo = Repository(tmp_path)
    path = repo.create(doc_from_text(SMALL_LEGAL, "demo"))
    before = path.read_bytes()
    with pytest.raises(UsageError) as info:
        repo.create(doc_from_text("另一个\n第一条 甲。\n", "demo"))
    assert str(info.value) == "document 'demo' already exists: documents/demo"
    assert path.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == ["demo"]


def test_replace_swaps_the_folder(tmp_path: Path) -> None:
    repo = Repository(tmp_path)
    repo.create(doc_from_text(SMALL_LEGAL, "demo"))
    new = doc_from_text("另一个\n第一条 甲。\n", "demo")
    repo.create(new, replace=True)
    assert repo.load("demo") == new
    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == ["demo"]


def test_missing_document(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        Repository(tmp_path).load("nope")
    assert str(info.value) == "no document 'nope' in documents/"


def test_symlink_out_of_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    Repository(outside).create(doc_from_text(SMALL_LEGAL, "demo"))
    repo = Repository(tmp_path / "repo")
    repo.documents_dir.mkdir(parents=True)
    (repo.documents_dir / "evil").symlink_to(outside / "documents" / "demo")
    with pytest.raises(UsageError) as info:
        repo.load("evil")
    assert str(info.value) == "document folder documents/evil is a link out of the repository"


def test_a_repository_is_an_immutable_value(tmp_path: Path) -> None:
    """Equal by root, hashable, its repr its root; its root cannot be set; copied and pickled by it."""
    import copy
    import pickle

    repo = Repository(tmp_path)
    assert repo == Repository(tmp_path) and repo != Repository(tmp_path / "x")
    assert {repo, Repository(tmp_path)} == {repo}
    assert repr(repo) == f"Repository(root={tmp_path!r})"
    with pytest.raises(AttributeError, match=r"^can't set attribute$"):
        repo.root = tmp_path  # type: ignore[misc]
    assert copy.copy(repo) == pickle.loads(pickle.dumps(repo)) == repo
