"""The cost of matching a revision (``compare.matching.match_revision``): the Constitution and n, 4n articles.

Usage::

    python bench/matching.py [--articles 2000] [--runs 7]

Times, in this process, ``match_revision`` of:

- the Constitution, 2018 text against 1982 text (tests/fixtures/golden/constitution);
- a synthetic legal document of n articles (each with two 款 and two items) against its
  revision: a new article before every tenth, every seventh reworded, every thirteenth deleted,
  so everything after the first insertion is renumbered; and the same at 4n.

Prints min, median and max wall time (``time.perf_counter``) of ``--runs`` runs, and the ratio of
the medians at 4n and n (linear: about 4, quadratic: 16).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from policydiff.compare.matching import match_revision
from policydiff.importing.structure import build_document
from policydiff.importing.text import parse_text
from policydiff.model import Document
from policydiff.zh.numbering import int_to_zh

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "golden" / "constitution"


def article(number: int, k: int, reworded: bool) -> list[str]:
    """Article *number*, the k-th of the original text: two 款 and two items."""
    words = f"内容{k}修改后" if reworded else f"内容{k}"
    return [
        f"第{int_to_zh(number)}条 {words}，依照本办法第二章的规定执行：",
        f"（一）甲项{k}，适用本条第二款；",
        "（二）乙项，见前款。",
        f"违反本条规定的，依照第{int_to_zh(max(1, k // 2))}条处理。",
    ]


def pair(n: int) -> tuple[Document, Document]:
    """A document of *n* articles and its revision."""
    old = [line for k in range(1, n + 1) for line in article(k, k, reworded=False)]
    new: list[str] = []
    number = 0
    for k in range(1, n + 1):
        if k % 10 == 0:
            number += 1
            new.append(f"第{int_to_zh(number)}条 新增的第{k}条前的规定。")
        if k % 13 == 0:
            continue
        number += 1
        new.extend(article(number, k, reworded=k % 7 == 0))
    title = "测试管理办法"
    return build_document(old, slug="big", title=title), build_document(new, slug="big", title=title)


def constitution() -> tuple[Document, Document]:
    """The 1982 and 2018 texts, imported."""
    docs = []
    for name in ("1982.txt", "2018.txt"):
        doc, _ = parse_text((GOLDEN / name).read_text(encoding="utf-8"), slug="prc-constitution", name=name)
        docs.append(doc)
    return docs[0], docs[1]


def times(call: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        out.append(time.perf_counter() - start)
    return out


def row(label: str, docs: tuple[Document, Document], runs: int) -> float:
    found = times(lambda: match_revision(*docs), runs)
    size = sum(1 for _ in docs[1].walk())
    low, mid, high = min(found), statistics.median(found), max(found)
    print(f"| {label} | {size:,} | {low * 1000:.1f} ms | {mid * 1000:.1f} ms | {high * 1000:.1f} ms |", flush=True)
    return mid


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    print("| revision | new provisions | min | median | max |\n| --- | ---: | ---: | ---: | ---: |")
    row("Constitution 1982 → 2018", constitution(), a.runs)
    small = row(f"synthetic, n = {a.articles:,} articles", pair(a.articles), a.runs)
    big = row(f"synthetic, 4n = {4 * a.articles:,} articles", pair(4 * a.articles), a.runs)
    print(f"\nmedian 4n / n: {big / small:.1f}×")


if __name__ == "__main__":
    main()
