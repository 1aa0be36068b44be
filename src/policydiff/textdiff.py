"""Character diffs of Chinese text, deterministic and phrase-friendly.

diff-match-patch runs with no timeout (the same input always gives the same
diff) and with its semantic cleanup, which merges single-character splinters into
whole phrases; Chinese has no spaces to anchor a word diff on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Op = Literal["equal", "insert", "delete"]
_OPS: dict[int, Op] = {0: "equal", 1: "insert", -1: "delete"}


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text that is equal in both versions, or only in the new (insert) or old (delete)."""

    op: Op
    text: str


def segments(old: str, new: str) -> tuple[Segment, ...]:
    """The diff of *old* and *new*; equal+delete segments rebuild *old*, equal+insert *new*."""
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(diffs)
    return tuple(Segment(_OPS[op], text) for op, text in diffs)


def rebuild(parts: tuple[Segment, ...], side: Literal["old", "new"]) -> str:
    """One side of a diff, from its segments."""
    skip = "insert" if side == "old" else "delete"
    return "".join(s.text for s in parts if s.op != skip)
