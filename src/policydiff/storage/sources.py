"""Reading source bytes as text: encodings, binary files, BOMs and line ends.

Users bring files saved by Word, by PDF extractors and by web pages, in UTF-8
(with or without a BOM) or in the Chinese national encodings GBK/GB18030.
:func:`decode_source` decides which, and refuses to guess when it cannot.
"""

from __future__ import annotations

import re

from policydiff.errors import InputError, Location

_BOM = b"\xef\xbb\xbf"
# Chinese characters, CJK punctuation and full-width forms.
_COMMON_CJK = re.compile("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


#: Characters XML 1.0 cannot hold: the C0 controls but tab, line feed and carriage return (BEL, BS,
#: VT, FF, ESC, …), U+FFFE, U+FFFF and lone surrogates. No .docx can contain them, and on a
#: terminal they ring, erase or move the cursor; an import refuses them, a .docx export shows them.
XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
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
    _refuse_binary(raw, file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("not valid UTF-8 (bad byte)", _byte_location(raw, exc.start, file)) from None
    return normalise_newlines(text)


def decode_source(raw: bytes, file: str) -> tuple[str, str]:
    """Decode a source text, returning ``(text, encoding)``.

    UTF-8 is tried first (it almost never decodes text in another encoding by
    accident), then GB18030, a superset of GBK and GB2312. Text that GB18030
    decodes only into rare characters or control codes is refused rather than
    imported as mojibake.
    """
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
    # Real GBK text is mostly characters of the basic CJK block and ASCII.
    common = sum(1 for ch in text if ch.isascii() or _COMMON_CJK.match(ch))
    return common >= 0.9 * len(text)


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
