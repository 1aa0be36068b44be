"""Structural edits: replacing, inserting, deleting and renumbering provisions.

Numbers in a notice are read against the version being amended. Inserting
``作为第N…`` puts the new provision before the sibling of the same kind that held
number N and, unless the number has a 之 suffix, moves that sibling and the ones
after it up by one; siblings the notice renumbers itself (``原第9点调整为第10点``)
are left to that instruction, so nothing moves twice. Article numbers run through
the whole document, so inserting an article moves every later article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydiff.errors import FailedError
from policydiff.importing.structure import build_document
from policydiff.model import Document, Family, Kind
from policydiff.notice import textops
from policydiff.notice.ops import InsertProvision, ReplaceProvision
from policydiff.notice.tree import Node, WorkTree
from policydiff.numbering import Num, parse_label, zh_to_int

_HEADED = (Kind.PART, Kind.CHAPTER, Kind.SECTION)
KIND_OF_UNIT = {
    "编": Kind.PART, "章": Kind.CHAPTER, "节": Kind.SECTION, "条": Kind.ARTICLE, "款": Kind.PARAGRAPH,
    "项": Kind.ITEM, "目": Kind.POINT, "点": Kind.POINT,
}  # fmt: skip
_NUMBER = re.compile(r"第\s*[（(]?\s*([零〇一二三四五六七八九十百千两\d]+)\s*[）)]?\s*(分编|编|章|节|条|款|项|目|点)(?:之([一二三四五六七八九十]+))?")


class StructureError(FailedError):
    """A structural edit that cannot be made exactly."""


def parse_number(words: str) -> Num:
    """``第一百三十三条之二`` → Num(133, 2); ``第9点`` → Num(9)."""
    match = _NUMBER.fullmatch(words.strip())
    if match is None:
        raise StructureError(f"not a provision number: {words!r}")
    return Num(zh_to_int(match.group(1)), zh_to_int(match.group(3)) if match.group(3) else 0)


def paragraphs_of(node: Node, numbering: Document | None = None) -> list[str]:
    """The lines of *node* as a restatement quotes them: its text, then its children."""
    lines = [node.text] if node.text is not None else []
    for child in node.children:
        label = numbering.numbering.label(child.kind, child.num) if numbering and child.num else ""
        lines.extend(label + line for line in paragraphs_of(child, numbering)[:1])
        lines.extend(paragraphs_of(child, numbering)[1:])
    return lines


def _strip_label(words: str, node_kind: Kind) -> str:
    label = parse_label(words)
    if label is None or node_kind in (Kind.PARAGRAPH, Kind.PREAMBLE):
        return words
    return words[label.end :].lstrip()


def replace_provision(tree: WorkTree, node: Node, op: ReplaceProvision, span: tuple[int, int] | None, own: bool) -> None:
    """The provision (its own text for a 款, or a span of its text) takes the quoted paragraphs."""
    if span is not None:
        _replace_span(node, op, span)
        return
    if own:
        _replace_paragraph(tree, node, op)
        return
    if op.old is not None:
        _check_old(op.old, paragraphs_of(node, tree.doc), node.kind)
    new = [textops.normalise_quotes(p) for p in op.paragraphs]
    mark = textops.terminal_mark(node.text)
    node.text = textops.with_terminal(_strip_label(new[0], node.kind), mark) if node.kind is Kind.ITEM else _strip_label(new[0], node.kind)
    _rebuild_children(tree, node, new[1:])


def _check_old(quoted: tuple[str, ...], current: list[str], kind: Kind) -> None:
    if _same_old(quoted, current, kind):
        return
    if len(quoted) != len(current):
        raise StructureError(f"old text mismatch: the notice quotes {len(quoted)} paragraphs, the text has {len(current)}")
    for words, actual in zip(quoted, current, strict=True):
        words = _strip_label(textops.normalise_quotes(words), kind)
        if words != actual:
            raise StructureError(f"old text mismatch: {textops.first_difference(actual, words)}")


def _same_old(quoted: tuple[str, ...], current: list[str], kind: Kind) -> bool:
    """Whether quoted old text is the current text, read as notices quote it.

    Items are quoted with their label (``（二十）…``) and without their final ``；``.
    """
    if len(quoted) != len(current):
        return False
    for words, actual in zip(quoted, current, strict=True):
        words = _strip_label(textops.normalise_quotes(words), kind)
        if words != actual and not (actual[-1:] in textops.TERMINAL and words == actual[:-1]):
            return False
    return True


def _replace_paragraph(tree: WorkTree, node: Node, op: ReplaceProvision) -> None:
    """A 款 replaced by one or more 款: the first takes its place, the rest follow it."""
    if op.old is not None:
        _check_old(op.old, [node.text or ""], node.kind)
    new = [textops.normalise_quotes(p) for p in op.paragraphs]
    node.text = new[0]
    parent, at = (node, 0) if node.kind is Kind.ARTICLE else (node.parent, tree.siblings(node).index(node) + 1)
    for n, words in enumerate(new[1:]):
        owner = parent.id if parent else ""
        extra = Node(tree.fresh_id(f"{owner}-p{at + n + 2}"), Kind.PARAGRAPH, None, None, words)
        tree.insert(parent, at + n, extra)


def _replace_span(node: Node, op: ReplaceProvision, span: tuple[int, int]) -> None:
    text = node.text or ""
    old = text[span[0] : span[1]]
    if op.old is not None and textops.normalise_quotes("".join(op.old)) != old:
        raise StructureError(f"the quoted old text does not match: it reads “{_short(old)}”")
    node.text = text[: span[0]] + textops.normalise_quotes("".join(op.paragraphs)) + text[span[1] :]


def _rebuild_children(tree: WorkTree, node: Node, lines: list[str]) -> None:
    """Children from *lines*, keeping the ids of those that stay in place."""
    fresh = _parse_children(tree, node, lines)
    old = list(node.children)
    for child in old:
        tree.remove(child)
    for at, new in enumerate(fresh):
        match = next((c for c in old if c.kind is new.kind and c.num == new.num and c.id not in tree.index), None)
        if match is not None:
            tree.retired.discard(match.id)
            new.id = match.id
        else:
            part = _id_part(new, at + 2)
            new.id = tree.fresh_id(part if new.kind is Kind.ARTICLE else f"{node.id}-{part}")
        tree.index[new.id] = new
        _name_descendants(tree, new)
        tree.insert(node, at, new)


def _name_descendants(tree: WorkTree, node: Node) -> None:
    # Children parsed from quoted lines carry stand-in ids; give them real, fresh ones.
    for at, child in enumerate(node.children):
        part = _id_part(child, at + 2)
        child.id = tree.fresh_id(part if child.kind is Kind.ARTICLE else f"{node.id}-{part}")
        tree.index[child.id] = child
        _name_descendants(tree, child)


def _parse_children(tree: WorkTree, node: Node, lines: list[str]) -> list[Node]:
    # The lines are parsed as the body of a stand-in parent of the same kind.
    if not lines:
        return []
    if node.kind in _HEADED:
        heads = {Kind.PART: ["第一编 占位"], Kind.CHAPTER: ["第一章 占位"], Kind.SECTION: ["第一章 占位", "第一节 占位"]}
        doc = build_document([*heads[node.kind], *lines], slug="x", title="x", family=Family.LEGAL)
        holder = doc.provisions[0] if node.kind is not Kind.SECTION else doc.provisions[0].children[0]
        return [_node_of(p) for p in holder.children]
    head = "第一条 占位" if tree.doc.numbering.family is Family.LEGAL else "一、占位"
    doc = build_document([head, *lines], slug="x", title="x", family=tree.doc.numbering.family)
    return [_node_of(p) for p in doc.provisions[0].children]


def _node_of(p: object) -> Node:
    from policydiff.model import Provision

    assert isinstance(p, Provision)
    node = Node(p.id, p.kind, p.num, p.heading, p.text)
    node.children = [_node_of(c) for c in p.children]
    for child in node.children:
        child.parent = node
    return node


def _id_part(node: Node, position: int) -> str:
    prefix = {Kind.ITEM: "i", Kind.POINT: "pt", Kind.SUBPOINT: "sp", Kind.SECTION: "s", Kind.ARTICLE: "a"}
    if node.num is None:
        return f"p{position}"
    return f"{prefix.get(node.kind, node.kind.value)}{node.num.value}" + (f"-{node.num.sub}" if node.num.sub else "")


def insert_provision(tree: WorkTree, anchor: Node | None, op: InsertProvision, explicit: set[str]) -> str:
    """Add the new provision; returns its id."""
    kind = KIND_OF_UNIT[op.kind]
    num = None if kind is Kind.PARAGRAPH else parse_number(op.number)
    if kind is Kind.PARAGRAPH and anchor is not None and anchor.text is not None and op.number:
        if parse_number(op.number).value == 1:
            return _insert_first_paragraph(tree, anchor, op)
    parent, at = _place(tree, anchor, kind, num, op)
    siblings = tree.children_of(parent)
    displaced = siblings[at] if at < len(siblings) and siblings[at].kind is kind else None
    mark = textops.terminal_mark((displaced or _last_of(siblings, kind) or Node("", kind, None, None, None)).text)
    texts = [textops.normalise_quotes(p) for p in op.paragraphs]
    if kind in _HEADED:
        node = Node("", kind, num, op.heading, None)
        texts = ["", *texts]
    else:
        node = Node("", kind, num, op.heading, textops.with_terminal(_strip_label(texts[0], kind), mark))
    base = _id_part(node, at + 1) if kind is not Kind.ARTICLE else f"a{num}"
    node.id = tree.fresh_id(f"{parent.id}-{base}" if parent and kind is not Kind.ARTICLE else base)
    if num is not None and num.sub == 0 and op.renumber:
        _shift(tree, parent, kind, num, explicit)
    tree.insert(parent, at, node)
    _rebuild_children(tree, node, texts[1:])
    return node.id


def _insert_first_paragraph(tree: WorkTree, article: Node, op: InsertProvision) -> str:
    """A new first 款: the article's text moves down into a paragraph of its own."""
    texts = [textops.normalise_quotes(p) for p in op.paragraphs]
    moved = Node(tree.fresh_id(f"{article.id}-p2"), Kind.PARAGRAPH, None, None, article.text)
    tree.insert(article, 0, moved)
    article.text = texts[0]
    for n, words in enumerate(texts[1:], 1):
        tree.insert(article, n, Node(tree.fresh_id(f"{article.id}-p{n + 2}"), Kind.PARAGRAPH, None, None, words))
    return article.id


def _place(tree: WorkTree, anchor: Node | None, kind: Kind, num: Num | None, op: InsertProvision) -> tuple[Node | None, int]:
    # "在第X条后增加一条" names the article it follows; "在第X条中增加一款" names the parent.
    if anchor is not None and anchor.kind is kind and kind is not Kind.PARAGRAPH:
        siblings = tree.siblings(anchor)
        return anchor.parent, siblings.index(anchor) + 1
    siblings = tree.children_of(anchor)
    if kind is Kind.PARAGRAPH:
        assert anchor is not None
        if not op.number:
            return anchor, len(anchor.children)
        return anchor, _paragraph_slot(anchor, parse_number(op.number).value)
    assert num is not None
    for i, sibling in enumerate(siblings):
        if sibling.kind is kind and sibling.num is not None and sibling.num.key >= num.key:
            return anchor, i
    last = max((i for i, s in enumerate(siblings) if s.kind is kind), default=len(siblings) - 1)
    return anchor, last + 1


def _paragraph_slot(article: Node, n: int) -> int:
    # 款 count the article's own text as the first.
    offset = 1 if article.text is not None else 0
    paragraphs = [i for i, c in enumerate(article.children) if c.kind is Kind.PARAGRAPH]
    index = n - 1 - offset
    if index < 0 or index > len(paragraphs):
        raise StructureError(f"cannot add a 第{n}款: the article has {len(paragraphs) + offset} 款")
    return paragraphs[index] if index < len(paragraphs) else len(article.children)


def _last_of(siblings: list[Node], kind: Kind) -> Node | None:
    same = [s for s in siblings if s.kind is kind]
    return same[-1] if same else None


def _shift(tree: WorkTree, parent: Node | None, kind: Kind, num: Num, explicit: set[str]) -> None:
    pool = _all_of_kind(tree, kind) if kind is Kind.ARTICLE else iter(tree.children_of(parent))
    for node in list(pool):
        if node.kind is kind and node.num is not None and node.num.key >= num.key and node.id not in explicit:
            node.num = Num(node.num.value + 1, node.num.sub)


def _all_of_kind(tree: WorkTree, kind: Kind) -> Iterator[Node]:
    return (n for n in list(tree.index.values()) if n.kind is kind)


def delete_provision(tree: WorkTree, node: Node, original: Document) -> None:
    """Remove the provision. Deleted articles of a legal-style document leave their number vacant."""
    tree.remove(node)


def renumber(node: Node, to: str) -> None:
    """Give *node* the number *to* (``第10点``)."""
    node.num = parse_number(to)


def check_numbering(tree: WorkTree) -> None:
    """No two siblings of one kind may share a number."""
    for parent in [None, *tree.index.values()]:
        seen: dict[tuple[Kind, tuple[int, int]], str] = {}
        for child in tree.children_of(parent):
            if child.num is None:
                continue
            key = (child.kind, child.num.key)
            if key in seen:
                label = tree.doc.numbering.label(child.kind, child.num)
                raise StructureError(f"renumbering leaves two provisions numbered {label} ({seen[key]}, {child.id})")
            seen[key] = child.id


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"
