"""A mutable working copy of a document, edited by id while a notice is applied.

The model is immutable; applying a notice edits this copy and freezes it back into
a new :class:`~policydiff.model.Document` only if every item applied, which is
what makes applying all or nothing.

:class:`Node` and :class:`WorkTree` are plain classes with ``__slots__`` and a written
``__init__``, not dataclasses: a dataclass's class costs some 0.5 ms to make at every start of a
command that applies a notice (issue 19), a plain class's a small fraction of that.
"""

from __future__ import annotations

from policydiff.model import Document, Kind, Provision
from policydiff.zh.numbering import Num


class Node:
    """A provision being edited; ``parent`` is None at the top level.

    Nodes compare by identity (no ``__eq__``, as the dataclass's ``eq=False``): two nodes with the
    same words are still two provisions, and ``list.index``/``remove`` must find this one."""

    __slots__ = ("children", "heading", "id", "kind", "num", "parent", "sep", "source", "text")

    def __init__(
        self,
        id: str,
        kind: Kind,
        num: Num | None,
        heading: str | None,
        text: str | None,
        children: list[Node] | None = None,
        parent: Node | None = None,
        sep: str | None = None,  # a provision's own label separator, kept through the edit
        source: Provision | None = None,
    ) -> None:
        self.id = id
        self.kind = kind
        self.num = num
        self.heading = heading
        self.text = text
        self.children: list[Node] = [] if children is None else children
        self.parent = parent
        self.sep = sep
        #: The provision this node was thawed from (None for a new one): frozen back unchanged, it is
        #: that provision again (:func:`_freeze`).
        self.source = source


class WorkTree:
    """The editable copy: the top-level nodes, an index by id, and the title."""

    __slots__ = ("doc", "index", "retired", "roots", "title")

    def __init__(self, doc: Document, title: str, roots: list[Node], index: dict[str, Node], retired: set[str]) -> None:
        self.doc = doc
        self.title = title
        self.roots = roots
        self.index = index
        self.retired = retired

    @classmethod
    def of(cls, doc: Document, retired: frozenset[str] = frozenset()) -> WorkTree:
        """A working copy of *doc*; *retired* ids (deleted earlier) are never given out again."""
        index: dict[str, Node] = {}
        roots = [_thaw(p, None, index) for p in doc.provisions]
        return cls(doc, doc.title, roots, index, set(retired))

    def node(self, pid: str) -> Node:
        """The node with id *pid*."""
        return self.index[pid]

    def siblings(self, node: Node) -> list[Node]:
        """The list that holds *node* (its parent's children, or the top level)."""
        return node.parent.children if node.parent else self.roots

    def children_of(self, node: Node | None) -> list[Node]:
        """The children of *node*, or the top level for None."""
        return node.children if node else self.roots

    def insert(self, parent: Node | None, at: int, node: Node) -> None:
        """Put *node* at position *at* under *parent*."""
        node.parent = parent
        self.children_of(parent).insert(at, node)
        for n in _walk(node):
            self.index[n.id] = n

    def remove(self, node: Node) -> None:
        """Take *node* and everything below it out; their ids are retired."""
        self.siblings(node).remove(node)
        for n in _walk(node):
            del self.index[n.id]
            self.retired.add(n.id)

    def fresh_id(self, base: str) -> str:
        """*base*, or *base* with a ``~N`` suffix, unused now and never used before."""
        candidate, n = base, 1
        while candidate in self.index or candidate in self.retired:
            n += 1
            candidate = f"{base}~{n}"
        return candidate

    def walk(self) -> list[Node]:
        """Every node in document order."""
        return [n for root in self.roots for n in _walk(root)]

    def freeze(self) -> Document:
        """The edited document."""
        return self.doc._replace(title=self.title, provisions=tuple(_freeze(n) for n in self.roots))


def _thaw(p: Provision, parent: Node | None, index: dict[str, Node]) -> Node:
    node = Node(p.id, p.kind, p.num, p.heading, p.text, parent=parent, sep=p.sep, source=p)
    node.children = [_thaw(c, node, index) for c in p.children]
    index[p.id] = node
    return node


def _freeze(node: Node) -> Provision:
    """*node* as a provision: the one it was thawed from when the notice left it and everything
    below it as they were. So a new version shares the provisions an event left alone with the
    version before, as a replay cache entry's decoded versions do: nothing is made again, and what
    compares versions (references followed, the diff, the entry's packing) passes them by identity."""
    children = tuple(_freeze(c) for c in node.children)
    was = node.source
    if (
        was is not None
        and was.id == node.id
        and was.kind is node.kind
        and was.num == node.num
        and was.heading == node.heading
        and was.text == node.text
        and was.sep == node.sep
        and len(was.children) == len(children)
        and all(a is b for a, b in zip(was.children, children, strict=True))
    ):
        return was
    return Provision(node.id, node.kind, node.num, node.heading, node.text, children, node.sep)


def _walk(node: Node) -> list[Node]:
    out = [node]
    for child in node.children:
        out.extend(_walk(child))
    return out
