"""The census of real instruments (tests/census): every item parses or is refused, never a traceback.

Each family folder holds real amending instruments as published (one paragraph per line),
``SOURCES.yaml`` (where and when each was published) and ``EXPECTED.yaml``: for every
instrument, item by item, the rows of the wording table that read it or the exact refusal.
A change in what the parser reads shows here as a failing instrument; after reviewing it,
``python bench/census.py --snapshot`` rewrites the expectations. ``bench/census.py`` prints
the share of items that parse, per family (bench/README.md, docs/NOTICES.md).

Held out on purpose, never to be added: 法释〔2020〕17号, 法释〔2020〕18号 and 刑法修正案（十二）.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bench.census import snapshot
from ruamel.yaml import YAML

from policydiff.notice.survey import survey

CENSUS = Path(__file__).parent / "census"
FAMILIES = sorted(p for p in CENSUS.iterdir() if p.is_dir())
HELD_OUT = ("法释〔2020〕17号", "法释〔2020〕18号", "刑法修正案（十二）", "法释[2020]17号", "法释[2020]18号")


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _instruments() -> list[Any]:
    return [
        pytest.param(path, id=f"{path.parent.name}/{path.stem}") for f in FAMILIES for path in sorted(f.glob("*.txt"))
    ]


@pytest.mark.parametrize("path", _instruments())
def test_instrument(path: Path) -> None:
    """The instrument gives exactly what EXPECTED.yaml records (survey never raises)."""
    found = survey(path.read_text(encoding="utf-8"), path.name)
    assert snapshot([found])[path.name] == _load(path.parent / "EXPECTED.yaml")[path.name]


@pytest.mark.parametrize("family", FAMILIES, ids=lambda p: p.name)
def test_sources(family: Path) -> None:
    """SOURCES.yaml lists exactly the family's files, each with a title, a date and a source."""
    sources = _load(family / "SOURCES.yaml")
    assert sorted(entry["file"] for entry in sources) == sorted(p.name for p in family.glob("*.txt"))
    assert [e["file"] for e in sources if not (e.get("title") and "date" in e and "source" in e)] == []
    assert sorted(_load(family / "EXPECTED.yaml")) == sorted(p.name for p in family.glob("*.txt"))


def test_the_census_is_large_and_varied() -> None:
    """At least 150 instruments of at least six families."""
    counts = {f.name: len(list(f.glob("*.txt"))) for f in FAMILIES}
    assert sum(counts.values()) >= 150 and len([n for n in counts.values() if n]) >= 6, counts


def test_nothing_held_out_is_in_the_census() -> None:
    texts = [p.read_text(encoding="utf-8") for f in FAMILIES for p in f.glob("*.txt")]
    assert [mark for mark in HELD_OUT for text in texts if mark in text] == []
