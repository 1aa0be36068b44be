"""Word's automatic numbering (``word/numbering.xml``) turned into the labels it shows.

A paragraph is numbered by a ``w:numPr`` (list ``numId`` and level ``ilvl``) in its
own properties or in its paragraph style (``basedOn`` chain followed). The list
(``w:num``) points to an ``w:abstractNum`` whose ``w:lvl`` elements give, per
level, the start value, the number format (``chineseCounting`` 一、二, ``decimal``,
``ideographTraditional`` 甲乙, …), the label text (``%1、``, ``（%2）``, ``第%1条``)
and what follows the label (tab, space or nothing).

Counting follows Word: lists sharing one abstract definition share their
counters, unless the list restarts them (``w:startOverride``); using a level
restarts the levels below it (``w:lvlRestart`` may say otherwise); ``w:isLgl``
writes every level's number in decimal.

What follows the label: nothing when the label ends with a mark (``一、``,
``1.``, ``（一）``) or the level's suffix is ``nothing``; otherwise one space
(``第一条 ``), as a typed label would be followed. Bullets give no label.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from policydiff.zh.numbering import MAX_NUMBER, int_to_zh

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: Label ends after which no space is added (the label carries its own separator).
_MARK_ENDS = "、.．)）]】:：〕>》"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_DIGITS = "〇一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: ``w("p")``."""
    return f"{{{W_NS}}}{tag}"


def wval(el: Any, tag: str, default: str | None = None) -> str | None:
    """The ``w:val`` of child *tag* of *el*, or *default* when the child or value is missing."""
    child = el.find(w(tag)) if el is not None else None
    if child is None:
        return default
    value = child.get(w("val"))
    return default if value is None else str(value)


def _letters(n: int, upper: bool) -> str:
    # Word repeats the letter: a … z, aa … zz, aaa …
    letter = chr(ord("A" if upper else "a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _counting(n: int) -> str:
    return int_to_zh(n) if 1 <= n <= MAX_NUMBER else str(n)


def _cycle(chars: str) -> Callable[[int], str]:
    return lambda n: chars[(n - 1) % len(chars)] if n >= 1 else str(n)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(_FULLWIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(_FULLWIDTH),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "decimalEnclosedFullstop": lambda n: f"{n}.",
    "chineseCounting": _counting,
    "chineseCountingThousand": _counting,
    "taiwaneseCounting": _counting,
    "taiwaneseCountingThousand": _counting,
    "japaneseCounting": _counting,
    "ideographDigital": lambda n: "".join(_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: "".join(_LEGAL_DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": _cycle(_TIANGAN),
    "ideographZodiac": _cycle(_DIZHI),
    "upperLetter": lambda n: _letters(n, True),
    "lowerLetter": lambda n: _letters(n, False),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "none": lambda n: "",
}


def format_number(fmt: str, n: int) -> str:
    """*n* written in Word number format *fmt* (unknown formats as decimal)."""
    return _FORMATS.get(fmt, str)(n)


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list definition (``w:lvl``)."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"
    restart: int | None = None
    legal: bool = False
    style: str | None = None

    @classmethod
    def read(cls, el: Any) -> Level:
        """The level that a ``w:lvl`` element defines."""
        restart = wval(el, "lvlRestart")
        legal = el.find(w("isLgl"))
        return cls(
            start=_int(wval(el, "start"), 1),
            fmt=wval(el, "numFmt", "decimal") or "decimal",
            text=wval(el, "lvlText", "") or "",
            suffix=wval(el, "suff", "tab") or "tab",
            restart=None if restart is None else _int(restart, 0),
            legal=legal is not None and legal.get(w("val"), "1") not in ("0", "false", "off"),
            style=wval(el, "pStyle"),
        )


@dataclass(frozen=True, slots=True)
class ListDef:
    """A list (``w:num``): its levels and the key of the counters it shares."""

    key: str
    levels: dict[int, Level]


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class StyleInfo:
    """What a paragraph style says about numbering: its own numPr and its base style."""

    based_on: str | None
    num_id: str | None
    ilvl: int | None


def read_lists(numbering: Any) -> dict[str, ListDef]:
    """Every list of a ``w:numbering`` element by its ``numId``.

    A definition that only links to a list style (``w:numStyleLink``) takes the
    levels, and the counters, of the definition that defines that style (``w:styleLink``).
    """
    if numbering is None:
        return {}
    abstract = {
        str(a.get(w("abstractNumId"))): {_int(lvl.get(w("ilvl")), 0): Level.read(lvl) for lvl in a.iter(w("lvl"))}
        for a in numbering.iterfind(w("abstractNum"))
    }
    defines = {wval(a, "styleLink"): str(a.get(w("abstractNumId"))) for a in numbering.iterfind(w("abstractNum"))}
    links = {str(a.get(w("abstractNumId"))): wval(a, "numStyleLink") for a in numbering.iterfind(w("abstractNum"))}
    lists: dict[str, ListDef] = {}
    for num in numbering.iterfind(w("num")):
        num_id, abstract_id = str(num.get(w("numId"))), wval(num, "abstractNumId") or ""
        if not abstract.get(abstract_id) and links.get(abstract_id) in defines:
            abstract_id = defines[links[abstract_id]]
        levels = dict(abstract.get(abstract_id, {}))
        restarts = _apply_overrides(num, levels)
        lists[num_id] = ListDef(f"num:{num_id}" if restarts else f"abstract:{abstract_id}", levels)
    return lists


def _apply_overrides(num: Any, levels: dict[int, Level]) -> bool:
    """Apply a list's ``w:lvlOverride`` elements to *levels*; whether it had any (it then counts apart)."""
    restarts = False
    for override in num.iterfind(w("lvlOverride")):
        ilvl = _int(override.get(w("ilvl")), 0)
        lvl, start = override.find(w("lvl")), wval(override, "startOverride")
        if lvl is not None:
            levels[ilvl] = Level.read(lvl)
        if start is not None:
            levels[ilvl] = replace(levels.get(ilvl, Level()), start=_int(start, 1))
        restarts = True
    return restarts


def read_styles(styles: Any) -> tuple[dict[str, StyleInfo], str | None]:
    """Each paragraph style's numbering information, and the default paragraph style's id."""
    out: dict[str, StyleInfo] = {}
    default = None
    if styles is None:
        return out, None
    for style in styles.iterfind(w("style")):
        if style.get(w("type")) != "paragraph":
            continue
        sid = str(style.get(w("styleId")))
        if style.get(w("default")) in ("1", "true", "on"):
            default = sid
        num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
        ilvl = wval(num_pr, "ilvl")
        out[sid] = StyleInfo(wval(style, "basedOn"), wval(num_pr, "numId"), None if ilvl is None else _int(ilvl, 0))
    return out, default


@dataclass(slots=True)
class Numberer:
    """Gives each numbered paragraph its label, counting as Word counts (call in document order)."""

    lists: dict[str, ListDef]
    styles: dict[str, StyleInfo] = field(default_factory=dict)
    default_style: str | None = None
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, p: Any) -> str:
        """The label of paragraph element *p* with what follows it, or ``""`` if it is not numbered."""
        found = self._num_pr(p)
        if found is None:
            return ""
        num_id, ilvl = found
        lst = self.lists.get(num_id)
        if lst is None or ilvl not in lst.levels:
            return ""
        values = self._count(lst, ilvl)
        level = lst.levels[ilvl]
        if level.fmt == "bullet":
            return ""
        text = _expand(level.text, lst, values, level.legal)
        suffix = "" if not text or text[-1] in _MARK_ENDS or level.suffix == "nothing" else " "
        return text + suffix

    def _num_pr(self, p: Any) -> tuple[str, int] | None:
        p_pr = p.find(w("pPr"))
        num_pr = p_pr.find(w("numPr")) if p_pr is not None else None
        style = wval(p_pr, "pStyle") or self.default_style
        num_id, ilvl_text = wval(num_pr, "numId"), wval(num_pr, "ilvl")
        ilvl = None if ilvl_text is None else _int(ilvl_text, 0)
        for info in self._style_chain(style):
            num_id = num_id or info.num_id
            ilvl = info.ilvl if ilvl is None else ilvl
        if num_id is None or num_id == "0":
            return None
        if ilvl is None:
            lst = self.lists.get(num_id)
            ilvl = next((i for i, lvl in (lst.levels.items() if lst else ()) if style and lvl.style == style), 0)
        return num_id, ilvl

    def _style_chain(self, style: str | None) -> Iterator[StyleInfo]:
        seen: set[str] = set()
        while style and style in self.styles and style not in seen:
            seen.add(style)
            info = self.styles[style]
            yield info
            style = info.based_on

    def _count(self, lst: ListDef, ilvl: int) -> dict[int, int]:
        counts = self.counters.setdefault(lst.key, {})
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else lst.levels[ilvl].start
        for deeper in [d for d in counts if d > ilvl]:
            restart = lst.levels.get(deeper, Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counts[deeper]
        return counts


def _expand(text: str, lst: ListDef, values: dict[int, int], legal: bool) -> str:
    # %1 … %9 stand for the current number of levels 0 … 8.
    out, i = [], 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
            level_no = int(text[i + 1]) - 1
            level = lst.levels.get(level_no, Level())
            value = values.get(level_no, level.start)
            out.append(format_number("decimal" if legal else level.fmt, value))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
