"""A faster way to write policydiff's YAML, used only when it gives exactly ruamel.yaml's bytes.

:func:`policydiff.storage.yamlio.dump_strict` (ruamel.yaml's round-trip emitter, unfolded lines,
``indent(mapping=2, sequence=4, offset=2)``) is the reference; on a large document most of
``import``'s time went into its generic machinery. :func:`try_dump` writes the same block layout
directly, line by line, and *declines* (returns :data:`DECLINED`) whenever it is not sure to give
the same bytes, so the reference then writes the file. It takes plain ``dict`` and ``list``
containers (and a ``CommentedMap`` whose only comments are end-of-line ones on scalar values,
as notices carry, or a ``dict`` subclass with one such comment in its ``comments``, a ``dict`` of
texts by key, which needs no ruamel.yaml: :class:`policydiff.notice.record.Commented`), ``str``,
``int`` and ``bool``; it declines:

- any other type (``None``, floats, tuples, ``str`` subclasses, ruamel's own scalar types);
- an empty collection other than a mapping's value (``key: []``, ``key: {}``), and a list directly
  inside a list;
- a key other than a short ASCII identifier that reads as a string;
- an empty string, and a string with a character ruamel escapes or folds: a line break, a tab or
  other control character, ``U+FEFF``, ``U+2028``/``U+2029``, a lone surrogate, ``U+FFFE``/``U+FFFF``;
- an end-of-line comment placed at a column, or on a collection.

A string is written plain when ruamel would (the emitter's block-plain rules, and no YAML 1.2
implicit type: the resolver's own patterns; both in :mod:`policydiff.storage.yamlplain`, which the
reader of this layout, :mod:`policydiff.storage.yamlblock`, shares), else double-quoted when it
holds a ``'`` (only ``"`` and ``\\`` need escaping once the characters above are declined), else
single-quoted. Line width is unlimited in policydiff's files, so nothing is folded.
``tests/test_yamlwrite.py`` checks every built-in file, a generated set of strings and
:data:`~policydiff.storage.yamlplain.RESOLVERS` against ruamel; ``bench/yaml_write.py`` every
document of the corpus.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Final

from policydiff.storage.yamlplain import ESCAPED_BUT_LINE_FEED, KEY, NOT_PLAIN, SHORT_ESCAPES, resolves

DECLINED: Final = object()

# Characters the emitter escapes (it double-quotes the string) or breaks lines at.
_ESCAPED: Final = re.compile(f"[\n{ESCAPED_BUT_LINE_FEED}]")
# The characters that make the emitter double-quote a string (the above but line breaks).
_SPECIAL: Final = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
# What it escapes in a double-quoted string (how: SHORT_ESCAPES, else \\x, \\u or \\U and the code).
_TO_ESCAPE: Final = re.compile(f'["\\\\]|{_ESCAPED.pattern}')
_KEY: Final = re.compile(KEY)
# Keys known to be written plain: the layouts use a few dozen, checked once (a bounded set, since
# any data may come here).
_PLAIN_KEYS: Final[set[str]] = set()
_MAX_KEYS: Final = 1000
# ints beyond this are left to ruamel (str() of a huge int is slow, or refused).
_INT_LIMIT: Final = 10**18


class _DeclineError(Exception):
    """Raised inside the writer when ruamel must write the data."""


def try_dump(data: Any, header: str = "") -> Any:
    """*header*, then *data* as ruamel.yaml writes it (a ``str``), or :data:`DECLINED`."""
    out = [header]
    try:
        _mapping(data, "", "", out)
    except (_DeclineError, RecursionError):  # nested past Python's limit: ruamel decides, and fails
        return DECLINED
    return "".join(out)


def _mapping(data: Any, indent: str, first: str, out: list[str]) -> None:
    """The block mapping *data*, keys at *indent*; the first key after *first* (``- `` in a list)."""
    comments = _comments(data)
    if not data:
        raise _DeclineError
    start = first
    inner = indent + "  "
    for key, value in data.items():
        if type(key) is not str or key not in _PLAIN_KEYS:
            _check_key(key)
        kind = type(value)
        if (kind is list or kind is dict) and not value and key not in comments:
            out.append(f"{start}{key}: {'[]' if kind is list else '{}'}\n")  # ruamel's flow style for empties
        elif kind is list:
            if key in comments:
                raise _DeclineError
            out.append(f"{start}{key}:\n")
            _sequence(value, inner, out)
        elif kind is dict or _is_commented_map(value):
            if key in comments:
                raise _DeclineError
            out.append(f"{start}{key}:\n")
            _mapping(value, inner, inner, out)
        else:
            out.append(f"{start}{key}: {_scalar(value)}{comments.get(key, '')}\n")
        start = indent


def _check_key(key: Any) -> None:
    """Decline *key* unless it is written plain; remember it if it is."""
    if type(key) is not str or not _KEY.fullmatch(key) or resolves(key):
        raise _DeclineError
    if len(_PLAIN_KEYS) < _MAX_KEYS:
        _PLAIN_KEYS.add(key)


def _sequence(items: list[Any], indent: str, out: list[str]) -> None:
    """The block sequence *items*, dashes at *indent*."""
    if not items:
        raise _DeclineError
    dash = indent + "- "
    inner = indent + "  "
    for item in items:
        kind = type(item)
        if kind is dict or _is_commented_map(item):
            _mapping(item, inner, dash, out)
        elif kind is list:
            raise _DeclineError
        else:
            out.append(f"{dash}{_scalar(item)}\n")


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int and -_INT_LIMIT < value < _INT_LIMIT:
        return str(value)
    raise _DeclineError


def _string(text: str) -> str:
    if not text:
        return "''"
    if _ESCAPED.search(text):
        if "\n" in text or "'" in text or _SPECIAL.search(text):
            return _double_quoted(text)
        raise _DeclineError  # other line breaks only: ruamel breaks the single-quoted line there
    if not NOT_PLAIN.search(text) and not resolves(text):
        return text
    if "'" in text:
        return _double_quoted(text)
    return f"'{text}'"


def _double_quoted(text: str) -> str:
    return '"' + _TO_ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    short = SHORT_ESCAPES.get(ch)
    if short is not None:
        return "\\" + short
    code = ord(ch)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _is_commented_map(value: Any) -> bool:
    """Whether *value* is a ruamel ``CommentedMap`` or a ``dict`` subclass with ``comments``."""
    comments = sys.modules.get("ruamel.yaml.comments")  # loaded whenever such a map exists
    if comments is not None and type(value) is comments.CommentedMap:
        return True
    return _has_own_comments(value)


def _has_own_comments(value: Any) -> bool:
    return isinstance(value, dict) and type(value) is not dict and type(getattr(value, "comments", None)) is dict


def _comments(data: Any) -> dict[str, str]:
    """The end-of-line comments of mapping *data*, as written after their values, by key."""
    if type(data) is dict:
        return {}
    if _has_own_comments(data):
        return _own_comments(data.comments, data)
    if not _is_commented_map(data):
        raise _DeclineError
    plain = data.fa.flow_style() is None and data.anchor.value is None and data.tag.value is None
    ca = data.ca
    if not plain or getattr(data, "_yaml_merge", None) or ca.comment is not None or ca.end or ca.pre:
        raise _DeclineError
    if not ca.items.keys() <= data.keys():
        raise _DeclineError
    return {key: _eol(slots) for key, slots in ca.items.items()}


def _own_comments(comments: dict[Any, Any], data: dict[str, Any]) -> dict[str, str]:
    """A mapping's own *comments* as ruamel writes them once given to ``yaml_add_eol_comment``: it
    puts ``# `` before a text that lacks it and, with no column given, a space before that. Two or
    more are declined: ruamel aligns a comment with its neighbours'."""
    if not comments:
        return {}
    if len(comments) > 1 or not comments.keys() <= data.keys():
        raise _DeclineError
    ((key, text),) = comments.items()
    if type(text) is not str or not text.strip() or "\n" in text or _ESCAPED.search(text):
        raise _DeclineError
    value = " " + (text if text.startswith("#") else "# " + text)
    return {key: " " + value}


def _eol(slots: Any) -> str:
    """One key's comment slots, if they are only an end-of-line comment at no set column."""
    if not isinstance(slots, list) or len(slots) != 4 or slots[0] or slots[1] or slots[3] or slots[2] is None:
        raise _DeclineError
    token = slots[2]
    value = token.value
    if type(value) is not str or token.start_mark.column != 0 or getattr(token, "pre_done", None):
        raise _DeclineError
    value = value.removesuffix("\n")
    if not value.strip() or "\n" in value or value[0] not in " #" or _ESCAPED.search(value):
        raise _DeclineError
    return " " + value
