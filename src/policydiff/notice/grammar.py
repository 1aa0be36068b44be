"""The pieces the wording table's patterns are built of (:data:`~policydiff.notice.rules.RULES`).

They match a clause's *skeleton*, in which every quotation is ``⟨n⟩``: an address (``ADDR``:
本办法第三条第（二）项, 该条第二款, 其中), a quotation (``Q``), the verbs of each operation
(``TO_VERB`` 修改为 / 改为 / 调整为 …, ``ADD`` 增加 / 新增 …, ``DEL`` 删去 / 删除), the colon that
introduces new words (``C``: ：, ，即：, 内容为：) and lists of provisions and quotations.
The words themselves come from :mod:`policydiff.zh.lexicon`.
"""

from __future__ import annotations

from policydiff.notice.renumbering import UNIT, N
from policydiff.zh import lexicon

#: One step of an address: 第三条, 第（二）项, 第 9 点, 第一百三十三条之一, 序言, 后两句; and 题注, 附件,
#: 附录, which resolve only to say that the stored text does not hold them.
STEP = (
    rf"(?:第\s*[（(]?\s*{N}\s*[）)]?\s*{UNIT}(?:之{lexicon.SUB_NUMERAL})?"
    r"|序言|引言|题注|附件|附录|[前后][两二三四五]句)"
)
DOC = rf"(?:{lexicon.DOCUMENT_NAME}的?)?原?"
ONE = rf"{DOC}{STEP}(?:\s*{STEP})*"
REFERRING = lexicon.REFERRING_PATTERN
ADDR = rf"(?P<addr>{REFERRING}?{ONE}|{REFERRING}|名称|标题)"
Q = r"⟨(?P<{}>\d+)⟩"
INTRO = r"(?:，?(?:即|内容为|内容如下|规定为|表述为|章名为|节名为))?"
C = rf"{INTRO}[：:]"  # 修改为：“…”; 修改为，即：“…”; 增加一条，内容为：“…”
C_OPT = rf"{INTRO}[：:]?"
LEAD = r"^(?:在|对|将)?"
VIA = r"(?:按照[^，]*，)?"
ADD = r"(?:新增|增加|增写|补充|添加)"
DEL = r"(?:删去|删除)"
#: Replace: 修改为, 改为, 修改成, 调整为, 修订为, … (调整为 also renumbers: those rows come first).
TO_VERB = r"(?:修改为|改为|修改成|改成|调整为|修订为|更改为|变更为|替换为)"
TO = rf"{TO_VERB}(?:，?即)?[：:]?"
AS = r"(?:修改后)?(?:《[^》]+》)?第\s*(?P<n>" + N + r")\s*(?P<unit>编|章|节|条|款|项|目|点)"


RENUMBER_TAIL = r"(?P<tail>第.+相应地?改为第.+)?"
EACH = r"(?:分别|均|都|统一|一律|全部)?"
QUOTES = r"⟨\d+⟩(?:、⟨\d+⟩)+"
WORDS = r"⟨\d+⟩(?:(?:、|和|及|以及)⟨\d+⟩)+"
PROVISION_OR_RANGE = rf"{REFERRING}?{ONE}(?:至{STEP})?"
PROVISIONS = rf"(?P<list>{PROVISION_OR_RANGE}(?:(?:、|和|及|以及){PROVISION_OR_RANGE})*)"
NAMED = rf"(?:名称|{ONE}(?:(?:至|到){STEP})?)"  # 名称, 第四条, 第十七条到第二十一条
TERM_LIST = rf"(?P<list>{NAMED}(?:、{NAMED})+|{ONE}(?:至|到){STEP})"  # several provisions, or a range
#: What a notice may say after quoted words it deletes: 删去第五条中“A”的表述.
AS_WORDED = r"(?:的表述|的规定|字样|等字样)?"
WORDS_IN = rf"{ONE}(?:中|末尾|规定)的⟨\d+⟩"
WORDS_LIST = rf"(?P<list>{WORDS_IN}(?:和{WORDS_IN})+)"
ADDR_LIST = rf"(?P<list>{ONE}(?:、{ONE})+)"
LOC = r"(?:⟨(?P<loc>\d+)⟩)?"

ARTICLE_NO = rf"第{N}条(?:之[一二三四五六七八九十]+)?"

__all__ = [
    "ADD",
    "ADDR",
    "ADDR_LIST",
    "ARTICLE_NO",
    "AS",
    "AS_WORDED",
    "C_OPT",
    "DEL",
    "DOC",
    "EACH",
    "INTRO",
    "LEAD",
    "LOC",
    "NAMED",
    "ONE",
    "PROVISIONS",
    "PROVISION_OR_RANGE",
    "QUOTES",
    "REFERRING",
    "RENUMBER_TAIL",
    "STEP",
    "TERM_LIST",
    "TO",
    "TO_VERB",
    "UNIT",
    "VIA",
    "WORDS",
    "WORDS_IN",
    "WORDS_LIST",
    "C",
    "N",
    "Q",
]
