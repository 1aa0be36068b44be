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

Two more make a joint the notice does not quote, and say so (:func:`prepend`, :func:`delete_at`
return what they did, for the note ``apply`` prints):

- **Prefix joint.** Words added at the start (开始部分增加) that end in no mark of their own are
  a clause quoted without its mark; ``；`` joins them to the sentence after them, as in the text
  the 2020 铁路运输 decision re-issued (``……不适用本解释；与铁路运输企业……``).
- **No dangling mark.** A deletion never leaves ``，。``, ``、。``, ``，，`` or a mark at the
  start of a clause: the mark left without words on one side goes with the words.
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


JOINT = "；"


def prepend(text: str, words: str) -> tuple[str, str | None]:
    """*words* put before *text* (开始部分增加), and the joint added, if one was (see the module docstring).

    Words ending in a mark of their own (``。；！？，：、``) join as quoted.
    """
    if not words or not text or words[-1] in TERMINAL + "，：、":
        return words + text, None
    return words + JOINT + text, JOINT


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
    """*text* with ``text[start:end]`` replaced by *new*; a deletion as :func:`delete_at` makes it."""
    if not new:
        return delete_at(text, start, end)[0]
    return text[:start] + new + text[end:]


_DANGLING = "，；、"
_OPENS = "。；！？：“"  # marks after which a clause starts
_STRENGTH = {"、": 0, "，": 1, "；": 2}


def delete_at(text: str, start: int, end: int) -> tuple[str, str | None]:
    """*text* less ``text[start:end]``, leaving no mark without words on one side.

    Words deleted at the start of a clause take the ``，；、`` (or the ``。``) after them; words
    deleted before the end of a sentence take the clause mark before them (``……责任，但……百分之五十。``
    less ``但……百分之五十`` is ``……责任。``); between two clause marks the weaker goes
    (``甲，乙，丙`` less ``乙`` is ``甲，丙``). The second value says what was tidied, for a note:
    ``“、。”: the “、” is deleted with it`` (None when nothing was).
    """
    before, after = text[start - 1 : start] if start else "", text[end : end + 1]
    side = _dangling_side(before, after)
    if side > 0 and not before and end + 1 >= len(text):  # the whole text: nothing is left to tidy
        side = 0
    if side == 0:
        return text[:start] + text[end:], None
    mark = after if side > 0 else before
    left = f"“{after}” at the start" if not before else f"“{before}” at the end" if not after else f"“{before}{after}”"
    start, end = (start, end + 1) if side > 0 else (start - 1, end)
    return text[:start] + text[end:], f"{left}: the “{mark}” is deleted with it"


def _dangling_side(before: str, after: str) -> int:
    """Which mark a deletion between *before* and *after* leaves dangling: -1 the one before, 1 after, 0 none."""
    if after and after in _DANGLING + TERMINAL and (not before or before in _OPENS):
        return 1
    if before and before in _DANGLING and (not after or after in TERMINAL):
        return -1
    if before and after and before in _DANGLING and after in _DANGLING:
        return -1 if _STRENGTH[before] <= _STRENGTH[after] else 1
    return 0


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
