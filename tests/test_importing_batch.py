"""Batch import: the same repository, byte for byte, from one process or several; bad files reported, the rest kept."""

from __future__ import annotations

import shutil
from pathlib import Path

from policydiff.importing import batch
from policydiff.repo import Repository
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
        results[processes] = ([(o.source, o.written, o.warnings, str(o.error)) for o in outcomes], _tree(repo.root))
    assert results[2] == results[1]
    outcomes, tree = results[1]
    assert len(outcomes) == 22 and len(jobs) == 22
    src = tmp_path / "sources"
    errors = {error.replace(f"{src}/", "") for _, _, _, error in outcomes if error != "None"}
    assert errors == {
        "binary.txt:1:1: binary file (contains NUL bytes), not text",
        "empty.md: file is empty",
        "汕头经济特区突发公共卫生事件应急条例(2022-05-30).md:5: no body text after the title and metadata",
    }
    assert sum(1 for name in tree if name.endswith("/document.yaml")) == 19
