"""Character diffs of Chinese text, deterministic and phrase-friendly.

The diff works in two passes. First the texts are split into clauses, each ending
at (and keeping) one of ``，。；：！？`` or a line break, and the two clause
sequences are diffed as units; an unchanged clause can then never be spliced into
a neighbouring edit. (The semantic cleanup runs on the clause diff too, so a short
unchanged clause between larger edits, such as one of two swapped clauses, does
not become an anchor.) Then each run of replaced clauses is diffed character by
character, and diff-match-patch's semantic cleanup merges single-character
splinters into whole phrases, since Chinese has no spaces to anchor a word diff on.

diff-match-patch runs with no timeout, so the same input always gives the same
diff. The segments rebuild both texts exactly (:func:`rebuild`).

The engine is ``fast-diff-match-patch`` (the same algorithm in C++, 30 to 45 times faster on a
whole law's text) when it is installed, else the pure-Python ``diff-match-patch``; both give the
same segments (tests/test_textdiff.py compares them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Literal, NamedTuple

Op = Literal["equal", "insert", "delete"]
_OPS: dict[int, Op] = {0: "equal", 1: "insert", -1: "delete"}

#: Where a clause ends: after one of these marks (kept with the clause) or a line break.
CLAUSE_END = re.compile(r"[，。；：！？\n]")
# Clauses are coded from the supplementary private-use planes: none is a space or line break,
# so diff-match-patch's boundary scoring treats them all alike.
_CODE_BASE = 0xF0000


class Segment(NamedTuple):
    """A run of text that is equal in both versions, or only in the new (insert) or old (delete).

    A named tuple, not a frozen dataclass: the same fields, made a few times faster, and the class
    costs some 0.3 ms less to create at every start of a command that diffs."""

    op: Op
    text: str


def clauses(text: str) -> list[str]:
    """*text* cut after every clause mark and line break; the pieces join back to *text*."""
    out: list[str] = []
    start = 0
    for match in CLAUSE_END.finditer(text):
        out.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        out.append(text[start:])
    return out


Engine = Callable[[str, str], list[tuple[int, str]]]
#: The engines by name: each diffs two strings with no timeout and semantic cleanup.
ENGINES = ("fast", "python")


def segments(old: str, new: str, engine: str | None = None) -> tuple[Segment, ...]:
    """The diff of *old* and *new*; equal+delete segments rebuild *old*, equal+insert *new*.

    Clause by clause first, then character by character inside replaced clauses.
    Adjacent segments never share an op and none is empty. *engine* is one of :data:`ENGINES`
    (default: the fast one when installed).
    """
    dmp = _engine(engine or ("fast" if has_fast_engine() else "python"))
    diffs: list[tuple[int, str]] = []
    pending: dict[int, list[str]] = {-1: [], 1: []}
    for op, text in _clause_diff(dmp, old, new):
        if op == 0:
            diffs.extend(_char_diff(dmp, "".join(pending[-1]), "".join(pending[1])))
            pending = {-1: [], 1: []}
            diffs.append((0, text))
        else:
            pending[op].append(text)
    diffs.extend(_char_diff(dmp, "".join(pending[-1]), "".join(pending[1])))
    return _merge(diffs)


@cache
def has_fast_engine() -> bool:
    """Whether ``fast-diff-match-patch`` is installed."""
    try:
        import fast_diff_match_patch  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _engine(name: str) -> Engine:
    if name == "fast":
        import fast_diff_match_patch

        ops = {"=": 0, "-": -1, "+": 1}

        def fast(a: str, b: str) -> list[tuple[int, str]]:
            found = fast_diff_match_patch.diff(
                a, b, timelimit=0, checklines=False, cleanup="Semantic", counts_only=False
            )
            return [(ops[op], text) for op, text in found]

        return fast
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0

    def python(a: str, b: str) -> list[tuple[int, str]]:
        diffs: list[tuple[int, str]] = dmp.diff_main(a, b, False)
        dmp.diff_cleanupSemantic(diffs)
        return diffs

    return python


def _clause_diff(dmp: Engine, old: str, new: str) -> list[tuple[int, str]]:
    """Diff the clause sequences, each clause standing for one private-use code point."""
    table: dict[str, str] = {}
    units: list[str] = []

    def encode(text: str) -> str:
        codes = []
        for clause in clauses(text):
            if clause not in table:
                table[clause] = chr(_CODE_BASE + len(units))
                units.append(clause)
            codes.append(table[clause])
        return "".join(codes)

    coded = dmp(encode(old), encode(new))  # semantic cleanup: an unchanged clause between larger edits is no anchor
    return [(op, "".join(units[ord(c) - _CODE_BASE] for c in text)) for op, text in coded]


def _char_diff(dmp: Engine, old: str, new: str) -> list[tuple[int, str]]:
    if not old or not new:
        return [(op, text) for op, text in ((-1, old), (1, new)) if text]
    return dmp(old, new)


def _merge(diffs: list[tuple[int, str]]) -> tuple[Segment, ...]:
    """Each run of edits between equal text as one deletion then one insertion; no empty segments."""
    out: list[Segment] = []
    run: dict[int, str] = {-1: "", 1: ""}
    for op, text in [*diffs, (0, "")]:
        if op != 0:
            run[op] += text
            continue
        out.extend(Segment(_OPS[k], run[k]) for k in (-1, 1) if run[k])
        run = {-1: "", 1: ""}
        if not text:
            continue
        if out and out[-1].op == "equal":
            out[-1] = Segment("equal", out[-1].text + text)
        else:
            out.append(Segment("equal", text))
    return tuple(out)


def rebuild(parts: tuple[Segment, ...], side: Literal["old", "new"]) -> str:
    """One side of a diff, from its segments."""
    skip = "insert" if side == "old" else "delete"
    return "".join(s.text for s in parts if s.op != skip)
