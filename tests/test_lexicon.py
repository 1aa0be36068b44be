"""The lexicon: one place for the vocabulary of Chinese legal drafting, and no copies elsewhere."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from policydiff.zh import lexicon

SRC = Path(__file__).parent.parent / "src" / "policydiff"


def test_doctests() -> None:
    result = doctest.testmod(lexicon)
    assert (result.failed, result.attempted) == (0, 7)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("中华人民共和国统计法", "统计法", True),
        ("《中华人民共和国统计法》", "〈统计法〉", True),
        ("城市供水条例（试行）", "城市供水条例(试行)", True),
        ("城市 供水条例", "城市供水条例", True),
        ("城市供水条例", "城市\u3000供水条例", True),
        ("统计法", "统计法实施条例", False),
        ("城市供水条例（试行）", "城市供水条例", False),
        ("中华人民共和国统计法", "中华人民共和国税收征收管理法", False),
        ("华人民共和国统计法", "统计法", False),
    ],
)
def test_same_title(a: str, b: str, same: bool) -> None:
    assert lexicon.same_title(a, b) is same


@pytest.mark.parametrize(
    "words",
    ["本法", "本条例", "本规定", "本办法", "本细则", "本实施细则", "本解释", "本决定", "本规则", "本章程", "本文"],
)
def test_self_references(words: str) -> None:
    assert re.fullmatch(lexicon.SELF_REFERENCE, words)


def test_units_longest_first() -> None:
    # 分编 must be read as 分编, not as 编 after a stray 分; 自然段 likewise.
    m = re.fullmatch(lexicon.STEP, "第一分编")
    assert m is not None and (m["num"], m["unit"]) == ("一", "分编")
    m = re.fullmatch(lexicon.STEP, "第七自然段")
    assert m is not None and m["unit"] == "自然段"


def test_every_unit_has_a_rank_and_numbered_units_a_kind() -> None:
    numbered = lexicon.NUMBERED_UNIT.split("|")
    assert [u for u in numbered if u not in lexicon.UNIT_RANK] == []
    assert [u for u in numbered if u not in lexicon.UNIT_KIND and u != "句"] == []


#: Spellings that betray a copy of the lexicon: a unit alternation, a numeral class,
#: a list of self-references, the Markdown end-of-metadata marker in code, a document number,
#: a class of Chinese characters (lexicon.HAN and lexicon.CHINESE_CHARACTER).
_COPIES = re.compile(r"分编\||\|分编|〇零一|零〇一|本办法\||本条例\||= \"<!-- INFO END -->\"|\[〔|\\u4e00")


def test_no_copies_of_the_lexicon() -> None:
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        if path.parent.name not in ("zh", "compiled")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _COPIES.search(line)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("text", "han", "chinese"),
    [
        ("一", True, True),  # the unified block
        ("㐀", True, True),  # extension A
        ("𠀀", True, True),  # extension B, a supplementary plane
        ("豈", True, True),  # the compatibility block
        ("。", False, True),  # CJK punctuation
        ("（", False, True),  # a full-width form
        ("ア", False, True),  # kana
        ("a", False, False),
        ("é", False, False),
    ],
)
def test_han_and_chinese_characters(text: str, han: bool, chinese: bool) -> None:
    assert (re.fullmatch(lexicon.HAN, text) is not None, re.fullmatch(lexicon.CHINESE_CHARACTER, text) is not None) == (
        han,
        chinese,
    )


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("废止《甲办法》、《乙规定》。", ["甲办法", "乙规定"]),
        ("关于修改《关于修改〈丙条例〉的决定》的决定", ["关于修改〈丙条例〉的决定"]),  # 〈〉 inside 《》 stays in it
        ("关于废止〈丁办法〉的决定", ["丁办法"]),  # 〈〉 alone, as some sources type them
        ("本决定自公布之日起施行。", []),
    ],
)
def test_book_titles(text: str, titles: list[str]) -> None:
    """One reader of the titles a sentence names, where four modules had a regular expression each."""
    assert lexicon.book_titles(text) == titles
