"""Batch import: the same repository, byte for byte, from one process or several; bad files reported, the rest kept."""

from __future__ import annotations

import shutil
from pathlib import Path

from policydiff.app import importing as batch
from policydiff.storage.repo import Repository
from tests.conftest import FIXTURES


def _sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for md in sorted((FIXTURES / "corpus").rglob("*.md"))[:20]:
        shutil.copyfile(md, folder / md.name)
    (folder / "empty.md").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04")
    return folder


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_processes_write_exactly_what_one_does(tmp_path: Path) -> None:
    jobs = batch.plan([_sources(tmp_path)], slug=None, split=False)
    results = {}
    for processes in (1, 2):
        repo = Repository(tmp_path / f"repo{processes}")
        outcomes = list(batch.run(repo, jobs, title=None, date=None, replace=False, processes=processes))
        rows = [(o.source, o.written, o.warnings, str(o.error), o.problems) for o in outcomes]
        results[processes] = (rows, _tree(repo.root))
    assert results[2] == results[1]
    outcomes, tree = results[1]
    assert len(outcomes) == 22 and len(jobs) == 22
    src = tmp_path / "sources"
    errors = {error.replace(f"{src}/", "") for _, _, _, error, _ in outcomes if error != "None"}
    assert errors == {
        "binary.txt:1:1: binary file (contains NUL bytes), not text",
        "empty.md: file is empty",
        "汕头经济特区突发公共卫生事件应急条例(2022-05-30).md:5: no body text after the title and metadata",
    }
    # Refused, as `check` would fail them: 河南 lacks the heading of its 第二章; the 2018 amendment
    # continues the numbering of the earlier ones (第三十二条 on); the 1997 list of crimes numbers its
    # points through the whole document instead of within each chapter or section.
    refused = {Path(source).name: len(problems) for source, written, _, _, problems in outcomes if problems}
    assert refused == {
        "河南省物业管理条例.md": 1,
        "宪法修正案（2018年）.md": 3,
        "最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见(1997-12-25).md": 24,
    }
    assert all(written is None for _, written, _, _, problems in outcomes if problems)
    henan = next(problems for source, _, _, _, problems in outcomes if source.endswith("河南省物业管理条例.md"))
    assert [str(p) for p in henan] == [
        "documents/河南省物业管理条例/document.yaml:188:5: PD301 numbering gap: 第三章 follows 第一章; 第二章 is missing"
    ]
    assert sum(1 for name in tree if name.endswith("/document.yaml")) == 16


def test_allowed_problems_are_written_and_kept_in_the_outcome(tmp_path: Path) -> None:
    jobs = batch.plan([_sources(tmp_path)], slug=None, split=False)
    repo = Repository(tmp_path / "repo")
    outcomes = list(batch.run(repo, jobs, title=None, date=None, replace=False, processes=2, allow_problems=True))
    allowed = {Path(o.source).name: (len(o.problems), o.refused, o.written) for o in outcomes if o.problems}
    assert allowed == {
        "河南省物业管理条例.md": (1, False, "documents/河南省物业管理条例/document.yaml"),
        "宪法修正案（2018年）.md": (3, False, "documents/宪法修正案（2018年）/document.yaml"),
        "最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见(1997-12-25).md": (
            24,
            False,
            "documents/最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见(1997-12-25)/document.yaml",
        ),
    }
    assert sum(1 for name in _tree(repo.root) if name.endswith("/document.yaml")) == 19
