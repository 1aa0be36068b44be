"""What check found (policydiff.app.checkcache): build checks again only what changed, takes the
recorded problems of the rest, and never takes a record it cannot trust; check always checks
everything it is asked to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from policydiff import __version__
from policydiff.app import check as check_module
from policydiff.app import checkcache
from policydiff.app.problems import Problem
from policydiff.history import cache
from policydiff.storage.repo import Repository
from tests.test_instruments import HERE, imported, run

GAP = "documents/a/document.yaml:23:5: PD301 numbering gap: 第三条 follows 第一条; 第二条 is missing\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """示例甲/乙/丙管理办法 as a, b, c (tests/test_instruments.py's), amended by the decision kept in notices/."""
    root = imported(tmp_path)
    assert run(root, "apply", str(HERE / "three.txt"))[0] == 0
    return root


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents check_document is called for (in this process: --jobs 1)."""
    seen: list[str] = []
    real = check_module.check_document

    def spy(repo: Repository, slug: str) -> list[Problem]:
        seen.append(slug)
        return real(repo, slug)

    monkeypatch.setattr(check_module, "check_document", spy)
    return seen


def test_build_checks_only_what_changed_since_it_was_found_clean(root: Path, checked: list[str]) -> None:
    assert run(root, "check", "-j", "1") == (0, "", "")
    assert checked == ["a", "b", "c"]
    assert run(root, "build", "-j", "1", "--quiet", "-o", str(root / "site"))[0] == 0
    assert checked == ["a", "b", "c"]  # all three recorded by check: none checked again
    path = root / "documents" / "a" / "document.yaml"
    path.write_text(path.read_text("utf-8").replace("num: 2\n", "num: 3\n"), "utf-8")
    assert run(root, "build", "-j", "1", "--quiet", "-o", str(root / "site")) == (
        1,
        "",
        GAP + "policydiff: not built: 1 problem (policydiff check lists them; --allow-problems builds anyway)\n",
    )
    assert checked == ["a", "b", "c", "a"]


def test_an_edited_instrument_is_checked_again_with_the_documents_applying_it(root: Path, checked: list[str]) -> None:
    assert run(root, "check", "-j", "1") == (0, "", "")
    (nid,) = [p.name for p in (root / "notices").iterdir()]
    part = root / "notices" / nid / "part-2.yaml"
    part.write_text(part.read_text("utf-8") + "\n", "utf-8")
    assert run(root, "build", "-j", "1", "--quiet", "-o", str(root / "site"))[0] == 0
    assert checked == ["a", "b", "c", "b"]
    record = checkcache.load(Repository(root))
    assert sorted(record.documents) == ["a", "b", "c"]
    digest = checkcache.instrument_digest(Repository(root), nid)
    assert digest is not None
    assert record.instruments == {nid: checkcache.Found(digest, ())}


def test_a_problem_allowed_in_a_build_is_listed_again_without_checking_again(root: Path, checked: list[str]) -> None:
    path = root / "documents" / "a" / "document.yaml"
    path.write_text(path.read_text("utf-8").replace("num: 2\n", "num: 3\n"), "utf-8")
    site = str(root / "site")
    for _ in range(2):
        code, _out, err = run(root, "build", "-j", "1", "--quiet", "--allow-problems", "-o", site)
        assert (code, err) == (0, f"policydiff: warning: {GAP}")
    assert checked == ["a", "b", "c"]
    found = checkcache.load(Repository(root)).documents
    assert [str(p) + "\n" for p in found["a"].problems] == [GAP]
    assert (found["b"].problems, found["c"].problems) == ((), ())
    assert run(root, "build", "-j", "1", "--quiet", "-o", site) == (
        1,
        "",
        GAP + "policydiff: not built: 1 problem (policydiff check lists them; --allow-problems builds anyway)\n",
    )
    assert checked == ["a", "b", "c"]


def test_check_itself_checks_everything_it_is_asked_to(root: Path, checked: list[str]) -> None:
    for _ in range(2):
        assert run(root, "check", "-j", "1") == (0, "", "")
    assert run(root, "check", "-j", "1", str(root / "documents" / "b")) == (0, "", "")
    assert checked == ["a", "b", "c", "a", "b", "c", "b"]


@pytest.fixture(
    params=[
        lambda raw: raw[: len(raw) // 2],  # torn
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # edited: its digest no longer holds
        lambda raw: raw.replace(f" {__version__} ".encode(), b" 0.0.0 ", 1),  # another version
        lambda raw: b"not a record\n" + raw,
        lambda raw: b"",
    ],
    ids=["torn", "edited", "another version", "another layout", "empty"],
)
def spoil(request: pytest.FixtureRequest) -> Callable[[bytes], bytes]:
    """A record made not whole: each way the loader must refuse."""
    return request.param  # type: ignore[no-any-return]


def test_a_record_that_is_not_whole_is_no_record(
    root: Path, checked: list[str], spoil: Callable[[bytes], bytes]
) -> None:
    assert run(root, "check", "-j", "1") == (0, "", "")
    entry = checkcache._path(Repository(root))
    entry.write_bytes(spoil(entry.read_bytes()))
    assert checkcache.load(Repository(root)) == checkcache.Record()
    assert run(root, "build", "-j", "1", "--quiet", "-o", str(root / "site"))[0] == 0
    assert checked == ["a", "b", "c", "a", "b", "c"]
    assert sorted(checkcache.load(Repository(root)).documents) == ["a", "b", "c"]  # written again, whole


def test_no_cache_reads_and_writes_no_record(root: Path, checked: list[str]) -> None:
    assert run(root, "--no-cache", "check", "-j", "1") == (0, "", "")
    assert not checkcache._path(Repository(root)).exists()
    assert run(root, "check", "-j", "1") == (0, "", "")
    assert run(root, "--no-cache", "build", "-j", "1", "--quiet", "-o", str(root / "site"))[0] == 0
    assert checked == ["a", "b", "c"] * 3


def test_the_record_is_outside_the_repository(root: Path, tmp_path: Path) -> None:
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    assert run(root, "check", "-j", "1") == (0, "", "")
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before
    assert checkcache._path(Repository(root)).is_relative_to(cache.cache_dir())


def test_an_empty_repository_writes_no_record(tmp_path: Path) -> None:
    (tmp_path / "documents").mkdir()
    assert run(tmp_path, "check") == (0, "", "")
    assert not checkcache._path(Repository(tmp_path)).exists()


def test_updated_records_what_was_found_and_forgets_what_could_not_be_read() -> None:
    gap = Problem("documents/a/document.yaml", 23, 5, "PD301", "numbering gap")
    before = checkcache.Record({"a": checkcache.Found("1"), "b": checkcache.Found("2")}, {"n": checkcache.Found("3")})
    after = checkcache.updated(before, [("a", "9", [gap]), ("b", None, [])], [("n", "4", [])])
    assert after == checkcache.Record({"a": checkcache.Found("9", (gap,))}, {"n": checkcache.Found("4")})


def test_a_record_of_the_wrong_shape_is_no_record(root: Path) -> None:
    """Whole (its digest holds) but not of the layout: a problem with a line that is no number."""
    repo = Repository(root)
    assert run(root, "check", "-j", "1") == (0, "", "")
    path = checkcache._path(repo)
    cache.write_sealed(
        path, checkcache._head(), {"documents": {"a": ["x", [["f", "1", 1, "PD301", "m"]]]}, "instruments": {}}
    )
    assert checkcache.load(repo) == checkcache.Record()
