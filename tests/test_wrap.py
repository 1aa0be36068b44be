"""The terminal view's wrapping (compare/wrap.py) against its definition: a wrap character by character.

The reference below is the wrapper as it was before issue 19 made it work a line at a time
(one cell per character, a break rule asked between every two); the fast one must give the same
lines, byte for byte, for any text, styles, glue, width, first-line prefix and indent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import dropwhile, groupby

from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.compare.wrap import Piece, char_width, text_width, wrap

_CLOSING = set("，。；：！？、）》」』】〕〉”’),.;:!?]}%")
_OPENING = set("（《「『【〔〈“‘([{")


@dataclass(frozen=True, slots=True)
class _Cell:
    char: str
    style: str
    glue_before: bool = False
    glue_after: bool = False


def reference_char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Cc", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def reference_wrap(cells: list[_Cell], width: int, first: str, indent: str, color: bool) -> list[str]:
    room = max(width - len(indent), 8)
    lines: list[list[_Cell]] = [[]]
    used = sum(reference_char_width(c) for c in re.sub(r"\x1b\[[0-9;]*m", "", first))
    for token in _tokens(cells):
        size = sum(reference_char_width(c.char) for c in token)
        if used + size > width and lines[-1]:
            token = list(dropwhile(lambda cell: cell.char == " ", token))
            if not token:
                continue
            size = sum(reference_char_width(c.char) for c in token)
            lines.append([])
            used = len(indent)
        for cell in token:
            if used + reference_char_width(cell.char) > width and lines[-1] and size > room:
                lines.append([])
                used = len(indent)
            lines[-1].append(cell)
            used += reference_char_width(cell.char)
    return [((first if n == 0 else indent) + _render_cells(line, color)).rstrip() for n, line in enumerate(lines)]


def _tokens(cells: list[_Cell]) -> list[list[_Cell]]:
    out: list[list[_Cell]] = []
    for n, cell in enumerate(cells):
        if out and not _may_break(cells[n - 1], cell):
            out[-1].append(cell)
        else:
            out.append([cell])
    return out


def _may_break(before: _Cell, after: _Cell) -> bool:
    if after.glue_before or before.glue_after or after.char in _CLOSING or before.char in _OPENING:
        return False
    if before.char == " " or after.char == " ":
        return True
    return reference_char_width(before.char) == 2 or reference_char_width(after.char) == 2


def _render_cells(cells: list[_Cell], color: bool) -> str:
    while cells and cells[-1].char.isspace():
        cells = cells[:-1]
    runs = groupby(cells, key=lambda cell: cell.style)
    out = []
    for style, run in runs:
        text = "".join(c.char for c in run)
        out.append(f"\x1b[{style}m{text}\x1b[0m" if color and style and text else text)
    return "".join(out)


def cells_of(pieces: list[Piece]) -> list[_Cell]:
    return [_Cell(c, p.style, p.glue_before, p.glue_after) for p in pieces for c in p.text]


# Characters that exercise every rule: wide, narrow, spaces, closing and opening marks of both
# widths, an ambiguous quote, a full-width space, a combining mark, a zero-width space, a control.
ALPHABET = "中国人民法第条款aZ09 ，。、；）》”’),.;]%（《“‘([{　\u0301\u200b\x07-+"
pieces = st.lists(
    st.builds(
        Piece,
        st.text(ALPHABET, max_size=30),
        st.sampled_from(["", "1", "32", "31;9"]),
        st.booleans(),
        st.booleans(),
    ),
    max_size=8,
)
firsts = st.sampled_from(["", "  ", "+ ", "\x1b[32m+ \x1b[0m", "修改  ", "一二三四五六七八九十"])


@settings(max_examples=600, deadline=None)
@given(pieces, st.integers(min_value=1, max_value=40), firsts, st.sampled_from(["", "  ", " " * 14]), st.booleans())
def test_wrap_is_the_character_by_character_wrap(
    parts: list[Piece], width: int, first: str, indent: str, color: bool
) -> None:
    assert wrap(parts, width, first, indent, color) == reference_wrap(cells_of(parts), width, first, indent, color)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_widths_are_the_unicodedata_definition(text: str) -> None:
    assert [char_width(c) for c in text] == [reference_char_width(c) for c in text]
    assert text_width(text) == sum(reference_char_width(c) for c in text)


def test_the_unified_ideographs_are_the_unicodedata_definition() -> None:
    """char_width answers for them without asking unicodedata: every one is wide there too."""
    ideographs = [chr(c) for c in range(0x4E00, 0xA000)]
    assert [char_width(c) for c in ideographs] == [reference_char_width(c) for c in ideographs]


def test_a_long_run_without_breaks_is_cut_anywhere() -> None:
    assert wrap([Piece("x" * 25, "")], 10, "", "  ", False) == ["xxxxxxxxxx", "  xxxxxxxx", "  xxxxxxx"]


def test_a_break_replaces_spaces_and_keeps_marks_glued() -> None:
    parts = [
        Piece("甲乙丙 ", ""),
        Piece("[-", "", glue_after=True),
        Piece("丁戊", "31;9"),
        Piece("-]", "", glue_before=True),
    ]
    assert wrap(parts, 9, "", "", False) == ["甲乙丙", "[-丁戊-]"]
