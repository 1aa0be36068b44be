"""What an office file reads as: its text, and the title when the file marks one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OfficeText:
    """A .docx or PDF read as text, one paragraph per line.

    ``title`` is the first paragraph when the file marks it as the title (Word's
    ``Title`` style; type larger than the body's in a PDF), else None; ``rest``
    is the text after it (the whole text when there is no title).
    """

    text: str
    title: str | None = None
    rest: str = ""

    @classmethod
    def from_lines(cls, lines: Sequence[str], title_at: int | None) -> OfficeText:
        """The text of *lines*, the line at *title_at* (if any) being the title."""
        text = "".join(line + "\n" for line in lines)
        if title_at is None:
            return cls(text, None, text)
        rest = "".join(line + "\n" for line in lines[title_at + 1 :])
        return cls(text, lines[title_at].strip(), rest)
