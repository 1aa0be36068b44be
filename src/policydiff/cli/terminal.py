"""What policydiff prints to a terminal shows control characters instead of obeying them.

Provision texts, titles and notice words are printed as they are stored. On a terminal a BEL
(U+0007) would ring, a BS or CR overwrite what is shown, an escape sequence move the cursor or
retitle the window, and a right-to-left override (U+202E RLO) reverse the rest of the line, so
that the screen would show words the file does not hold. :func:`protect` wraps stdout and stderr
when they are terminals: such characters are printed as escapes (``\\x07``, ``\\u202e``). Colour
(SGR: ``ESC [ … m``, as ``diff`` colours its output) is let through; a pipe or a file gets the
text unchanged.
"""

from __future__ import annotations

import io
import re
import sys
from typing import TextIO

from policydiff.zh.lazyre import lazy

#: C0 controls but tab, line feed and carriage return (a progress line returns to its start), DEL
#: and C1 controls, ESC unless it starts a colour (SGR) sequence, and the bidirectional controls
#: (ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI).
UNSAFE = lazy(
    "\x1b(?!\\[[0-9;]*m)|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def escape(text: str) -> str:
    """*text* with every :data:`UNSAFE` character written as a Python escape: BEL is ``\\x07``, RLO ``\\u202e``."""
    return UNSAFE.sub(_escaped, text) if UNSAFE.search(text) else text


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class Escaping(io.TextIOBase):
    """A text stream that writes to *stream* through :func:`escape`; ``unwrapped`` is *stream*."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.unwrapped = stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.unwrapped.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.unwrapped.errors

    @property
    def buffer(self) -> io.BufferedIOBase:
        return self.unwrapped.buffer  # type: ignore[return-value]

    def write(self, text: str) -> int:
        """Write *text*, escaped; the length of *text*, as a stream's ``write`` gives."""
        self.unwrapped.write(escape(text))
        return len(text)

    def flush(self) -> None:
        """Flush the wrapped stream."""
        self.unwrapped.flush()

    def isatty(self) -> bool:
        """Whether the wrapped stream is a terminal."""
        return self.unwrapped.isatty()

    def fileno(self) -> int:
        """The wrapped stream's file descriptor."""
        return self.unwrapped.fileno()

    def writable(self) -> bool:
        """Always: it is an output stream."""
        return True


def protect() -> None:
    """Wrap ``sys.stdout`` and ``sys.stderr`` in :class:`Escaping` where they are terminals."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, Escaping) and _is_terminal(stream):
            setattr(sys, name, Escaping(stream))


def unwrapped(stream: TextIO) -> TextIO:
    """The terminal behind *stream* if :func:`protect` wrapped it (for output that moves the cursor itself)."""
    return stream.unwrapped if isinstance(stream, Escaping) else stream


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False
