"""Linear cost in document and notice size: check, apply of one insertion, a large notice, at n and 4n.

Usage::

    python bench/scale_linear.py [--articles 2000] [--items 1000] [--runs 3] [--profile check|insert|notice]

Makes, in a temporary repository, a legal document of n articles (each with two 款, an
item list and cross-references to other articles and 款), then measures in this process, the
median of ``--runs``:

- ``check``: every check of the document (cross-references, numbering, the schema);
- ``apply --dry-run`` of a notice adding a new first article (every article renumbered, every
  reference followed);
- ``apply --dry-run`` of a notice of m items, each rewording one article;

at n and 4n (m and 4m), and prints the times and the ratio 4n/n (linear: about 4, quadratic: 16).
``--profile`` prints cProfile's top functions for one of them at 4n instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from policydiff.app.amend import apply_file
from policydiff.app.check import check_document
from policydiff.importing.structure import build_document
from policydiff.storage.repo import Repository
from policydiff.zh.numbering import int_to_zh

SLUG = "big"


def document_lines(n: int) -> list[str]:
    """A title and n articles: two 款, an item list, references back and forward."""
    lines = ["测试管理办法"]
    for i in range(1, n + 1):
        back, ahead = int_to_zh(max(1, i // 2)), int_to_zh(min(n, i + 3))
        lines.append(f"第{int_to_zh(i)}条 内容{i}，依照第{back}条第二款和第{ahead}条的规定执行：")
        lines.append("（一）甲项，适用本条第二款；")
        lines.append("（二）乙项，见前款。")
        lines.append(f"违反本条规定的，依照第{back}条第一款第（一）项处理。")
    return lines


def make(root: Path, n: int) -> Repository:
    repo = Repository(root)
    repo.create(build_document(document_lines(n)[1:], slug=SLUG, title="测试管理办法"))
    return repo


def insert_notice(path: Path) -> Path:
    path.write_text("关于修改《测试管理办法》的决定\n一、增加一条，作为第一条：“新的第一条。”\n", "utf-8")
    return path


def large_notice(path: Path, m: int) -> Path:
    items = [f"{int_to_zh(k)}、将第{int_to_zh(k)}条中的“内容{k}，”修改为“内容{k}改，”。" for k in range(1, m + 1)]
    path.write_text("关于修改《测试管理办法》的决定\n" + "\n".join(items) + "\n", "utf-8")
    return path


def median(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return statistics.median(times)


def cases(tmp: Path, n: int, m: int) -> dict[str, Callable[[], object]]:
    """The three measured calls on a document of *n* articles and a notice of *m* items."""
    repo = make(tmp / f"n{n}-m{m}", n)
    insert = insert_notice(tmp / f"insert-{n}-{m}.txt")
    notice = large_notice(tmp / f"notice-{n}-{m}.txt", m)
    return {
        "check": lambda: check_document(repo, SLUG),
        "insert": lambda: apply_file(repo, SLUG, insert, dry_run=True, target=None),
        "notice": lambda: apply_file(repo, SLUG, notice, dry_run=True, target=None),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", choices=["check", "insert", "notice"])
    ap.add_argument("--sort", default="cumulative", help="cProfile's order for --profile (cumulative, tottime)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="pdlinear-") as name:
        tmp = Path(name)
        small, big = cases(tmp, a.articles, a.items), cases(tmp, 4 * a.articles, 4 * a.items)
        if a.profile:
            cProfile.runctx("call()", {}, {"call": big[a.profile]}, str(tmp / "prof"))
            pstats.Stats(str(tmp / "prof")).sort_stats(a.sort).print_stats(30)
            return
        print("| measure | n | 4n | ratio |\n| --- | ---: | ---: | ---: |")
        n, m = f"{a.articles:,} / {4 * a.articles:,} articles", f"{a.items:,} / {4 * a.items:,} items"
        what = {
            "check": f"`check`, {n}",
            "insert": f"`apply --dry-run`, a new first article, {n}",
            "notice": f"`apply --dry-run`, {m}, {n}",
        }
        for key, label in what.items():
            t1, t4 = median(small[key], a.runs), median(big[key], a.runs)
            print(f"| {label} | {t1:.2f} s | {t4:.2f} s | {t4 / t1:.1f}× |", flush=True)


if __name__ == "__main__":
    main()
