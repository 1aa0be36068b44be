"""A site built in shards and merged, against one build: the time of each shard and of the merge.

Usage::

    python bench/shard.py [--corpus PATH] [--docs 300] [--shards 4] [--runs 3] [--jobs 2] [--search]

Takes every k-th of ``--docs`` lawrefbook corpus files (``--corpus``: the extracted folder, or the
``.tar.xz`` archive, extracted into a temporary folder) into a fresh repository (``policydiff
import --allow-problems``), then times, as whole processes, each from an empty output folder:
``policydiff build`` of the whole repository, ``policydiff build --shard K/N`` for each K (one
after the other, as each would run on its own runner), and ``policydiff build --merge`` of the N
folders; each the median of ``--runs`` runs, with ``--jobs``. Every build here checks first, as
``build`` does (``--allow-problems``: the corpus has problems). Then it compares the merged site
with the single build, file by file and byte by byte, and prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench
from hook import ARCHIVE, extracted


def timed(cmd: list[str], out: Path, runs: int, cwd: Path) -> bench.Sample:
    """The median of *runs* runs of *cmd*, each writing into *out* emptied first (no incremental build)."""
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        times.append(bench.run_once(cmd, cwd))
    stats = bench.Stats(tuple(times))
    assert stats.rc == 0, (cmd, stats.rc)
    return bench.Sample(stats.wall(), stats.cpu())


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def row(what: str, t: bench.Sample) -> str:
    return f"| {what} | {bench.fmt(t.wall)} | {bench.fmt(t.cpu)} |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=ARCHIVE)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--search", action="store_true", help="build with --search (Pagefind: the merge indexes)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        root = extracted(a.corpus, tmp)
        source = bench.subset_corpus(bench.corpus_files(root, a.docs), root, tmp / "source")
        repo = tmp / "repo"
        repo.mkdir()
        j = ["--jobs", str(a.jobs), "--quiet", "--allow-problems", *(["--search"] if a.search else [])]
        imported = bench.run_once([bench.PD, "import", "--allow-problems", "--jobs", str(a.jobs), str(source)], repo)
        docs = len(list(repo.glob("documents/*/document.yaml")))
        single = timed([bench.PD, "build", "-o", str(tmp / "single"), *j], tmp / "single", a.runs, repo)
        folders = [tmp / f"shard-{k}" for k in range(1, a.shards + 1)]
        shards = [
            timed([bench.PD, "build", "--shard", f"{k}/{a.shards}", "-o", str(f), *j], f, a.runs, repo)
            for k, f in enumerate(folders, 1)
        ]
        merge_cmd = [bench.PD, "build", "--merge", *map(str, folders), "-o", str(tmp / "merged")]
        merged = timed(merge_cmd, tmp / "merged", a.runs, repo)
        same = tree(tmp / "merged") == tree(tmp / "single")
        sizes = [len(list(f.glob("*/index.html"))) for f in folders]
        print(f"{docs:,} documents (import: {bench.fmt(imported.wall)}); shards of {', '.join(map(str, sizes))}")
        print(f"machine: {bench.machine()}; median of {a.runs} runs, --jobs {a.jobs}")
        print(f"merged site == single build, byte for byte: {same}\n")
        print("| what | wall | CPU |")
        print("| --- | ---: | ---: |")
        print(row("`build`: one runner, the whole repository", single))
        for k, t in enumerate(shards, 1):
            print(row(f"`build --shard {k}/{a.shards}`", t))
        print(row(f"`build --merge` of the {a.shards} folders", merged))
        slowest = max(t.wall for t in shards)
        print(row(f"sharded, end to end: slowest shard + merge ({a.shards} runners)", bench.Sample(
            slowest + merged.wall, max(t.cpu for t in shards) + merged.cpu)))  # fmt: skip
        if not same:
            sys.exit("the merged site differs from the single build")


if __name__ == "__main__":
    main()
