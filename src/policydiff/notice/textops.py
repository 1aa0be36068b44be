"""Editing the words of one provision: find, replace, insert, with the punctuation rules.

Two rules come from how real notices quote text (documented in docs/NOTICES.md):

- **Terminal punctuation.** Notices quote appended sentences and new items without
  their final mark (``增加“……管理”``; ``（七）选举国家监察委员会主任``). Text that is
  added without a final mark of its own (``。；！？``) takes the final mark of the
  text it joins: an appended sentence the mark that ended the provision, a new
  provision the mark of the provision whose place it takes.
- **Clause commas.** Words inserted before or after a phrase that borders a clause
  comma get a ``，`` on their other side, so ``在“自力更生，艰苦奋斗”前增写“贯彻新发展理念”``
  gives ``……，贯彻新发展理念，自力更生，艰苦奋斗……``.
"""

from __future__ import annotations

from policydiff.notice.quotes import normalise_inner

TERMINAL = "。；！？"
_CLAUSE_MARKS = "，"


def terminal_mark(text: str | None) -> str:
    """The final mark of *text* (``。`` when it has none or is empty)."""
    if text and text[-1] in TERMINAL:
        return text[-1]
    return "。"


def with_terminal(words: str, mark: str) -> str:
    """*words* ending in a terminal mark: their own, else *mark*."""
    if not words or words[-1] in TERMINAL or words.endswith(("，", "：")):
        return words
    return words + mark


def occurrences(text: str, words: str) -> list[int]:
    """Start offsets of every occurrence of *words* in *text* (overlaps included)."""
    found, start = [], text.find(words)
    while start >= 0:
        found.append(start)
        start = text.find(words, start + 1)
    return found


def locate(text: str, words: str) -> tuple[str, list[int]]:
    """Where *words* stand in *text*: tried as quoted, then with ‘’ read as “”.

    Returns the form that was found and its offsets (empty if neither is found).
    """
    for form in dict.fromkeys((words, normalise_inner(words))):
        hits = occurrences(text, form)
        if hits:
            return form, hits
    return words, []


def append(text: str, words: str) -> str:
    """*words* appended as the provision's last sentence."""
    return text + with_terminal(words, terminal_mark(text))


def insert_beside(text: str, at: int, anchor_end: int, words: str, after: bool) -> str:
    """*words* inserted after (or before) the anchor ``text[at:anchor_end]``."""
    if after:
        nxt = text[anchor_end : anchor_end + 1]
        glue = "，" if nxt in _CLAUSE_MARKS and not words.endswith("，") else ""
        return text[:anchor_end] + (glue + words if glue else words) + text[anchor_end:]
    prev = text[at - 1 : at] if at else ""
    glue = "，" if prev in _CLAUSE_MARKS and not words.endswith("，") else ""
    return text[:at] + words + glue + text[at:]


def replace_at(text: str, start: int, end: int, new: str) -> str:
    """*text* with ``text[start:end]`` replaced by *new*.

    A deletion (*new* empty) leaves no stray clause mark: words deleted at the start
    take the ``，``/``；`` after them, and words deleted between a clause mark and the
    end of a sentence take the mark before them (``……责任，但……百分之五十。`` less
    ``但……百分之五十`` is ``……责任。``).
    """
    if not new:
        after, before = text[end : end + 1], text[start - 1 : start] if start else ""
        if start == 0 and after and after in _DANGLING:
            end += 1
        elif before and before in _DANGLING and (end == len(text) or after in TERMINAL):
            start -= 1
    return text[:start] + new + text[end:]


_DANGLING = "，；、"


def normalise_quotes(text: str) -> str:
    """Quoted words as the amended text writes them (inner ‘…’ become “…”)."""
    return normalise_inner(text)


def first_difference(actual: str, quoted: str) -> str:
    """Where *quoted* first differs from *actual*, as a short phrase for an error message."""
    at = next(
        (i for i, (x, y) in enumerate(zip(actual, quoted, strict=False)) if x != y), min(len(actual), len(quoted))
    )
    return f"at character {at + 1} the text reads “{_excerpt(actual, at)}”, the notice quotes “{_excerpt(quoted, at)}”"


def _excerpt(text: str, at: int) -> str:
    piece = text[max(0, at - 4) : at + 8]
    return ("…" if at > 4 else "") + piece + ("…" if at + 8 < len(text) else "")
