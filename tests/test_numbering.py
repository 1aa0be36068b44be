from __future__ import annotations

import datetime as dt
import doctest
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff.errors import NumberingError
from policydiff.zh import lexicon, numbering
from policydiff.zh.numbering import (
    Label,
    LabelStyle,
    Num,
    date_of,
    format_label,
    int_to_zh,
    parse_label,
    sort_key,
    zh_to_int,
)

SUB_STYLES = [s for s in LabelStyle if s.supports_sub]
NON_SUB_STYLES = [s for s in LabelStyle if not s.supports_sub]


def test_doctests() -> None:
    result = doctest.testmod(numbering)
    assert result.failed == 0
    assert result.attempted > 0


def test_round_trip_int_to_zh_to_int() -> None:
    for n in range(1, 10_000):
        assert zh_to_int(int_to_zh(n)) == n


def test_round_trip_arabic_text() -> None:
    for n in range(1, 10_000):
        assert zh_to_int(str(n)) == n


def test_int_to_zh_is_injective() -> None:
    assert len({int_to_zh(n) for n in range(1, 10_000)}) == 9999


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0),
        ("〇", 0),
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("一十二", 12),
        ("二十", 20),
        ("一百", 100),
        ("两百", 200),
        ("一百零三", 103),
        ("一百十二", 112),
        ("一百一十二", 112),
        ("一千〇五", 1005),
        ("一千零十", 1010),
        ("两千", 2000),
        ("两千零五", 2005),
        ("二〇二一", 2021),
        ("一九九九", 1999),
        ("一〇", 10),
        ("九千九百九十九", 9999),
        ("12", 12),
        ("１２", 12),
        ("9999", 9999),
    ],
)
def test_zh_to_int_accepts(text: str, value: int) -> None:
    assert zh_to_int(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "十十",
        "百",
        "千",
        "百十",
        "一十百",
        "一百百",
        "一二百",
        "一千二",  # ambiguous without 零
        "一千三十",
        "一百零",
        "一千零零五",
        "一千零一百",
        "零五",
        "〇五",
        "两十",
        "十两",
        "一百两",
        "两〇二一",
        "二〇二一二",
        "一0",
        "12345",
        "1.5",
        "abc",
        "十分",
    ],
)
def test_zh_to_int_rejects(text: str) -> None:
    with pytest.raises(NumberingError) as info:
        zh_to_int(text)
    assert str(info.value) == f"not a Chinese numeral: {text!r}"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (133, "一百三十三"),
        (200, "二百"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1011, "一千零一十一"),
        (1100, "一千一百"),
        (1105, "一千一百零五"),
        (2000, "二千"),
        (2021, "二千零二十一"),
        (9999, "九千九百九十九"),
    ],
)
def test_int_to_zh_canonical(n: int, text: str) -> None:
    assert int_to_zh(n) == text


@pytest.mark.parametrize("n", [0, -1, 100_000_000])
def test_int_to_zh_out_of_range(n: int) -> None:
    with pytest.raises(NumberingError) as info:
        int_to_zh(n)
    assert str(info.value) == f"number out of range 1..99999999: {n}"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一万", 10_000),
        ("一万零一", 10_001),
        ("一万零一十", 10_010),
        ("一万零一十一", 10_011),
        ("一万零一百", 10_100),
        ("一万一千", 11_000),
        ("十二万零三百", 120_300),
        ("九千九百九十九万九千九百九十九", 99_999_999),
    ],
)
def test_numbers_past_ten_thousand_are_read_and_written_back(text: str, value: int) -> None:
    """Issue 15, item 6: on d126d35 第一万条 was not a number, and articles stopped at 9999."""
    assert zh_to_int(text) == value
    assert text.isdigit() or int_to_zh(value) == text


@pytest.mark.parametrize("text", ["万", "一万二", "一万万", "一万零", "一万零一千"])
def test_ambiguous_or_malformed_ten_thousands_are_refused(text: str) -> None:
    with pytest.raises(NumberingError) as info:
        zh_to_int(text)
    assert str(info.value) == f"not a Chinese numeral: {text!r}"


@given(st.integers(1, 99_999_999))
def test_every_number_to_a_hundred_million_round_trips(n: int) -> None:
    assert zh_to_int(int_to_zh(n)) == n


def test_num_ordering() -> None:
    nums = [Num(134), Num(133, 2), Num(133), Num(133, 1)]
    assert [n.zh for n in sorted(nums)] == [
        "一百三十三",
        "一百三十三之一",
        "一百三十三之二",
        "一百三十四",
    ]
    assert sorted(nums, key=sort_key) == sorted(nums)
    assert Num(133) < Num(133, 1) <= Num(133, 1) < Num(134)
    assert Num(134) > Num(133, 9) >= Num(133, 9)
    assert Num(133, 1).key == (133, 1)
    assert sort_key(Num(5)) == (5, 0)


def test_num_compare_with_other_type_raises() -> None:
    with pytest.raises(TypeError):
        _ = Num(1) < 2


def test_num_forms() -> None:
    assert Num(133, 1).zh == "一百三十三之一"
    assert Num(133).zh == "一百三十三"
    assert Num(133, 1).arabic == "133-1"
    assert Num(133).arabic == "133"
    assert str(Num(133, 1)) == "133-1"
    assert Num(133, 1) == Num(133, 1)
    assert hash(Num(133, 1)) == hash(Num(133, 1))


@pytest.mark.parametrize(
    ("text", "num"),
    [
        ("一百三十三之一", Num(133, 1)),
        ("133之一", Num(133, 1)),
        ("一百三十三", Num(133)),
        ("十之十二", Num(10, 12)),
    ],
)
def test_num_parse_zh(text: str, num: Num) -> None:
    assert Num.parse_zh(text) == num


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("零", "not a numbered item: '零'"),
        ("十之零", "not a numbered item: '十之零'"),
        ("之一", "not a Chinese numeral: ''"),
        ("十之", "not a Chinese numeral: ''"),
        ("十之十十", "not a Chinese numeral: '十十'"),
    ],
)
def test_num_parse_zh_rejects(text: str, message: str) -> None:
    with pytest.raises(NumberingError) as info:
        Num.parse_zh(text)
    assert str(info.value) == message


@pytest.mark.parametrize(("value", "sub"), [(0, 0), (-1, 0), (1, -1)])
def test_num_validation(value: int, sub: int) -> None:
    with pytest.raises(NumberingError) as info:
        Num(value, sub)
    assert str(info.value) == f"invalid number: value={value}, sub={sub}"


@pytest.mark.parametrize(
    ("style", "num", "text"),
    [
        (LabelStyle.ARTICLE, Num(133, 1), "第一百三十三条之一"),
        (LabelStyle.ARTICLE, Num(10), "第十条"),
        (LabelStyle.CHAPTER, Num(2), "第二章"),
        (LabelStyle.SECTION, Num(1), "第一节"),
        (LabelStyle.PART, Num(1), "第一编"),
        (LabelStyle.SUBPART, Num(3), "第三分编"),
        (LabelStyle.SUBPART, Num(3, 2), "第三分编之二"),
        (LabelStyle.ZH_COMMA, Num(3), "三、"),
        (LabelStyle.ZH_PAREN, Num(12), "（十二）"),
        (LabelStyle.ARABIC_DOT, Num(12), "12."),
        (LabelStyle.ARABIC_COMMA, Num(9), "9、"),
        (LabelStyle.ARABIC_PAREN, Num(3), "（3）"),
        (LabelStyle.ARABIC_CIRCLE, Num(1), "①"),
        (LabelStyle.ARABIC_CIRCLE, Num(20), "⑳"),
        (LabelStyle.ZH_PAREN_ASCII, Num(12), "(十二)"),
        (LabelStyle.ARABIC_PAREN_ASCII, Num(3), "(3)"),
        (LabelStyle.ARABIC_FULLSTOP, Num(12), "12．"),
        (LabelStyle.FULLWIDTH_FULLSTOP, Num(1024), "１０２４．"),
    ],
)
def test_format_label(style: LabelStyle, num: Num, text: str) -> None:
    assert format_label(style, num) == text


@pytest.mark.parametrize("style", NON_SUB_STYLES)
def test_format_label_rejects_sub(style: LabelStyle) -> None:
    with pytest.raises(NumberingError) as info:
        format_label(style, Num(3, 1))
    assert str(info.value) == f"style {style.name} has no 之N form"


def test_format_label_circle_range() -> None:
    with pytest.raises(NumberingError) as info:
        format_label(LabelStyle.ARABIC_CIRCLE, Num(21))
    assert str(info.value) == "no circled digit for 21"


def test_style_patterns() -> None:
    assert {s.name: s.value for s in LabelStyle} == {
        "ARTICLE": "第{zh}条",
        "CHAPTER": "第{zh}章",
        "SECTION": "第{zh}节",
        "PART": "第{zh}编",
        "SUBPART": "第{zh}分编",
        "ZH_COMMA": "{zh}、",
        "ZH_PAREN": "（{zh}）",
        "ARABIC_DOT": "{n}.",
        "ARABIC_COMMA": "{n}、",
        "ARABIC_PAREN": "（{n}）",
        "ARABIC_CIRCLE": "{circle}",
        "ZH_PAREN_ASCII": "({zh})",
        "ARABIC_PAREN_ASCII": "({n})",
        "ARABIC_FULLSTOP": "{n}．",
        "FULLWIDTH_FULLSTOP": "{fn}．",
    }


def test_variant_families() -> None:
    assert {s.name: s.canonical.name for s in LabelStyle if s.canonical is not s} == {
        "ZH_PAREN_ASCII": "ZH_PAREN",
        "ARABIC_PAREN_ASCII": "ARABIC_PAREN",
        "ARABIC_FULLSTOP": "ARABIC_DOT",
        "FULLWIDTH_FULLSTOP": "ARABIC_DOT",
    }
    assert all(s.canonical.canonical is s.canonical for s in LabelStyle)


A = LabelStyle


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("（六）", Label(A.ZH_PAREN, Num(6), "（六）", 3)),
        ("(六)", Label(A.ZH_PAREN_ASCII, Num(6), "(六)", 3)),
        ("(六) 其他", Label(A.ZH_PAREN_ASCII, Num(6), "(六)", 3)),
        # Mixed brackets are a typing slip: the main style of the family.
        ("(六）", Label(A.ZH_PAREN, Num(6), "(六）", 3)),
        ("（六)", Label(A.ZH_PAREN, Num(6), "（六)", 3)),
        ("（十二）", Label(A.ZH_PAREN, Num(12), "（十二）", 4)),
        ("9、", Label(A.ARABIC_COMMA, Num(9), "9、", 2)),
        ("9．", Label(A.ARABIC_FULLSTOP, Num(9), "9．", 2)),
        ("１２．", Label(A.FULLWIDTH_FULLSTOP, Num(12), "１２．", 3)),
        ("１2．", Label(A.ARABIC_DOT, Num(12), "１2．", 3)),
        ("9.", Label(A.ARABIC_DOT, Num(9), "9.", 2)),
        ("12. 内容", Label(A.ARABIC_DOT, Num(12), "12.", 3)),
        ("１２.", Label(A.ARABIC_DOT, Num(12), "１２.", 3)),
        ("(3)", Label(A.ARABIC_PAREN_ASCII, Num(3), "(3)", 3)),
        ("(3）", Label(A.ARABIC_PAREN, Num(3), "(3）", 3)),
        ("（3）", Label(A.ARABIC_PAREN, Num(3), "（3）", 3)),
        ("（３）", Label(A.ARABIC_PAREN, Num(3), "（３）", 3)),
        ("第一百三十三条之一", Label(A.ARTICLE, Num(133, 1), "第一百三十三条之一", 9)),
        (
            "第一百三十三条之一 内容",
            Label(A.ARTICLE, Num(133, 1), "第一百三十三条之一", 9),
        ),
        ("第133条", Label(A.ARTICLE, Num(133), "第133条", 5)),
        ("第 1 条", Label(A.ARTICLE, Num(1), "第 1 条", 5)),
        ("第\u3000一\u3000条", Label(A.ARTICLE, Num(1), "第\u3000一\u3000条", 5)),
        ("第十条 内容", Label(A.ARTICLE, Num(10), "第十条", 3)),
        ("第二章", Label(A.CHAPTER, Num(2), "第二章", 3)),
        ("第一节", Label(A.SECTION, Num(1), "第一节", 3)),
        ("第一编", Label(A.PART, Num(1), "第一编", 3)),
        ("第一分编", Label(A.SUBPART, Num(1), "第一分编", 4)),
        ("三、", Label(A.ZH_COMMA, Num(3), "三、", 2)),
        ("①", Label(A.ARABIC_CIRCLE, Num(1), "①", 1)),
        ("⑳", Label(A.ARABIC_CIRCLE, Num(20), "⑳", 1)),
        # Syntactically labels; whether they start an item is the caller's call.
        ("第三条规定的", Label(A.ARTICLE, Num(3), "第三条", 3)),
        ("一、二等奖", Label(A.ZH_COMMA, Num(1), "一、", 2)),
        # 之 not followed by a valid numeral is prose.
        ("第十条之规定", Label(A.ARTICLE, Num(10), "第十条", 3)),
        ("第十条之十十", Label(A.ARTICLE, Num(10), "第十条", 3)),
        ("第十条之零", Label(A.ARTICLE, Num(10), "第十条", 3)),
    ],
)
def test_parse_label(line: str, label: Label) -> None:
    assert parse_label(line) == label


@pytest.mark.parametrize(
    "line",
    [
        "",
        "1.5倍",
        "1.1 总则",
        "2021年",
        "十分重要",
        "一是",
        " 三、",  # the caller strips leading whitespace
        "0.",
        "（零）",
        "百、",
        "第十十条",
        "第条",
        "12345.",
        "（六",
        "第一款",
    ],
)
def test_parse_label_none(line: str) -> None:
    assert parse_label(line) is None


@given(
    st.integers(1, 9999),
    st.sampled_from([s for s in LabelStyle if s is not A.ARABIC_CIRCLE]),
)
def test_parse_format_round_trip(n: int, style: LabelStyle) -> None:
    label = parse_label(format_label(style, Num(n)))
    assert label is not None
    assert (label.style, label.num) == (style, Num(n))


@given(st.integers(1, 20))
def test_parse_format_round_trip_circle(n: int) -> None:
    label = parse_label(format_label(A.ARABIC_CIRCLE, Num(n)))
    assert label is not None
    assert (label.style, label.num) == (A.ARABIC_CIRCLE, Num(n))


@given(st.integers(1, 9999), st.integers(1, 9999), st.sampled_from(SUB_STYLES))
def test_parse_format_round_trip_sub(n: int, sub: int, style: LabelStyle) -> None:
    text = format_label(style, Num(n, sub))
    assert parse_label(text + "内容") == Label(style, Num(n, sub), text, len(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年5月12日", dt.date(2021, 5, 12)),
        ("二〇二一年五月十二日", dt.date(2021, 5, 12)),
        ("二○○八年十一月七日", dt.date(2008, 11, 7)),  # a circle for 〇, as web copies type it
        ("二0一四年七月十一日", dt.date(2014, 7, 11)),  # a figure 0 among the numerals
        ("2021年2月30日", None),  # no such day
    ],
)
def test_one_reader_of_dates(text: str, expected: dt.date | None) -> None:
    """Import, notices and check read dates with :func:`date_of` (three copies before)."""
    assert date_of(re.search(lexicon.DATE, text)) == expected
