"""The fast YAML writer against ruamel.yaml on every document of the corpus: same bytes, and how fast.

Usage::

    python bench/yaml_write.py [--corpus TAR_XZ_OR_DIR] [--docs N] [--jobs N] [--out FILE] [--import-cpu]

Every Markdown file of the corpus (read as bench/corpus_roundtrip.py reads it) is imported in
memory (:func:`policydiff.importing.import_text`, as ``policydiff import`` does) and its data
(:func:`policydiff.storage.docfile.document_data`) written twice: by
:func:`policydiff.storage.yamlwrite.try_dump` and by ruamel.yaml
(:func:`policydiff.storage.yamlio.dump_strict`), each timed in CPU time (``time.process_time``).
The counts: documents written the same, declined (ruamel writes them), and DIFFERENT (a bug of
the fast writer: exit status 1; ``--out`` receives the first differing line of each). Files the
import refuses are counted apart. ``--docs N`` takes every k-th file, as bench/run.py does.

``--import-cpu`` measures ``policydiff import --allow-problems -j 1`` of those files instead: one
process (``python -m policydiff``, so ``PYTHONPATH`` chooses the code measured) into a new
repository, its user + system CPU time (``RUSAGE_CHILDREN``) in all and per document.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus_roundtrip import DEFAULT_CORPUS, read_corpus  # noqa: E402
from measure import every_kth  # noqa: E402

from policydiff.errors import PolicyDiffError  # noqa: E402
from policydiff.importing import import_text  # noqa: E402
from policydiff.storage import docfile, yamlio, yamlwrite  # noqa: E402

SAME, DECLINED, DIFFERENT, REFUSED = "same", "declined", "DIFFERENT", "import refused"
SCHEMA_REF = "../../.policydiff/schemas/document.schema.json"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One document: the verdict, the CPU seconds of each writer, the size written, the first difference."""

    name: str
    status: str
    fast: float = 0.0
    ruamel: float = 0.0
    chars: int = 0
    detail: str = ""


def compare(item: tuple[str, str]) -> Outcome:
    """Import one corpus file in memory, write its data both ways, compare and time them."""
    name, text = item
    try:
        doc, _ = import_text(text, slug="corpus", name=name)
    except PolicyDiffError as exc:
        return Outcome(name, REFUSED, detail=str(exc))
    data = docfile.document_data(doc)
    header = f"# yaml-language-server: $schema={SCHEMA_REF}\n"
    start = time.process_time()
    fast = yamlwrite.try_dump(data, header)
    middle = time.process_time()
    strict = yamlio.dump_strict(data, SCHEMA_REF)
    end = time.process_time()
    if fast is yamlwrite.DECLINED:
        status, detail = DECLINED, ""
    elif fast == strict:
        status, detail = SAME, ""
    else:
        status, detail = DIFFERENT, first_difference(fast, strict)
    return Outcome(name, status, middle - start, end - middle, len(strict), detail)


def first_difference(fast: str, strict: str) -> str:
    """The first line where the two texts differ, both ways."""
    pairs = zip(fast.split("\n"), strict.split("\n"), strict=False)
    line, (a, b) = next((i, p) for i, p in enumerate(pairs, 1) if p[0] != p[1])
    return f"line {line}\n  fast:   {a!r}\n  ruamel: {b!r}"


def summary(outcomes: list[Outcome], wall: float, jobs: int) -> str:
    """The counts and the CPU time of each writer (total, mean per document, the largest document)."""
    written = [o for o in outcomes if o.status != REFUSED]
    counts = {s: sum(o.status == s for o in outcomes) for s in (SAME, DECLINED, DIFFERENT, REFUSED)}
    fast_docs = [o for o in written if o.status == SAME]
    lines = [f"documents            {len(outcomes):>7}"]
    lines += [f"{status:<20} {count:>7}" for status, count in counts.items()]
    fast = sum(o.fast for o in written)
    ruamel = sum(o.ruamel for o in written)
    n = max(len(written), 1)
    lines.append(f"ruamel.yaml          {ruamel:>7.2f} s CPU  ({1000 * ruamel / n:.1f} ms a document)")
    lines.append(f"fast writer          {fast:>7.2f} s CPU  ({1000 * fast / n:.2f} ms a document, declines included)")
    if fast_docs:
        ratio = sum(o.ruamel for o in fast_docs) / max(sum(o.fast for o in fast_docs), 1e-9)
        lines.append(f"speed-up             {ratio:>7.1f}×  (documents written fast)")
        big = max(fast_docs, key=lambda o: o.chars)
        lines.append(
            f"largest              {big.chars:>7,} characters: ruamel {1000 * big.ruamel:.0f} ms, "
            f"fast {1000 * big.fast:.1f} ms ({big.name})"
        )
    lines.append(f"wall                 {wall:>7.1f} s  ({jobs} processes)")
    return "\n".join(lines)


def import_cpu(docs: list[tuple[str, str]]) -> str:
    """``policydiff import`` of *docs* (written to a folder first) in one process: its CPU time."""
    with tempfile.TemporaryDirectory() as tmp:
        source, repo = Path(tmp) / "corpus", Path(tmp) / "repo"
        for name, text in docs:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_text(text, encoding="utf-8")
        repo.mkdir()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cmd = [sys.executable, "-m", "policydiff", "import", "--allow-problems", "-j", "1", str(source)]
        done = subprocess.run(cmd, cwd=repo, capture_output=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        written = len(list(repo.glob("documents/*/document.yaml")))
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return (
        f"import of {len(docs):,} files (exit {done.returncode}, {written:,} documents written): "
        f"{cpu:.2f} s CPU, {1000 * cpu / max(len(docs), 1):.1f} ms a document"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the comparison; exit status 1 if any document is written differently."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the .tar.xz or an extracted folder")
    parser.add_argument("--docs", type=int, default=0, help="every k-th file, this many (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--out", type=Path, help="write each differing or declined document here")
    parser.add_argument("--import-cpu", action="store_true", help="time `policydiff import` of the files instead")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    docs = every_kth(list(read_corpus(args.corpus)), args.docs)
    if args.import_cpu:
        print(import_cpu(docs))
        return 0
    with multiprocessing.Pool(args.jobs) as pool:
        outcomes = list(pool.imap_unordered(compare, docs, chunksize=4))
    print(summary(outcomes, time.perf_counter() - start, args.jobs))
    if args.out:
        shown = sorted((o for o in outcomes if o.status in (DIFFERENT, DECLINED)), key=lambda o: o.name)
        args.out.write_text("".join(f"== {o.status} :: {o.name}\n{o.detail}\n" for o in shown), encoding="utf-8")
    return 1 if any(o.status == DIFFERENT for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
