"""Reading policydiff's own block layout directly, used only when it gives exactly what the loaders give.

Every file policydiff writes has one shape (:mod:`policydiff.storage.yamlwrite`): block mappings
indented by two, block sequences by two more with their content after ``- ``, one scalar a line,
plain when YAML reads it back as the same string, else single- or double-quoted; ``[]`` and ``{}``
for empty collections. :func:`try_load` reads that shape line by line, with no YAML parser at all
(on the largest document of the corpus, about a quarter of PyYAML's ``CSafeLoader``, and without
importing PyYAML), and *declines* (returns :data:`DECLINED`) at anything else, so that
:func:`policydiff.storage.yamlio.load` then reads the text as before. It declines:

- a character YAML reads as a line break or white space other than ``\\n`` and the space (tab,
  carriage return, ``U+0085``, ``U+2028``, ``U+2029``), a byte-order mark, and any character YAML
  does not allow in a file;
- a line that is not blank, a comment, ``key:``, ``key: value``, ``- value`` or ``- key: value``
  (so directives, document markers, flow collections, anchors, aliases, tags, complex keys, block
  scalars and multi-line scalars all decline), a key other than a short ASCII identifier that
  reads as a string, and a repeated key;
- indentation other than the layout's (a nested mapping two columns in, a sequence's dashes two
  columns in from its key, an item's mapping two columns in from its dash), and a key with
  nothing under it (a null);
- a plain scalar YAML could read as something other than the same string (the emitter's rules for
  plain scalars, :data:`policydiff.storage.yamlplain.NOT_PLAIN`) or as a type other than a string,
  a plain decimal integer or a boolean (the YAML 1.2 resolvers, :func:`~policydiff.storage.yamlplain.resolves`);
- a quoted scalar that does not close at the end of its line, and a double-quoted escape other
  than those the writer uses;
- nesting deeper than the limit the caller gives.

``tests/test_yamlblock.py`` checks each form against the strict loader, every built-in file, and
random data written by the writer and random text (hypothesis); ``bench/yaml_load.py --all``
every document of the corpus.
"""

from __future__ import annotations

import gc
import re
from typing import Any, Final

from policydiff.storage import yamlplain
from policydiff.zh.lazyre import lazy

DECLINED: Final = object()

# One line: indentation, a sequence's dash, then either ``key:`` with its value, or anything else.
_LINE: Final = re.compile(rf"^( *)(- )?(?:({yamlplain.KEY}):(?: (.*))?|(.*))$", re.M)
# What YAML does not allow in a file, or reads as white space or a line break other than the space
# and "\n" (so a line of this reader is a line of YAML).
_UNREADABLE: Final = re.compile(f"[{yamlplain.ESCAPED_BUT_LINE_FEED}]")
_BOOLS: Final = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# What each of the writer's short escapes stands for; a double-quoted scalar whose every escape
# is one the writer uses (those and \x, \u, \U).
_SHORT: Final = {short: char for char, short in yamlplain.SHORT_ESCAPES.items()}
_DOUBLE: Final = lazy(
    rf'"((?:[^"\\]|\\(?:x[0-9A-Fa-f]{{2}}|u[0-9A-Fa-f]{{4}}|U[0-9A-Fa-f]{{8}}|[{re.escape("".join(_SHORT))}]))*)"'
)
_ESCAPE: Final = lazy(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")

# The first characters that make a scalar more than its own plain text: nothing, a quote, a flow
# collection, an indicator or a space (NOT_PLAIN), or what a resolver may match.
_LOOK_CLOSER: Final = frozenset(("", *"'\"[]{}-?:#,&*!|>%@`. ", *yamlplain.RESOLVABLE_FIRST))

# A row of _LINE: (indentation, dash, key, value, rest).
_Row = tuple[str, str, str, str, str]


class _DeclineError(Exception):
    """Raised inside the reader when the loaders must decide."""


def try_load(text: str, max_nesting: int) -> Any:
    """The data of *text*, or :data:`DECLINED` when the YAML loaders must read it."""
    if _UNREADABLE.search(text):
        return DECLINED
    rows = [row for row in _LINE.findall(text) if row[1] or row[2] or row[4][:1] not in ("", "#")]
    if not rows or rows[0][0] or rows[0][1] or not rows[0][2]:
        return DECLINED
    reader = _Reader(rows, max_nesting)
    # As in yamlfast: every container made here lives on, so the cyclic collector would only walk them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        data = reader.mapping(0, 0, 1, first=False)
    except _DeclineError:
        return DECLINED
    finally:
        if enabled:
            gc.enable()
    return data if reader.at == len(rows) else DECLINED


class _Reader:
    """The rows of one text, read from :attr:`at` on."""

    __slots__ = ("at", "limit", "rows")

    def __init__(self, rows: list[_Row], limit: int) -> None:
        self.rows = rows
        self.limit = limit
        self.at = 0

    def mapping(self, at: int, indent: int, depth: int, *, first: bool) -> dict[str, Any]:
        """The mapping whose keys are at column *indent* from row *at*; *first*: its first key follows a dash."""
        if depth > self.limit:
            raise _DeclineError
        rows, result = self.rows, {}
        while at < len(rows):
            spaces, dash, key, value, _rest = rows[at]
            if first:
                first = False
            elif len(spaces) != indent or dash or not key:
                if len(spaces) < indent:
                    break
                raise _DeclineError
            if key in result or (key[0] in yamlplain.RESOLVABLE_FIRST and yamlplain.resolves(key)):
                raise _DeclineError
            if value:
                result[key] = _scalar(value)
                at += 1
            else:
                result[key] = self._block(at + 1, indent + 2, depth + 1)
                at = self.at
        self.at = at
        return result

    def _block(self, at: int, indent: int, depth: int) -> Any:
        """The collection under a ``key:``, its first row *at*, at column *indent*."""
        if at >= len(self.rows) or len(self.rows[at][0]) != indent:
            raise _DeclineError  # a null value, or another layout
        if self.rows[at][1]:
            return self.sequence(at, indent, depth)
        return self.mapping(at, indent, depth, first=False)

    def sequence(self, at: int, indent: int, depth: int) -> list[Any]:
        """The sequence whose dashes are at column *indent* from row *at*."""
        if depth > self.limit:
            raise _DeclineError
        rows, result = self.rows, []
        while at < len(rows):
            spaces, dash, key, _value, rest = rows[at]
            if len(spaces) != indent or not dash:
                if len(spaces) < indent:
                    break
                raise _DeclineError
            if key:
                result.append(self.mapping(at, indent + 2, depth + 1, first=True))
                at = self.at
            else:
                result.append(_scalar(rest))
                at += 1
        self.at = at
        return result


def _scalar(text: str) -> Any:
    """The value of the scalar *text* (the rest of its line)."""
    if text[:1] in _LOOK_CLOSER or ":" in text or "#" in text or text[-1:] == " ":
        return _closer(text)
    return text  # a plain scalar that neither a resolver nor NOT_PLAIN could match: itself


def _closer(text: str) -> Any:
    first = text[:1]
    if text.isdigit() and text.isascii() and (first != "0" or text == "0"):
        return int(text)  # what the int resolver reads, the commonest case (``num``)
    if first == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
            raise _DeclineError
        return inner.replace("''", "'")
    if first == '"':
        return _double_quoted(text)
    if text == "[]":
        return []
    if text == "{}":
        return {}
    comment = text.find(" #")
    if comment >= 0:  # a plain scalar cannot hold " #": a comment starts there (the writer's flags)
        text = text[:comment].rstrip(" ")
        first = text[:1]
    if not text or yamlplain.NOT_PLAIN.search(text):
        raise _DeclineError
    if first in yamlplain.RESOLVABLE_FIRST and yamlplain.resolves(text):
        if yamlplain.SIMPLE_INT.fullmatch(text):
            return int(text)
        if text in _BOOLS:
            return _BOOLS[text]
        raise _DeclineError
    return text


def _double_quoted(text: str) -> str:
    match = _DOUBLE.fullmatch(text)
    if match is None:
        raise _DeclineError
    inner = match.group(1)
    return _ESCAPE.sub(_unescape, inner) if "\\" in inner else inner


def _unescape(match: re.Match[str]) -> str:
    *codes, short = match.groups()
    if short is not None:
        return _SHORT[short]
    value = int(next(code for code in codes if code is not None), 16)
    if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        raise _DeclineError
    return chr(value)
