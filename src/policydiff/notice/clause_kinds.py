"""The paragraphs of an instrument that change no text, by kind, and the marks it is typed with.

An instrument carries, besides its items, paragraphs that change no text: they must be kept
(they carry dates, numbers and status) and never read as edits. :data:`CLAUSES` is their rule
table, tried in order on a paragraph without its quotations; add a kind by adding a row.

=============== ====================================================================
kind            example
=============== ====================================================================
promulgation    《…的决定》已经…会议通过，现予公布，自公布之日起施行。
number          中华人民共和国国务院令 第645号; （第46号）; 交通运输部令2023年第14号
title           西安市人民代表大会常务委员会关于修改《西安市城市绿化管理条例》的决定
adoption        （2004年6月30日…通过　2004年8月3日…批准）; 2007年3月28日…会议通过
signature       总理　李克强; 省 长 陈政高
issuer          西安市人民代表大会常务委员会 (a line naming the issuing body)
approval        …对…报请批准的《…》进行了审查，决定予以批准
effect-rule     未修订的条款自…起实施，修订的条款自本文件发文之日起实施
disapplication  …不再适用
repeal          废止《…》; 《…》、《…》予以废止 (whole documents: ``apply NOTICE`` records their repeal)
commencement    本修正案自…起施行; 本修改决定自公布之日起施行
republication   …根据本决定作相应修改，重新公布
lead-in         …作如下修改：; 修订内容如下：; …会议决定：
attachment      附件：…
closing         特此通知; 请…遵照执行; 抄送…; …印发
=============== ====================================================================

:func:`normalise_marks` reads quotations typed ``"…"`` or ``「…」`` as ``“…”``, so that one
scanner (:mod:`.quotes`) serves every source.
"""

from __future__ import annotations

from policydiff.notice import prefilter
from policydiff.zh import lexicon
from policydiff.zh.lazyre import LazyPattern, lazy
from policydiff.zh.literals import may_match

_CLOSING = r"^(?:特此(?:通知|决定|公告)。?|请.{0,40}(?:遵照|贯彻|认真)执行。?|抄送.*|.*印发|[（(]此件.*[）)])$"
_ORDER = r"(?:令|公告|通告)"
_NO = rf"第\s*{lexicon.NUMERAL}\s*号"
_NUMBER_LINE = (
    rf"^(?:.{{0,30}}{_ORDER}\s*[（(]?\s*(?:\d{{4}}\s*年\s*)?{_NO}\s*[）)]?"
    rf"|[（(]?\s*{_NO}\s*[）)]?|{_NO}\s*.{{0,20}}{_ORDER}|{lexicon.DOC_NUMBER}|[\[［]\d{{4}}[\]］]\s*\d+\s*号)$"
)
_OFFICE = lexicon.SIGNING_OFFICE
_ORGAN = lexicon.ISSUING_BODY
#: 附件：…; and the headings of an annex that lists documents (1.国务院决定修改的行政法规).
_ATTACHMENT = (
    r"^附\s*件\s*\d*\s*[：:]."
    r"|(?:修订|修改)(?:后的?|内容)?(?:文本|对照表|对照文本)$"  # 《…》修订后文本, 修订对照表
    r"|^\d+[.．、][^。，]{0,30}决定(?:废止|修改)的[^。，]{0,20}$"  # 1.国务院决定修改的行政法规
)
#: 废止《A》、《B》。 / 对《A》予以废止。: documents named, each whole. A count (对4件规章予以废止) names
#: none: it stays an item, and the item rule refuses it.
_TITLES = r"《[^《》]+》(?:[、和及]《[^《》]+》)*"
_LABEL = rf"(?:{lexicon.NUMERAL}、|[（(]{lexicon.NUMERAL}[）)]|\d+[.．、])"
_REPEAL = rf"^{_LABEL}?(?:废止{_TITLES}|对?{_TITLES}(?:予以|一并)?废止)。?$"
_COMMENCEMENT = rf"^(?:本(?:修正案|修改决定|{lexicon.DOC_KIND}))?自[^。]{{1,40}}?起(?:施行|实施|生效)。?$"
_LEAD_IN = (
    r"如下[^。：:]{0,12}\s*[：:]$|决定[：:]$|修改下列[^。]{0,20}[：:]$"
    r"|^[^第“]{0,60}(?:予以|进行|作出)修改[。：:]?(?:[（(]附件\d*[）)])?$"  # 对21部…予以修改。（附件1）
)
_TITLE = rf"^[^。，,：:]{{0,60}}关于[^。]{{2,120}}(?:决定|决议|通知|{'|'.join(('修正案', '通告', '公告'))})$"
_ADOPTION = (
    rf"^(?:[（(][^（）()]{{0,10}}{lexicon.DATE_WORDS}[^（）()]{{0,200}}(?:通过|批准|公布|发布)[^（）()]{{0,200}}[）)]"
    rf"|{lexicon.DATE_WORDS}[^。，,：:]{{0,80}}(?:通过|批准|公布))$"
)

#: The kinds of paragraph that change no text, most specific first.
CLAUSES: tuple[tuple[str, LazyPattern], ...] = (
    ("promulgation", lazy(r"(?:现予|予以|现予以)(?:公布|发布|印发)|^《[^》]+》(?:已经|业经|已由|已于)")),
    ("number", lazy(_NUMBER_LINE)),
    ("title", lazy(_TITLE)),
    ("adoption", lazy(_ADOPTION)),
    ("signature", lazy(rf"^{_OFFICE}[ \u3000]*{lexicon.HAN}{{2,4}}$")),
    ("recipients", lazy(r"^各[^。，,“”]{1,40}[：:]$")),
    ("issuer", lazy(rf"^(?:{lexicon.HAN}|[（）()]){{2,40}}{_ORGAN}$")),
    ("approval", lazy(r"报请批准|决定予以批准|予以批准[。，]")),
    ("effect-rule", lazy(r"(?:修订|修改|修正)的(?:条款|部分|内容)[^，。；]{0,6}自")),
    ("disapplication", lazy(r"不再适用")),
    ("repeal", lazy(_REPEAL)),
    ("commencement", lazy(_COMMENCEMENT)),
    ("republication", lazy(r"重新(?:公布|发布|印发)")),
    ("lead-in", lazy(_LEAD_IN)),
    ("attachment", lazy(_ATTACHMENT)),
    ("closing", lazy(_CLOSING)),
)
#: Every clause kind, ``unknown`` last.
CLAUSE_KINDS = (*(kind for kind, _ in CLAUSES), "unknown")


def clause_kind(text: str) -> str | None:
    """The kind of the paragraph *text* (without its quotations), or None for an edit or unknown wording."""
    # A kind whose pattern needs a word the paragraph lacks is passed over uncompiled (.prefilter).
    return next(
        (kind for kind, pattern in CLAUSES if may_match(prefilter.needs(pattern), text) and pattern.search(text)), None
    )


_CORNER = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def normalise_marks(text: str) -> str:
    """Quotations typed ``"…"`` or ``「…」`` read as ``“…”``; other text is unchanged.

    A straight ``"`` opens a quotation when none is open, or at the start of a paragraph (the
    NPC reopening of a multi-paragraph quotation); otherwise it closes the open one.
    """
    text = text.translate(_CORNER)
    if '"' not in text:
        return text
    out, depth = [], 0
    for i, ch in enumerate(text):
        if ch == '"':
            opens = depth == 0 or i == 0 or text[i - 1] == "\n"
            depth = depth + 1 if opens and depth == 0 else (depth if opens else depth - 1)
            ch = "“" if opens else "”"
        elif ch == "“":
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
        out.append(ch)
    return "".join(out)


__all__ = ["CLAUSES", "CLAUSE_KINDS", "clause_kind", "normalise_marks"]
