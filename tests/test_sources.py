from __future__ import annotations

import pytest

from policydiff.errors import InputError
from policydiff.storage.sources import decode_source, decode_utf8

TEXT = "第一条 为了加强管理，制定本办法。\n第二条 本办法自公布之日起施行。\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_encodings_are_detected(raw: bytes, encoding: str) -> None:
    assert decode_source(raw, "f.txt") == (TEXT, encoding)


def test_binary_is_refused_with_place() -> None:
    with pytest.raises(InputError) as info:
        decode_source("第一条\n甲\x00乙".encode(), "f.txt")
    assert str(info.value) == "f.txt:2:2: binary file (contains NUL bytes), not text"


def test_empty_is_refused() -> None:
    with pytest.raises(InputError) as info:
        decode_source(b" \n\n", "f.txt")
    assert str(info.value) == "f.txt: file is empty"


def test_undecidable_bytes_are_refused() -> None:
    raw = "第一条 甲。\n".encode() + bytes([0x80, 0xFF, 0xFE, 0x81, 0xFF]) + b"\n"
    with pytest.raises(InputError) as info:
        decode_source(raw, "f.txt")
    assert str(info.value) == "f.txt:2:1: cannot decide the encoding: neither UTF-8 nor GB18030"


def test_bytes_that_gb18030_reads_only_as_rare_characters_are_refused() -> None:
    raw = b"\x81\x30\x81\x30" * 20
    with pytest.raises(InputError) as info:
        decode_source(raw, "f.txt")
    assert str(info.value) == ("f.txt:1:1: cannot decide the encoding: not UTF-8, and GB18030 gives no readable text")


def test_truncated_utf8_names_the_place() -> None:
    raw = TEXT.encode("utf-8")[:-5]
    with pytest.raises(InputError) as info:
        decode_utf8(raw, "doc.yaml")
    assert str(info.value) == "doc.yaml:2:15: not valid UTF-8 (bad byte)"
