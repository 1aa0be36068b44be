"""Structural edits: replacing, inserting, deleting and renumbering provisions.

Numbers in a notice are read against the version being amended. Inserting
``作为第N…`` puts the new provision before the sibling of the same kind that held
number N and, unless the number has a 之 suffix, moves that sibling and the ones
after it up by one; siblings the notice renumbers itself (``原第9点调整为第10点``)
are left to that instruction, so nothing moves twice. Article numbers run through
the whole document, so inserting an article moves every later article. What the
numbers look like once every item applied (order, duplicates, gaps) is :mod:`.sequence`.
"""

from __future__ import annotations

from collections.abc import Iterator

from policydiff.errors import FailedError
from policydiff.model import Document, Kind
from policydiff.notice import textops
from policydiff.notice.address import Target
from policydiff.notice.children import HEADED, id_part, name_descendants, parse_children, rebuild_children
from policydiff.notice.ops import InsertProvision, ReplaceProvision
from policydiff.notice.tree import Node, WorkTree
from policydiff.zh import lexicon
from policydiff.zh.lazyre import lazy
from policydiff.zh.numbering import Num, parse_label, zh_to_int

KIND_OF_UNIT = {unit: Kind(kind) for unit, kind in lexicon.UNIT_KIND.items()}
_NUMBER = lazy(lexicon.STEP)


class StructureError(FailedError):
    """A structural edit that cannot be made exactly."""


def parse_number(words: str) -> Num:
    """``第一百三十三条之二`` → Num(133, 2); ``第9点`` → Num(9)."""
    match = _NUMBER.fullmatch(words.strip())
    if match is None:
        raise StructureError(f"not a provision number: {words!r}")
    return Num(zh_to_int(match["num"]), zh_to_int(match["sub"]) if match["sub"] else 0)


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


def replace_provision(tree: WorkTree, node: Node, op: ReplaceProvision, target: Target) -> None:
    """The provision (its own text for a 款, its head, or a span of its text) takes the quoted paragraphs."""
    if target.span is not None:
        _replace_span(node, op, target.span)
    elif target.head:
        _replace_head(node, op)
    elif target.own:
        _replace_paragraph(tree, node, op)
    elif node.kind in HEADED and node.text is None:
        _replace_heading(tree, node, op)
    else:
        if op.old is not None:
            _check_old(op.old, paragraphs_of(node, tree.doc), node.kind)
        new = [textops.normalise_quotes(p) for p in op.paragraphs]
        first = _strip_label(new[0], node.kind)
        node.text = textops.with_terminal(first, textops.terminal_mark(node.text)) if node.kind is Kind.ITEM else first
        rebuild_children(tree, node, new[1:])


def _replace_head(node: Node, op: ReplaceProvision) -> None:
    """条首部分修改为: the words before the article's items; the head keeps its closing ``：``."""
    if len(op.paragraphs) != 1 or node.text is None:
        raise StructureError("the head of an article is one paragraph of its own text")
    old, new = node.text, textops.normalise_quotes(op.paragraphs[0])
    keep = old[-1:] if old[-1:] in "：:" and new[-1:] not in "：:。；" else ""
    node.text = new + keep


def _replace_heading(tree: WorkTree, node: Node, op: ReplaceProvision) -> None:
    """A heading named by its words (“三、技术转让合同”) quoted anew with its label."""
    if len(op.paragraphs) != 1:
        raise StructureError("a heading is replaced by one line")
    words = op.paragraphs[0]
    label = parse_label(words)
    node.heading = words[label.end :].strip() if label is not None else words


def _check_old(quoted: tuple[str, ...], current: list[str], kind: Kind) -> None:
    if _same_old(quoted, current, kind):
        return
    if len(quoted) != len(current):
        raise StructureError(
            f"old text mismatch: the notice quotes {len(quoted)} paragraphs, the text has {len(current)}"
        )
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
    """A 款 replaced by the quoted lines: the first becomes its text, the others (款 or
    items) follow it. The lines the old 款 introduced (see :func:`paragraph_extent`) go."""
    article, at, taken = paragraph_extent(tree, node)
    if article is None:
        raise StructureError("a 款 is part of an article")
    if op.old is not None:
        current = [node.text or "", *(_labelled(tree, c) for c in taken)]
        _check_old(op.old, current, Kind.PARAGRAPH)
    for child in taken:
        tree.remove(child)
    new = [textops.normalise_quotes(p) for p in op.paragraphs]
    node.text = new[0]
    for k, extra in enumerate(parse_children(tree, article, new[1:])):
        extra.id = tree.fresh_id(f"{article.id}-{id_part(extra, at + k + 2)}")
        tree.index[extra.id] = extra
        name_descendants(tree, extra)
        tree.insert(article, at + k, extra)


def paragraph_extent(tree: WorkTree, node: Node) -> tuple[Node | None, int, list[Node]]:
    """Where the lines after a 款 start (the holder and an index), and the lines it takes.

    A 款 ending in ``：`` takes the lines after it (items, or list lines such as
    ``委员长，``) up to and including the first that ends in ``。`` — the rule
    :func:`~policydiff.notice.address.resolve` counts 款 by.
    """
    holder, at = (node, 0) if node.kind is Kind.ARTICLE else (node.parent, tree.siblings(node).index(node) + 1)
    taken: list[Node] = []
    in_article = holder is not None and holder.kind is Kind.ARTICLE  # only an article's 款 take lines
    if in_article and (node.text or "").endswith(("：", ":")):
        for child in tree.children_of(holder)[at:]:
            taken.append(child)
            if (child.text or "").endswith("。"):
                break
    return holder, at, taken


def _labelled(tree: WorkTree, node: Node) -> str:
    label = tree.doc.numbering.label(node.kind, node.num) if node.num is not None else ""
    return label + (node.text or "")


def _replace_span(node: Node, op: ReplaceProvision, span: tuple[int, int]) -> None:
    text = node.text or ""
    old = text[span[0] : span[1]]
    if op.old is not None and textops.normalise_quotes("".join(op.old)) != old:
        raise StructureError(f"the quoted old text does not match: it reads “{_short(old)}”")
    node.text = text[: span[0]] + textops.normalise_quotes("".join(op.paragraphs)) + text[span[1] :]


def insert_provision(
    tree: WorkTree, anchor: Node | None, op: InsertProvision, explicit: set[str], marks: list[Node] | None = None
) -> str:
    """Add the new provision; returns its id. A sibling whose final mark changes (see
    :func:`_continue_list`) is appended to *marks*."""
    kind = KIND_OF_UNIT[op.kind]
    if kind is Kind.PARAGRAPH:
        return _insert_paragraphs(tree, anchor, op)
    num = parse_number(op.number)
    parent, at = _place(tree, anchor, kind, num)
    siblings = tree.children_of(parent)
    displaced = siblings[at] if at < len(siblings) and siblings[at].kind is kind else None
    mark = textops.terminal_mark((displaced or _last_of(siblings, kind) or Node("", kind, None, None, None)).text)
    texts = [textops.normalise_quotes(p) for p in op.paragraphs]
    if kind in HEADED:
        node = Node("", kind, num, op.heading, None)
        texts = ["", *texts]
    else:
        node = Node("", kind, num, op.heading, textops.with_terminal(_strip_label(texts[0], kind), mark))
    base = id_part(node, at + 1) if kind is not Kind.ARTICLE else f"a{num}"
    node.id = tree.fresh_id(f"{parent.id}-{base}" if parent and kind is not Kind.ARTICLE else base)
    if num.sub == 0 and op.renumber:
        _shift(tree, parent, kind, num, explicit)
    if displaced is None:
        changed = _continue_list(siblings, kind, node)
        if changed is not None and marks is not None:
            marks.append(changed)
    tree.insert(parent, at, node)
    rebuild_children(tree, node, texts[1:])
    return node.id


def _continue_list(siblings: list[Node], kind: Kind, new: Node) -> Node | None:
    """A new last item of a list whose items end in ``；`` and whose last ends in ``。``:
    the old last item now ends in ``；`` and the new one carries the ``。``. Returns the old last."""
    same = [s for s in siblings if s.kind is kind and s.text]
    if kind not in (Kind.ITEM, Kind.POINT) or len(same) < 2 or not (new.text or "").endswith("。"):
        return None
    before, last = same[-2].text or "", same[-1].text or ""
    if before.endswith("；") and last.endswith("。"):
        same[-1].text = last[:-1] + "；"
        return same[-1]
    return None


def _end_list(siblings: list[Node], kind: Kind) -> Node | None:
    """The last item of a list ending in ``。`` was deleted: the new last one, ending in the
    list's ``；``, takes the ``。``. Returns it, or None when nothing changed."""
    same = [s for s in siblings if s.kind is kind and s.text]
    if kind not in (Kind.ITEM, Kind.POINT) or not same or not (same[-1].text or "").endswith("；"):
        return None
    same[-1].text = (same[-1].text or "")[:-1] + "。"
    return same[-1]


def _insert_paragraphs(tree: WorkTree, article: Node | None, op: InsertProvision) -> str:
    """New 款 (with the items of a 款 that ends in ``：``) at the stated place, or last."""
    if article is None:
        raise StructureError("a 款 is added inside a provision: name it")
    texts = [textops.normalise_quotes(p) for p in op.paragraphs]
    number = parse_number(op.number).value if op.number else None
    if number == 1 and article.text is not None:
        return _insert_first_paragraph(tree, article, texts)
    at = _paragraph_slot(article, number) if number else len(article.children)
    neighbour = article.children[at] if at < len(article.children) else _last_of(article.children, Kind.PARAGRAPH)
    texts[0] = textops.with_terminal(texts[0], textops.terminal_mark(neighbour.text if neighbour else article.text))
    nodes = parse_children(tree, article, texts)
    for k, new in enumerate(nodes):
        new.id = tree.fresh_id(f"{article.id}-{id_part(new, at + k + 2)}")
        tree.index[new.id] = new
        name_descendants(tree, new)
        tree.insert(article, at + k, new)
    return nodes[0].id


def _insert_first_paragraph(tree: WorkTree, article: Node, texts: list[str]) -> str:
    """A new first 款: the article's text moves down into a paragraph of its own."""
    moved = Node(tree.fresh_id(f"{article.id}-p2"), Kind.PARAGRAPH, None, None, article.text)
    tree.insert(article, 0, moved)
    article.text = texts[0]
    for n, words in enumerate(texts[1:], 1):
        tree.insert(article, n, Node(tree.fresh_id(f"{article.id}-p{n + 2}"), Kind.PARAGRAPH, None, None, words))
    return article.id


def _place(tree: WorkTree, anchor: Node | None, kind: Kind, num: Num) -> tuple[Node | None, int]:
    # "在第X条后增加一条" names the article it follows; "在第X条中增加一项" names the parent.
    if anchor is not None and anchor.kind is kind:
        siblings = tree.siblings(anchor)
        return anchor.parent, siblings.index(anchor) + 1
    if anchor is None and kind is Kind.ARTICLE:
        return _article_slot(tree, num)
    siblings = tree.children_of(anchor)
    for i, sibling in enumerate(siblings):
        if sibling.kind is kind and sibling.num is not None and sibling.num.key >= num.key:
            return anchor, i
    last = max((i for i, s in enumerate(siblings) if s.kind is kind), default=len(siblings) - 1)
    return anchor, last + 1


def _article_slot(tree: WorkTree, num: Num) -> tuple[Node | None, int]:
    """增加一条作为第N条 with no place named: before the first article numbered N or more.

    Articles are numbered through the document, so the number is the place; where
    that place is a chapter boundary the number does not say which chapter, and
    that is an error rather than a guess.
    """
    articles = [n for n in tree.walk() if n.kind is Kind.ARTICLE and n.num is not None]
    later = next((i for i, a in enumerate(articles) if a.num is not None and a.num.key >= num.key), None)
    if later is None:
        if not articles:
            return None, len(tree.roots)
        last = articles[-1]
        return last.parent, tree.siblings(last).index(last) + 1
    node = articles[later]
    before = articles[later - 1] if later else None
    if before is not None and before.parent is not node.parent:
        label = tree.doc.numbering.label(Kind.ARTICLE, num)
        raise StructureError(f"{label} would fall between two chapters or sections; name where it goes")
    return node.parent, tree.siblings(node).index(node)


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


def delete_provision(tree: WorkTree, node: Node, *, own: bool = False, marks: list[Node] | None = None) -> None:
    """Remove the provision; its number stays vacant until the notice is done
    (:mod:`.sequence` then renumbers or refuses).

    Deleting an article's first 款 (*own*) removes its own text and the items of that
    款; its next 款 becomes the first. Any 款 (*own*: addressed as 款) goes with the lines
    it takes (:func:`paragraph_extent`); a paragraph addressed as 段 goes alone. Deleting
    the last item of a list whose last item ends in ``。`` gives that ``。`` to the new last
    item, which is appended to *marks*.
    """
    if own and node.kind is Kind.ARTICLE:
        _delete_first_paragraph(tree, node)
        return
    siblings = tree.siblings(node)
    last = [s for s in siblings if s.kind is node.kind][-1] is node and (node.text or "").endswith("。")
    # A 款 goes with its lines; a 段 (not *own*: counted one paragraph at a time) goes alone.
    for taken in paragraph_extent(tree, node)[2] if node.kind is Kind.PARAGRAPH and own else []:
        tree.remove(taken)
    tree.remove(node)
    changed = _end_list(siblings, node.kind) if last else None
    if changed is not None and marks is not None:
        marks.append(changed)


def _delete_first_paragraph(tree: WorkTree, article: Node) -> None:
    rest = next((c for c in article.children if c.kind is Kind.PARAGRAPH), None)
    if rest is None:
        raise StructureError("the first 款 is the whole article: delete the article instead")
    for child in article.children[: article.children.index(rest)]:
        tree.remove(child)
    article.text = rest.text
    tree.remove(rest)


def renumber(node: Node, to: str) -> None:
    """Give *node* the number *to* (``第10点``)."""
    node.num = parse_number(to)


def resequence(tree: WorkTree, unit: str) -> None:
    """Number every *unit* (条) of the document in document order; see :class:`~.ops.Resequence`."""
    kind, count = KIND_OF_UNIT[unit], 0
    for node in tree.walk():
        if node.kind is not kind or node.num is None:
            continue
        if node.num.sub == 0:
            count += 1
        elif count == 0:
            raise StructureError(f"{tree.doc.numbering.label(kind, node.num)} comes before every plain {unit}")
        node.num = Num(count, node.num.sub)


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"
