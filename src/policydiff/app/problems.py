"""What ``policydiff check`` reports: a :class:`Problem`, with its place and stable code.

Kept apart from the checks so that listing, rendering and summarising problems (and checking
a repository with nothing to check) loads none of the checks' machinery.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem found by ``policydiff check``: where it is, its stable code, and what is wrong."""

    file: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.code} {self.message}"
