"""Lines as Word and PDF extractors give them, turned into one paragraph per line.

Steps 1 and 2 of the text import pipeline (:mod:`policydiff.importing.text`):

1. :func:`clean_lines` drops what the extractor added: spaces at both ends of a
   line, page-number lines (``- 1 -``) and blank lines.
2. :func:`wrap_width` decides whether the text is hard-wrapped (PDF text breaks
   every 20–30 characters, so most lines have about the same, small width);
   :func:`join_wrapped` or :func:`join_stray_breaks` then gives one paragraph per
   line.

The line tests that joining shares with splitting off the cover material live
here too: :func:`ends_sentence`, whether a line reads like a title or name, and
the date-line pattern.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from policydiff.zh import lexicon
from policydiff.zh.lazyre import lazy
from policydiff.zh.lexicon import PREAMBLE_HEADINGS
from policydiff.zh.numbering import parse_label

STRIP = " \t\u3000\xa0"
_INVISIBLE = lazy("[\u200b\u200c\u200d\u2060\ufeff]")
_PAGE_NUMBER = lazy(r"[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?")
_ENDS = "。；：！？!?;:…"
_CLOSERS = "”’\"'）)」』】》〉"
_SENTENCE_MARK = lazy(r"[。；：！？!?;:，,]")
DATE = lexicon.DATE
DATE_LINE = lazy(DATE)
_TRAILING_NOTE = lazy(r"(?<=[。；！？])[（(][^（）()]*[）)]$")

#: A PDF line this many columns short of the wrap width ended its paragraph
#: (a first line is indented by only 2 characters, 4 columns).
_SLACK = 8
#: Wider than any heading or title: a one-per-line text breaking a line this
#: wide without ending a sentence broke it by accident.
_STRAY_BREAK_WIDTH = 80
#: PDF pages hold 18 to 50 Chinese characters a line.
_MIN_WRAP, _MAX_WRAP = 36, 100
_MIN_WRAPPED_LINES = 8
#: In a short hard-wrapped text, how many columns the broken lines may fall short of the widest
#: (a half-width letter or digit takes one column where a Chinese character takes two).
_EVEN = 2
#: The marks that make a line prose rather than a heading or a name.
_PROSE_MARK = lazy("[，、；：,;]")
_HAN = lazy(lexicon.HAN)
_MAX_TITLE = 100


@dataclass(frozen=True, slots=True)
class Line:
    """One line (or, after joining, one paragraph) and its 1-based source line number."""

    no: int
    text: str
    gap_before: bool = False


def display_width(text: str) -> int:
    """Columns *text* takes in print: 2 for a Chinese character or full-width mark, 1 otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def clean_lines(text: str) -> tuple[list[Line], int]:
    """Non-blank lines stripped at both ends, without page-number lines; and how many of those went.

    A blank line is kept as ``gap_before`` of the next line, unless blank lines
    stand between (nearly) all lines, as PDF extractors write them: then they
    carry nothing.
    """
    out: list[Line] = []
    dropped, gap = 0, False
    for no, raw in enumerate(text.split("\n"), start=1):
        stripped = _INVISIBLE.sub("", raw).strip(STRIP)
        if not stripped:
            gap = True
        elif _PAGE_NUMBER.fullmatch(stripped):
            dropped += 1
        else:
            out.append(Line(no, stripped, gap and bool(out)))
            gap = False
    if sum(line.gap_before for line in out) >= 0.6 * max(len(out) - 1, 1):
        out = [Line(line.no, line.text) for line in out]
    return out, dropped


def wrap_width(lines: Sequence[Line]) -> int | None:
    """The wrap width in columns if the text is hard-wrapped, else None.

    Hard-wrapped text has most of its lines within a few columns of one small
    width (a PDF page's line); one paragraph per line gives widths all over.
    """
    widths = sorted(display_width(line.text) for line in lines)
    if len(widths) < _MIN_WRAPPED_LINES:
        return _short_wrap_width(lines)
    wrap = widths[int(0.8 * (len(widths) - 1))]
    near = [line.text for line in lines if abs(display_width(line.text) - wrap) <= _SLACK]
    # Short list items also have similar widths, but they end their sentences.
    cut = sum(1 for text in near if not ends_sentence(text))
    plausible = _MIN_WRAP <= wrap <= _MAX_WRAP and len(near) >= _MIN_WRAPPED_LINES
    return wrap if plausible and len(near) >= len(widths) / 2 and cut >= len(near) / 2 else None


def _short_wrap_width(lines: Sequence[Line]) -> int | None:
    """The wrap width of a text too short for the count of :func:`wrap_width`: two or more lines
    that stop mid-sentence (:func:`mid_sentence_breaks`, prose or not), all within 2 columns of
    the widest line, as a page's lines are. One such line is no evidence either way."""
    cut = [display_width(prev.text) for prev, _ in mid_sentence_breaks(lines, prose=False)]
    widest = max((display_width(line.text) for line in lines), default=0)
    even = len(cut) >= 2 and min(cut) >= widest - _EVEN
    return widest if even and _MIN_WRAP <= widest <= _MAX_WRAP else None


def mid_sentence_breaks(lines: Sequence[Line], *, prose: bool = True) -> list[tuple[Line, Line]]:
    """The pairs of lines where a line stops mid-sentence and the next line goes on.

    The first line of a pair reads like no title or heading and ends with a character or a
    comma, not a sentence mark; with *prose*, it also has a comma-like mark before its end
    (after its label), as a sentence has and a heading seldom does. The second line follows with
    no blank line and starts no provision. In a text of one paragraph a line, such a break has
    no reason but a hard wrap or a lost mark.
    """
    return [(prev, line) for prev, line in pairwise(lines) if _mid_sentence(prev, line, prose)]


def _mid_sentence(prev: Line, line: Line, prose: bool) -> bool:
    if line.gap_before or parse_label(line.text) is not None:
        return False
    found = parse_label(prev.text)
    body = prev.text[found.end :] if found is not None else prev.text
    if not body or ends_sentence(body) or title_like(prev.text):
        return False
    if prose and not _PROSE_MARK.search(body[:-1]):
        return False
    return bool(_HAN.fullmatch(body[-1])) or body[-1] in "，、,"


def undecided_break(lines: Sequence[Line], body: Sequence[Line]) -> tuple[Line, Line] | None:
    """When *lines* are too few for :func:`wrap_width` to count, the first line of *body* (their
    paragraphs after the cover and title) that stops mid-sentence, and the line that goes on:
    a hard wrap, or a lost mark between two paragraphs, which the text alone cannot tell apart."""
    if len(lines) >= _MIN_WRAPPED_LINES:
        return None
    breaks = mid_sentence_breaks(body)
    return breaks[0] if breaks else None


def join_wrapped(lines: Sequence[Line], wrap: int) -> list[Line]:
    """Paragraphs of a hard-wrapped text: lines joined with nothing between them.

    A paragraph ends after a line well short of the wrap width, or before a line
    that starts with a label when the line before it ends a sentence. A full
    line ending in ``。`` does not end a paragraph: the sentence was just long
    enough to fill the line.
    """
    out: list[Line] = []
    prev: Line | None = None
    for line in lines:
        if prev is None or _starts_paragraph(prev, line, wrap):
            out.append(line)
        else:
            out[-1] = Line(out[-1].no, out[-1].text + line.text, out[-1].gap_before)
        prev = line
    return out


def _starts_paragraph(prev: Line, line: Line, wrap: int) -> bool:
    if line.gap_before or display_width(prev.text) < wrap - _SLACK:
        return True
    return parse_label(line.text) is not None and ends_sentence(prev.text)


def join_stray_breaks(lines: Sequence[Line]) -> tuple[list[Line], list[int]]:
    """Paragraphs of a one-per-line text, and the source lines joined to the line before.

    A line is joined to the one before when that one is prose wider than any
    heading that does not end its sentence, and the line itself starts no provision.
    """
    out: list[Line] = []
    joined: list[int] = []
    for line in lines:
        if out and _stray_break(out[-1], line):
            out[-1] = Line(out[-1].no, out[-1].text + line.text, out[-1].gap_before)
            joined.append(line.no)
        else:
            out.append(line)
    return out, joined


def _stray_break(prev: Line, line: Line) -> bool:
    if line.gap_before or parse_label(line.text) is not None:
        return False
    # A long title has no sentence marks at all; a broken sentence has some.
    wide = display_width(prev.text) >= _STRAY_BREAK_WIDTH
    return wide and not ends_sentence(prev.text) and not title_like(prev.text)


def ends_sentence(text: str) -> bool:
    """Whether *text* ends with a sentence-ending mark (closing quotes and brackets skipped).

    A bracketed note after the mark, as in ``…岗位。（2010年12月23日删除）``, is skipped too.
    """
    core = _TRAILING_NOTE.sub("", text.rstrip(STRIP)) or text
    core = core.rstrip(_CLOSERS + STRIP)
    return bool(core) and core[-1] in _ENDS


def title_like(text: str) -> bool:
    """Whether *text* reads like a title, an issuer or a signature: a short name, no sentence marks, no label."""
    return (
        len(text) <= _MAX_TITLE
        and not _SENTENCE_MARK.search(text)
        and parse_label(text) is None
        and not DATE_LINE.search(text)
        and text.strip() not in PREAMBLE_HEADINGS
    )
