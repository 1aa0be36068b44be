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

import importlib
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
        """The compiled pattern (compiled now if it was not yet, from its kept program if it has one)."""
        if self._compiled is None:
            self._compiled = _compile(self.pattern, self.flags) if _KEPT.on else re.compile(self.pattern, self.flags)
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


# --- kept programs ------------------------------------------------------------------------------
#
# Compiling is most of what a short notice costs to read: ``re`` parses each pattern and builds its
# program (a list of codes) in Python, some 20 ms in ``apply`` (issue 19). A caller may keep the
# programs between processes (policydiff.history.programs keeps them in the cache folder, for one
# Python version and ``_sre.MAGIC``): :func:`use_programs` hands them in, and each lazy pattern is then
# made from its program by ``_sre.compile``, as ``re.compile`` ends, without parsing; one without a
# program is compiled by ``re.compile`` and its program, rebuilt with ``re``'s own parser and code
# generator, is kept (:func:`new_programs`) only if ``_sre.compile`` makes of it a pattern equal to
# ``re.compile``'s (equal patterns have the same source, flags and code). ``_sre`` checks a program
# before it runs one; a program it refuses is dropped and the pattern compiled.

#: A compiled program, the arguments ``re._compiler.compile`` hands ``_sre.compile`` after the pattern.
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


class _Kept:
    """The programs in use (one store per process), and the ones compiled since they were handed in."""

    __slots__ = ("new", "on", "programs")

    def __init__(self) -> None:
        self.on = False
        self.programs: dict[tuple[str, int], Program] = {}
        self.new: dict[tuple[str, int], Program] = {}


_KEPT = _Kept()


def use_programs(programs: dict[tuple[str, int], Program]) -> None:
    """Make lazy patterns from *programs* (by pattern and flags) from now on, and keep the programs
    of those compiled without one (:func:`new_programs`)."""
    _KEPT.programs.update(programs)
    _KEPT.on = True


def new_programs() -> dict[tuple[str, int], Program]:
    """The programs compiled since :func:`use_programs` (and not yet taken): taking them empties it."""
    new, _KEPT.new = _KEPT.new, {}
    return new


def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    sre = importlib.import_module("_sre")
    key = (pattern, int(flags))  # a plain int, not re.RegexFlag: the key is marshalled
    program = _KEPT.programs.get(key)
    if program is not None:
        try:
            made: re.Pattern[str] = sre.compile(pattern, *program)
            return made
        except (RuntimeError, TypeError, ValueError, OverflowError):  # refused: compiled again below
            del _KEPT.programs[key]
    compiled = re.compile(pattern, flags)
    program = _program(pattern, flags)
    if program is not None and sre.compile(pattern, *program) == compiled:
        _KEPT.programs[key] = _KEPT.new[key] = program
    return compiled


def _program(pattern: str, flags: int) -> Program | None:
    """What ``re._compiler.compile`` hands ``_sre.compile`` for *pattern* (plain ints, for ``marshal``)."""
    try:
        parser, compiler = importlib.import_module("re._parser"), importlib.import_module("re._compiler")
        parsed = parser.parse(pattern, flags)
        code = [int(c) for c in compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
    except (ImportError, AttributeError, TypeError):  # another Python's re: no program is kept
        return None
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """*pattern* as a :class:`LazyPattern`: where a module would call :func:`re.compile` at import."""
    return LazyPattern(pattern, flags)


__all__ = ["LazyPattern", "Program", "lazy", "new_programs", "use_programs"]
