"""Addresses as notices word them, and their resolution to exactly one provision."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.model import Document
from policydiff.notice.address import QUOTED, Address, AddressError, Step, Target, parse_address, resolve
from policydiff.zh.numbering import Num
from tests.conftest import SMALL_ADMIN, SMALL_LEGAL, doc_from_text

GOLDEN = Path(__file__).parent / "fixtures" / "golden"


def _golden(path: str) -> Document:
    return doc_from_text((GOLDEN / path).read_text(encoding="utf-8"), "g")


@pytest.mark.parametrize(
    ("words", "steps", "canonical"),
    [
        (
            "本文第三条第（二）项第 1 点",
            (Step("条", Num(3)), Step("项", Num(2)), Step("点", Num(1))),
            "第三条第（二）项第1点",
        ),
        ("刑法第二百二十五条第(三)项", (Step("条", Num(225)), Step("项", Num(3))), "第二百二十五条第（三）项"),
        ("第一百三十三条之一", (Step("条", Num(133, 1)),), "第一百三十三条之一"),
        (
            "宪法序言第七自然段后两句",
            (Step("序言"), Step("自然段", Num(7)), Step("句", count=2, from_end=True)),
            "序言第七自然段后两句",
        ),
        (
            "宪法序言第十自然段第二句",
            (Step("序言"), Step("自然段", Num(10)), Step("句", Num(2))),
            "序言第十自然段第二句",
        ),
        ("名称", (Step("名称"),), "名称"),
        ("引言", (Step("引言"),), "引言"),
        ("将《解释》原第六条", (Step("条", Num(6)),), "第六条"),
        ("第五条条首", (Step("条", Num(5)), Step("条首")), "第五条条首"),
        ("第四章章名", (Step("章", Num(4)), Step("章名")), "第四章章名"),
        ("“三、技术转让合同”", (Step(QUOTED, quoted="三、技术转让合同"),), "“三、技术转让合同”"),
    ],
)
def test_parse_address(words: str, steps: tuple[Step, ...], canonical: str) -> None:
    address = parse_address(words)
    assert address.steps == steps
    assert str(address) == canonical
    assert parse_address(canonical) == address


@pytest.mark.parametrize("words", ["不是地址", "第三条之", "第三条改得更好"])
def test_not_an_address(words: str) -> None:
    with pytest.raises(AddressError) as info:
        parse_address(words)
    assert info.value.message == f"not an address: {words!r}"


def test_resolve_forms() -> None:
    legal, fjwy, c1982 = doc_from_text(SMALL_LEGAL), _golden("fjwy-2021/before.txt"), _golden("constitution/1982.txt")
    assert resolve(fjwy, parse_address("第三条第（二）项第 1 点")) == Target("a3-i2-pt1")
    assert resolve(legal, parse_address("第二条第一款")) == Target("a2", own=True)
    assert resolve(legal, parse_address("第二条第二款")) == Target("a2-p2", own=True)
    assert resolve(legal, parse_address("名称")) == Target("", title=True)
    assert resolve(legal, parse_address("“前款规定以外的，不适用。”")) == Target("a2-p2")
    assert resolve(c1982, parse_address("第五条条首")) == Target("a5", own=True, head=True)
    assert resolve(c1982, parse_address("第三章第七节")) == Target("c3-s7")


def test_sentences_of_a_paragraph() -> None:
    c1982 = _golden("constitution/1982.txt")
    target = resolve(c1982, parse_address("宪法序言第七自然段后两句"))
    (paragraph,) = [p for p in c1982.walk() if p.id == target.id]
    assert target.span is not None
    words = (paragraph.text or "")[target.span[0] : target.span[1]]
    assert words.startswith("今后国家的根本任务是集中力量进行社会主义现代化建设。中国各族人民将继续")
    assert words.endswith("把我国建设成为高度文明、高度民主的社会主义国家。")


@pytest.mark.parametrize(
    ("document", "words", "message"),
    [
        ("legal", "第二条第（三）项", "第二条第（三）项 not found; 第二条 has （一）、（二）"),
        ("admin", "第二条第（三）项", "第二条第（三）项 not found; 第二条 has （一）、（二）"),
        ("legal", "第四条", "第四条 not found; the document has 第一条、第二条、第三条"),
        ("legal", "第一章第三条", "第一章第三条 not found; 第一章 has 第一条、第二条"),
        ("legal", "第二条第三款", "第二条第三款 not found; 第二条 has 2 款"),
        (
            "1982",
            "第一百三十九条",
            "第一百三十九条 not found; the document has 138 articles; the nearest are 第一百三十五条、第一百三十六条、第一百三十七条、第一百三十八条",
        ),
        (
            "fjwy",
            "第四条第（三）项第10点",
            "第四条第（三）项第10点 not found; 第四条第（三）项 has 9 points; the nearest are 6.、7.、8.、9.",
        ),
        ("1982", "序言第十四自然段", "序言第十四自然段 not found; 序言 has 13 自然段"),
        ("1982", "序言第七自然段第九句", "序言第七自然段第九句: the text has only 3 sentences"),
        ("legal", "“不存在”", "no provision reads “不存在”"),
        ("doubled", "“甲。”", "2 provisions read “甲。”"),
    ],
)
def test_resolve_errors_name_what_is_there(document: str, words: str, message: str) -> None:
    docs = {
        "legal": lambda: doc_from_text(SMALL_LEGAL),
        "admin": lambda: doc_from_text(SMALL_ADMIN),
        "1982": lambda: _golden("constitution/1982.txt"),
        "fjwy": lambda: _golden("fjwy-2021/before.txt"),
        "doubled": lambda: doc_from_text("办法\n第一条 甲。\n第二条 乙：\n甲。\n"),
    }
    with pytest.raises(AddressError) as info:
        resolve(docs[document](), parse_address(words))
    assert info.value.message == message


def test_address_is_canonical_text() -> None:
    assert str(Address((Step("条", Num(89)), Step("项", Num(8))))) == "第八十九条第（八）项"
