"""Finding cross-references in a provision's text (:mod:`policydiff.crossref` checks and renumbers them).

A reference is a chain of steps (``第十条第二款第（一）项``), optionally after a scope
(``本办法``, ``本条``, ``本款``) or a relative word (``前款``, ``前两款``, ``前条``, ``前项``);
chains joined by ``、 和 或者 及 至`` form one expression and inherit its scope and their
higher steps (``第二十条第一款、第二款`` is 第二十条第二款 too). A chain right after the
name of another instrument (``刑法第十条``, ``《……》第十条``, ``该法第三条``) is external
and not checked. Bare chains (``依照第十条规定``) are this document's.

:class:`Step` and :class:`Reference` are named tuples rather than frozen dataclasses: immutable and
compared by value all the same, and their classes are made at every start of a command that applies
a notice or checks references, a dataclass's for some 0.5 ms more each (issue 19).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from policydiff.errors import NumberingError
from policydiff.model import Document
from policydiff.zh import lexicon
from policydiff.zh.lazyre import lazy
from policydiff.zh.numbering import Num, zh_to_int

_ZH = lexicon.ZH_NUMERAL
_DIGITS = r"[0-9０-９]+"  # article numbers are written in Chinese; points (第1点) may be in digits
STEP = lazy(
    rf"第(?P<open>[（(])?(?:(?P<num>{_ZH})(?(open)[）)])(?P<unit>{lexicon.STRUCTURE_UNIT})"
    rf"|(?P<digits>{_DIGITS})(?(open)[）)])(?P<small>目|点))(?:之(?P<sub>{lexicon.SUB_NUMERAL}))?"
)
_RANK = lexicon.UNIT_RANK
# What may stand between two chains of one expression: joining words, and list remnants such as
# 第（二）、（三）、（四）项 or 十八条 (a 第 left out) that are no chain of their own.
_GLUE = lazy(rf"[、和或者及以至到的第（）(){lexicon.NUMERAL_CHARS}项款条目之]+")
_SCOPE = lazy(rf"(?P<scope>{lexicon.SELF_REFERENCE}|本(?:条|款|项|章|节|编)|前(?P<n>[两二三四五]?)(?P<unit>款|条|项))$")
# Before a bare chain: another instrument's name, a quotation just closed, or a chain broken
# by a missing 第 (六十条第四款): not this document's, or not checkable.
_EXTERNAL = lazy(rf"(?:[》”][、，]?|[法例定则释约程要见知范典{lexicon.NUMERAL_CHARS}条款项]|其|上述)$")
RELATIVE = lazy(r"前(?P<n>[两二三四五]?)(?P<unit>款|条|项)(?![件目项款例文约式额第])")
_NOT_AFTER_RELATIVE = "目提事之以当眼空生先此日年向面"


class Step(NamedTuple):
    """One numbered step: unit and number; as written, where it and its numeral are (None if inherited)."""

    unit: str
    num: Num
    extent: tuple[int, int] = (-1, -1)
    span: tuple[int, int] | None = None
    arabic: bool = False
    written: str = ""


class Reference(NamedTuple):
    """A reference in provision *source*'s text: its words, scope and steps, outermost first."""

    source: str
    start: int
    end: int
    words: str
    scope: str | None
    steps: tuple[Step, ...]


def references(doc: Document) -> Iterator[Reference]:
    """Every reference to this document found in the texts of *doc*'s provisions."""
    for p in doc.walk():
        if p.text:
            yield from find(p.id, p.text)


def find(source: str, text: str) -> list[Reference]:
    """The references in *text* (the text of provision *source*), in order; quoted words (“…”) are not searched."""
    quoted = _quoted(text)
    chains = [c for c in _chains(text) if c[0].extent[0] not in quoted]
    found: list[Reference] = []
    for first, last in _expressions(text, chains):
        found.extend(_expression(source, text, chains[first : last + 1]))
    covered = quoted | {i for ref in found for i in range(ref.start, ref.end)}
    for m in RELATIVE.finditer(text):
        if m.start() in covered or (m.start() and text[m.start() - 1] in _NOT_AFTER_RELATIVE):
            continue
        found.append(Reference(source, m.start(), m.end(), m.group(), m.group(), ()))
    return sorted(found, key=lambda r: r.start)


#: References already found, by the provision's id and its text: :func:`policydiff.crossref.rewrites`
#: fills it and :func:`~policydiff.crossref.refnotes.changed_meaning` reads it, and a replay keeps
#: one across its notices (each looks again in every provision it left alone: the same texts).
Found = dict[tuple[str, str], list[Reference]]


def find_kept(found: Found | None, source: str, text: str) -> list[Reference]:
    """:func:`find`, taken from *found* when it has them, else put there (when it is given)."""
    if found is None:
        return find(source, text)
    refs = found.get((source, text))
    if refs is None:
        refs = found[source, text] = find(source, text)
    return refs


def _quoted(text: str) -> set[int]:
    """Offsets inside “…” (nested quotes included): words quoted from elsewhere."""
    inside: set[int] = set()
    if "“" not in text:  # most provisions quote nothing: skip the walk, a character at a time
        return inside
    depth = 0
    for i, ch in enumerate(text):
        if ch == "“":
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
        elif depth:
            inside.add(i)
    return inside


def _expression(source: str, text: str, chains: list[tuple[Step, ...]]) -> Iterator[Reference]:
    scope, start = _scope_before(text, chains[0][0].extent[0])
    if scope is None and _EXTERNAL.search(text[max(0, start - 4) : start]):
        return
    inherited: tuple[Step, ...] = ()
    for n, steps in enumerate(chains):
        higher = tuple(Step(s.unit, s.num) for s in inherited if _RANK[s.unit] < _RANK[steps[0].unit])
        begin = start if n == 0 else steps[0].extent[0]
        end = steps[-1].extent[1]
        yield Reference(source, begin, end, text[begin:end], scope, (*higher, *steps))
        inherited = (*higher, *steps)


def _chains(text: str) -> Iterator[tuple[Step, ...]]:
    steps: list[Step] = []
    for m in STEP.finditer(text):
        try:
            step = _step(m)
        except NumberingError:
            continue  # not a numeral after all (第十十条): not a reference
        if steps and (m.start() != steps[-1].extent[1] or _RANK[step.unit] <= _RANK[steps[-1].unit]):
            yield tuple(steps)
            steps = []
        steps.append(step)
    if steps:
        yield tuple(steps)


def _step(m: re.Match[str]) -> Step:
    sub = zh_to_int(m.group("sub")) if m.group("sub") else 0
    arabic = m.group("digits") is not None
    group = "digits" if arabic else "num"
    end = m.end("sub") if m.group("sub") else m.end(group)
    num = Num(max(zh_to_int(m.group(group)), 1), sub)
    unit = m.group("small") if arabic else m.group("unit")
    return Step(unit, num, (m.start(), m.end()), (m.start(group), end), arabic, m.group())


def _expressions(text: str, chains: list[tuple[Step, ...]]) -> Iterator[tuple[int, int]]:
    first = 0
    for i in range(1, len(chains) + 1):
        if i < len(chains) and _GLUE.fullmatch(text[chains[i - 1][-1].extent[1] : chains[i][0].extent[0]]):
            continue
        yield first, i - 1
        first = i


def _scope_before(text: str, at: int) -> tuple[str | None, int]:
    m = _SCOPE.search(text[max(0, at - 6) : at])
    if m is None:
        return None, at
    return m.group("scope"), at - len(m.group("scope"))
