"""Reading source bytes as text: encodings, binary files, BOMs and line ends.

Users bring files saved by Word, by PDF extractors and by web pages, in UTF-8
(with or without a BOM) or in the Chinese national encodings GBK/GB18030.
:func:`decode_source` decides which, and refuses to guess when it cannot.
"""

from __future__ import annotations

import re

from policydiff.errors import InputError, Location
from policydiff.zh.lazyre import lazy

_BOM = b"\xef\xbb\xbf"


#: Characters XML 1.0 cannot hold: the C0 controls but tab, line feed and carriage return (BEL, BS,
#: VT, FF, ESC, …), U+FFFE, U+FFFF and lone surrogates. No .docx can contain them, and on a
#: terminal they ring, erase or move the cursor; an import refuses them, a .docx export shows them.
#: Compiled on first use: an import and an export need it, and every reader imports this module (issue 19).
XML_INCOMPATIBLE = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_C0_NAMES = (
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "HT",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
)


def character_name(char: str) -> str:
    """``U+0007 (BEL)`` for a C0 control, ``U+FFFE`` for any other character."""
    code = ord(char)
    return f"U+{code:04X} ({_C0_NAMES[code]})" if code < len(_C0_NAMES) else f"U+{code:04X}"


def refuse_controls(text: str, file: str) -> None:
    """A located :class:`InputError` at the first character of :data:`XML_INCOMPATIBLE` in *text*."""
    match = XML_INCOMPATIBLE.search(text)
    if match is None:
        return
    start = match.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    name = character_name(match.group())
    raise InputError(f"control character {name} in the text: a document keeps none", Location(file, line, column))


def decode_utf8(raw: bytes, file: str) -> str:
    """Strict UTF-8 (BOM allowed); the error names the line and column of the first bad byte."""
    if raw.startswith(_UTF16_BOMS):
        raise InputError("UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8", Location(file))
    _refuse_binary(raw, file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("not valid UTF-8 (bad byte)", _byte_location(raw, exc.start, file)) from None
    return normalise_newlines(text)


def decode_source(raw: bytes, file: str) -> tuple[str, str]:
    """Decode a source text, returning ``(text, encoding)``.

    A UTF-16 byte order mark (as Notepad's "Unicode" saves) decides UTF-16. Otherwise
    UTF-8 is tried first (it almost never decodes text in another encoding by
    accident), then GB18030, a superset of GBK and GB2312. Text that GB18030
    decodes mostly into control codes, private-use or unassigned code points is
    refused rather than imported as mojibake; its four-byte characters (CJK
    extensions, Tibetan, Mongolian, Uyghur, Yi) are text like any other.
    """
    utf16 = _decode_utf16(raw, file) if raw.startswith(_UTF16_BOMS) else None
    if utf16 is not None:
        return utf16, "utf-16"
    _refuse_binary(raw, file)
    if not raw.strip():
        raise InputError("file is empty", Location(file))
    try:
        return normalise_newlines(raw.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        where = _byte_location(raw, utf8_error.start, file)
        raise InputError("cannot decide the encoding: neither UTF-8 nor GB18030", where) from None
    if not _plausible_chinese(text):
        where = _byte_location(raw, utf8_error.start, file)
        raise InputError("cannot decide the encoding: not UTF-8, and GB18030 gives no readable text", where)
    return normalise_newlines(text), "gb18030"


def _plausible_chinese(text: str) -> bool:
    # Real GB18030 text is mostly characters of some script, punctuation and symbols; mojibake
    # lands on controls (C0, C1), the private-use area and unassigned code points.
    import unicodedata

    common = sum(1 for ch in text if ch.isascii() or unicodedata.category(ch) not in _NOT_TEXT)
    return common >= 0.9 * len(text)


#: Unicode categories of no text: controls, private use, unassigned and surrogates.
_NOT_TEXT = frozenset({"Cc", "Co", "Cn", "Cs"})
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decode_utf16(raw: bytes, file: str) -> str | None:
    """UTF-16 text with its byte order mark; NUL characters or a broken pair are refused with their place.

    None (not UTF-16 after all) when under half of its characters are ASCII or Chinese: bytes that
    only start like a byte order mark (``FF FE``) decode as UTF-16 into any script.
    """
    try:
        text = raw.decode("utf-16")
    except UnicodeDecodeError as exc:
        line, column = _text_place(raw[: exc.start - exc.start % 2].decode("utf-16", "replace"))
        raise InputError("not valid UTF-16 (a broken character)", Location(file, line, column)) from None
    # Here, not at the top: the lexicon is heavy for a command's start, and UTF-16 files are rare.
    from policydiff.zh.lexicon import CHINESE_CHARACTER

    chinese = re.compile(CHINESE_CHARACTER)
    words = [ch for ch in text.removeprefix("\ufeff") if not ch.isspace()]
    if sum(1 for ch in words if ch.isascii() or chinese.match(ch)) < 0.5 * len(words):
        return None
    if "\x00" in text:
        line, column = _text_place(text[: text.index("\x00")])
        raise InputError("binary file (contains NUL characters), not text", Location(file, line, column))
    if not text.strip():
        raise InputError("file is empty", Location(file))
    return normalise_newlines(text)


def _text_place(before: str) -> tuple[int, int]:
    """The line and column (from 1) just after *before*, a BOM not counted."""
    before = before.removeprefix("\ufeff")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _refuse_binary(raw: bytes, file: str) -> None:
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError("binary file (contains NUL bytes), not text", _byte_location(raw, nul, file))


def _byte_location(raw: bytes, offset: int, file: str) -> Location:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    if line == 1 and before.startswith(_BOM):
        start = len(_BOM)
    column = len(before[start:].decode("utf-8", errors="replace")) + 1
    return Location(file, line, column)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
