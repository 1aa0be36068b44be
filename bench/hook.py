"""The pre-commit hook's time on a commit touching one document, against a check of the whole repository.

Usage::

    python bench/hook.py [--corpus PATH] [--docs 300] [--runs 3] [--jobs 2]

Takes every k-th of ``--docs`` lawrefbook corpus files (``--corpus``: the extracted folder, or the
``.tar.xz`` archive, extracted into a temporary folder) into a fresh git repository
(``policydiff import --jobs N``), commits it, changes one character of one provision of one
document and stages it. Then it times, as whole processes, what the hook runs (``policydiff check``
on the staged files, with ``--staged``, as pre-commit passes them) and ``policydiff check`` of the whole repository,
each the median of ``--runs`` runs with ``--jobs N``. Prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench

ARCHIVE = Path("/work/shared/corpus/lawrefbook-corpus.tar.xz")


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.invalid", "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True).stdout


def common_root(paths: list[Path]) -> Path:
    parts = [p.parts for p in paths]
    shared = []
    for column in zip(*parts, strict=False):
        if len(set(column)) != 1:
            break
        shared.append(column[0])
    return Path(*shared)


def extracted(path: Path, tmp: Path) -> Path:
    """The corpus folder: *path* itself, or the ``.tar.xz`` archive *path* extracted below *tmp*."""
    if path.is_dir():
        return path
    with tarfile.open(path) as tar:
        tar.extractall(tmp / "corpus", filter="data")
    return common_root(sorted((tmp / "corpus").rglob("*.md")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=ARCHIVE)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        corpus = extracted(a.corpus, tmp)
        files = bench.corpus_files(corpus, a.docs)
        source = bench.subset_corpus(files, corpus, tmp / "source")
        repo = tmp / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        j = ["--jobs", str(a.jobs)]
        imported = bench.run_once([bench.PD, "import", "--allow-problems", *j, str(source)], repo)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "import")
        docs = len(list(repo.glob("documents/*/document.yaml")))
        bench.touch_one(repo)
        git(repo, "add", "-A")
        staged = [p for p in git(repo, "diff", "--cached", "--name-only", "-z").split("\0") if p]
        hook = bench.run_median([bench.PD, "check", "--staged", "--exit-zero", *j, *staged], a.runs, repo)
        whole = bench.run_median([bench.PD, "check", "--exit-zero", *j], a.runs, repo)
        assert (hook.rc, whole.rc) == (0, 0), (hook.rc, whole.rc)  # 2: a bad PATH, not a measure
        print(f"{docs:,} documents (import: {bench.fmt(imported.wall)}); staged: {', '.join(staged)}")
        print(f"machine: {bench.machine()}; median of {a.runs} runs, --jobs {a.jobs}\n")
        print("| what | wall | CPU |")
        print("| --- | ---: | ---: |")
        hook_row = "the hook: `policydiff check --staged` on the staged file"
        print(f"| {hook_row} | {bench.fmt(hook.wall)} | {bench.fmt(hook.cpu)} |")
        print(f"| `policydiff check`: the whole repository | {bench.fmt(whole.wall)} | {bench.fmt(whole.cpu)} |")


if __name__ == "__main__":
    main()
