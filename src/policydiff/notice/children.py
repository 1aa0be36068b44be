"""New children for a provision: quoted lines parsed into nodes, and the ids they get.

A structural edit that quotes lines (a provision restated, 款 or items added) has them
parsed as the body of a stand-in parent of the same kind; the nodes that result take
fresh ids in the work tree, or keep the ids of the children they replace in place.
"""

from __future__ import annotations

from policydiff.model import Family, Kind
from policydiff.notice.tree import Node, WorkTree

HEADED = (Kind.PART, Kind.CHAPTER, Kind.SECTION)


def rebuild_children(tree: WorkTree, node: Node, lines: list[str]) -> None:
    """Children from *lines*, keeping the ids of those that stay in place."""
    fresh = parse_children(tree, node, lines)
    old = list(node.children)
    for child in old:
        tree.remove(child)
    for at, new in enumerate(fresh):
        match = next((c for c in old if c.kind is new.kind and c.num == new.num and c.id not in tree.index), None)
        if match is not None:
            tree.retired.discard(match.id)
            new.id = match.id
        else:
            part = id_part(new, at + 2)
            new.id = tree.fresh_id(part if new.kind is Kind.ARTICLE else f"{node.id}-{part}")
        tree.index[new.id] = new
        name_descendants(tree, new)
        tree.insert(node, at, new)


def name_descendants(tree: WorkTree, node: Node) -> None:
    # Children parsed from quoted lines carry stand-in ids; give them real, fresh ones.
    for at, child in enumerate(node.children):
        part = id_part(child, at + 2)
        child.id = tree.fresh_id(part if child.kind is Kind.ARTICLE else f"{node.id}-{part}")
        tree.index[child.id] = child
        name_descendants(tree, child)


def parse_children(tree: WorkTree, node: Node, lines: list[str]) -> list[Node]:
    # The lines are parsed as the body of a stand-in parent of the same kind.
    if not lines:
        return []
    # Here, not at the top: the importer's structure rules (some 3 ms to import) serve only the
    # notices that insert or rewrite provisions with children.
    from policydiff.importing.structure import build_document

    if node.kind in HEADED:
        heads = {
            Kind.PART: ["第一编 占位"],
            Kind.CHAPTER: ["第一章 占位"],
            Kind.SECTION: ["第一章 占位", "第一节 占位"],
        }
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


def id_part(node: Node, position: int) -> str:
    prefix = {Kind.ITEM: "i", Kind.POINT: "pt", Kind.SUBPOINT: "sp", Kind.SECTION: "s", Kind.ARTICLE: "a"}
    if node.num is None:
        return f"p{position}"
    return f"{prefix.get(node.kind, node.kind.value)}{node.num.value}" + (f"-{node.num.sub}" if node.num.sub else "")
