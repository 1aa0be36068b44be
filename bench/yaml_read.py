"""The reader of policydiff's own layout against the strict loader on every document of the corpus.

Usage::

    python bench/yaml_read.py [--corpus TAR_XZ_OR_DIR] [--docs N] [--jobs N]

Every Markdown file of the corpus (read as bench/corpus_roundtrip.py reads it) is imported in
memory (:func:`policydiff.importing.import_text`, as ``policydiff import`` does), its data written
as ``policydiff import`` writes it (:func:`policydiff.storage.yamlio.dump`), and the text read three
ways, each timed in CPU time (``time.process_time``): by :func:`policydiff.storage.yamlblock.try_load`,
by :func:`policydiff.storage.yamlfast.try_load` (libyaml) and by ruamel.yaml
(:func:`policydiff.storage.yamlio.load_strict`, the reference). The counts: documents read the
same (values, their types and the order of keys), declined (the loaders read them), and DIFFERENT
(a bug of the reader: exit status 1). Files the import refuses are counted apart. ``--docs N``
takes every k-th file, as bench/run.py does.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus_roundtrip import DEFAULT_CORPUS, read_corpus  # noqa: E402
from measure import every_kth  # noqa: E402

from policydiff.errors import PolicyDiffError  # noqa: E402
from policydiff.importing import import_text  # noqa: E402
from policydiff.storage import docfile, yamlblock, yamlfast, yamlio  # noqa: E402

SAME, DECLINED, DIFFERENT, REFUSED = "same", "declined", "DIFFERENT", "import refused"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One document: the verdict, the CPU seconds of each reader, the size read."""

    name: str
    status: str
    block: float = 0.0
    libyaml: float = 0.0
    ruamel: float = 0.0
    chars: int = 0


def typed(value: Any) -> Any:
    """*value* with each scalar's type and each mapping's key order, so that ``True != 1``."""
    if isinstance(value, dict):
        return ("dict", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    return (type(value).__name__, value)


def compare(item: tuple[str, str]) -> Outcome:
    """Import one corpus file in memory, write it, read it three ways, compare and time them."""
    name, text = item
    try:
        doc, _ = import_text(text, slug="corpus", name=name)
    except PolicyDiffError as exc:
        return Outcome(name, f"{REFUSED}: {exc}")
    written = yamlio.dump(docfile.document_data(doc), "../../.policydiff/schemas/document.schema.json")
    start = time.process_time()
    block = yamlblock.try_load(written, yamlio.MAX_NESTING)
    middle = time.process_time()
    yamlfast.try_load(written, yamlio.MAX_NESTING)
    after = time.process_time()
    strict = yamlio.load_strict(written, name)
    end = time.process_time()
    status = DECLINED if block is yamlblock.DECLINED else SAME if typed(block) == typed(strict) else DIFFERENT
    return Outcome(name, status, middle - start, after - middle, end - after, len(written))


def summary(outcomes: list[Outcome], wall: float, jobs: int) -> str:
    """The counts and the CPU time of each reader (total, mean per document, the largest document)."""
    read = [o for o in outcomes if not o.status.startswith(REFUSED)]
    counts = {s: sum(o.status == s for o in read) for s in (SAME, DECLINED, DIFFERENT)}
    lines = [f"documents            {len(outcomes):>7}", f"{REFUSED:<20} {len(outcomes) - len(read):>7}"]
    lines += [f"{status:<20} {count:>7}" for status, count in counts.items()]
    n = max(len(read), 1)
    for label, cpu in (
        ("ruamel.yaml", sum(o.ruamel for o in read)),
        ("libyaml (yamlfast)", sum(o.libyaml for o in read)),
        ("yamlblock", sum(o.block for o in read)),
    ):
        lines.append(f"{label:<20} {cpu:>7.2f} s CPU  ({1000 * cpu / n:.2f} ms a document)")
    if read:
        big = max(read, key=lambda o: o.chars)
        lines.append(
            f"largest              {big.chars:>7,} characters: ruamel {1000 * big.ruamel:.0f} ms, "
            f"libyaml {1000 * big.libyaml:.1f} ms, yamlblock {1000 * big.block:.1f} ms ({big.name})"
        )
    lines.append(f"wall                 {wall:>7.1f} s  ({jobs} processes)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the comparison; exit status 1 if any document is read differently."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the .tar.xz or an extracted folder")
    parser.add_argument("--docs", type=int, default=0, help="every k-th file, this many (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    docs = every_kth(list(read_corpus(args.corpus)), args.docs)
    with multiprocessing.Pool(args.jobs) as pool:
        outcomes = list(pool.imap_unordered(compare, docs, chunksize=4))
    print(summary(outcomes, time.perf_counter() - start, args.jobs))
    for o in sorted(outcomes, key=lambda o: o.name):
        if o.status in (DIFFERENT, DECLINED):
            print(f"{o.status}: {o.name}")
    return 1 if any(o.status == DIFFERENT for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
