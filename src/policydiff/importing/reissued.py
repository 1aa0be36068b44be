"""A file that holds an amendment notice followed by the full text it re-issues.

Institutions often publish ``关于修订印发《X》的通知``: the notice (its numbered items) and,
after it, the text of X as amended (``附件`` then X's title, then its articles). Such a file is
recognised by two rules, both on the paragraphs the importer reads (:func:`.text.split_parts`):

1. the covering notice's title is ``关于…修订/修改/修正…《X》…的通知/决定``;
2. the title that follows the cover material is X (a revision mark such as ``（修订）`` dropped).

The notice's wording is then the source lines before the re-issued title (a lone ``附件`` line
just before it left out), and the re-issued text the lines from the title on. Whether the
notice's items parse as amendments is for the caller (:mod:`policydiff.app.reissued`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policydiff.errors import SourceError
from policydiff.importing.text import Role, split_parts, title_of, unwrapped
from policydiff.zh.lexicon import same_title

_AMENDING = re.compile(r"关于[^《》]*(?:修订|修改|修正)[^《》]*《(?P<target>[^《》]+)》[^《》]*的(?:通知|决定)")
_LOOKS_AMENDING = re.compile(r"关于[^。《》]{0,40}(?:修订|修改|修正)[^。]{0,80}《")
#: How far into the file the covering notice's title is looked for.
_HEAD = 3000
_ATTACHED = re.compile(r"附\s*件\s*\d*\s*[：:]?")


@dataclass(frozen=True, slots=True)
class Reissued:
    """A file split into the notice's wording and the re-issued text (both as in the source,
    line breaks and page numbers kept), the document the notice amends, and the source line
    where the re-issued text starts (1-based)."""

    notice: str
    text: str
    target: str
    line: int


def split_reissued(text: str, name: str) -> Reissued | None:
    """The notice and re-issued text in *text* (named *name*), or None when it is not such a file."""
    if not _LOOKS_AMENDING.search(re.sub(r"\s+", "", text[:_HEAD])):
        return None  # the cheap test first: most files are not notices, and reading them twice costs
    try:
        _, _, paragraphs, _ = unwrapped(text)
        parts = split_parts(paragraphs, name)
    except SourceError:
        return None
    notice_title = re.sub(r"\s+", "", "".join(line.text for role, line in parts.front if role is Role.NOTICE))
    match = _AMENDING.fullmatch(notice_title)
    if match is None or not any(role is Role.LETTER for role, _ in parts.front) or not parts.title:
        return None
    if not same_title(title_of(parts.title), match["target"]):
        return None
    source = text.split("\n")
    start = parts.title[0].no - 1
    end = start
    while end > 0 and (not source[end - 1].strip() or _ATTACHED.fullmatch(source[end - 1].strip())):
        end -= 1  # the lone 附件 above the title heads the attachment, not the notice
    notice = "\n".join(source[:end]).rstrip() + "\n"
    return Reissued(notice, "\n".join(source[start:]), match["target"], start + 1)


__all__ = ["Reissued", "split_reissued"]
