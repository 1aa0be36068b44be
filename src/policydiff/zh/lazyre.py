"""Regular expressions compiled on first use.

The wording table of the notice parser and the readers around it build long patterns out of
the lexicon's words; compiling them all when their module is imported cost ``apply`` 70 ms
before it read a notice, and every command importing the notice engine paid it. A
:class:`LazyPattern` holds its source and compiles it the first time a method is called, once
per process (``re`` caches only the last 512 patterns, and a race merely compiles twice).

>>> CLAUSE = lazy(r"第(?P<n>[一二三四五六七八九十]+)条")
>>> CLAUSE.pattern
'第(?P<n>[一二三四五六七八九十]+)条'
>>> CLAUSE.is_compiled()
False
>>> CLAUSE.match("第十条").group("n"), CLAUSE.is_compiled()
('十', True)
>>> CLAUSE.sub("条", "第一条和第二条")
'条和条'
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any


class LazyPattern:
    """A :class:`re.Pattern` of ``str`` that compiles *pattern* with *flags* when first used.

    It offers the methods policydiff calls on patterns; :attr:`compiled` is the pattern itself
    for anything else.
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"

    def is_compiled(self) -> bool:
        """Whether the pattern has been compiled yet (for tests of what a command compiles)."""
        return self._compiled is not None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """:meth:`re.Pattern.match`."""
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """:meth:`re.Pattern.fullmatch`."""
        return self.compiled.fullmatch(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """:meth:`re.Pattern.search`."""
        return self.compiled.search(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """:meth:`re.Pattern.finditer`."""
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        """:meth:`re.Pattern.findall`."""
        return self.compiled.findall(string, pos, endpos)

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        """:meth:`re.Pattern.split`."""
        return self.compiled.split(string, maxsplit)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        """:meth:`re.Pattern.sub`."""
        return self.compiled.sub(repl, string, count)

    def subn(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> tuple[str, int]:
        """:meth:`re.Pattern.subn`."""
        return self.compiled.subn(repl, string, count)


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """*pattern* as a :class:`LazyPattern`: where a module would call :func:`re.compile` at import."""
    return LazyPattern(pattern, flags)


__all__ = ["LazyPattern", "lazy"]
