"""Chinese legal numbering: numerals, numbered items and the labels that carry them.

Legal texts number their parts with Chinese numerals (第一百三十三条), inserted
articles with a 之N suffix (第一百三十三条之一) and list items with a handful of
label styles (三、 （十二） 12. （3） ①), some of them in variants typed with
ASCII or full-width characters ((十二) 12． １２． (3)).  This module converts between those
forms and integers, and recognises a label at the start of a line.

Numerals are read by :func:`zh_to_int` and written canonically by
:func:`int_to_zh` (二千, never 两千; 十一, never 一十一):

>>> zh_to_int("一百零三"), zh_to_int("两千零五"), zh_to_int("二〇二一")
(103, 2005, 2021)
>>> int_to_zh(1010)
'一千零一十'

A numbered item is a :class:`Num`; ``sub`` is the 之N suffix and sorts between
the item and the next one:

>>> sorted([Num(134), Num(133, 1), Num(133)])
[Num(value=133, sub=0), Num(value=133, sub=1), Num(value=134, sub=0)]
>>> format_label(LabelStyle.ARTICLE, Num(133, 1))
'第一百三十三条之一'
>>> parse_label("（六） 其他")
Label(style=<LabelStyle.ZH_PAREN: '（{zh}）'>, num=Num(value=6, sub=0), text='（六）', end=3)
>>> parse_label("1.5倍") is None
True
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from typing import Final, NamedTuple

from policydiff.errors import NumberingError
from policydiff.zh import lexicon
from policydiff.zh.lazyre import lazy

__all__ = [
    "MAX_NUMBER",
    "Label",
    "LabelStyle",
    "Num",
    "date_of",
    "format_label",
    "int_to_zh",
    "parse_label",
    "sort_key",
    "zh_to_int",
]

_CANONICAL_DIGITS: Final = "零一二三四五六七八九"
_ZH_DIGITS: Final = dict(zip(_CANONICAL_DIGITS, range(10), strict=True)) | {"〇": 0, "两": 2}
_ZH_UNITS: Final = {"十": 10, "百": 100, "千": 1000}
_ZEROS: Final = "零〇"
_UNIT_CHARS: Final = {1000: "千", 100: "百", 10: "十"}
_ARABIC_RE: Final = lazy(r"[0-9０-９]{1,4}")  # a label in figures: 12345. is no point
_WAN: Final = "万"
#: The largest number written: 九千九百九十九万九千九百九十九.
MAX_NUMBER: Final = 99_999_999
_FIRST_CIRCLE: Final = 0x2460  # ① ; ⑳ is 0x2473


def _bad(text: str) -> NumberingError:
    return NumberingError(f"not a Chinese numeral: {text!r}")


def zh_to_int(text: str) -> int:
    """Read a Chinese numeral (0..99,999,999) and return its value.

    Past 9999 the ten-thousands come first, then 万, then a thousands group or 零 and a
    smaller number: 一万, 一万零一, 一万一千, 十二万零三百 (``一万二`` is refused: it could be
    12000 or 10002).

    Three forms are accepted:

    * ASCII or full-width digits, one to four of them: ``12``, ``１２``.
    * Positional form, digit characters only (no 十百千): each character is one
      decimal place, 〇/零 included (二〇二一), at most four, no leading zero and
      no 两.  A lone character is its digit, so 零 and 〇 alone are 0.
    * Unit form: characters are scanned left to right; a digit is held until the
      next unit (十 百 千) multiplies it into the total, and a trailing digit is
      the ones place.  Units must step down one place at a time unless a single
      零/〇 stands for the skipped places.  十 may stand without a digit (十二,
      一百十二); 百 and 千 may not.  两 may only multiply 百 or 千.

    >>> [zh_to_int(t) for t in ("十", "一十二", "一百十二", "一千〇五", "两百")]
    [10, 12, 112, 1005, 200]
    >>> zh_to_int("二〇二一"), zh_to_int("１２"), zh_to_int("零")
    (2021, 12, 0)
    >>> zh_to_int("十十")
    Traceback (most recent call last):
    ...
    policydiff.errors.NumberingError: not a Chinese numeral: '十十'
    """
    if _ARABIC_RE.fullmatch(text):
        return int(text)  # int() reads full-width digits natively
    if _WAN in text:
        return _parse_wan(text)
    if text and all(ch in _ZH_DIGITS for ch in text):
        return _parse_positional(text)
    if text and all(ch in _ZH_DIGITS or ch in _ZH_UNITS for ch in text):
        return _parse_units(text)
    raise _bad(text)


def _parse_wan(text: str) -> int:
    """一万, 一万零一, 一万一千零一, 十二万三千: the ten-thousands, then what is below them."""
    try:
        return _wan_value(text)
    except NumberingError:
        raise _bad(text) from None


def _wan_value(text: str) -> int:
    high, _, low = text.partition(_WAN)
    if not high or _WAN in low:
        raise _bad(text)
    value = zh_to_int(high) * 10_000
    if not low:
        return value
    # Below the 万: a full thousands group (一万一千…), or 零 and a smaller number (一万零一十).
    if low[0] in _ZEROS:
        rest = zh_to_int(low[1:].removeprefix("一") if low[1:].startswith("一十") else low[1:])
        if not 0 < rest < 1000:
            raise _bad(text)
        return value + rest
    rest = zh_to_int(low)
    if rest < 1000 or "千" not in low:
        raise _bad(text)  # 一万二 could mean 12000 or 10002
    return value + rest


_ZERO_LOOKALIKES: Final = str.maketrans(dict.fromkeys(lexicon.ZERO_LOOKALIKES, "〇"))


def date_of(match: re.Match[str] | None) -> dt.date | None:
    """The date a :data:`~policydiff.zh.lexicon.DATE` match names (years such as 二○○八 with a
    circle for 〇 included), or None for no match or no such day (2021年2月30日)."""
    if match is None:
        return None
    year = match["y"] if match["y"].isascii() else match["y"].translate(_ZERO_LOOKALIKES)
    try:
        return dt.date(zh_to_int(year), zh_to_int(match["m"]), zh_to_int(match["d"]))
    except (NumberingError, ValueError):
        return None


def _parse_positional(text: str) -> int:
    if len(text) == 1:
        return _ZH_DIGITS[text]
    # 两 is a counting word, never a written digit in a year-like run (二〇二一).
    if len(text) > 4 or text[0] in _ZEROS or "两" in text:
        raise _bad(text)
    return int("".join(str(_ZH_DIGITS[ch]) for ch in text))


def _parse_units(text: str) -> int:
    total, prev_unit, pending, zero = 0, 0, "", False
    for ch in text:
        if ch in _ZH_UNITS:
            unit = _ZH_UNITS[ch]
            if not _step_ok(pending, unit, prev_unit, zero):
                raise _bad(text)
            total += (_ZH_DIGITS[pending] if pending else 1) * unit
            prev_unit, pending, zero = unit, "", False
        elif ch in _ZEROS:
            if pending or zero or not total:
                raise _bad(text)
            zero = True
        elif pending:
            raise _bad(text)
        else:
            pending = ch
    if pending and _step_ok(pending, 1, prev_unit, zero):
        return total + _ZH_DIGITS[pending]
    if pending or zero:
        raise _bad(text)
    return total


def _step_ok(pending: str, unit: int, prev_unit: int, zero: bool) -> bool:
    if pending == "两" and unit < 100:
        return False
    if not pending and unit != 10:
        return False
    if not prev_unit:
        return True
    # Without 零 a missing place is ambiguous (一千二 could mean 1200 or 1002).
    return unit * 10 < prev_unit if zero else unit * 10 == prev_unit


def int_to_zh(n: int) -> str:
    """Write *n* (1..99,999,999) as a canonical legal Chinese numeral.

    >>> [int_to_zh(n) for n in (1, 10, 11, 20, 101, 110, 1001, 2000)]
    ['一', '十', '十一', '二十', '一百零一', '一百一十', '一千零一', '二千']
    >>> [int_to_zh(n) for n in (10000, 10001, 10010, 11000, 120300)]
    ['一万', '一万零一', '一万零一十', '一万一千', '十二万零三百']
    """
    if not 1 <= n <= MAX_NUMBER:
        raise NumberingError(f"number out of range 1..{MAX_NUMBER}: {n}")
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        if not low:
            return int_to_zh(high) + _WAN
        small = int_to_zh(low)
        if low < 1000:  # 一万零一十: after 零, 十 is written with its 一
            small = "零" + ("一" + small if 10 <= low < 20 else small)
        return int_to_zh(high) + _WAN + small
    parts: list[str] = []
    zero = False
    for unit in (1000, 100, 10, 1):
        digit = n // unit % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        if not (unit == 10 and digit == 1 and not parts):  # 十一, but 一百一十
            parts.append(_CANONICAL_DIGITS[digit])
        parts.append(_UNIT_CHARS.get(unit, ""))
    return "".join(parts)


class _NumFields(NamedTuple):
    value: int
    sub: int = 0


class Num(_NumFields):
    """A numbered item: ``value`` plus the 之N insertion suffix ``sub`` (0 = none).

    Items order by ``(value, sub)``, so 第一百三十三条之一 sits between 第一百三十三条
    and 第一百三十四条.

    >>> Num.parse_zh("一百三十三之一")
    Num(value=133, sub=1)
    >>> n = Num(133, 1)
    >>> n.zh, n.arabic, str(Num(7))
    ('一百三十三之一', '133-1', '7')

    A named tuple (checked as it is made), not a frozen dataclass: the class costs some 1 ms
    less to create at every start, and a number is made for every provision read.
    """

    __slots__ = ()

    def __new__(cls, value: int, sub: int = 0) -> Num:
        if value < 1 or sub < 0:
            raise NumberingError(f"invalid number: value={value}, sub={sub}")
        return super().__new__(cls, value, sub)

    @property
    def key(self) -> tuple[int, int]:
        """Sort key ``(value, sub)``."""
        return (self.value, self.sub)

    @property
    def zh(self) -> str:
        """Chinese form, e.g. ``一百三十三之一``."""
        suffix = "之" + int_to_zh(self.sub) if self.sub else ""
        return int_to_zh(self.value) + suffix

    @property
    def arabic(self) -> str:
        """Arabic form for ids, e.g. ``133-1``."""
        return f"{self.value}-{self.sub}" if self.sub else str(self.value)

    @classmethod
    def parse_zh(cls, text: str) -> Num:
        """Parse ``一百三十三之一`` or ``133之一`` into a :class:`Num`."""
        head, sep, tail = text.partition("之")
        value = zh_to_int(head)
        sub = zh_to_int(tail) if sep else 0
        if value < 1 or (sep and sub < 1):
            raise NumberingError(f"not a numbered item: {text!r}")
        return cls(value, sub)

    def __str__(self) -> str:
        return self.arabic

    def __lt__(self, other: object) -> bool:
        return self.key < other.key if isinstance(other, Num) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self.key <= other.key if isinstance(other, Num) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self.key > other.key if isinstance(other, Num) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self.key >= other.key if isinstance(other, Num) else NotImplemented


def sort_key(num: Num) -> tuple[int, int]:
    """Sort key of *num*; same as ``num.key``."""
    return num.key


class LabelStyle(enum.Enum):
    """How a label wraps its number; the value is the format pattern."""

    ARTICLE = "第{zh}条"
    CHAPTER = "第{zh}章"
    SECTION = "第{zh}节"
    PART = "第{zh}编"
    SUBPART = "第{zh}分编"
    ZH_COMMA = "{zh}、"
    ZH_PAREN = "（{zh}）"
    ARABIC_DOT = "{n}."
    ARABIC_COMMA = "{n}、"
    ARABIC_PAREN = "（{n}）"
    ARABIC_CIRCLE = "{circle}"
    # Variants: the same label typed with other characters ({fn} is full-width digits).
    ZH_PAREN_ASCII = "({zh})"
    ARABIC_PAREN_ASCII = "({n})"
    ARABIC_FULLSTOP = "{n}．"
    FULLWIDTH_FULLSTOP = "{fn}．"

    @property
    def supports_sub(self) -> bool:
        """Whether the style has a 之N form (only the 第…X styles do)."""
        return self.value.startswith("第")

    @property
    def canonical(self) -> LabelStyle:
        """The main style of this style's variant family: ``(一)`` is a variant of ``（一）``.

        >>> LabelStyle.ZH_PAREN_ASCII.canonical, LabelStyle.ARABIC_COMMA.canonical
        (<LabelStyle.ZH_PAREN: '（{zh}）'>, <LabelStyle.ARABIC_COMMA: '{n}、'>)
        """
        return _CANONICAL.get(self, self)


_CANONICAL: Final = {
    LabelStyle.ZH_PAREN_ASCII: LabelStyle.ZH_PAREN,
    LabelStyle.ARABIC_PAREN_ASCII: LabelStyle.ARABIC_PAREN,
    LabelStyle.ARABIC_FULLSTOP: LabelStyle.ARABIC_DOT,
    LabelStyle.FULLWIDTH_FULLSTOP: LabelStyle.ARABIC_DOT,
}
_TO_FULLWIDTH: Final = str.maketrans("0123456789", "０１２３４５６７８９")


def format_label(style: LabelStyle, num: Num) -> str:
    """Write *num* as a label of *style*.

    >>> format_label(LabelStyle.ZH_PAREN, Num(12)), format_label(LabelStyle.ARABIC_DOT, Num(12))
    ('（十二）', '12.')
    >>> format_label(LabelStyle.ZH_PAREN_ASCII, Num(6)), format_label(LabelStyle.FULLWIDTH_FULLSTOP, Num(12))
    ('(六)', '１２．')
    """
    return _label(style, num.value, num.sub)


# Kept: a diff asks for the label of every provision it shows and of every provision above one,
# mostly the same few hundred (789 labels, 1.4 µs each, for the constitution v1 → v6). Bounded, for
# a long-running process; an impossible label raises, which the cache does not keep.
@functools.lru_cache(maxsize=4096)
def _label(style: LabelStyle, value: int, sub: int) -> str:
    if sub and not style.supports_sub:
        raise NumberingError(f"style {style.name} has no 之N form")
    if style is LabelStyle.ARABIC_CIRCLE:
        if value > 20:
            raise NumberingError(f"no circled digit for {value}")
        return chr(_FIRST_CIRCLE + value - 1)
    pattern: str = style.value
    zh = int_to_zh(value) if "{zh}" in pattern else ""
    label = pattern.format(zh=zh, n=value, fn=str(value).translate(_TO_FULLWIDTH))
    return label + "之" + int_to_zh(sub) if sub else label


class Label(NamedTuple):  # not a frozen dataclass: made at every start, a dataclass costs 0.4 ms more
    """A label found at the start of a line; ``end`` is where its own chars end."""

    style: LabelStyle
    num: Num
    text: str
    end: int


_ZH_CLASS: Final = lexicon.NUMERAL_CHARS
_DIGIT_CLASS: Final = lexicon.FIGURE_CHARS
_SPACE: Final = "[ \u3000]*"
# Each non-第 branch has exactly one group, named after its style, so
# ``match.lastgroup`` names the style.
_LABEL_RE: Final = lazy(
    rf"第{_SPACE}(?P<num>[{_ZH_CLASS}{_DIGIT_CLASS}]+){_SPACE}(?P<unit>{lexicon.LABEL_UNIT})"
    rf"(?:之(?P<sub>[{_ZH_CLASS}{_DIGIT_CLASS}]+))?"
    rf"|[（(](?P<ZH_PAREN>[{_ZH_CLASS}]+)[）)]"
    rf"|[（(](?P<ARABIC_PAREN>[{_DIGIT_CLASS}]+)[）)]"
    # A digit right after the dot makes it a decimal (1.5倍), not a label.
    rf"|(?P<ARABIC_DOT>[{_DIGIT_CLASS}]+)[.．](?![{_DIGIT_CLASS}])"
    rf"|(?P<ARABIC_COMMA>[{_DIGIT_CLASS}]+)、"
    rf"|(?P<ZH_COMMA>[{_ZH_CLASS}]+)、"
    r"|(?P<ARABIC_CIRCLE>[①-⑳])"
)
# 第{zh}分编 -> 分编, 第{zh}条 -> 条, ...
_UNIT_STYLES: Final = {s.value[5:]: s for s in LabelStyle if s.supports_sub}


def parse_label(line: str) -> Label | None:
    """Recognise a label at the very start of *line*, or return None.

    Whether a syntactic label really starts an item (第三条规定的…) is left to
    the caller. The style is the variant actually typed: ``(六)`` is
    ``ZH_PAREN_ASCII``, ``1．`` is ``ARABIC_FULLSTOP``, ``１．`` is
    ``FULLWIDTH_FULLSTOP``; a label mixing the forms (``(六）``) gets the main
    style of its family (:attr:`LabelStyle.canonical`).

    >>> parse_label("第十条之规定")
    Label(style=<LabelStyle.ARTICLE: '第{zh}条'>, num=Num(value=10, sub=0), text='第十条', end=3)
    >>> parse_label("十分重要") is None
    True
    """
    match = _LABEL_RE.match(line)
    if match is None:
        return None
    try:
        return _build_label(line, match)
    except NumberingError:
        return None


def _build_label(line: str, match: re.Match[str]) -> Label:
    if match["unit"] is not None:
        return _ordinal_label(line, match)
    style = LabelStyle[match.lastgroup or ""]
    circle = style is LabelStyle.ARABIC_CIRCLE
    value = ord(match[0]) - _FIRST_CIRCLE + 1 if circle else zh_to_int(match[style.name])
    return Label(_variant(style, match[0]), Num(value), match[0], match.end())


def _variant(style: LabelStyle, text: str) -> LabelStyle:
    """The variant of *style* that *text* is typed in; mixed forms (``(六）``, ``１2.``) are the main style."""
    if style in (LabelStyle.ZH_PAREN, LabelStyle.ARABIC_PAREN) and text[0] + text[-1] == "()":
        return LabelStyle.ZH_PAREN_ASCII if style is LabelStyle.ZH_PAREN else LabelStyle.ARABIC_PAREN_ASCII
    if style is not LabelStyle.ARABIC_DOT or text[-1] != "．":
        return style
    digits = text[:-1]
    if digits.isascii():
        return LabelStyle.ARABIC_FULLSTOP
    return LabelStyle.FULLWIDTH_FULLSTOP if all("０" <= ch <= "９" for ch in digits) else style


def _ordinal_label(line: str, match: re.Match[str]) -> Label:
    value = zh_to_int(match["num"])
    sub = _sub_or_zero(match["sub"]) if match["sub"] is not None else 0
    end = match.end("sub") if sub else match.end("unit")
    style = _UNIT_STYLES[match["unit"]]
    return Label(style, Num(value, sub), line[:end], end)


def _sub_or_zero(text: str) -> int:
    # A 之 run that is no valid numeral (之十十) is prose, not a suffix.
    try:
        return zh_to_int(text)
    except NumberingError:
        return 0
