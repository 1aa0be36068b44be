"""How policydiff's cost grows: with documents, with versions, with document size.

Usage::

    python bench/scale.py [--corpus PATH] [--sizes 300,1000,0] [--jobs N]

For each size (0: the whole corpus) it takes every k-th corpus file into a fresh repository and
measures, as whole processes: ``import``, ``check``, a full ``build``, a rebuild after one change,
and peak RSS of each. Then, in process, the replay cost of a document by its number of versions
(the built-in Constitution: 1 to 6 versions) and the load cost by document size (three corpus
documents). Prints Markdown tables for bench/README.md and README.md's Scale section.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench

from policydiff import history
from policydiff.importing.markdown import parse_markdown
from policydiff.storage.repo import Repository, load_document_file

ROOT = Path(__file__).resolve().parent.parent


def by_documents(corpus: Path, sizes: list[int], jobs: int, tmp: Path) -> None:
    print("| documents | import | check | build (full) | rebuild after one change | peak RSS (check / build) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        files = bench.corpus_files(corpus, size or None)
        source = bench.subset_corpus(files, corpus, tmp / f"src{size}")
        repo = tmp / f"repo{size}"
        repo.mkdir()
        j = ["-j", str(jobs)]
        imp = bench.run_once([bench.PD, "import", "--allow-problems", *j, str(source)], repo, sample=True)
        docs = len(list(repo.glob("documents/*/document.yaml")))
        chk = bench.run_once([bench.PD, "check", "--exit-zero", *j], repo, sample=True)
        site = tmp / f"site{size}"
        full = bench.run_once([bench.PD, "build", "--quiet", *j, "-o", str(site)], repo, sample=True)
        changed, data = bench.touch_one(repo)
        inc = bench.run_once([bench.PD, "build", "--quiet", *j, "-o", str(site)], repo, sample=True)
        changed.write_bytes(data)
        cells = [f"{docs:,}", *(bench.fmt(t.wall) for t in (imp, chk, full, inc))]
        cells.append(f"{chk.rss_kb / 1024:.0f} MB / {full.rss_kb / 1024:.0f} MB")
        print("| " + " | ".join(cells) + " |", flush=True)
        shutil.rmtree(source)


def by_versions(runs: int) -> None:
    """Replaying the Constitution's history, cut after 1 to 6 versions (each cut a repository of its own)."""
    print("\n| versions (prc-constitution) | replay (load + apply every event) |\n| ---: | ---: |")
    src = ROOT / "documents" / "prc-constitution"
    events = sorted((src / "events").iterdir())
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(len(events) + 1):
            repo = Path(tmp) / f"v{n + 1}"
            (repo / "documents" / "prc-constitution" / "events").mkdir(parents=True)
            shutil.copy(src / "document.yaml", repo / "documents" / "prc-constitution")
            for e in events[:n]:
                shutil.copytree(e, repo / "documents" / "prc-constitution" / "events" / e.name)
            t = bench.call_median(replay(Repository(repo)), runs)
            print(f"| {n + 1} | {bench.fmt(t.cpu)} |")


def replay(repo: Repository) -> Callable[[], object]:
    return functools.partial(history.versions, repo, "prc-constitution")


def by_size(corpus: Path, runs: int, tmp: Path) -> None:
    files = sorted(corpus.rglob("*.md"), key=lambda p: p.stat().st_size)
    picks = [files[len(files) // 10], files[len(files) // 2], files[-1]]
    print("\n| document | characters of YAML | provisions | load |\n| --- | ---: | ---: | ---: |")
    for md in picks:
        doc, _ = parse_markdown(md.read_text("utf-8"), slug="doc", name=str(md))
        stored = Repository(tmp / f"size-{md.stem}").create(doc)
        t = bench.call_median(functools.partial(load_document_file, stored), runs)
        chars = len(stored.read_text("utf-8"))
        print(f"| {md.stem} | {chars:,} | {sum(1 for _ in doc.walk()):,} | {bench.fmt(t.cpu)} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/corpus/lawrefbook"))
    ap.add_argument("--sizes", default="300,1000,0", help="documents per run, comma-separated (0: all)")
    ap.add_argument("--jobs", type=int, default=bench.JOBS[-1])
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pdscale-"))
    print(f"Machine: {bench.machine()}; {a.jobs} process(es).\n")
    start = time.perf_counter()
    try:
        by_documents(a.corpus, [int(s) for s in a.sizes.split(",")], a.jobs, tmp)
        by_versions(a.runs)
        by_size(a.corpus, a.runs, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
