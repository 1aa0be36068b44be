"""Incremental and parallel site builds: the manifest, what is rendered again, and that the
result is always the bytes of a fresh full build."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from policydiff.errors import FailedError
from policydiff.render import environment
from policydiff.site import BuildReport, build
from policydiff.site import pool as sitepool
from policydiff.site.buildcache import MANIFEST
from policydiff.storage.repo import Repository
from tests.test_cli import run

ROOT = Path(__file__).parent.parent
FJWY = "fjwy-network-ideology"  # amended once, on 2021-05-21
DATONG = "datong-network-ideology"
CQU = "cqu-materials-network-ideology"
TODAY = dt.date(2024, 1, 1)


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    """Three built-in documents, one of them amended."""
    for slug in (FJWY, DATONG, CQU):
        shutil.copytree(ROOT / "documents" / slug, tmp_path / "repo" / "documents" / slug)
    return Repository(tmp_path / "repo")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def fresh(repo: Repository, where: Path, today: dt.date = TODAY) -> dict[str, bytes]:
    """The tree of a full build from nothing."""
    build(repo, where, today=today)
    return tree(where)


def edit(repo: Repository, slug: str, old: str, new: str) -> None:
    path = repo.document_file(slug)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def relative(report: BuildReport, out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in report.written)


def test_a_rebuild_with_nothing_changed_renders_and_writes_nothing(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build(repo, out, today=TODAY)
    assert (first.rendered, first.reused, first.note) == ((CQU, DATONG, FJWY), (), None)
    assert (
        len(first.written) == len(first.pages) == first.page_count == 22
    )  # 20 of documents (3 feeds), 1 of an instrument, the feed
    before, stamps = tree(out), mtimes(out)
    again = build(repo, out, today=TODAY)
    assert (again.rendered, again.reused, again.written, again.deleted) == ((), (CQU, DATONG, FJWY), (), ())
    assert again.pages == first.pages
    assert (tree(out), mtimes(out)) == (before, stamps)


def test_changing_one_document_renders_only_it(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    stamps = mtimes(out)
    edit(repo, DATONG, "text: ", "text: 又")
    report = build(repo, out, today=TODAY)
    assert (report.rendered, report.reused) == ((DATONG,), (CQU, FJWY))
    assert relative(report, out) == [f"{DATONG}/index.html", f"{DATONG}/v1.html"]
    changed = sorted(name for name, stamp in mtimes(out).items() if stamps.get(name) != stamp)
    assert changed == [MANIFEST, f"{DATONG}/index.html", f"{DATONG}/v1.html"]
    assert tree(out) == fresh(repo, tmp_path / "full")


def test_a_changed_title_rewrites_the_index_from_the_manifest(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    title = repo.load(CQU).title
    edit(repo, CQU, f"title: {title}", f"title: 新{title}")
    report = build(repo, out, today=TODAY)
    assert report.rendered == (CQU,)
    assert out / "index.html" in report.written
    assert f"新{title}" in (out / "index.html").read_text(encoding="utf-8")
    assert tree(out) == fresh(repo, tmp_path / "full")


def test_a_new_event_and_its_removal(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    event = repo.document_dir(FJWY) / "events" / "001-amend"
    shutil.move(event, tmp_path / "event")
    build(repo, out, today=TODAY)
    assert not (out / FJWY / "v2.html").exists()
    shutil.move(tmp_path / "event", event)
    report = build(repo, out, today=TODAY)
    assert report.rendered == (FJWY,)
    assert (out / FJWY / "v2-compare.html").is_file()
    assert tree(out) == fresh(repo, tmp_path / "full")
    shutil.rmtree(event)
    report = build(repo, out, today=TODAY)
    gone = [f"{FJWY}/{name}" for name in ("v2-compare.html", "v2-compare.md", "v2-redline.html", "v2.html")]
    gone.append(f"notices/{FJWY}/001-amend.html")  # the amendment's instrument page
    assert sorted(p.relative_to(out).as_posix() for p in report.deleted) == gone
    assert tree(out) == fresh(repo, tmp_path / "full2")


def test_the_pages_of_a_removed_document_are_deleted(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    (out / CQU / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "extra.html").write_text("mine", encoding="utf-8")
    shutil.rmtree(repo.document_dir(FJWY))
    shutil.rmtree(repo.document_dir(CQU))
    report = build(repo, out, today=TODAY)
    assert (report.rendered, report.removed) == ((), (CQU, FJWY))
    assert len(report.deleted) == 15  # 14 of documents (2 feeds), and the page of FJWY's amendment
    assert not (out / FJWY).exists()
    assert not (out / "notices").exists()
    assert sorted(p.name for p in (out / CQU).iterdir()) == ["notes.txt"]  # not ours: kept, and its folder
    (out / CQU / "notes.txt").unlink()
    (out / CQU).rmdir()
    (out / "extra.html").unlink()
    assert tree(out) == fresh(repo, tmp_path / "full")


def test_a_template_change_renders_everything(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    (repo.root / "templates").mkdir()
    (repo.root / "templates" / "version.html.j2").write_text(
        '{% extends "builtin:version.html.j2" %}{% block title %}本单位：{{ document.title }}{% endblock %}',
        encoding="utf-8",
    )
    report = build(repo, out, today=TODAY)
    assert (report.rendered, report.note) == ((CQU, DATONG, FJWY), "the templates changed since the last build")
    assert relative(report, out) == [f"{CQU}/v1.html", f"{DATONG}/v1.html", f"{FJWY}/v1.html", f"{FJWY}/v2.html"]
    assert tree(out) == fresh(repo, tmp_path / "full")
    assert build(repo, out, today=TODAY).rendered == ()


def test_another_policydiff_version_renders_everything(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    (out / MANIFEST).write_text(json.dumps({**data, "tool": "0.0.1"}), encoding="utf-8")
    report = build(repo, out, today=TODAY)
    assert report.rendered == (CQU, DATONG, FJWY)
    assert report.note is not None and report.note.startswith("policydiff changed since the last build (0.0.1 → ")
    assert report.written == ()


@pytest.mark.parametrize(
    ("manifest", "why"),
    [
        ("{not json", "unreadable build manifest"),
        ('{"format": 99, "tool": "x", "templates": "y", "documents": {}}', "format 99, this policydiff writes 1"),
        ("[]", "unusable build manifest (TypeError"),
        ('{"format": 1, "tool": "x", "templates": "y", "documents": {"a": {"pages": ["../../x"]}}}', "not a plain"),
        ('{"format": 1, "tool": "x", "templates": "y", "documents": {"../a": {}}}', "invalid document id"),
    ],
)
def test_an_unusable_manifest_means_a_full_build(repo: Repository, tmp_path: Path, manifest: str, why: str) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    (out / MANIFEST).write_text(manifest, encoding="utf-8")
    report = build(repo, out, today=TODAY)
    assert report.rendered == (CQU, DATONG, FJWY)
    assert report.note is not None and why in report.note
    assert report.note.startswith(str(out / MANIFEST))
    assert tree(out) == fresh(repo, tmp_path / "full")


def test_full_renders_everything_and_writes_nothing_new(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    report = build(repo, out, today=TODAY, full=True)
    assert (report.rendered, report.written, report.note) == ((CQU, DATONG, FJWY), (), None)


def test_a_deleted_page_is_written_again(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    (out / FJWY / "v2-redline.html").unlink()
    report = build(repo, out, today=TODAY)
    assert (report.rendered, relative(report, out)) == ((FJWY,), [f"{FJWY}/v2-redline.html"])


def test_pages_are_rendered_again_when_a_notice_takes_effect(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(repo, out, today=dt.date(2021, 5, 14))  # fjwy's notice of 2021-05-21 is still to come
    assert "有待施行" in (out / "index.html").read_text(encoding="utf-8")
    assert build(repo, out, today=dt.date(2021, 5, 20)).rendered == ()
    report = build(repo, out, today=dt.date(2021, 5, 21))
    assert report.rendered == (FJWY,)
    assert "有待施行" not in (out / "index.html").read_text(encoding="utf-8")
    assert tree(out) == fresh(repo, tmp_path / "full", dt.date(2021, 5, 21))
    assert build(repo, out, today=dt.date(2021, 5, 13)).rendered == (FJWY,)  # back in time: again
    assert tree(out) == fresh(repo, tmp_path / "full2", dt.date(2021, 5, 13))


def test_a_failed_build_keeps_what_it_finished(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    edit(repo, CQU, "text: ", "text: 又")
    edit(repo, DATONG, "title: ", "title: [")
    edit(repo, FJWY, "text: ", "text: 又")
    with pytest.raises(Exception, match=r"document\.yaml"):
        build(repo, out, today=TODAY)
    entries = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["documents"]
    assert [entries[s]["digest"] is None for s in (CQU, DATONG, FJWY)] == [False, True, True]
    edit(repo, DATONG, "title: [", "title: ")
    report = build(repo, out, today=TODAY)
    assert report.rendered == (DATONG, FJWY)
    assert tree(out) == fresh(repo, tmp_path / "full")


def test_a_failed_build_keeps_the_pages_of_removed_documents_the_old_index_links(
    repo: Repository, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    shutil.rmtree(repo.document_dir(FJWY))
    edit(repo, DATONG, "title: ", "title: [")
    manifest = (out / MANIFEST).read_bytes()
    with pytest.raises(Exception, match=r"document\.yaml"):
        build(repo, out, today=TODAY)
    assert (out / FJWY / "v2.html").is_file()
    # Nothing was written, so the manifest is as it was (no document marked dirty).
    assert (out / MANIFEST).read_bytes() == manifest
    edit(repo, DATONG, "title: [", "title: ")
    report = build(repo, out, today=TODAY)
    assert (report.rendered, report.removed) == ((), (FJWY,))
    assert tree(out) == fresh(repo, tmp_path / "full")


def test_temporary_files_of_a_killed_build_are_tidied(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    (out / ".index.html.abcd1234.tmp").write_text("half", encoding="utf-8")
    (out / DATONG / ".v1.html.abcd1234.tmp").write_text("half", encoding="utf-8")
    edit(repo, DATONG, "text: ", "text: 又")
    build(repo, out, today=TODAY)
    assert tree(out) == fresh(repo, tmp_path / "full")


def test_a_dirty_entry_is_rendered_again_and_its_old_pages_deleted(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(repo, out, today=TODAY)
    data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    entry = data["documents"][CQU]
    (out / CQU / "v9.html").write_text("left by a build that stopped", encoding="utf-8")
    data["documents"][CQU] = {**entry, "digest": None, "pages": [*entry["pages"], "v9.html"]}
    (out / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    report = build(repo, out, today=TODAY)
    assert (report.rendered, report.deleted) == ((CQU,), (out / CQU / "v9.html",))
    assert tree(out) == fresh(repo, tmp_path / "full")


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers even for the few documents of a test."""
    monkeypatch.setattr(sitepool, "MIN_TASKS", 2)


@pytest.mark.usefixtures("pool")
def test_parallel_builds_give_the_same_bytes(tmp_path: Path) -> None:
    repo = Repository(tmp_path / "repo")
    shutil.copytree(ROOT / "documents", repo.documents_dir)
    one = build(repo, tmp_path / "one", today=TODAY, jobs=1)
    two = build(repo, tmp_path / "two", today=TODAY, jobs=2)
    assert [p.relative_to(tmp_path / "one") for p in one.pages] == [p.relative_to(tmp_path / "two") for p in two.pages]
    assert one.rendered == two.rendered
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    edit(repo, "prc-constitution", "text: ", "text: 又")
    edit(repo, FJWY, "text: ", "text: 又")
    report = build(repo, tmp_path / "two", today=TODAY, jobs=2)
    assert report.rendered == ("fjwy-network-ideology", "prc-constitution")
    assert tree(tmp_path / "two") == fresh(repo, tmp_path / "full")


@pytest.mark.usefixtures("pool")
def test_a_parallel_build_reports_the_first_failed_document(repo: Repository, tmp_path: Path) -> None:
    edit(repo, DATONG, "title: ", "title: [")
    edit(repo, FJWY, "title: ", "title: [")
    with pytest.raises(Exception, match=f"documents/{DATONG}/document.yaml"):
        build(repo, tmp_path / "site", today=TODAY, jobs=2)


def _die(job: sitepool.Job) -> sitepool.Done:
    os._exit(9)  # a worker killed (out of memory, by hand)


@pytest.mark.usefixtures("pool")
def test_a_worker_that_dies_is_a_failed_build(tmp_path: Path) -> None:
    work = [sitepool.Job(tmp_path, tmp_path, f"d{k:02d}", TODAY, None) for k in range(20)]
    with pytest.raises(FailedError, match="a worker process ended abruptly while rendering d"):
        sitepool.render_all(work, _die, 2)


def test_the_environment_is_made_once_per_template_folder(tmp_path: Path) -> None:
    assert environment() is environment(None) is environment(tmp_path)  # no templates/: the built-in ones
    (tmp_path / "templates").mkdir()
    own = environment(tmp_path)
    assert own is not environment() and own is environment(tmp_path)


@pytest.mark.usefixtures("pool")
def test_the_build_command(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    code, stdout, err = run(repo.root, "build", "-o", str(out), "--jobs", "2")
    assert (code, err) == (0, "")
    assert (
        stdout == f"built 22 pages for 3 documents in {out}/ (3 rendered, 0 unchanged; 22 pages written, 0 deleted)\n"
    )
    edit(repo, DATONG, "text: ", "text: 又")
    code, stdout, err = run(repo.root, "build", "-o", str(out), "-j", "1")
    assert stdout == f"built 22 pages for 3 documents in {out}/ (1 rendered, 2 unchanged; 2 pages written, 0 deleted)\n"
    code, stdout, err = run(repo.root, "build", "-o", str(out), "--full")
    assert stdout == f"built 22 pages for 3 documents in {out}/ (3 rendered, 0 unchanged; 0 pages written, 0 deleted)\n"
    (out / MANIFEST).write_text("{", encoding="utf-8")
    code, stdout, err = run(repo.root, "build", "-o", str(out))
    assert code == 0
    assert err.startswith(f"policydiff: rendered every document: {out / MANIFEST}: unreadable build manifest (")
    code, _, err = run(repo.root, "build", "-o", str(out), "--jobs", "0")
    assert code == 2 and "--jobs" in err


def test_a_document_not_yet_in_force_shows_its_enacted_text_and_when_it_applies(
    repo: Repository, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    report = build(repo, out, today=dt.date(2021, 1, 1))  # fjwy enacted 2021-03-12, amended 2021-05-21
    index = (out / "index.html").read_text("utf-8")
    assert FJWY in report.rendered
    assert "尚未施行（2021-03-12起施行）" in index
    page = (out / FJWY / "index.html").read_text("utf-8")
    assert (
        "<h1>中共福建卫生职业技术学院委员会<wbr>网络意识形态工作责任制实施办法</h1>" in page
    )  # the enacted text's title (a break after its issuer)
    assert "现行有效" not in index.split(FJWY, 1)[1].split("</tr>", 1)[0]


GAP = "documents/demo/document.yaml:71:9: PD301 numbering gap: 第七条 follows 第五条; 第六条 is missing"


def test_build_refuses_a_repository_check_rejects_and_writes_nothing(tmp_path: Path) -> None:
    from tests.test_check import broken

    root = broken(tmp_path, "gap")
    out = tmp_path / "site"
    out.mkdir()
    code, stdout, err = run(root, "build", "-o", str(out), "--quiet")
    assert (code, stdout, err) == (
        1,
        "",
        f"{GAP}\npolicydiff: not built: 1 problem (policydiff check lists them; --allow-problems builds anyway)\n",
    )
    assert list(out.iterdir()) == []


def test_build_with_allow_problems_builds_and_warns(tmp_path: Path) -> None:
    from tests.test_check import broken

    root = broken(tmp_path, "gap")
    out = tmp_path / "site"
    code, stdout, err = run(root, "build", "-o", str(out), "--quiet", "--allow-problems")
    assert (code, stdout, err) == (
        0,
        f"built 12 pages for 1 document in {out}/ (1 rendered, 0 unchanged; 12 pages written, 0 deleted)\n",
        f"policydiff: warning: {GAP}\n",
    )
    assert (out / "demo" / "index.html").is_file()
