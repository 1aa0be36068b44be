"""The YAML 1.2 vocabulary of plain scalars that policydiff's own writer and reader share.

:mod:`policydiff.storage.yamlwrite` writes a string plain only when ruamel.yaml's emitter would and
it would read back as a string; :mod:`policydiff.storage.yamlblock` reads a plain scalar only when
the same rules say YAML reads it as itself. One table for both, so that they cannot drift apart.
Each pattern is compiled on first use: a process that reads CJK text seldom needs any of them.
"""

from __future__ import annotations

import re
from typing import Final

from policydiff.zh.lazyre import LazyPattern, lazy

#: YAML 1.2's implicit resolvers as ruamel.yaml has them (``ruamel.yaml.resolver``), in its order:
#: (tag, pattern, flags, first characters). A plain scalar matching one would not read as a string.
RESOLVERS: Final = (
    ("tag:yaml.org,2002:bool", "^(?:true|True|TRUE|false|False|FALSE)$", re.X, "tTfF"),
    (
        "tag:yaml.org,2002:float",
        """^(?:
         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\\.(?:inf|Inf|INF)
        |\\.(?:nan|NaN|NAN))$""",
        re.X,
        "-+0123456789.",
    ),
    (
        "tag:yaml.org,2002:int",
        """^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        re.X,
        "-+0123456789",
    ),
    ("tag:yaml.org,2002:merge", "^(?:<<)$", 0, "<"),
    (
        "tag:yaml.org,2002:null",
        """^(?: ~
        |null|Null|NULL
        | )$""",
        re.X,
        "~nN",
    ),
    (
        "tag:yaml.org,2002:timestamp",
        """^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \\t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?
        (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        re.X,
        "0123456789",
    ),
    ("tag:yaml.org,2002:value", "^(?:=)$", 0, "="),
    ("tag:yaml.org,2002:yaml", "^(?:!|&|\\*)$", 0, "!&*"),
)

#: A key written plain, and read as one: a short ASCII identifier (unless a resolver reads it).
KEY: Final = r"[A-Za-z_][A-Za-z0-9_]{0,63}"
#: A plain decimal integer: the only number policydiff's fast readers take (YAML 1.1 and 1.2 agree).
SIMPLE_INT: Final = lazy(r"[-+]?(?:0|[1-9][0-9]*)")
#: The contents of a character class: what the emitter escapes in a double-quoted string, but the
#: line feed (everything outside printable ASCII and its unicode ranges, and U+2028, U+2029 and
#: U+FEFF inside them); to the reader, what YAML refuses or reads as a break other than the line feed.
#: Spelled as the characters it takes, not as the negation of the printable ranges: the same set
#: (``tests/test_yamlwrite.py`` compares them over every code point), but the negated class took
#: 3 ms to compile in every process that writes a file.
ESCAPED_BUT_LINE_FEED: Final = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
#: A double-quoted scalar's short escapes, by the character each stands for (else \x, \u or \U
#: and the code).
SHORT_ESCAPES: Final = {
    "\0": "0", "\x07": "a", "\x08": "b", "\x09": "t", "\x0a": "n", "\x0b": "v", "\x0c": "f", "\x0d": "r",
    "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\u2028": "L", "\u2029": "P",
}  # fmt: skip

#: The first characters of every plain scalar one of :data:`RESOLVERS` may match.
RESOLVABLE_FIRST: Final = frozenset("".join(first for *_, first in RESOLVERS))

#: What the emitter's analysis forbids in a block plain scalar, once line breaks, tabs and the
#: characters it escapes are ruled out (so the only white space left is the space): an indicator
#: first, a document marker, ``': '``, ``' #'``, a final ``':'`` and a space at either end.
NOT_PLAIN: Final = lazy(r"\A(?:[-?:](?: |\Z)|[#,\[\]{}&*!|>'\"%@`]|---|\.\.\.| )|: |:\Z| #| \Z")


def resolves(text: str) -> bool:
    """Whether ruamel's resolver reads the non-empty plain scalar *text* as something other than a string."""
    patterns = _BY_FIRST_CHARACTER.get(text[0])
    return patterns is not None and any(p.match(text) for p in patterns)


def _by_first_character() -> dict[str, tuple[LazyPattern, ...]]:
    # Each compiled on first use: a scalar starting with one of their characters is rare in
    # policydiff's files, and the eight took some 2 ms in every process that reads or writes one.
    table: dict[str, list[LazyPattern]] = {}
    for _tag, pattern, flags, first in RESOLVERS:
        compiled = lazy(pattern, flags)
        for ch in first:
            table.setdefault(ch, []).append(compiled)
    return {ch: tuple(patterns) for ch, patterns in table.items()}


_BY_FIRST_CHARACTER: Final = _by_first_character()
