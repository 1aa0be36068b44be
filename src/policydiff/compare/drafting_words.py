"""The words of one provision, as a notice quotes and edits them (see :mod:`policydiff.compare.draft`).

Appending (``末尾增加``), prefixing (``开始部分增加``) and phrase edits (``将“A”改为“B”``,
``删去“A”``, ``在“A”后增加“B”``), each quotation widened with context until it occurs once.
"""

from __future__ import annotations

import re

from policydiff.compare.textdiff import segments
from policydiff.model import Document, Provision
from policydiff.model.plaintext import provision_lines
from policydiff.notice import textops


def quote(lines: list[str]) -> str | None:
    """``“l1”“l2”``, or None when a line's quotation marks do not pair up (it could not be quoted)."""
    for line in lines:
        depth = 0
        for ch in line:
            depth += (ch == "“") - (ch == "”")
            if depth < 0:
                return None
        if depth or not line:
            return None
    return "".join(f"“{line}”" for line in lines)


def balanced(words: str) -> bool:
    return quote([words]) is not None


def lines_of(doc: Document, p: Provision) -> list[str] | None:
    """*p*'s text and every line below it, as a quotation gives them; None for a headed provision."""
    if p.heading is not None or p.text is None:
        return None
    return [p.text] + [line for child in p.children for line in provision_lines(doc, child)]


def tails(old: str, new: str) -> list[str]:
    """Quotations that ``末尾增加`` turns *old* into *new* with (the final mark left out if it may be)."""
    if not new.startswith(old) or new == old:
        return []
    added = new[len(old) :]
    found = [w for w in (added[:-1], added) if w and textops.append(old, w) == new and balanced(w)]
    return [f"“{w}”" for w in found[:1]]


def heads(old: str, new: str) -> list[str]:
    if not new.endswith(old) or new == old:
        return []
    added = new[: len(new) - len(old)]
    # Quoted with their final mark: without one, apply joins them by ；and says so.
    found = [w for w in (added, added[:-1]) if w and _prefixed(old, w) == new and balanced(w)]
    return [f"“{w}”" for w in found[:1]]


def _prefixed(text: str, words: str) -> str:
    return textops.prepend(text, words)[0]


_PUNCTUATION = re.compile(r"[\s，。；：、！？“”‘’（）《》,.;:!?()]")  # a quotation of these alone says too little
_WIDEST = 40  # the most context a phrase edit quotes; beyond it, the provision is replaced whole


def phrase_edits(old: str, new: str, others: list[str]) -> list[str] | None:
    """Clauses (after the first, which names the provision) that turn *old* into *new*, or None."""
    current = old
    out: list[str] = []
    while current != new and len(out) < 12:
        found = _one_edit(current, new, others)
        if found is None:
            return None
        out.append(found[0])
        current = found[1]
    return out if current == new else None


def _one_edit(current: str, new: str, others: list[str]) -> tuple[str, str] | None:
    """The shortest clause making the first difference of *current* from *new*, and the result."""
    a, b, words = _first_hunk(current, new)
    want = current[:a] + words + current[b:]
    for size in range(min(len(current), _WIDEST) + 1):
        done = []
        for k in range(size + 1):
            start, end = a - k, b + size - k
            if start < 0 or end > len(current) or start == end:
                continue
            for clause, result in _clauses(current, start, end, a, b, words, others):
                if result == want:
                    done.append((clause, result))
        if done:
            return min(done, key=lambda pair: len(pair[0]))
    return None


def _clauses(
    current: str, start: int, end: int, a: int, b: int, words: str, others: list[str]
) -> list[tuple[str, str]]:
    """The clauses that quote ``current[start:end]`` for the edit, each with the text it gives."""
    old = current[start:end]
    new = current[start:a] + words + current[b:end]
    form, hits = textops.locate(current, old)
    if len(hits) != 1 or not balanced(old) or not balanced(new) or not _PUNCTUATION.sub("", old):
        return []
    at, out = hits[0], []
    if a == b and words and balanced(words) and (end == b or start == a):
        after = end == b
        inserted = textops.insert_beside(current, at, at + len(form), textops.normalise_quotes(words), after)
        out.append((f"在“{old}”{'后' if after else '前'}增加“{words}”", inserted))
    if not any(old in other for other in others):
        edited = textops.replace_at(current, at, at + len(form), textops.normalise_quotes(new))
        out.append((f"将“{old}”改为“{new}”" if new else f"删去“{old}”", edited))
    return out


def _first_hunk(current: str, new: str) -> tuple[int, int, str]:
    """Where the first difference is in *current* (start, end) and the words that replace it."""
    at, start, gone, added = 0, None, "", ""
    for seg in segments(current, new):
        if seg.op == "equal":
            if start is not None:
                break
            at += len(seg.text)
            continue
        start = at if start is None else start
        if seg.op == "delete":
            gone += seg.text
        else:
            added += seg.text
    return at, at + len(gone), added


def first_clause(where: str, clause: str) -> str:
    """The first clause of an item names the provision: ``在第X条中，将…``, ``删去第X条中的…``."""
    if clause.startswith("删去"):
        return f"删去{where}中的{clause[2:]}"
    if clause.startswith("在"):
        return f"在{where}中{clause[1:]}"
    return f"在{where}中，{clause}"
