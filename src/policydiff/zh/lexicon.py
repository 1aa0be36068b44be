"""The vocabulary of Chinese legal drafting, in one place.

Every part of policydiff that reads Chinese legal text (import, notices, cross-references,
draft, checks) takes its words from here, so that a word added here is understood
everywhere at once. This docstring is the reference of the words.

**Numerals.** Provisions are numbered in Chinese numerals (第一百三十三条), sometimes in
figures (第 9 点, 第１２条); an inserted article carries 之N (第一百三十三条之一).

>>> import re
>>> re.fullmatch(NUMERAL, "一百零三") is not None, re.fullmatch(NUMERAL, "１２") is not None
(True, True)

**Units** (:data:`UNITS`), outermost first, with the provision kind each names:

====== ==== ============ ===================================================
unit   rank kind         numbered
====== ==== ============ ===================================================
编      0    part         through the document (第一编)
分编    1    subpart      through the document (民法典 第一分编)
章      2    chapter      through the document
节      3    section      through the document
序言    4    preamble     not numbered (宪法序言); 引言 is the same place
条      4    article      through the document
款      5    paragraph    counted inside its article (the article's own text is 第一款)
自然段  5    paragraph    counted inside its provision (宪法序言第七自然段); also 段
项      6    item         inside its parent （一）
目 点   7    point        inside its parent 1.
句      8    —            a sentence of the provision's text
====== ==== ============ ===================================================

>>> UNIT_RANK["分编"], UNIT_KIND["分编"], KIND_UNIT["subpart"]
(1, 'subpart', '分编')

**Self-references.** A document names itself 本 + its kind: 本法, 本条例, 本规定, 本办法,
本细则, 本实施细则, 本解释, 本决定, 本规则, 本章程, 本制度, 本文, … (:data:`DOC_KINDS`).
A notice may also name the document by its title in 《》 or, in NPC amendments, by the
short name of a code (刑法, 宪法, 民法典).

>>> re.fullmatch(SELF_REFERENCE, "本实施细则") is not None
True

**Referring words** (:data:`REFERRING`) name the provision just named: 该条, 本条, 这一款, …

**Dates** are written in figures or Chinese numerals (:data:`DATE`: 2021年5月12日,
二〇二一年五月十二日); **document numbers** as 闽卫院委宣〔2021〕6号 (:data:`DOC_NUMBER`).

**Titles** of the same document are written in several ways: 《》 or 〈〉 inside a decision,
with or without 中华人民共和国, with full- or half-width brackets and stray spaces.
:func:`title_key` reduces a title to what must be equal for two titles to name one document.

>>> title_key("《中华人民共和国 统计法》") == title_key("统计法")
True
>>> title_key("〈城市供水条例(试行)〉") == title_key("城市供水条例（试行）")
True
>>> title_key("统计法") == title_key("统计法实施条例")
False
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, NamedTuple

from policydiff.zh.lazyre import lazy

# --- numerals ---------------------------------------------------------------------------

#: The CJK Unified Ideographs block, its first and last character: most characters of a text.
UNIFIED_IDEOGRAPHS: Final = ("\u4e00", "\u9fff")
#: The Han ideographs as a character class: the unified block, extension A, the compatibility
#: block and the supplementary planes (names, organs and 职权 in a notice are written in these).
HAN: Final = f"[\u3400-\u4dbf{'-'.join(UNIFIED_IDEOGRAPHS)}\uf900-\ufaff\U00020000-\U0003ffff]"
#: Chinese text as a character class: the Han ideographs, CJK punctuation, kana and the
#: full-width forms. Import joins a line break or space between two of them; a UTF-16 file is
#: text when most are these.
CHINESE_CHARACTER: Final = f"[\u3000-\u30ff{HAN[1:-1]}\uff00-\uffef]"

#: The characters of Chinese numerals, in positional (二〇二一) and unit (一百零三) forms.
NUMERAL_CHARS: Final = "零〇一二两三四五六七八九十百千万"
#: Figures as numbers are typed in legal texts: ASCII and full-width.
FIGURE_CHARS: Final = "0-9０-９"
#: A number in Chinese numerals only (how articles are numbered).
ZH_NUMERAL: Final = f"[{NUMERAL_CHARS}]+"
#: A number in Chinese numerals or figures (第三条, 第 9 点, 第１２条).
NUMERAL: Final = f"[{NUMERAL_CHARS}{FIGURE_CHARS}]+"
#: The numeral of a 之N suffix (第一百三十三条之一).
SUB_NUMERAL: Final = "[一二三四五六七八九十]+"


# --- units --------------------------------------------------------------------------------


class Unit(NamedTuple):  # not a frozen dataclass: made at every start, a dataclass costs 0.4 ms more
    """A unit of address: its word, nesting rank, the provision kind it names, how it is numbered."""

    word: str
    rank: int
    kind: str | None
    through: bool = False


#: The units of address, outermost first (see the module docstring).
UNITS: Final = (
    Unit("编", 0, "part", through=True),
    Unit("分编", 1, "subpart", through=True),
    Unit("章", 2, "chapter", through=True),
    Unit("节", 3, "section", through=True),
    Unit("序言", 4, "preamble"),
    Unit("引言", 4, "preamble"),
    Unit("条", 4, "article", through=True),
    Unit("款", 5, "paragraph"),
    Unit("条首", 5, None),
    Unit("自然段", 5, "paragraph"),
    Unit("段", 5, "paragraph"),
    Unit("项", 6, "item"),
    Unit("目", 7, "point"),
    Unit("点", 7, "point"),
    Unit("句", 8, None),
)
UNIT_RANK: Final = {u.word: u.rank for u in UNITS}
UNIT_KIND: Final = {u.word: u.kind for u in UNITS if u.kind is not None}
#: Units numbered through the whole document: found anywhere, not inside a parent.
THROUGH: Final = frozenset(u.word for u in UNITS if u.through)
#: The unit that names a provision kind in a notice (point: 点, paragraph: 款).
KIND_UNIT: Final = {
    "part": "编", "subpart": "分编", "chapter": "章", "section": "节", "article": "条",
    "paragraph": "款", "item": "项", "point": "点",
}  # fmt: skip


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    # Longest first, so that 分编 is tried before 编 and 自然段 before 段.
    return "|".join(sorted(words, key=len, reverse=True))


#: The structural units a number can precede: 第X编 … 第X点.
STRUCTURE_UNIT: Final = _alternation(["编", "分编", "章", "节", "条", "款", "项", "目", "点"])
#: Every unit a numbered address step can have (structural ones, 自然段, 段 and 句).
NUMBERED_UNIT: Final = _alternation(["编", "分编", "章", "节", "条", "款", "项", "目", "点", "自然段", "段", "句"])
#: The units whose label is 第X… in the text itself (items and points have their own labels).
LABEL_UNIT: Final = _alternation(["分编", "编", "条", "章", "节"])
#: A numbered address step: 第三条, 第（二）项, 第 9 点, 第一百三十三条之一.
STEP: Final = rf"第\s*[（(]?\s*(?P<num>{NUMERAL})\s*[）)]?\s*(?P<unit>{NUMBERED_UNIT})(?:之(?P<sub>{SUB_NUMERAL}))?"

# --- naming the document ------------------------------------------------------------------

#: The kinds of instrument a document calls itself by (本法, 本办法, …).
DOC_KINDS: Final = (
    "法", "条例", "规定", "办法", "细则", "实施细则", "实施办法", "暂行规定", "暂行办法", "规则", "解释",
    "决定", "准则", "制度", "章程", "通知", "意见", "方案", "标准", "规范", "纲要", "守则", "规程",
    "文", "文件", "条款",
)  # fmt: skip
DOC_KIND: Final = _alternation(list(DOC_KINDS))
#: How a document names itself: 本 + its kind.
SELF_REFERENCE: Final = rf"本(?:{DOC_KIND})"
#: Codes that NPC amendments name bare, without 《》 (将刑法第一百六十八条修改为).
SHORT_NAMES: Final = ("刑法", "宪法", "民法典")
#: How a preamble is headed (序言, with a full-width or a plain space between its characters).
PREAMBLE_HEADINGS: Final = ("序言", "序　言", "序 言")
#: A document named before an address: itself, a short name, a title in 《》 or 〈〉, or its kind
#: alone as institutions write it (原章程第二十一条, 公司章程第三条, 办法第五条).
DOCUMENT_NAME: Final = (
    rf"(?:{SELF_REFERENCE}|{_alternation(list(SHORT_NAMES))}|《[^》]+》|〈[^〉]+〉"
    rf"|(?:原|现行)?(?:公司)?(?:章程|办法|细则|规定|规则|条例|制度))"
)

#: Words that name the provision just named, and its unit (将该条修改为, 这一款相应修改为).
REFERRING: Final = {
    "该条": "条", "本条": "条", "这一条": "条", "此条": "条",
    "该款": "款", "本款": "款", "这一款": "款", "此款": "款",
    "该项": "项", "本项": "项", "这一项": "项",
    "该点": "点", "本点": "点",
    "这一自然段": "自然段", "该自然段": "自然段", "这一段": "段", "该段": "段",
}  # fmt: skip
REFERRING_WORD: Final = _alternation(list(REFERRING))
#: What may name the provision just named before an address or 中: the referring words, and 其
#: (其中的“A”: the words in it).
REFERRING_PATTERN: Final = rf"(?:{REFERRING_WORD}|其(?=中))"

#: The kind of body that issues an instrument, as the end of its name (西安市人民代表大会常务委员会).
ISSUING_BODY: Final = "(?:委员会|人民政府|政府|法院|检察院|部|局|署|总局|交易所|公司|大学|学院|医院|办公室|办公厅)"
#: The offices whose holders sign instruments (总理　李克强; 省 长 陈政高).
SIGNING_OFFICE: Final = "(?:{}|委员长)".format(
    "|".join(
        rf"{office[0]}\s*{office[1]}"
        for office in (
            "总理",
            "省长",
            "市长",
            "区长",
            "州长",
            "县长",
            "主席",
            "部长",
            "主任",
            "局长",
            "署长",
            "行长",
            "院长",
        )
    )
)

# --- dates, numbers, notes ----------------------------------------------------------------

_DIGITS: Final = "〇零一二三四五六七八九"
#: What stands for 〇 in years as typed: ○ (a circle), Ｏ and O (letters), 0 (a figure).
ZERO_LOOKALIKES: Final = "○ＯO0０"
#: A date in figures or Chinese numerals; groups ``y``, ``m``, ``d``.
DATE: Final = (
    rf"(?P<y>\d{{4}}|[{_DIGITS}{ZERO_LOOKALIKES}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_DIGITS}十]{{1,2}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{_DIGITS}十]{{1,3}})\s*日"
)
#: The same date without named groups, to use several times in one pattern.
DATE_WORDS: Final = re.sub(r"\(\?P<\w+>", "(?:", DATE)
#: A document number: 闽卫院委宣〔2021〕6号, 法释[2020]17号.
DOC_NUMBER: Final = r"\S{1,20}?[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号"
#: The verbs of an adoption note: 经…会议通过, 党委会研究审议.
ADOPTION_VERBS: Final = ("通过", "审议", "研究", "讨论")
#: The line ending the metadata block of the corpus Markdown.
INFO_END: Final = "<!-- INFO END -->"

# --- titles -------------------------------------------------------------------------------

_COUNTRY: Final = "中华人民共和国"
_TITLE_MARKS: Final = lazy(r"[《》〈〉<>\s]")  # lazy: most commands (a diff) never compare titles


def title_key(title: str) -> str:
    """What must be equal for two titles to name one document.

    Book-title marks (《》〈〉), 中华人民共和国 at the start, spaces and the width of brackets
    and letters do not count; every other character does.
    """
    text = unicodedata.normalize("NFKC", title)
    text = _TITLE_MARKS.sub("", text)
    return text.removeprefix(_COUNTRY)


_BOOK_TITLE: Final = lazy(r"《([^《》]+)》")
_INNER_TITLE: Final = lazy(r"〈([^〈〉]+)〉")


def book_titles(text: str) -> list[str]:
    """The titles *text* names in 《》 (a 〈〉 inside one stays part of it: 《关于修改〈X〉的决定》), or
    in 〈〉 when it has no 《》; in order, repeats kept."""
    return _BOOK_TITLE.findall(text) or _INNER_TITLE.findall(text)


def same_title(a: str, b: str) -> bool:
    """Whether titles *a* and *b* name the same document (:func:`title_key`)."""
    return title_key(a) == title_key(b)


__all__ = [
    "ADOPTION_VERBS",
    "DATE",
    "DATE_WORDS",
    "DOCUMENT_NAME",
    "DOC_KIND",
    "DOC_KINDS",
    "DOC_NUMBER",
    "FIGURE_CHARS",
    "INFO_END",
    "ISSUING_BODY",
    "KIND_UNIT",
    "LABEL_UNIT",
    "NUMBERED_UNIT",
    "NUMERAL",
    "NUMERAL_CHARS",
    "REFERRING",
    "REFERRING_PATTERN",
    "REFERRING_WORD",
    "SELF_REFERENCE",
    "SHORT_NAMES",
    "SIGNING_OFFICE",
    "STEP",
    "STRUCTURE_UNIT",
    "SUB_NUMERAL",
    "THROUGH",
    "UNITS",
    "UNIT_KIND",
    "UNIT_RANK",
    "ZERO_LOOKALIKES",
    "ZH_NUMERAL",
    "Unit",
    "book_titles",
    "same_title",
    "title_key",
]
