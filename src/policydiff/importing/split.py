"""Splitting a web compilation that holds several documents into one text each.

Pages that collect several regulations (seeds 003 and 004) run them together. A new
document starts:

- at a **title line**: short, with no sentence punctuation and no label, naming a
  kind of document (办法, 细则, 方案, 制度, 总结, …); or
- where the **top-level numbering starts again** (``一、`` after ``二、`` or later,
  ``第一条`` after ``第二条`` or later, ``第一章`` after ``第二章``). The new document
  then also takes the introductory paragraphs just before the restart, back to the
  nearest blank line.

Splitting is on line boundaries only, so the parts joined give back the input
exactly; the caller can check that nothing was lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from policydiff.zh.numbering import LabelStyle, parse_label

_TITLE_WORDS = re.compile(
    r"(办法|细则|方案|制度|规定|意见|总结|通知|条例|规则|决定|责任制|计划|要点|规划|守则|章程|措施|清单)[一二三四五六七八九十]*$"
)
_PUNCTUATION = re.compile(r"[。；;：:！？!?，,、]")
_TOP_STYLES = (LabelStyle.ZH_COMMA, LabelStyle.ARTICLE, LabelStyle.CHAPTER)


@dataclass(frozen=True, slots=True)
class Part:
    """One document of a compilation: lines ``start``..``end`` (0-based, end exclusive)."""

    start: int
    end: int
    title: str | None
    reason: str
    text: str


def is_title(line: str) -> bool:
    """Whether *line* looks like the title of a document."""
    words = line.strip()
    if not 4 <= len(words) <= 50 or _PUNCTUATION.search(words) or parse_label(words):
        return False
    return bool(_TITLE_WORDS.search(words))


def split_text(text: str) -> list[Part]:
    """The documents of compilation *text*, in order; their texts joined equal *text*."""
    lines = text.splitlines(keepends=True)
    starts = _boundaries([line.rstrip("\n") for line in lines])
    if len(starts) > 1 and sum(1 for line in lines[: starts[1][0]] if line.strip()) < 2:
        # A lone line before the first title is a web page's teaser of it, not a document.
        starts = [(0, starts[1][1]), *starts[2:]]
    parts = []
    for n, (start, reason) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        titles = [line.strip() for line in lines[start : min(end, start + 3)] if is_title(line)]
        parts.append(Part(start, end, titles[0] if titles else None, reason, "".join(lines[start:end])))
    return parts


def _boundaries(lines: Sequence[str]) -> list[tuple[int, str]]:
    starts: list[tuple[int, str]] = [(0, "start of file")]
    top: dict[LabelStyle, int] = {}
    for i, line in enumerate(lines):
        label = parse_label(line.strip())
        if i > starts[-1][0] and is_title(line) and _has_body_since(lines, starts[-1][0], i):
            starts.append((i, "title"))
            top.clear()
        elif label is not None and label.style in _TOP_STYLES and label.num.key == (1, 0):
            if top.get(label.style, 0) >= 2:
                begin = max(_intro_start(lines, i), starts[-1][0] + 1)
                starts.append((begin, f"numbering starts again at {line.strip()[: label.end]}"))
                top.clear()
            top[label.style] = 1
        elif label is not None and label.style in _TOP_STYLES:
            top[label.style] = max(top.get(label.style, 0), label.num.value)
    return starts


def _has_body_since(lines: Sequence[str], start: int, i: int) -> bool:
    return any(line.strip() and not is_title(line) for line in lines[start:i])


def _intro_start(lines: Sequence[str], i: int) -> int:
    # The paragraphs introducing a document sit between the blank line and its 一、.
    j = i
    while j > 0 and lines[j - 1].strip() and parse_label(lines[j - 1].strip()) is None:
        j -= 1
    return j if j > 0 and not lines[j - 1].strip() else i
