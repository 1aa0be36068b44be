"""Terminal columns and greedy line wrapping of styled text: the terminal view of a diff (:mod:`.formats`).

A line to wrap is a sequence of :class:`Piece`: runs of text in one style. East Asian wide and
full-width characters take two columns (ambiguous ones one), combining marks and controls none.
A line may break before or after a space or a wide character, never before a closing mark
(``，。）”``), after an opening one, or inside a piece's glue (a diff marker such as ``[-``
stays with the text it marks). A break replaces the spaces at it.

The rules are those of a wrap character by character (tests/test_wrap.py keeps that definition
and compares), but the work is done a line at a time: every character's width is looked up once
per process (a table filled as characters are met), a line's end is found by bisecting the running
column count, and only the characters at a line's end are asked whether a break may fall there.
A term-format diff of the whole constitution is tens of thousands of characters.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import NamedTuple

from policydiff.zh.lexicon import UNIFIED_IDEOGRAPHS

_FIRST_IDEOGRAPH, _LAST_IDEOGRAPH = UNIFIED_IDEOGRAPHS
_CLOSING = frozenset("，。；：！？、）》」』】〕〉”’),.;:!?]}%")
_OPENING = frozenset("（《「『【〔〈“‘([{")

# Every character met so far: its columns, and its class for the break rule, one letter:
# C/c closing mark (wide/narrow), O/o opening mark, S the space, W other wide, N other narrow.
_WIDTHS: dict[str, int] = {}
_CLASSES: dict[str, str] = {}
_BREAK_BEFORE = "SWC"  # a break may follow these (unless the next one forbids it)
_BREAK_AFTER = "SWO"  # a break may come before these (unless the one before forbids it)


class Piece(NamedTuple):
    """A run of text in one style (an SGR code, ``""`` for none). With ``glue_before`` no line
    starts at any of its characters, with ``glue_after`` none ends at one."""

    text: str
    style: str
    glue_before: bool = False
    glue_after: bool = False


def char_width(char: str) -> int:
    """Terminal columns of *char*: 2 for East Asian wide/full-width, 0 for combining and controls."""
    if _FIRST_IDEOGRAPH <= char <= _LAST_IDEOGRAPH:  # all wide: most of a diff's characters
        return 2
    import unicodedata

    if unicodedata.combining(char) or unicodedata.category(char) in ("Cc", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Terminal columns of *text* (see :func:`char_width`)."""
    return _columns(text)[-1]


def _columns(text: str) -> list[int]:
    """The running column count of *text*, one more than characters. Its characters are learnt only
    when one is new: a set of each line's characters costs more than the few misses of a process."""
    try:
        return list(accumulate(map(_WIDTHS.__getitem__, text), initial=0))
    except KeyError:
        _learn(text)
        return list(accumulate(map(_WIDTHS.__getitem__, text), initial=0))


def _learn(text: str) -> None:
    """Note the width and class of every character of *text* not met before."""
    for char in set(text).difference(_WIDTHS):
        width = _WIDTHS[char] = char_width(char)
        if char in _CLOSING:
            kind = "C" if width == 2 else "c"
        elif char in _OPENING:
            kind = "O" if width == 2 else "o"
        else:
            kind = "S" if char == " " else "W" if width == 2 else "N"
        _CLASSES[char] = kind


class _Line(NamedTuple):
    """A line to wrap: its text, its running column counts (one more than characters), the places no
    break may fall (between character i-1 and i), and its style runs: where each ends, and its style.
    Its characters' classes are looked up where a break is asked for, at a line's end."""

    text: str
    columns: list[int]
    glued: frozenset[int]
    ends: list[int]
    styles: list[str]

    def may_break(self, at: int) -> bool:
        """Whether a line may end before character *at* (0 < at < len(text))."""
        if at in self.glued:
            return False
        before, after = _CLASSES[self.text[at - 1]], _CLASSES[self.text[at]]
        return before not in "Oo" and after not in "Cc" and (before in _BREAK_BEFORE or after in _BREAK_AFTER)

    def next_break(self, at: int) -> int:
        """The first place after *at* where a line may end (the text's end at the latest)."""
        end = len(self.text)
        at += 1
        while at < end and not self.may_break(at):
            at += 1
        return at


def _line(pieces: list[Piece]) -> _Line:
    text = "".join(p.text for p in pieces)
    columns = _columns(text)  # first: every character of *text* is known after it
    glued: set[int] = set()
    ends: list[int] = []
    styles: list[str] = []
    start = 0
    for p in pieces:
        end = start + len(p.text)
        if p.glue_after:
            glued.update(range(start + 1, end + 1))
        if p.glue_before:
            glued.update(range(start, end))
        if p.text:
            ends.append(end)
            styles.append(p.style)
        start = end
    return _Line(text, columns, frozenset(glued), ends, styles)


def wrap(pieces: list[Piece], width: int, first: str, indent: str, color: bool) -> list[str]:
    """Greedy wrap of *pieces* into lines of at most *width* columns, the first after *first* (which
    may hold SGR codes), the others after *indent*; styles as SGR codes when *color*."""
    line = _line(pieces)
    spans = _spans(line, width, text_width(_strip_sgr(first)), len(indent))
    return [((first if n == 0 else indent) + _render(line, ranges, color)).rstrip() for n, ranges in enumerate(spans)]


def _spans(line: _Line, width: int, used: int, indent: int) -> list[list[tuple[int, int]]]:
    """The characters of each output line, as ranges: whole runs between breaks while they fit."""
    text, columns, end = line.text, line.columns, len(line.text)
    room = max(width - indent, 8)
    out: list[list[tuple[int, int]]] = [[]]
    at = 0
    while at < end:
        fits = bisect_right(columns, width - used + columns[at], at) - 1  # the farthest end that fits
        cut = fits
        while at < cut < end and not line.may_break(cut):
            cut -= 1
        if cut > at:
            out[-1].append((at, cut))
            used += columns[cut] - columns[at]
            at = cut
            if at == end:
                break
        stop = line.next_break(at)  # the run from *at* does not fit
        if out[-1]:
            while at < stop and text[at] == " ":  # a break replaces spaces
                at += 1
            if at == stop:
                continue
            out.append([])
            used = indent
        used = _place(out, columns, at, stop, used, width, room, indent)
        at = stop
    return out


def _place(
    out: list[list[tuple[int, int]]], columns: list[int], at: int, stop: int, used: int, width: int, room: int,
    indent: int,
) -> int:  # fmt: skip
    """Put the run *at*..*stop* at the start of the last line, cut anywhere when wider than a whole
    line; the columns used after it."""
    if columns[stop] - columns[at] <= room:
        out[-1].append((at, stop))
        return used + columns[stop] - columns[at]
    start = at
    for n in range(at, stop):
        step = columns[n + 1] - columns[n]
        if used + step > width and n > start:
            out[-1].append((start, n))
            out.append([])
            used, start = indent, n
        used += step
    out[-1].append((start, stop))
    return used


def _render(line: _Line, ranges: list[tuple[int, int]], color: bool) -> str:
    """The characters of *ranges* as text; with *color*, one SGR code per run of one style, trailing
    spaces left out."""
    text = "".join(line.text[a:b] for a, b in ranges)
    if not color:
        return text
    runs: list[tuple[str, str]] = []
    for a, b in ranges:
        k = bisect_right(line.ends, a)  # the style run *a* is in
        while a < b:
            stop = min(line.ends[k], b)
            runs.append((line.text[a:stop], line.styles[k]))
            a, k = stop, k + 1
    keep = len(text.rstrip())
    return "".join(_paint(chars, style) for chars, style in _merged(runs, keep))


def _merged(runs: list[tuple[str, str]], keep: int) -> list[tuple[str, str]]:
    """The first *keep* characters of *runs*, neighbouring runs of one style joined."""
    out: list[tuple[str, str]] = []
    for chars, style in runs:
        if keep <= 0:
            break
        chars, keep = chars[:keep], keep - len(chars)
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + chars, style)
        else:
            out.append((chars, style))
    return out


def _paint(text: str, sgr: str) -> str:
    return f"\x1b[{sgr}m{text}\x1b[0m" if sgr and text else text


def _strip_sgr(text: str) -> str:
    if "\x1b" not in text:
        return text
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


__all__ = ["Piece", "char_width", "text_width", "wrap"]
