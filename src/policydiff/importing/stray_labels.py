"""Stray number labels: a cross-reference that a line break pushed to the start of a line.

A PDF or a web page may break ``……违反本规定第十二条、`` / ``第五十二条 以及本规定第十四条之规定的，``
so that the second line starts with what reads like the label of article 52. The tree builder
would then open a provision that does not exist. :func:`join_stray_labels` joins such a line to
the line before it, in the body of a text (one paragraph per line), when all of these hold:

- the line starts with a label (第X条, 一、, （一）, 1., （1）, and the chapter-like ones) that
  the builder would number, and its number is not the next of its kind there (the first of
  a kind under its parent is expected to be number one);
- the line before does not end a sentence (:func:`~.unwrap.ends_sentence`: 。；：！？ and
  closing quotes or brackets after them), and no blank line stands between the two;
- the line before is no heading (``第一章 总则``, ``（一）领导机构``) and does not read like one
  (``附则``: short, no sentence marks), since a heading is followed by a new provision, even
  one numbered wrongly; that is for the numbering checks to report.

Each join is reported as a warning that names the line and why.
"""

from __future__ import annotations

from collections.abc import Sequence

from policydiff.importing.structure import Follower
from policydiff.importing.structure_rules import SequenceBreak
from policydiff.importing.unwrap import Line, ends_sentence

__all__ = ["join_stray_labels", "joined_warning"]

#: How much of a joined line its warning quotes.
_QUOTED = 15


def join_stray_labels(lines: Sequence[Line]) -> tuple[list[Line], list[str]]:
    """The body *lines* with stray labels joined to the line before them, and a warning for each join."""
    follower = Follower([line.text for line in lines])
    out: list[Line] = []
    warnings: list[str] = []
    for line in lines:
        found = follower.breaks(line.text) if out and not line.gap_before else None
        if found is not None and not ends_sentence(out[-1].text) and not follower.after_heading():
            out[-1] = Line(out[-1].no, out[-1].text + line.text, out[-1].gap_before)
            warnings.append(joined_warning(line, found))
            continue
        follower.add(line.text)
        out.append(line)
    return out, warnings


def joined_warning(line: Line, found: SequenceBreak) -> str:
    """The warning for *line* joined to the line before it because of *found*."""
    text = line.text if len(line.text) <= _QUOTED else line.text[:_QUOTED] + "…"
    return (
        f"line {line.no} joined to the line before it: “{text}” starts with {found.label}, which breaks the "
        f"{found.kind.value} sequence (expected {found.expected}), and the line before does not end a sentence"
    )
