"""The recognisers: one small rule per wording form, tried in order.

An item's wording is first reduced to its *skeleton* (:mod:`.quotes`): quotations
become ``⟨n⟩``. The skeleton is cut into clauses (:mod:`.clauses`). The first clause
usually names the provision (``在本文第三条第（二）项第 1 点中，…``); later clauses of
the same item inherit it (``这一自然段相应修改为：…``; ``第二款`` after ``第九条第一款``
is 第九条第二款; ``该条`` is the article just named). Each clause must match a rule of
:data:`RULES`; a clause that matches none is an :class:`UnknownWording` error quoting
it. To support a new wording form, add a row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from policydiff.errors import FailedError, Location
from policydiff.notice import renumbering
from policydiff.notice.address import EVERYWHERE
from policydiff.notice.clauses import (
    Context,
    UnknownWording,
    clauses,
    content_block,
    paragraph_groups,
    parent_in_context,
    unskeleton,
    with_content,
)
from policydiff.notice.ops import (
    Check,
    DeleteProvision,
    DeleteText,
    InsertProvision,
    InsertText,
    Item,
    Operation,
    Position,
    Rename,
    ReplaceProvision,
    ReplaceText,
    op_assumptions,
)
from policydiff.notice.renumbering import UNIT, N, number_of, renumber
from policydiff.zh import lexicon

_STEP = rf"(?:第\s*[（(]?\s*{N}\s*[）)]?\s*{UNIT}(?:之{lexicon.SUB_NUMERAL})?|序言|引言|[前后][两二三四五]句)"
_DOC = rf"(?:{lexicon.DOCUMENT_NAME}的?)?原?"
ONE = rf"{_DOC}{_STEP}(?:\s*{_STEP})*"
_REFERRING = rf"(?:{lexicon.REFERRING_WORD}|其(?=中))"
ADDR = rf"(?P<addr>{_REFERRING}?{ONE}|{_REFERRING}|名称|标题)"
Q = r"⟨(?P<{}>\d+)⟩"
_INTRO = r"(?:，?(?:即|内容为|内容如下|规定为|表述为|章名为|节名为))?"
C = rf"{_INTRO}[：:]"  # 修改为：“…”; 修改为，即：“…”; 增加一条，内容为：“…”
C_OPT = rf"{_INTRO}[：:]?"
_LEAD = r"^(?:在|对|将)?"
_VIA = r"(?:按照[^，]*，)?"
_ADD = r"(?:新增|增加|增写|补充|添加)"
_DEL = r"(?:删去|删除)"
#: Replace: 修改为, 改为, 修改成, 调整为, 修订为, … (调整为 also renumbers: those rows come first).
_TO_VERB = r"(?:修改为|改为|修改成|改成|调整为|修订为|更改为|变更为|替换为)"
_TO = rf"{_TO_VERB}(?:，?即)?[：:]?"
_AS = r"(?:修改后)?(?:《[^》]+》)?第\s*(?P<n>" + N + r")\s*(?P<unit>编|章|节|条|款|项|目|点)"


Build = Callable[[re.Match[str], "Context"], "list[Operation] | None"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One wording form: its name, its pattern over a clause's skeleton, what it builds.

    A build returns None when the clause, though it matches, is not this form (it
    then goes to the next rule).
    """

    name: str
    pattern: re.Pattern[str]
    build: Build
    #: For a form recognised only to be refused: why (the message after ``item N:``).
    refusal: str | None = None


def _rule(name: str, pattern: str, build: Build) -> Rule:
    return Rule(name, re.compile(pattern), build)


def _refused(name: str, pattern: str, reason: str) -> Rule:
    """A row for a form that is recognised and deliberately refused: it names the form and why."""

    def build(m: re.Match[str], c: Context) -> list[Operation]:
        raise UnknownWording(f"item {c.label}: {reason}")

    return Rule(name, re.compile(pattern), build, reason)


# --- text edits -------------------------------------------------------------------------


def _append(m: re.Match[str], c: Context) -> list[Operation]:
    # 末尾增加 states the end; a bare 增加 does not, and the op says it was assumed.
    position = Position("end") if m.group("tail") else Position("end", assumed=True)
    return [InsertText(c.addressed(m), c.quote(m, "q"), position)]


def _insert_at_start(m: re.Match[str], c: Context) -> list[Operation]:
    return [InsertText(c.addressed(m), c.quote(m, "q"), Position("start"))]


def _insert_beside(m: re.Match[str], c: Context) -> list[Operation]:
    where = "after" if m.group("side") in ("后", "之后") else "before"
    return [InsertText(c.addressed(m), c.quote(m, "q"), Position(where, c.quote(m, "a")))]  # type: ignore[arg-type]


def _replace_text(m: re.Match[str], c: Context) -> list[Operation]:
    return [ReplaceText(c.addressed(m), c.quote(m, "a"), c.quote(m, "b"))]


def _replace_term(m: re.Match[str], c: Context) -> list[Operation]:
    # A term changed in a list of provisions: every occurrence, said as an assumption.
    addresses = [c.read(words) for words in re.split("、", m.group("list"))]
    return [ReplaceText(a, c.quote(m, "a"), c.quote(m, "b"), every=True) for a in addresses]


def _replace_respectively(m: re.Match[str], c: Context) -> list[Operation]:
    # 将第三条中的“A”、“B”分别修改为“C”、“D”: A becomes C and B becomes D.
    olds, news = re.findall(r"\d+", m.group("olds")), re.findall(r"\d+", m.group("news"))
    if len(olds) != len(news):
        raise UnknownWording(f"item {c.label}: {len(olds)} quoted words to replace but {len(news)} replacements")
    address = c.addressed(m)
    return [ReplaceText(address, c.quotes[int(a)], c.quotes[int(b)]) for a, b in zip(olds, news, strict=True)]


def _insert_between(m: re.Match[str], c: Context) -> list[Operation]:
    # 在“A”和“B”之间增加“C”: exactly where A is directly followed by B.
    a, b, q = c.quote(m, "a"), c.quote(m, "b"), c.quote(m, "q")
    return [ReplaceText(c.addressed(m), a + b, a + q + b)]


def _replace_throughout(m: re.Match[str], c: Context) -> list[Operation]:
    # 将本办法中的“A”均修改为“B”: every provision, the title and headings included.
    return [ReplaceText(EVERYWHERE, c.quote(m, "a"), c.quote(m, "b"), every=True)]


def _delete_text(m: re.Match[str], c: Context) -> list[Operation]:
    return [DeleteText(c.addressed(m), c.quote(m, "a"))]


_WORDS_AT = re.compile(rf"(?P<addr>{ONE})(?:中|末尾|规定)的⟨(?P<a>\d+)⟩")


def _delete_texts(m: re.Match[str], c: Context) -> list[Operation]:
    # 删去第八条第一款末尾的“A”和第二款末尾的“B”: each quotation in its own provision.
    return [DeleteText(c.addressed(w), c.quote(w, "a")) for w in _WORDS_AT.finditer(m.group("list"))]


# --- whole provisions -------------------------------------------------------------------


def _replace_provision(m: re.Match[str], c: Context) -> list[Operation]:
    old = tuple(c.quote(m, "o").split("\n")) if m.groupdict().get("o") else None
    return [ReplaceProvision(c.addressed(m), c.paragraphs(m), old)]


def _replace_several(m: re.Match[str], c: Context) -> list[Operation]:
    # 将第一百八十六条第一款、第二款修改为：“…”“…”: one quoted 款 for each.
    addresses = [c.read(words) for words in m.group("list").split("、")]
    groups = paragraph_groups(c.paragraphs(m))
    if len(groups) != len(addresses):
        raise UnknownWording(f"item {c.label}: {len(addresses)} provisions but {len(groups)} quoted 款")
    return [ReplaceProvision(a, g) for a, g in zip(addresses, groups, strict=True)]


def _replace_head(m: re.Match[str], c: Context) -> list[Operation]:
    return [ReplaceProvision(c.addressed(m) + "条首", c.paragraphs(m))]


def _replace_quoted(m: re.Match[str], c: Context) -> list[Operation] | None:
    # 将“三、技术转让合同”修改为：“…”: a provision named by its words, when nothing else is named.
    if c.address is not None:
        return None
    return [ReplaceProvision(f"“{c.quote(m, 'a')}”", c.paragraphs(m, "b"))]


def _gain_and_rewrite(m: re.Match[str], c: Context) -> list[Operation]:
    # 在刑法第一百六十五条中增加一款作为第二款，将该条修改为：the rewrite includes the new 款.
    return [ReplaceProvision(c.addressed(m), c.paragraphs(m))]


def _merge(m: re.Match[str], c: Context) -> list[Operation]:
    # 将第六条和第七条合并修改为: the first takes the text, the second goes; its number stays
    # vacant until the notice renumbers (条文顺序作相应调整).
    first, second = c.read(m.group("a1")), c.read(m.group("a2"))
    return [ReplaceProvision(first, c.paragraphs(m)), DeleteProvision(second, renumber=False)]


def _restate(m: re.Match[str], c: Context) -> list[Operation]:
    # 这一款相应修改为 after 第一条第二款中…: the provision of that unit just named.
    return [Check(c.read(m.group("this")), c.paragraphs(m))]


def _delete_provisions(m: re.Match[str], c: Context) -> list[Operation]:
    # 删去第十条、第十二条; 删去第十条至第十二条 (a range: each number of it).
    ops: list[Operation] = []
    for words in re.split("以及|[、和及]", m.group("list")):
        first, _, last = words.partition("至")
        ops.extend(DeleteProvision(c.read(a)) for a in renumbering.expand_range(first, last))
    return ops


def _rename(m: re.Match[str], c: Context) -> list[Operation]:
    old = c.quote(m, "a") if m.groupdict().get("a") else None
    return [Rename(c.addressed(m), c.quote(m, "b"), old)]


# --- new provisions ---------------------------------------------------------------------


def _insert_numbered(m: re.Match[str], c: Context) -> list[Operation]:
    parent = c.addressed(m)
    unit = m.group("unit")
    number = f"第{m.group('n')}{unit}"
    ops: list[Operation] = [InsertProvision(parent, unit, number, (c.quote(m, "q"),), renumber=True)]
    if m.group("old") is None:
        return ops
    return [*ops, *renumber(f"{parent}第{m.group('old')}{unit}", f"第{m.group('to')}{unit}")]


def _insert_by_number(m: re.Match[str], c: Context) -> list[Operation]:
    # 增加第四款：“…” / 增加一款，作为第七条第二款：“…”: the number says where, the address whose.
    unit = m.group("unit")
    words = m.groupdict().get("at") or m.groupdict().get("addr")
    parent = c.read(words) if words else parent_in_context(c, unit)
    return [InsertProvision(parent, unit, f"第{m.group('n')}{unit}", c.paragraphs(m))]


def _delete_several_words(m: re.Match[str], c: Context) -> list[Operation]:
    # 删除第二十七条第一款中的“A”及“B”: each quotation in that provision.
    address = c.addressed(m)
    return [DeleteText(address, c.quotes[int(n)]) for n in re.findall(r"\d+", m.group("olds"))]


def _delete_quoted_provision(m: re.Match[str], c: Context) -> list[Operation]:
    # 删除第三十七条第七项“负责…”: the quotation names the provision's words; the address decides.
    return [DeleteProvision(c.addressed(m))]


def _merge_as(m: re.Match[str], c: Context) -> list[Operation]:
    # 将第二十三条、第四十五条合并，作为第二十四条，修改为：the first takes the text and the number.
    ops = _merge(m, c)
    if m.group("n") is None:
        return ops
    return [*renumber(c.read(m.group("a1")), f"第{m.group('n')}条"), *ops]


def _split(m: re.Match[str], c: Context) -> list[Operation]:
    # 将第十八条第一款分为两款，作为第一款、第二款，修改为：“…”“…”: one 款 becomes several.
    paragraphs = c.paragraphs(m)
    if len(paragraph_groups(paragraphs)) != number_of(m.group("count")):
        raise UnknownWording(f"item {c.label}: {m.group('count')}款 stated, {len(paragraph_groups(paragraphs))} quoted")
    return [ReplaceProvision(c.addressed(m), paragraphs)]


def _replace_described(m: re.Match[str], c: Context) -> list[Operation]:
    # 第七条第二款关于“A”的规定，修改为：“B”: the words A, where they stand, become B. A quotes
    # the provision without its closing mark, B often with it: the mark already there is kept.
    old, new = c.quote(m, "a"), c.quote(m, "q")
    if new.endswith(("。", "；")) and not old.endswith(("。", "；")):
        new = new[:-1]
    return [ReplaceText(c.addressed(m), old, new)]


def _rename_document(m: re.Match[str], c: Context) -> list[Operation]:
    old = c.quote(m, "a") if m.groupdict().get("a") else None
    return [Rename("名称", c.quote(m, "b"), old)]


def _insert_as(m: re.Match[str], c: Context) -> list[Operation]:
    unit = m.group("unit")
    parent = c.addressed(m) if m.group("addr") else parent_in_context(c, unit)
    number = f"第{m.group('n')}{unit}" + (f"之{m.group('sub')}" if m.group("sub") else "")
    words = c.quote(m, "q")
    heading, paragraphs = (words, ()) if unit in ("节", "章") else (None, tuple(words.split("\n")))
    if unit in ("节", "章"):
        c.section = (parent, number)
    op = InsertProvision(parent, unit, number, paragraphs, heading=heading, renumber=not m.group("sub"))
    return [op, *renumbering.renumbering(m.group("tail") or "", parent)]


def _insert_paragraphs(m: re.Match[str], c: Context) -> list[Operation]:
    # 增加两款作为第二款、第三款：the quotation holds exactly that many 款.
    parent = c.addressed(m) if m.group("addr") else parent_in_context(c, "款")
    paragraphs = c.paragraphs(m)
    quoted = len(paragraph_groups(paragraphs))
    if quoted != number_of(m.group("count")):
        raise UnknownWording(f"item {c.label}: {m.group('count')}款 stated, {quoted} quoted")
    return [InsertProvision(parent, "款", f"第{m.group('n')}款", paragraphs)]


_ARTICLE_NO = rf"第{N}条(?:之[一二三四五六七八九十]+)?"


def _insert_articles(m: re.Match[str], c: Context) -> list[Operation]:
    # 在刑法第二百八十七条后增加二条，作为第二百八十七条之一、第二百八十七条之二：“第二百八十七条之一 …”
    # The quotation gives each article under its own label, in the order stated.
    anchor, numbers, lines = c.addressed(m), re.findall(_ARTICLE_NO, m.group("nums")), c.paragraphs(m)
    if len(numbers) != number_of(m.group("count")):
        raise UnknownWording(f"item {c.label}: {m.group('count')}条 stated, {len(numbers)} numbers given")
    starts = [i for i, line in enumerate(lines) if re.match(rf"{_ARTICLE_NO}\s", line)]
    found = [lines[i].split()[0] for i in starts]
    if found != numbers or starts[:1] != [0]:
        raise UnknownWording(f"item {c.label}: the quotation gives {'、'.join(found)}, not {'、'.join(numbers)}")
    bounds = [*starts, len(lines)]
    return [
        InsertProvision(anchor, "条", number, lines[a:b], renumber="之" not in number)
        for number, a, b in zip(numbers, bounds, bounds[1:], strict=False)
    ]


def _append_paragraph(m: re.Match[str], c: Context) -> list[Operation]:
    return [InsertProvision(c.addressed(m), "款", "", c.paragraphs(m))]


def _expect_articles(m: re.Match[str], c: Context) -> list[Operation]:
    first, last = number_of(m.group("a")), number_of(m.group("b"))
    if last - first + 1 != number_of(m.group("count")):
        raise UnknownWording(f"item {c.label}: {m.group(0)!r} does not add up")
    c.articles = (first, last)
    return []


def _purpose(m: re.Match[str], c: Context) -> list[Operation] | None:
    # 为了惩治……，将刑法第X条修改为: the purpose changes no text; the instruction follows.
    return match_clause(m.group("rest"), c)


_RENUMBER_TAIL = r"(?P<tail>第.+相应地?改为第.+)?"
_EACH = r"(?:分别|均|都|统一|一律|全部)?"
_QUOTES = r"⟨\d+⟩(?:、⟨\d+⟩)+"
_WORDS = r"⟨\d+⟩(?:(?:、|和|及|以及)⟨\d+⟩)+"
_PROVISION_OR_RANGE = rf"{ONE}(?:至{_STEP})?"
_PROVISIONS = rf"(?P<list>{_PROVISION_OR_RANGE}(?:(?:、|和|及|以及){_PROVISION_OR_RANGE})*)"
_NAMED = rf"(?:名称|{ONE})"
_TERM_LIST = rf"(?P<list>{_NAMED}(?:、{_NAMED})+)"
_WORDS_IN = rf"{ONE}(?:中|末尾|规定)的⟨\d+⟩"
_WORDS_LIST = rf"(?P<list>{_WORDS_IN}(?:和{_WORDS_IN})+)"
_ADDR_LIST = rf"(?P<list>{ONE}(?:、{ONE})+)"
LOC = r"(?:⟨(?P<loc>\d+)⟩)?"

#: The wording forms, most specific first. Each pattern matches one whole clause.
RULES: list[Rule] = [
    _rule("purpose, then the instruction", r"^为了[^⟨]+?，(?P<rest>(?:将|在).+)$", _purpose),
    _refused(
        "unstated wording changes (refused)",
        r"^对(?:本\S{1,4}?的?)?(?:条文的?顺序(?:和|做了?相应调整，对|作了?相应的?调整，对))?(?:个别|部分)(?:条文的?)?文字"
        r"(?:作|做)了?(?:相应的?)?(?:调整和)?修改$|^其余(?:条款|条文)?依此(?:修改|调整)$",
        "the instrument changes wording it does not state (对个别文字作修改, 其余条款依此修改): "
        "that cannot be applied exactly; apply the stated items and compare with the re-issued text",
    ),
    _refused(
        "an article made a 款 of another (refused)",
        rf"^将?{ONE}(?:改为|作为)第\s*{N}\s*条第\s*{N}\s*款",
        "an article made a 款 of another article (将第三十九条改为第四十五条第一款) is not supported yet",
    ),
    _refused(
        "a table replaced (refused)",
        rf"^(?!将?第)[^⟨]{{0,40}}表[一二三四五六七八九十\d]*[^⟨]{{0,60}}{_TO_VERB}{C_OPT}$",
        "tables (税率表…修改为) are not supported: a table is not a provision",
    ),
    _refused(
        "whole documents repealed (refused)",
        r"^(?:对[^⟨]{0,20}予以废止|废止《[^》]+》)$",
        "repealing whole documents (予以废止) changes no text of this one: record the repeal instead",
    ),
    _rule(
        "insert quoted words as a numbered provision",
        rf"{_LEAD}{ADDR}中?，?{_ADD}{Q.format('q')}，?作为第\s*[（(]?\s*(?P<n>{N})\s*[）)]?\s*(?P<unit>点|项|款|条)"
        rf"(?:，原第\s*(?P<old>{N})\s*(?P=unit)调整为第\s*(?P<to>{N})\s*(?P=unit))?$",
        _insert_numbered,
    ),
    _rule(
        "insert several 款",
        rf"{_LEAD}(?:{ADDR}中?，?)?{_ADD}(?P<count>[两二三四五])款，?作为第(?P<n>{N})款(?:、第{N}款)+{C}{Q.format('q')}$",
        _insert_paragraphs,
    ),
    _rule(
        "a 款 added and the article rewritten",
        rf"{_LEAD}{ADDR}中{_ADD}一款，?作为第{N}款，将该条{_TO_VERB}{C}{Q.format('q')}$",
        _gain_and_rewrite,
    ),
    _rule(
        "insert a numbered provision",
        rf"{_LEAD}(?:{ADDR}{LOC}(?:和{ONE}之间|中|之?后|之?前)?，?)?{_ADD}一(?P<unit>条|款|项|目|点|节|章)，?作为(?:《[^》]+》)?第\s*[（(]?\s*(?P<n>{N})\s*[）)]?\s*"
        rf"(?P=unit)(?:之(?P<sub>[一二三四五六七八九十]+))?(?:，?规定)?{C_OPT}{Q.format('q')}，?{_RENUMBER_TAIL}$",
        _insert_as,
    ),
    _rule(
        "insert a provision by its number",
        rf"{_LEAD}(?:{ADDR}中?，?)?{_ADD}(?:一(?:款|项|目|点)，?作为)?第\s*[（(]?\s*(?P<n>{N})\s*[）)]?\s*(?P<unit>款|项|目|点)"
        rf"{C_OPT}{Q.format('q')}$",
        _insert_by_number,
    ),
    _rule(
        "insert a provision at a full address",
        rf"{_LEAD}{_ADD}一(?P<unit>款|项|目|点)，?作为(?P<at>第\s*{N}\s*条(?:第\s*{N}\s*款)?)"
        rf"第\s*[（(]?\s*(?P<n>{N})\s*[）)]?\s*(?P=unit){C_OPT}{Q.format('q')}$",
        _insert_by_number,
    ),
    _rule(
        "split a provision",
        rf"^将?{ADDR}分为(?P<count>[两二三四五])款，?(?:作为第{N}款(?:、第{N}款)+，?)?{_TO_VERB}{C}{Q.format('q')}$",
        _split,
    ),
    _rule(
        "replace words described as a provision (关于…的规定)",
        rf"{_LEAD}{ADDR}关于{Q.format('a')}的规定，?{_TO}{Q.format('q')}$",
        _replace_described,
    ),
    _rule(
        "insert several articles, each quoted under its label",
        rf"{_LEAD}{ADDR}之?后{_ADD}(?P<count>[两二三四五六七八九十]+)条，?作为(?P<nums>{_ARTICLE_NO}(?:、{_ARTICLE_NO})+){C_OPT}{Q.format('q')}$",
        _insert_articles,
    ),
    _rule(
        "restate the provision", rf"^(?P<this>这一(?:自然段|款|条|项|段))相应地?{_TO_VERB}{C}{Q.format('q')}$", _restate
    ),
    _rule(
        "replace a provision named by its words", rf"^将{Q.format('a')}{_TO_VERB}{C}{Q.format('b')}$", _replace_quoted
    ),
    _rule(
        "replace a term in several provisions",
        rf"{_LEAD}{_TERM_LIST}中的?{Q.format('a')}{_EACH}{_TO}{Q.format('b')}$",
        _replace_term,
    ),
    _rule(
        "replace words respectively",
        rf"{_LEAD}(?:{ADDR}中的?，?)?(?P<olds>{_QUOTES}){_EACH}{_TO}(?P<news>{_QUOTES})$",
        _replace_respectively,
    ),
    _rule(
        "insert words between words",
        rf"{_LEAD}(?:{ADDR}(?:中的?)?)?{Q.format('a')}(?:和|与){Q.format('b')}之间{_ADD}{Q.format('q')}$",
        _insert_between,
    ),
    _rule(
        "replace a term throughout the document",
        rf"{_LEAD}(?:{lexicon.DOCUMENT_NAME}|全文)(?:全文)?中(?:的|所有的?)?{Q.format('a')}{_EACH}{_TO}{Q.format('b')}$",
        _replace_throughout,
    ),
    _rule(
        "replace words in a provision",
        rf"{_LEAD}(?:{ADDR}{LOC}中(?:的)?，?)?{_VIA}将?{Q.format('a')}，?{_TO}{Q.format('b')}$",
        _replace_text,
    ),
    _rule("delete several words in a provision", rf"^{_DEL}{ADDR}中的?(?P<olds>{_WORDS})$", _delete_several_words),
    _rule(
        "delete several words in a provision (object first)",
        rf"^将{ADDR}中的?(?P<olds>{_WORDS}){_DEL}$",
        _delete_several_words,
    ),
    _rule("delete words", rf"{_LEAD}(?:{ADDR}中的?)?{Q.format('a')}{_DEL}$", _delete_text),
    _rule("delete words (verb first)", rf"^{_DEL}(?:{ADDR}(?:中|末尾|规定)的)?{Q.format('a')}$", _delete_text),
    _rule(
        "delete words in several provisions",
        rf"^{_DEL}{_WORDS_LIST}$",
        _delete_texts,
    ),
    _rule("delete a provision quoted after its address", rf"^{_DEL}{ADDR}{Q.format('o')}$", _delete_quoted_provision),
    _rule(
        "insert a sentence before or after a sentence",
        rf"{_LEAD}{ADDR}{Q.format('a')}(?P<side>后|前)增写一句，内容为{C}{Q.format('q')}$",
        _insert_beside,
    ),
    _rule(
        "insert words before or after words",
        rf"{_LEAD}(?:{ADDR}(?:中的?)?)?{Q.format('a')}(?P<side>之后|之前|后|前){_ADD}{Q.format('q')}$",
        _insert_beside,
    ),
    _rule(
        "insert words at the start",
        rf"{_LEAD}{ADDR}(?:开始部分|开头|句首)(?:中)?{_ADD}(?:规定)?{C_OPT}{Q.format('q')}$",
        _insert_at_start,
    ),
    _rule(
        "append words to a provision",
        rf"{_LEAD}{ADDR}(?:中|(?P<tail>末尾))?，?{_VIA}{_ADD}{C_OPT}{Q.format('q')}$",
        _append,
    ),
    _rule(
        "rename the document",
        rf"{_LEAD}(?:(?:法规|规章|条例|规定|办法|细则|{lexicon.SELF_REFERENCE})的?)?(?:名称|标题|题目)"
        rf"(?:{Q.format('a')})?{_TO}{Q.format('b')}$",
        _rename_document,
    ),
    _rule(
        "rename a part, chapter or section",
        rf"{_LEAD}{ADDR}的?(?:章名|节名|题目|标题|名称)(?:{Q.format('a')})?{_TO}{Q.format('b')}$",
        _rename,
    ),
    _rule(
        "add a paragraph at the end",
        rf"{_LEAD}{ADDR}(?:中)?{_ADD}(?:规定|一款){C_OPT}{Q.format('q')}$",
        _append_paragraph,
    ),
    _rule("replace the head of an article", rf"{_LEAD}{ADDR}条首部分{_TO_VERB}{C}{Q.format('q')}$", _replace_head),
    _rule(
        "merge two articles",
        rf"^将?(?P<a1>{ONE})(?:和|与|、)(?P<a2>{ONE})合并(?:，?作为第\s*(?P<n>{N})\s*条)?，?(?:{_TO_VERB}|为){C}{Q.format('q')}$",
        _merge_as,
    ),
    _rule(
        "replace several 款, one quoted paragraph each",
        rf"{_LEAD}{_ADDR_LIST}{_TO}{Q.format('q')}$",
        _replace_several,
    ),
    _rule(
        "renumber several 款 and replace them",
        rf"^{_ADDR_LIST}(?:改为|作为)第{N}款(?:、第{N}款)+，?{_TO_VERB}{C}{Q.format('q')}$",
        _replace_several,
    ),
    _rule(
        "renumber and replace a provision",
        rf"^将?{ADDR}(?:作为|{_TO_VERB}){_AS}(?:，?{_TO_VERB}|，?并{_TO_VERB})?{C_OPT}{Q.format('q')}$",
        renumbering.move_and_replace,
    ),
    _rule("renumber a provision", rf"^将?{ADDR}(?:作为|{_TO_VERB}){_AS}$", renumbering.move),
    _rule(
        "replace a provision",
        rf"{_LEAD}{ADDR}(?:{C_OPT}{Q.format('o')})?{_TO}{Q.format('q')}$",
        _replace_provision,
    ),
    _rule("delete provisions", rf"^{_DEL}{_PROVISIONS}$", _delete_provisions),
    _rule("delete provisions (object first)", rf"^将?{_PROVISIONS}(?:予以)?{_DEL}$", _delete_provisions),
    _rule("renumber (described)", r"^(?P<tail>第.+相应地?改为第.+)$", renumbering.described),
    _rule(
        "renumber articles as listed",
        rf"^将?(?:《[^》]+》的)?条文顺序作相应调整{C}(?P<pairs>⟨\d+⟩调整为⟨\d+⟩(?:，\s*⟨\d+⟩调整为⟨\d+⟩)*)$",
        renumbering.listed,
    ),
    _rule(
        "renumber articles in order",
        r"^(?:将|对)?(?:《[^》]+》的)?条文(?:的)?顺序作(?:了)?相应(?:的)?调整$",
        renumbering.resequence,
    ),
    _rule(
        "renumber in order (described)",
        r"^(?:其后|以下|此后|之后|后续|其余)?的?各?(?P<unit>条|项|目|点|章|节)(?:文|次)?的?(?:序号|顺序|序次|编号)?"
        r"(?:作)?(?:依次|相应地?)(?:顺延|调整|递补|前移|后移|变更)$",
        renumbering.resequence_described,
    ),
    _rule(
        "add several articles, given below",
        rf"^{_ADD}(?P<count>[一二三四五六七八九十]+)条，分别作为第(?P<a>{N})条至第(?P<b>{N})条$",
        _expect_articles,
    ),
]


def parse_item(label: str, text: str, where: Location | None = None) -> Item:
    """The operations of one item; an :class:`UnknownWording` for any clause no rule reads."""
    head, listed, tail = content_block(text)
    parts, quotes = clauses(head)
    context = Context(quotes, label)
    ops: list[Operation] = []
    try:
        for part in parts:
            ops.extend(_match(part, context, where))
        if listed:
            ops = with_content(ops, context, listed, where)
            ops.extend(renumbering.renumbering(tail, context.address))
    except UnknownWording:
        raise
    except FailedError as exc:
        raise UnknownWording(f"item {label}: {exc.message}", where) from None
    notes = [note for op in ops for note in op_assumptions(op)]
    return Item(label, text, tuple(ops), assumptions=tuple(notes), rules=tuple(context.fired))


def _match(part: str, context: Context, where: Location | None) -> list[Operation]:
    ops = match_clause(part, context)
    if ops is not None:
        return ops
    # Several edits of one provision are often joined by commas: “A”修改为“B”，“C”修改为“D”;
    # 将第七条改为第六条，其中的“A”修改为“B”; 将第十条改为第十一条，增加一款，作为第四款：“…”.
    ops = _split_at_commas([p for p in re.split(r"，", part) if p], context)
    if ops is not None:
        return ops
    shown = unskeleton(part, context.quotes)
    raise UnknownWording(f"item {context.label}: wording not understood: {shown!r}", where)


def _split_at_commas(pieces: list[str], context: Context) -> list[Operation] | None:
    """The operations of *pieces* read as consecutive clauses, each the longest run of pieces a
    rule reads; None if they cannot all be read. A failed reading leaves *context* as it was."""
    if not pieces:
        return []
    for end in range(len(pieces), 0, -1):
        if end == len(pieces) and len(pieces) > 1 and not context.fired:
            continue  # the whole part was tried already
        saved = context.snapshot()
        first = match_clause("，".join(pieces[:end]), context)
        rest = _split_at_commas(pieces[end:], context) if first is not None else None
        if first is not None and rest is not None:
            return [*first, *rest]
        context.restore(saved)
    return None


_CONJUNCTION = re.compile(r"^(?:同时|并且|并|另外|相应地?|此外)[，,]?")


def match_clause(part: str, context: Context) -> list[Operation] | None:
    """The operations of the first rule that reads *part*, or None if none does."""
    part = _CONJUNCTION.sub("", part)
    if not part:
        return None
    for rule in RULES:
        match = rule.pattern.match(part)
        if match:
            ops = rule.build(match, context)
            if ops is not None:
                context.fired.append(rule.name)
                return ops
    return None


__all__ = ["ADDR", "RULES", "Context", "Rule", "UnknownWording", "clauses", "match_clause", "number_of", "parse_item"]
