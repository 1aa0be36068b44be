"""Load time of a large document: round-trip loader vs the fast safe loader policydiff uses.

Usage: python bench/yaml_load.py [--corpus PATH] [--runs N]

Imports 刑法 (the largest law of the corpus, about 300k characters) from the
corpus, writes it as policydiff YAML, then times loading that file with:
ruamel.yaml round-trip (keeps positions, used only to locate errors), ruamel.yaml
safe with its C parser (what policydiff uses to read), PyYAML's CSafeLoader if
installed (a reference for the fastest safe load), and policydiff's whole load
(fast parse + schema validation + building the model). Prints the median of N runs.
"""

from __future__ import annotations

import argparse
import statistics
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

from policydiff.importing.markdown import parse_markdown
from policydiff.storage.repo import Repository, load_document_file

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpus" / "lawrefbook-corpus.tar.xz"
MEMBER = "lawrefbook/刑法/刑法.md"


def read_xingfa(corpus: Path) -> str:
    """The Markdown of 刑法 from a corpus tarball or folder."""
    if corpus.is_dir():
        return (corpus / "刑法" / "刑法.md").read_text(encoding="utf-8")
    with tarfile.open(corpus) as tar:
        member = tar.extractfile(MEMBER)
        assert member is not None
        return member.read().decode("utf-8")


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of *fn* in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    doc, _ = parse_markdown(read_xingfa(args.corpus), slug="xingfa", name=MEMBER)
    with tempfile.TemporaryDirectory() as tmp:
        path = Repository(Path(tmp)).create(doc)
        text = path.read_text(encoding="utf-8")
        cases: dict[str, Callable[[], object]] = {
            "ruamel round-trip": lambda: YAML(typ="rt").load(text),
            "ruamel safe (C)": lambda: YAML(typ="safe").load(text),
            "policydiff load (parse + schema + model)": lambda: load_document_file(path),
        }
        try:
            import yaml

            cases["PyYAML CSafeLoader"] = lambda: yaml.load(text, Loader=yaml.CSafeLoader)
        except (ImportError, AttributeError):
            pass
        count = sum(1 for _ in doc.walk())
        print(f"刑法: {len(text):,} characters of YAML, {count:,} provisions, median of {args.runs}")
        for name, fn in cases.items():
            print(f"  {name:45s} {median_ms(fn, args.runs):8.1f} ms")


if __name__ == "__main__":
    main()
