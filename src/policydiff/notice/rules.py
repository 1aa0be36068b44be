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
from policydiff.notice import prefilter, renumbering
from policydiff.notice.builders import (
    append,
    append_paragraph,
    delete_provisions,
    delete_quoted_provision,
    delete_several_words,
    delete_term,
    delete_text,
    delete_texts,
    expect_articles,
    gain_and_rewrite,
    insert_articles,
    insert_as,
    insert_at_start,
    insert_beside,
    insert_between,
    insert_by_number,
    insert_numbered,
    insert_paragraphs,
    merge_as,
    rename,
    rename_document,
    replace_described,
    replace_head,
    replace_provision,
    replace_quoted,
    replace_respectively,
    replace_several,
    replace_term,
    replace_text,
    replace_throughout,
    restate,
    split,
)
from policydiff.notice.clauses import Context, UnknownWording, clauses, content_block, unskeleton, with_content
from policydiff.notice.grammar import (
    ADD,
    ADDR,
    ADDR_LIST,
    ARTICLE_NO,
    AS,
    AS_WORDED,
    C_OPT,
    DEL,
    EACH,
    LEAD,
    LOC,
    ONE,
    PROVISIONS,
    QUOTES,
    RENUMBER_TAIL,
    TERM_LIST,
    TO,
    TO_VERB,
    VIA,
    WORDS,
    WORDS_LIST,
    C,
    N,
    Q,
)
from policydiff.notice.ops import Item, Operation, op_assumptions
from policydiff.notice.renumbering import number_of
from policydiff.zh import lexicon
from policydiff.zh.lazyre import LazyPattern, lazy
from policydiff.zh.literals import may_match

Build = Callable[[re.Match[str], "Context"], "list[Operation] | None"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One wording form: its name, its pattern over a clause's skeleton, what it builds.

    A build returns None when the clause, though it matches, is not this form (it
    then goes to the next rule).
    """

    name: str
    pattern: LazyPattern
    build: Build
    #: For a form recognised only to be refused: why (the message after ``item N:``).
    refusal: str | None = None


def _rule(name: str, pattern: str, build: Build) -> Rule:
    return Rule(name, lazy(pattern), build)


def _refused(name: str, pattern: str, reason: str) -> Rule:
    """A row for a form that is recognised and deliberately refused: it names the form and why."""

    def build(m: re.Match[str], c: Context) -> list[Operation]:
        raise UnknownWording(f"item {c.label}: {reason}")

    return Rule(name, lazy(pattern), build, reason)


def _purpose(m: re.Match[str], c: Context) -> list[Operation] | None:
    # 为了惩治……，将刑法第X条修改为: the purpose changes no text; the instruction follows.
    return match_clause(m.group("rest"), c)


#: The wording forms, most specific first. Each pattern matches one whole clause.
RULES: list[Rule] = [
    _rule("purpose, then the instruction", r"^为了[^⟨]+?，(?P<rest>(?:将|在).+)$", _purpose),
    _refused(
        "unstated wording changes (refused)",
        r"^(?:对|根据以上修改，?对)?(?:本\S{1,4}?的?)?(?:条文的?(?:顺序|序号)(?:和|做了?相应调整，对|作了?相应的?调整，对))?"
        r"(?:个别|部分)?(?:条文的?)?文字(?:作|做)了?(?:相应的?|必要的?)?(?:调整和)?(?:修改|调整)$"
        r"|^其余(?:条款|条文)?依此(?:修改|调整)$",
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
        rf"^(?!将?第)[^⟨]{{0,40}}表[一二三四五六七八九十\d]*[^⟨]{{0,60}}{TO_VERB}{C_OPT}$",
        "tables (税率表…修改为) are not supported: a table is not a provision",
    ),
    _refused(
        "whole documents repealed (refused)",
        r"^(?:对[^⟨]{0,20}予以废止|废止《[^》]+》)$",
        "repealing whole documents (予以废止) changes no text of this one: record the repeal instead",
    ),
    _refused(
        "a provision moved (refused)",
        rf"^将?{ADDR}(?:移至|移到|调整至|调整到|移动到|挪至)",
        "moving a provision (移至…之后) is not supported: word it as 删去 and 增加, or as a renumbering",
    ),
    _rule(
        "insert quoted words as a numbered provision",
        rf"{LEAD}{ADDR}中?，?{ADD}{Q.format('q')}，?作为第\s*[（(]?\s*(?P<n>{N})\s*[）)]?\s*(?P<unit>点|项|款|条)"
        rf"(?:，原第\s*(?P<old>{N})\s*(?P=unit)调整为第\s*(?P<to>{N})\s*(?P=unit))?$",
        insert_numbered,
    ),
    _rule(
        "insert several 款",
        rf"{LEAD}(?:{ADDR}中?，?)?{ADD}(?P<count>[两二三四五])款，?作为第(?P<n>{N})款(?:、第{N}款)+{C}{Q.format('q')}$",
        insert_paragraphs,
    ),
    _rule(
        "a 款 added and the article rewritten",
        rf"{LEAD}{ADDR}中{ADD}一款，?作为第{N}款，将该条{TO_VERB}{C}{Q.format('q')}$",
        gain_and_rewrite,
    ),
    _rule(
        "insert a numbered provision",
        rf"{LEAD}(?:{ADDR}{LOC}(?:和{ONE}之间|中|之?后|之?前)?，?)?{ADD}一(?P<unit>条|款|项|目|点|节|章)，?作为(?:《[^》]+》)?第\s*[（(]?\s*(?P<n>{N})\s*[）)]?\s*"
        rf"(?P=unit)(?:之(?P<sub>[一二三四五六七八九十]+))?(?:，?规定)?{C_OPT}{Q.format('q')}，?{RENUMBER_TAIL}$",
        insert_as,
    ),
    _rule(
        "insert a provision by its number",
        rf"{LEAD}(?:{ADDR}中?，?)?{ADD}(?:一(?:款|项|目|点)，?作为)?第\s*[（(]?\s*(?P<n>{N})\s*[）)]?\s*(?P<unit>款|项|目|点)"
        rf"{C_OPT}{Q.format('q')}$",
        insert_by_number,
    ),
    _rule(
        "insert a provision at a full address",
        rf"{LEAD}(?:{ADDR}中?，?)?{ADD}一(?P<unit>款|项|目|点)，?作为(?P<at>第\s*{N}\s*条(?:第\s*{N}\s*款)?|第\s*{N}\s*款)"
        rf"第\s*[（(]?\s*(?P<n>{N})\s*[）)]?\s*(?P=unit){C_OPT}{Q.format('q')}$",
        insert_by_number,
    ),
    _rule(
        "split a provision",
        rf"^将?{ADDR}分为(?P<count>[两二三四五])款，?(?:作为第{N}款(?:、第{N}款)+，?)?{TO_VERB}{C}{Q.format('q')}$",
        split,
    ),
    _rule(
        "replace words described as a provision (关于…的规定)",
        rf"{LEAD}{ADDR}关于{Q.format('a')}的规定，?{TO}{Q.format('q')}$",
        replace_described,
    ),
    _rule(
        "insert several articles, each quoted under its label",
        rf"{LEAD}{ADDR}之?后{ADD}(?P<count>[两二三四五六七八九十]+)条，?作为(?P<nums>{ARTICLE_NO}(?:、{ARTICLE_NO})+){C_OPT}{Q.format('q')}$",
        insert_articles,
    ),
    _rule(
        "restate the provision", rf"^(?P<this>这一(?:自然段|款|条|项|段))相应地?{TO_VERB}{C}{Q.format('q')}$", restate
    ),
    _rule("replace a provision named by its words", rf"^将{Q.format('a')}{TO_VERB}{C}{Q.format('b')}$", replace_quoted),
    _rule(
        "replace a term in several provisions",
        rf"{LEAD}{TERM_LIST}中的?{Q.format('a')}{EACH}{TO}{Q.format('b')}$",
        replace_term,
    ),
    _rule(
        "replace words respectively",
        rf"{LEAD}(?:{ADDR}中的?，?)?(?P<olds>{QUOTES}){EACH}{TO}(?P<news>{QUOTES})$",
        replace_respectively,
    ),
    _rule(
        "insert words between words",
        rf"{LEAD}(?:{ADDR}(?:中的?)?)?{Q.format('a')}(?:和|与){Q.format('b')}之间{ADD}{Q.format('q')}$",
        insert_between,
    ),
    _rule(
        "replace a term throughout the document",
        rf"{LEAD}(?:{lexicon.DOCUMENT_NAME}|全文|{lexicon.DOC_KIND})(?:全文)?中(?:的|所有的?)?{Q.format('a')}{EACH}{TO}{Q.format('b')}$",
        replace_throughout,
    ),
    _rule(
        "replace words in a provision",
        rf"{LEAD}(?:{ADDR}{LOC}中(?:的)?，?)?{VIA}将?{Q.format('a')}，?{TO}{Q.format('b')}$",
        replace_text,
    ),
    _rule("delete several words in a provision", rf"^{DEL}{ADDR}中的?(?P<olds>{WORDS})$", delete_several_words),
    _rule(
        "delete several words in a provision (object first)",
        rf"^将{ADDR}中的?(?P<olds>{WORDS}){DEL}$",
        delete_several_words,
    ),
    _rule("delete words", rf"{LEAD}(?:{ADDR}中的?)?{Q.format('a')}{DEL}$", delete_text),
    _rule(
        "delete words (verb first)",
        rf"^{DEL}(?:{ADDR}(?:中|末尾|规定)的?)?{Q.format('a')}{AS_WORDED}$",
        delete_text,
    ),
    _rule("delete a term in several provisions", rf"^{DEL}{TERM_LIST}中的?{Q.format('a')}{AS_WORDED}$", delete_term),
    _rule(
        "delete words in several provisions",
        rf"^{DEL}{WORDS_LIST}$",
        delete_texts,
    ),
    _rule("delete a provision quoted after its address", rf"^{DEL}{ADDR}{Q.format('o')}$", delete_quoted_provision),
    _rule(
        "insert a sentence before or after a sentence",
        rf"{LEAD}{ADDR}{Q.format('a')}(?P<side>后|前)增写一句，内容为{C}{Q.format('q')}$",
        insert_beside,
    ),
    _rule(
        "insert words before or after words",
        rf"{LEAD}(?:{ADDR}(?:中的?)?)?{Q.format('a')}(?P<side>之后|之前|后|前){ADD}{Q.format('q')}$",
        insert_beside,
    ),
    _rule(
        "insert words at the start",
        rf"{LEAD}{ADDR}(?:开始部分|开头|句首)(?:中)?{ADD}(?:规定)?{C_OPT}{Q.format('q')}$",
        insert_at_start,
    ),
    _rule(
        "append words to a provision",
        rf"{LEAD}{ADDR}(?:中|(?P<tail>末尾))?，?{VIA}{ADD}{C_OPT}{Q.format('q')}$",
        append,
    ),
    _rule(
        "rename the document",
        rf"{LEAD}(?:(?:法规|规章|条例|规定|办法|细则|{lexicon.SELF_REFERENCE})的?)?(?:名称|标题|题目)"
        rf"(?:{Q.format('a')})?{TO}{Q.format('b')}$",
        rename_document,
    ),
    _rule(
        "rename a part, chapter or section",
        rf"{LEAD}{ADDR}的?(?:章名|节名|题目|标题|名称|名)(?:{Q.format('a')})?{TO}{Q.format('b')}$",
        rename,
    ),
    _rule(
        "add a paragraph at the end",
        rf"{LEAD}{ADDR}(?:中|规定)?{ADD}(?:规定|一款){C_OPT}{Q.format('q')}$",
        append_paragraph,
    ),
    _rule("replace the head of an article", rf"{LEAD}{ADDR}条首部分{TO_VERB}{C}{Q.format('q')}$", replace_head),
    _rule(
        "merge two articles",
        rf"^将?(?P<a1>{ONE})(?:和|与|、)(?P<a2>{ONE})合并(?:，?作为第\s*(?P<n>{N})\s*条)?，?(?:{TO_VERB}|为){C}{Q.format('q')}$",
        merge_as,
    ),
    _rule(
        "replace several 款, one quoted paragraph each",
        rf"{LEAD}{ADDR_LIST}{TO}{Q.format('q')}$",
        replace_several,
    ),
    _rule(
        "renumber several 款 and replace them",
        rf"^{ADDR_LIST}(?:改为|作为)第{N}款(?:、第{N}款)+，?{TO_VERB}{C}{Q.format('q')}$",
        replace_several,
    ),
    _rule(
        "renumber and replace a provision",
        rf"^将?{ADDR}(?:作为|{TO_VERB}){AS}(?:，?{TO_VERB}|，?并{TO_VERB})?{C_OPT}{Q.format('q')}$",
        renumbering.move_and_replace,
    ),
    _rule("renumber a provision", rf"^将?{ADDR}(?:作为|{TO_VERB}){AS}$", renumbering.move),
    _rule(
        "replace a provision",
        rf"{LEAD}{ADDR}(?:{C_OPT}{Q.format('o')})?{TO}{Q.format('q')}$",
        replace_provision,
    ),
    _rule("delete provisions", rf"^{DEL}{PROVISIONS}$", delete_provisions),
    _rule("delete provisions (object first)", rf"^将?{PROVISIONS}(?:的?内容)?(?:予以)?{DEL}$", delete_provisions),
    _rule("renumber (described)", r"^(?P<tail>第.+相应地?改为第.+)$", renumbering.described),
    _rule(
        "renumber articles as listed",
        rf"^将?(?:《[^》]+》的)?条文顺序作相应调整{C}(?P<pairs>⟨\d+⟩调整为⟨\d+⟩(?:，\s*⟨\d+⟩调整为⟨\d+⟩)*)$",
        renumbering.listed,
    ),
    _rule(
        "renumber articles in order",
        r"^(?:根据以上修改，?)?(?:将|对)?(?:《[^》]+》的)?(?:其他|其余)?条文(?:的)?(?:顺序|序号)(?:作|做)(?:了)?相应(?:的)?调整$",
        renumbering.resequence,
    ),
    _rule(
        "renumber in order (described)",
        r"^(?:其后|以下|此后|之后|后续|其余|其他|其它)?的?各?(?P<unit>条|项|目|点|章|节)(?:款|文|次)?的?(?:序号|顺序|序次|编号)?"
        r"(?:作)?(?:依次|相应地?)(?:顺延|调整|递补|前移|后移|变更)$",
        renumbering.resequence_described,
    ),
    _rule(
        "add several articles, given below",
        rf"^{ADD}(?P<count>[一二三四五六七八九十]+)条，分别作为第(?P<a>{N})条至第(?P<b>{N})条$",
        expect_articles,
    ),
    _refused(
        "a description of changes, not an instruction (refused)",
        rf"^(?!.*⟨)(?!.*第\s*{N}\s*(?:条|款|项|章|节|点))(?=.*(?:修改|修订|完善|调整|提高|扩大|降低|取消|发布))(?=.*[，；]).{{6,}}$",
        "the wording describes changes without stating them (no quoted words, no provision named): "
        "apply the revised text or its comparison table instead",
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
    except UnknownWording as exc:
        if where is not None and not str(exc.location):  # a refusing row knows the item, not the file
            raise exc.at(where) from None
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
    pieces = [p for p in re.split(r"，", part) if p]
    ops = _split_at_commas(pieces, context, longest=len(pieces) - 1)  # the whole part was tried above
    if ops is not None:
        return ops
    shown = unskeleton(part, context.quotes)
    raise UnknownWording(f"item {context.label}: wording not understood: {shown!r}", where)


def _split_at_commas(pieces: list[str], context: Context, longest: int | None = None) -> list[Operation] | None:
    """The operations of *pieces* read as consecutive clauses, each the longest run of pieces (at
    most *longest*) a rule reads; None if they cannot all be read. A failed reading leaves
    *context* as it was."""
    if not pieces:
        return []
    for end in range(min(len(pieces), longest or len(pieces)), 0, -1):
        saved = context.snapshot()
        first = match_clause("，".join(pieces[:end]), context)
        rest = _split_at_commas(pieces[end:], context) if first is not None else None
        if first is not None and rest is not None:
            return [*first, *rest]
        context.restore(saved)
    return None


_CONJUNCTION = lazy(r"^(?:同时|并且|并|另外|相应地?|此外)[，,]?")


def match_clause(part: str, context: Context) -> list[Operation] | None:
    """The operations of the first rule that reads *part*, or None if none does."""
    part = _CONJUNCTION.sub("", part)
    if not part:
        return None
    for rule in RULES:
        # A clause lacking a word every match of the rule needs is not that form: the pattern
        # is not compiled for it (compiling the table cost more than reading the notice).
        if not may_match(prefilter.needs(rule.pattern), part):
            continue
        match = rule.pattern.match(part)
        if match:
            ops = rule.build(match, context)
            if ops is not None:
                context.fired.append(rule.name)
                return ops
    return None


__all__ = ["ADDR", "RULES", "Context", "Rule", "UnknownWording", "clauses", "match_clause", "number_of", "parse_item"]
