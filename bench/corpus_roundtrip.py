"""Round-trip the lawrefbook corpus: import every Markdown file and render it back.

Usage::

    python bench/corpus_roundtrip.py [--corpus TAR_XZ_OR_DIR] [--jobs N] [--out FILE]

Every document is imported with :func:`policydiff.importing.markdown.parse_markdown`
and rendered with :func:`policydiff.model.plaintext.to_text`; the result must equal the
normalised source (:func:`policydiff.importing.markdown.plain_lines`: the title, then
one paragraph per line with the Markdown markup and the metadata block removed).

The summary counts exact round trips, documents without a body (the one
:class:`SourceError` allowed), exceptions (always bugs) and mismatches grouped by
the reason found at the first differing line (all differing lines, when the line
counts agree). The reasons:

* ``label normalised (A -> B)``: the source types a label as A (its number
  generalised: ``(一）``, ``１．``, ``第一 条``) and the import renders it as B,
  the variant the document's numbering holds for that kind; the words agree.
* ``separator after label differs from the document's``: same label, same words,
  other white space between them.
* ``white space differs``: other white-space-only differences.
* ``label added or lost``, ``other``, ``rendering has fewer/extra lines``.

It also counts paragraphs that start like 第X编/分编/章/节/条: structure the builder
kept as text (tables of contents, sentences, numbering the source gets wrong).
``--out`` receives every non-exact document with its first differing line pair
(or its traceback), and the documents with such paragraphs. See bench/README.md
for the current figures.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import re
import sys
import tarfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policydiff.errors import SourceError  # noqa: E402
from policydiff.importing.markdown import parse_markdown, plain_lines  # noqa: E402
from policydiff.model import Document, Kind  # noqa: E402
from policydiff.model.plaintext import to_text  # noqa: E402
from policydiff.zh.numbering import LabelStyle, parse_label  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "lawrefbook-corpus.tar.xz"
EXACT, EMPTY, EXCEPTION = "exact", "no body (SourceError)", "EXCEPTION"
_ONE_ZH = re.compile("[〇零一二两三四五六七八九十百千]+")
_ONE_WIDE = re.compile("[０-９]+")
_ONE_DIGIT = re.compile("[0-9]+")
_STRUCTURAL = (LabelStyle.PART, LabelStyle.SUBPART, LabelStyle.CHAPTER, LabelStyle.SECTION, LabelStyle.ARTICLE)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one document."""

    name: str
    status: str  # EXACT, EMPTY, EXCEPTION or a mismatch reason
    line: int = 0
    expected: str | None = None
    got: str | None = None
    detail: str = ""
    lines: int = 1  # how many lines differ (all, when line counts are equal)
    kept: int = 0  # paragraphs that start like 第X编/分编/章/节/条 (structure the builder did not take)


def read_corpus(path: Path) -> Iterator[tuple[str, str]]:
    """``(name, text)`` for every ``.md`` file in a directory or a tar archive, sorted by name."""
    if path.is_dir():
        for file in sorted(path.rglob("*.md")):
            yield str(file.relative_to(path)), file.read_text(encoding="utf-8")
        return
    docs: list[tuple[str, str]] = []
    with tarfile.open(path) as tar:  # one pass in archive order: seeking back in an xz stream is slow
        for member in tar:
            stream = tar.extractfile(member) if member.isfile() and member.name.endswith(".md") else None
            if stream is not None:
                docs.append((member.name, stream.read().decode("utf-8")))
    yield from sorted(docs)


def roundtrip(item: tuple[str, str]) -> Outcome:
    """Import one document, render it and compare it with its normalised source."""
    name, text = item
    try:
        expected = plain_lines(text, name=name)
        doc, _ = parse_markdown(text, slug="corpus", name=name)
        got = to_text(doc).split("\n")[:-1]
        kept = kept_as_text(doc)
    except SourceError as exc:
        if str(exc.message).startswith("no body"):
            return Outcome(name, EMPTY, detail=str(exc))
        return Outcome(name, EXCEPTION, detail=traceback.format_exc())
    except Exception:  # a bug: reported, never hidden
        return Outcome(name, EXCEPTION, detail=traceback.format_exc())
    if got == expected:
        return Outcome(name, EXACT, kept=kept)
    i = next((i for i, (e, g) in enumerate(zip(expected, got, strict=False)) if e != g), min(len(expected), len(got)))
    e = expected[i] if i < len(expected) else None
    g = got[i] if i < len(got) else None
    if len(expected) != len(got):
        return Outcome(name, classify(e, g), i + 1, e, g, kept=kept)
    reasons = sorted({classify(a, b) for a, b in zip(expected, got, strict=True) if a != b})
    differing = sum(a != b for a, b in zip(expected, got, strict=True))
    return Outcome(name, " + ".join(reasons), i + 1, e, g, lines=differing, kept=kept)


def kept_as_text(doc: Document) -> int:
    """Paragraphs whose text starts with a 第X编/分编/章/节/条 label: lines the builder kept as text."""
    return sum(
        1
        for p in doc.walk()
        if p.kind is Kind.PARAGRAPH and p.text and (lab := parse_label(p.text)) and lab.style in _STRUCTURAL
    )


def classify(expected: str | None, got: str | None) -> str:
    """Why the first differing lines differ, in a few words."""
    if expected is None or got is None:
        return "rendering has fewer lines" if got is None else "rendering has extra lines"
    typed, rendered = parse_label(expected), parse_label(got)
    if (
        typed
        and rendered
        and (typed.num, expected[typed.end :].lstrip()) == (rendered.num, got[rendered.end :].lstrip())
    ):
        return f"label normalised ({shape(typed.text)} -> {shape(rendered.text)})"
    if "".join(expected.split()) == "".join(got.split()):
        if typed is not None and expected[: typed.end] == got[: typed.end]:
            return "separator after label differs from the document's"
        return "white space differs"
    if expected.endswith(got) or got.endswith(expected):
        return "label added or lost"
    return "other"


def shape(label: str) -> str:
    """A label's typed form with its number generalised: ``(十二）`` -> ``(一）``, ``１２．`` -> ``１．``."""
    return _ONE_DIGIT.sub("1", _ONE_WIDE.sub("１", _ONE_ZH.sub("一", label)))


def summarise(outcomes: list[Outcome], seconds: float, jobs: int) -> str:
    """The summary table."""
    counts = collections.Counter(o.status for o in outcomes)
    rows = [("documents", len(outcomes)), (EXACT, counts.pop(EXACT, 0)), (EXCEPTION, counts.pop(EXCEPTION, 0))]
    rows.append((EMPTY, counts.pop(EMPTY, 0)))
    rows += sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max(len(k) for k, _ in rows)
    lines = [f"{k:<{width}}  {v:>6}" for k, v in rows]
    kept = [o for o in outcomes if o.kept]
    label = "第X编/章/节/条 lines kept as text"
    lines.append(f"{label:<{width}}  {sum(o.kept for o in kept):>6}  (in {len(kept)} documents)")
    lines.append(f"{'seconds':<{width}}  {seconds:>6.1f}  ({jobs} processes)")
    return "\n".join(lines)


def details(outcomes: list[Outcome]) -> str:
    """Every non-exact document: reason, line and the first differing pair (or the traceback)."""
    out: list[str] = []
    for o in sorted(outcomes, key=lambda o: (o.status, o.name)):
        if o.kept:
            out.append(f"-- {o.kept} 第X编/章/节/条 lines kept as text :: {o.name}")
        if o.status == EXACT:
            continue
        out.append(f"== {o.status} :: {o.name}")
        if o.detail:
            out.append(o.detail.rstrip())
        else:
            out += [f"  line {o.line} ({o.lines} differing)", f"  source: {o.expected!r}", f"  import: {o.got!r}"]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 if any document raised an unexpected exception."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the .tar.xz or an extracted folder")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--out", type=Path, help="write per-document details here")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    docs = list(read_corpus(args.corpus))
    with multiprocessing.Pool(args.jobs) as pool:
        outcomes = list(pool.imap_unordered(roundtrip, docs, chunksize=8))
    print(summarise(outcomes, time.perf_counter() - start, args.jobs))
    if args.out:
        args.out.write_text(details(outcomes), encoding="utf-8")
        print(f"details: {args.out}")
    return 1 if any(o.status == EXCEPTION for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
