"""Quotations in notice wording, and the skeleton the recognisers read.

An item such as ``将“每半年”改为“每年”`` is read in two steps. First every top-level
quotation is cut out and replaced by a placeholder, giving the *skeleton*
``将⟨0⟩改为⟨1⟩``; then the rules in :mod:`policydiff.notice.rules` match the skeleton,
which is short and has no quoted text left to confuse them.

The scanner counts depth, so quotes inside quotes (``“…增强“四个意识”、…”``) stay
inside. A ``“`` at the start of a line while a quotation is open is the reopening
mark of a new paragraph of that quotation (NPC style: every paragraph opens with
``“`` and only the last one closes); the paragraph break is kept as ``\\n``. Court
texts that close and reopen every paragraph give a run of quotations separated only
by line breaks, which :func:`skeleton` joins into one.

:class:`Quote` is a named tuple rather than a frozen dataclass: immutable and compared by value all
the same, and its class is made at every start of a command that reads a notice's wording, a
dataclass's for some 0.5 ms more (issue 19).
"""

from __future__ import annotations

from typing import NamedTuple

from policydiff.errors import FailedError
from policydiff.zh.lazyre import lazy

OPEN, CLOSE = "“", "”"
#: A quotation's place in a :func:`skeleton`: ``⟨n⟩``, n its index among the quoted texts.
PLACEHOLDER = lazy(r"⟨(\d+)⟩")


class Quote(NamedTuple):
    """One top-level quotation: its text (marks removed) and where it stood."""

    text: str
    start: int
    end: int


class QuoteError(FailedError):
    """Quotation marks that do not balance."""


def find_quotes(text: str) -> list[Quote]:
    """Every top-level quotation in *text*, in order."""
    quotes: list[Quote] = []
    depth, start = 0, 0
    buf: list[str] = []
    for i, ch in enumerate(text):
        at_line_start = i == 0 or text[i - 1] == "\n"
        if ch == OPEN and depth and at_line_start:
            continue  # paragraph reopening of the same quotation
        if ch == OPEN:
            depth += 1
            if depth == 1:
                start, buf = i, []
                continue
        elif ch == CLOSE and depth:
            depth -= 1
            if depth == 0:
                quotes.append(Quote("".join(buf), start, i + 1))
                continue
        elif ch == CLOSE:
            raise QuoteError(f"closing ” without an opening “ at character {i + 1}")
        if depth:
            buf.append(ch)
    if depth:
        raise QuoteError(f"unbalanced quotation marks: “ at character {start + 1} is never closed")
    return quotes


def skeleton(text: str) -> tuple[str, list[str]]:
    """*text* with its quotations replaced by ``⟨n⟩``, and the quoted texts.

    Quotations separated by nothing or only by line breaks (“…”“…”) are one
    multi-paragraph quotation, one paragraph per quotation.
    """
    quotes = find_quotes(text)
    parts: list[str] = []
    texts: list[str] = []
    pos = 0
    for q in quotes:
        between = text[pos : q.start]
        if texts and pos and not between.strip():
            texts[-1] += "\n" + q.text
        else:
            parts.append(between)
            parts.append(f"⟨{len(texts)}⟩")
            texts.append(q.text)
        pos = q.end
    parts.append(text[pos:])
    return "".join(parts).replace("\n", ""), texts


def normalise_inner(text: str) -> str:
    """Inner single quotes ‘…’ written as the amended text writes them: “…”."""
    return text.replace("‘", "“").replace("’", "”")
