"""The words a regular expression's every match must contain: a screen run before compiling it.

Compiling the notice parser's wording table costs more than reading a notice: its patterns are
long, and every class of Chinese characters (``[一二三…]``) makes :mod:`re` build a map of the
whole Basic Multilingual Plane. A clause is tried against the rules in order, so each clause
compiled every rule before the one that reads it. :func:`required` says, of a pattern, groups of
words at least one of which any match must contain (``修改为`` or ``改为`` …); a clause holding
no word of some group cannot match, so the rule is passed over without compiling it, and the
result is the same.

The analysis is conservative: it collects only literal runs that every match must go through
(the sequence at top level, groups, repeats of at least one, lookaheads, a class of listed
characters, and one run from each branch of an alternation) and gives up (no group) on
anything else, and on a case-insensitive pattern. It reads the pattern with :mod:`re`'s own
parser, as costly as half a compile: it is meant to be run ahead of time
(:mod:`policydiff.notice.prefilter`).

>>> required(r"^将(?:第(?P<n>\\d+)条)?中的“(?P<a>.+)”(?:修改为|改成)“(?P<b>.+)”$")
(('将',), ('中的“',), ('”',), ('修改为', '改成'), ('“',))
>>> may_match((("修改为", "改成"),), "将“甲”改成“乙”"), may_match((("删去",),), "将“甲”改成“乙”")
(True, False)
>>> required("(?i)abc")
()
"""

from __future__ import annotations

import re
from typing import Any

#: Groups of words: a string a pattern matches holds at least one word of every group.
Needs = tuple[tuple[str, ...], ...]


def required(pattern: str, flags: int = 0) -> Needs:
    """The groups of words every match of *pattern* contains (none known: ``()``)."""
    from re import _constants, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    if parsed.state.flags & re.IGNORECASE:
        return ()
    return tuple(dict.fromkeys(_sequence(parsed, _constants)))


def may_match(needs: Needs, text: str) -> bool:
    """Whether *text* holds a word of every group of *needs* (if not, no match is possible)."""
    return all(any(word in text for word in group) for group in needs)


def _sequence(items: Any, c: Any) -> list[tuple[str, ...]]:
    """The groups an item sequence of a parsed pattern requires, in order."""
    groups: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            groups.append(("".join(run),))
            run = []
        groups += _item(op, av, c)
    if run:
        groups.append(("".join(run),))
    return groups


def _item(op: Any, av: Any, c: Any) -> list[tuple[str, ...]]:
    """The groups one non-literal item requires: nothing unless every match must pass through it."""
    if op is c.SUBPATTERN:
        _, add_flags, _, sub = av
        return [] if add_flags & re.IGNORECASE else _sequence(sub, c)
    if op is c.ATOMIC_GROUP:
        return _sequence(av, c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return _sequence(av[2], c) if av[0] >= 1 else []
    if op is c.ASSERT:  # a lookaround's words are in the string too
        return _sequence(av[1], c)
    if op is c.IN and all(kind is c.LITERAL for kind, _ in av):  # 至|到 is parsed as the class [至到]
        return [tuple(chr(code) for _, code in av)]
    if op is c.BRANCH:
        # Each branch must contain a word of one of its groups: take one group from each.
        picks = [_strongest(_sequence(branch, c)) for branch in av[1]]
        if any(pick is None for pick in picks):
            return []
        return [tuple(dict.fromkeys(word for pick in picks if pick for word in pick))]
    return []


def _strongest(groups: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The group that screens best: the fewest words, then the longest shortest word."""
    if not groups:
        return None
    return min(groups, key=lambda g: (len(g), -min(len(w) for w in g)))


__all__ = ["Needs", "may_match", "required"]
