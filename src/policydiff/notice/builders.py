"""What each row of the wording table builds: the operations of one matched clause.

Each builder takes the row's match over the clause skeleton and the item's
:class:`~policydiff.notice.clauses.Context` (quotations, the address in force), and returns
the clause's operations, or None when the clause, though it matches, is not its form.
"""

from __future__ import annotations

import re

from policydiff.notice import renumbering
from policydiff.notice.address import EVERYWHERE
from policydiff.notice.clauses import Context, UnknownWording, paragraph_groups, parent_in_context
from policydiff.notice.grammar import ARTICLE_NO, ONE
from policydiff.notice.ops import (
    Check,
    DeleteProvision,
    DeleteText,
    InsertProvision,
    InsertText,
    Operation,
    Position,
    Rename,
    ReplaceProvision,
    ReplaceText,
)
from policydiff.notice.renumbering import number_of, renumber
from policydiff.zh.lazyre import lazy

# --- text edits -------------------------------------------------------------------------


def append(m: re.Match[str], c: Context) -> list[Operation]:
    # 末尾增加 states the end; a bare 增加 does not, and the op says it was assumed.
    position = Position("end") if m.group("tail") else Position("end", assumed=True)
    return [InsertText(c.addressed(m), c.quote(m, "q"), position)]


def insert_at_start(m: re.Match[str], c: Context) -> list[Operation]:
    return [InsertText(c.addressed(m), c.quote(m, "q"), Position("start"))]


def insert_beside(m: re.Match[str], c: Context) -> list[Operation]:
    where = "after" if m.group("side") in ("后", "之后") else "before"
    return [InsertText(c.addressed(m), c.quote(m, "q"), Position(where, c.quote(m, "a")))]  # type: ignore[arg-type]


def replace_text(m: re.Match[str], c: Context) -> list[Operation]:
    return [ReplaceText(c.addressed(m), c.quote(m, "a"), c.quote(m, "b"))]


def replace_term(m: re.Match[str], c: Context) -> list[Operation]:
    # A term changed in a list of provisions: every occurrence, said as an assumption.
    return [ReplaceText(a, c.quote(m, "a"), c.quote(m, "b"), every=True) for a in _listed(m, c)]


def delete_term(m: re.Match[str], c: Context) -> list[Operation]:
    # 删去第十一条、第十三条中“可行性研究报告”的表述: the words in each provision named.
    return [DeleteText(a, c.quote(m, "a")) for a in _listed(m, c)]


def _listed(m: re.Match[str], c: Context) -> list[str]:
    """The provisions of a list such as 名称、第四条、第十七条到第二十一条, read in the item's context."""
    out: list[str] = []
    for words in m.group("list").split("、"):
        first, _, last = words.replace("到", "至").partition("至")
        out.extend(c.read(a) for a in renumbering.expand_range(first, last))
    return out


def replace_respectively(m: re.Match[str], c: Context) -> list[Operation]:
    # 将第三条中的“A”、“B”分别修改为“C”、“D”: A becomes C and B becomes D.
    olds, news = re.findall(r"\d+", m.group("olds")), re.findall(r"\d+", m.group("news"))
    if len(olds) != len(news):
        raise UnknownWording(f"item {c.label}: {len(olds)} quoted words to replace but {len(news)} replacements")
    address = c.addressed(m)
    return [ReplaceText(address, c.quotes[int(a)], c.quotes[int(b)]) for a, b in zip(olds, news, strict=True)]


def insert_between(m: re.Match[str], c: Context) -> list[Operation]:
    # 在“A”和“B”之间增加“C”: exactly where A is directly followed by B.
    a, b, q = c.quote(m, "a"), c.quote(m, "b"), c.quote(m, "q")
    return [ReplaceText(c.addressed(m), a + b, a + q + b)]


def replace_throughout(m: re.Match[str], c: Context) -> list[Operation]:
    # 将本办法中的“A”均修改为“B”: every provision, the title and headings included.
    return [ReplaceText(EVERYWHERE, c.quote(m, "a"), c.quote(m, "b"), every=True)]


def delete_text(m: re.Match[str], c: Context) -> list[Operation]:
    return [DeleteText(c.addressed(m), c.quote(m, "a"))]


_WORDS_AT = lazy(rf"(?P<addr>{ONE})(?:中|末尾|规定)的⟨(?P<a>\d+)⟩")


def delete_texts(m: re.Match[str], c: Context) -> list[Operation]:
    # 删去第八条第一款末尾的“A”和第二款末尾的“B”: each quotation in its own provision.
    return [DeleteText(c.addressed(w), c.quote(w, "a")) for w in _WORDS_AT.finditer(m.group("list"))]


# --- whole provisions -------------------------------------------------------------------


def replace_provision(m: re.Match[str], c: Context) -> list[Operation]:
    old = tuple(c.quote(m, "o").split("\n")) if m.groupdict().get("o") else None
    return [ReplaceProvision(c.addressed(m), c.paragraphs(m), old)]


def replace_several(m: re.Match[str], c: Context) -> list[Operation]:
    # 将第一百八十六条第一款、第二款修改为：“…”“…”: one quoted 款 for each.
    addresses = [c.read(words) for words in m.group("list").split("、")]
    groups = paragraph_groups(c.paragraphs(m))
    if len(groups) != len(addresses):
        raise UnknownWording(f"item {c.label}: {len(addresses)} provisions but {len(groups)} quoted 款")
    return [ReplaceProvision(a, g) for a, g in zip(addresses, groups, strict=True)]


def replace_head(m: re.Match[str], c: Context) -> list[Operation]:
    return [ReplaceProvision(c.addressed(m) + "条首", c.paragraphs(m))]


def replace_quoted(m: re.Match[str], c: Context) -> list[Operation] | None:
    # 将“三、技术转让合同”修改为：“…”: a provision named by its words, when nothing else is named.
    if c.address is not None:
        return None
    return [ReplaceProvision(f"“{c.quote(m, 'a')}”", c.paragraphs(m, "b"))]


def gain_and_rewrite(m: re.Match[str], c: Context) -> list[Operation]:
    # 在刑法第一百六十五条中增加一款作为第二款，将该条修改为：the rewrite includes the new 款.
    return [ReplaceProvision(c.addressed(m), c.paragraphs(m))]


def merge(m: re.Match[str], c: Context) -> list[Operation]:
    # 将第六条和第七条合并修改为: the first takes the text, the second goes; its number stays
    # vacant until the notice renumbers (条文顺序作相应调整).
    first, second = c.read(m.group("a1")), c.read(m.group("a2"))
    return [ReplaceProvision(first, c.paragraphs(m)), DeleteProvision(second, renumber=False)]


def restate(m: re.Match[str], c: Context) -> list[Operation]:
    # 这一款相应修改为 after 第一条第二款中…: the provision of that unit just named.
    return [Check(c.read(m.group("this")), c.paragraphs(m))]


def delete_provisions(m: re.Match[str], c: Context) -> list[Operation]:
    # 删去第十条、第十二条; 删去第十条至第十二条 (a range: each number of it).
    ops: list[Operation] = []
    for words in re.split("以及|[、和及]", m.group("list")):
        first, _, last = words.partition("至")
        ops.extend(DeleteProvision(c.read(a)) for a in renumbering.expand_range(first, last))
    return ops


def rename(m: re.Match[str], c: Context) -> list[Operation]:
    old = c.quote(m, "a") if m.groupdict().get("a") else None
    return [Rename(c.addressed(m), c.quote(m, "b"), old)]


# --- new provisions ---------------------------------------------------------------------


def insert_numbered(m: re.Match[str], c: Context) -> list[Operation]:
    parent = c.addressed(m)
    unit = m.group("unit")
    number = f"第{m.group('n')}{unit}"
    ops: list[Operation] = [InsertProvision(parent, unit, number, (c.quote(m, "q"),), renumber=True)]
    if m.group("old") is None:
        return ops
    return [*ops, *renumber(f"{parent}第{m.group('old')}{unit}", f"第{m.group('to')}{unit}")]


def insert_by_number(m: re.Match[str], c: Context) -> list[Operation]:
    # 增加第四款：“…” / 增加一款，作为第七条第二款：“…”: the number says where, the address whose.
    unit = m.group("unit")
    words = m.groupdict().get("at") or m.groupdict().get("addr")
    parent = c.read(words) if words else parent_in_context(c, unit)
    return [InsertProvision(parent, unit, f"第{m.group('n')}{unit}", c.paragraphs(m))]


def delete_several_words(m: re.Match[str], c: Context) -> list[Operation]:
    # 删除第二十七条第一款中的“A”及“B”: each quotation in that provision.
    address = c.addressed(m)
    return [DeleteText(address, c.quotes[int(n)]) for n in re.findall(r"\d+", m.group("olds"))]


def delete_quoted_provision(m: re.Match[str], c: Context) -> list[Operation]:
    # 删除第三十七条第七项“负责…”: the quotation names the provision's words; the address decides.
    return [DeleteProvision(c.addressed(m))]


def merge_as(m: re.Match[str], c: Context) -> list[Operation]:
    # 将第二十三条、第四十五条合并，作为第二十四条，修改为：the first takes the text and the number.
    ops = merge(m, c)
    if m.group("n") is None:
        return ops
    return [*renumber(c.read(m.group("a1")), f"第{m.group('n')}条"), *ops]


def split(m: re.Match[str], c: Context) -> list[Operation]:
    # 将第十八条第一款分为两款，作为第一款、第二款，修改为：“…”“…”: one 款 becomes several.
    paragraphs = c.paragraphs(m)
    if len(paragraph_groups(paragraphs)) != number_of(m.group("count")):
        raise UnknownWording(f"item {c.label}: {m.group('count')}款 stated, {len(paragraph_groups(paragraphs))} quoted")
    return [ReplaceProvision(c.addressed(m), paragraphs)]


def replace_described(m: re.Match[str], c: Context) -> list[Operation]:
    # 第七条第二款关于“A”的规定，修改为：“B”: the words A, where they stand, become B. A quotes
    # the provision without its closing mark, B often with it: the mark already there is kept.
    old, new = c.quote(m, "a"), c.quote(m, "q")
    if new.endswith(("。", "；")) and not old.endswith(("。", "；")):
        new = new[:-1]
    return [ReplaceText(c.addressed(m), old, new)]


def rename_document(m: re.Match[str], c: Context) -> list[Operation]:
    old = c.quote(m, "a") if m.groupdict().get("a") else None
    return [Rename("名称", c.quote(m, "b"), old)]


def insert_as(m: re.Match[str], c: Context) -> list[Operation]:
    unit = m.group("unit")
    parent = c.addressed(m) if m.group("addr") else parent_in_context(c, unit)
    number = f"第{m.group('n')}{unit}" + (f"之{m.group('sub')}" if m.group("sub") else "")
    words = c.quote(m, "q")
    heading, paragraphs = (words, ()) if unit in ("节", "章") else (None, tuple(words.split("\n")))
    if unit in ("节", "章"):
        c.section = (parent, number)
    op = InsertProvision(parent, unit, number, paragraphs, heading=heading, renumber=not m.group("sub"))
    return [op, *renumbering.renumbering(m.group("tail") or "", parent)]


def insert_paragraphs(m: re.Match[str], c: Context) -> list[Operation]:
    # 增加两款作为第二款、第三款：the quotation holds exactly that many 款.
    parent = c.addressed(m) if m.group("addr") else parent_in_context(c, "款")
    paragraphs = c.paragraphs(m)
    quoted = len(paragraph_groups(paragraphs))
    if quoted != number_of(m.group("count")):
        raise UnknownWording(f"item {c.label}: {m.group('count')}款 stated, {quoted} quoted")
    return [InsertProvision(parent, "款", f"第{m.group('n')}款", paragraphs)]


def insert_articles(m: re.Match[str], c: Context) -> list[Operation]:
    # 在刑法第二百八十七条后增加二条，作为第二百八十七条之一、第二百八十七条之二：“第二百八十七条之一 …”
    # The quotation gives each article under its own label, in the order stated.
    anchor, numbers, lines = c.addressed(m), re.findall(ARTICLE_NO, m.group("nums")), c.paragraphs(m)
    if len(numbers) != number_of(m.group("count")):
        raise UnknownWording(f"item {c.label}: {m.group('count')}条 stated, {len(numbers)} numbers given")
    starts = [i for i, line in enumerate(lines) if re.match(rf"{ARTICLE_NO}\s", line)]
    found = [lines[i].split()[0] for i in starts]
    if found != numbers or starts[:1] != [0]:
        raise UnknownWording(f"item {c.label}: the quotation gives {'、'.join(found)}, not {'、'.join(numbers)}")
    bounds = [*starts, len(lines)]
    return [
        InsertProvision(anchor, "条", number, lines[a:b], renumber="之" not in number)
        for number, a, b in zip(numbers, bounds, bounds[1:], strict=False)
    ]


def append_paragraph(m: re.Match[str], c: Context) -> list[Operation]:
    return [InsertProvision(c.addressed(m), "款", "", c.paragraphs(m))]


def expect_articles(m: re.Match[str], c: Context) -> list[Operation]:
    first, last = number_of(m.group("a")), number_of(m.group("b"))
    if last - first + 1 != number_of(m.group("count")):
        raise UnknownWording(f"item {c.label}: {m.group(0)!r} does not add up")
    c.articles = (first, last)
    return []


__all__ = [
    "append",
    "append_paragraph",
    "delete_provisions",
    "delete_quoted_provision",
    "delete_several_words",
    "delete_term",
    "delete_text",
    "delete_texts",
    "expect_articles",
    "gain_and_rewrite",
    "insert_articles",
    "insert_as",
    "insert_at_start",
    "insert_beside",
    "insert_between",
    "insert_by_number",
    "insert_numbered",
    "insert_paragraphs",
    "merge",
    "merge_as",
    "rename",
    "rename_document",
    "replace_described",
    "replace_head",
    "replace_provision",
    "replace_quoted",
    "replace_respectively",
    "replace_several",
    "replace_term",
    "replace_text",
    "replace_throughout",
    "restate",
    "split",
]
