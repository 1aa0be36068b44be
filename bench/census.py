"""The census of real instruments: the share of items that parse, per family.

    python bench/census.py            # the table, as bench/README.md and docs/NOTICES.md give it
    python bench/census.py --refused  # every refused item, grouped by family

Reads ``tests/census/<family>/*.txt`` (real instruments, sources in each family's
SOURCES.yaml) with :func:`policydiff.notice.survey.survey`.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from policydiff.notice.survey import Survey, survey

CENSUS = Path(__file__).parent.parent / "tests" / "census"


def surveys(family: Path) -> list[Survey]:
    """Every instrument of *family*, surveyed."""
    return [survey(path.read_text(encoding="utf-8"), path.name) for path in sorted(family.glob("*.txt"))]


def table() -> list[str]:
    """One Markdown row per family: instruments, items, items parsed, share, instruments read whole."""
    rows = [
        "| family | instruments | items | parsed | share | instruments fully parsed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    totals: Counter[str] = Counter()
    for family in sorted(p for p in CENSUS.iterdir() if p.is_dir()):
        found = surveys(family)
        items = sum(len(s.items) for s in found)
        parsed = sum(s.parsed for s in found)
        whole = sum(1 for s in found if s.error is None and s.parsed == len(s.items) and not s.unknown)
        totals.update(instruments=len(found), items=items, parsed=parsed, whole=whole)
        rows.append(_row(family.name, len(found), items, parsed, whole))
    rows.append(_row("**all**", totals["instruments"], totals["items"], totals["parsed"], totals["whole"]))
    return rows


def _row(name: str, instruments: int, items: int, parsed: int, whole: int) -> str:
    share = f"{100 * parsed / items:.1f} %" if items else "—"
    return f"| {name} | {instruments} | {items} | {parsed} | {share} | {whole} |"


def refused() -> list[str]:
    """Every refused item and unread instrument, one line each."""
    out = []
    for family in sorted(p for p in CENSUS.iterdir() if p.is_dir()):
        for s in surveys(family):
            if s.error:
                out.append(f"{family.name}/{s.name}: {s.error}")
            out.extend(f"{family.name}/{s.name}:{i.line}: {i.error}" for i in s.items if i.error)
            out.extend(f"{family.name}/{s.name}: clause not understood: {c[:60]}" for c in s.unknown)
    return out


if __name__ == "__main__":
    print("\n".join(refused() if "--refused" in sys.argv else table()))
