"""The census of real instruments: the share of items that parse, per family.

    python bench/census.py            # the table, as bench/README.md and docs/NOTICES.md give it
    python bench/census.py --refused  # every refused item, grouped by family
    python bench/census.py --forms    # each row of the wording table: how many census items it reads
    python bench/census.py --snapshot # rewrite tests/census/<family>/EXPECTED.yaml (review the diff!)
    python bench/census.py --docs     # rewrite the tables in docs/NOTICES.md and bench/README.md

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


def forms() -> list[str]:
    """One Markdown row per row of the wording table: the items of the census it read, per family."""
    from policydiff.notice.rules import RULES

    families = sorted(p for p in CENSUS.iterdir() if p.is_dir())
    counts: dict[str, Counter[str]] = {rule.name: Counter() for rule in RULES}
    for family in families:
        for s in surveys(family):
            for item in s.items:
                for name in dict.fromkeys(item.rules):
                    counts[name][family.name] += 1
                for rule in RULES:
                    if rule.refusal and item.error == f"item {item.label}: {rule.refusal}":
                        counts[rule.name][family.name] += 1
    head = "| # | form | " + " | ".join(f.name for f in families) + " | all |"
    rows = [head, "|---:|---|" + "---:|" * (len(families) + 1)]
    for n, rule in enumerate(RULES, start=1):
        cells = [str(counts[rule.name][f.name] or "") for f in families]
        rows.append(f"| {n} | {rule.name} | " + " | ".join(cells) + f" | {sum(counts[rule.name].values())} |")
    return rows


def snapshot(found: list[Survey]) -> dict[str, object]:
    """What each instrument of a family gives, item by item: the rows that read it, or the refusal."""
    out: dict[str, object] = {}
    for s in found:
        if s.error is not None:
            out[s.name] = {"error": s.error}
            continue
        items = [
            {"label": i.label, "line": i.line, **({"error": i.error} if i.error else {"rules": list(i.rules)})}
            for i in s.items
        ]
        out[s.name] = {"items": items, **({"unknown": list(s.unknown)} if s.unknown else {})}
    return out


DOCS = (CENSUS.parent.parent / "docs" / "NOTICES.md", CENSUS.parent.parent / "bench" / "README.md")


def with_tables(text: str) -> str:
    """*text* with the tables between ``<!-- census:NAME -->`` and ``<!-- /census:NAME -->`` made anew."""
    for name, make in (("table", table), ("forms", forms)):
        start, end = f"<!-- census:{name} -->", f"<!-- /census:{name} -->"
        if start in text:
            head, _, rest = text.partition(start)
            _, _, tail = rest.partition(end)
            text = f"{head}{start}\n" + "\n".join(make()) + f"\n{end}{tail}"
    return text


def write_snapshots() -> None:
    """Rewrite every family's EXPECTED.yaml from the current parser."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    for family in sorted(p for p in CENSUS.iterdir() if p.is_dir()):
        with (family / "EXPECTED.yaml").open("w", encoding="utf-8") as fh:
            yaml.dump(snapshot(surveys(family)), fh)


if __name__ == "__main__":
    if "--snapshot" in sys.argv:
        write_snapshots()
    elif "--docs" in sys.argv:
        for doc in DOCS:
            doc.write_text(with_tables(doc.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        chosen = refused if "--refused" in sys.argv else forms if "--forms" in sys.argv else table
        print("\n".join(chosen()))
