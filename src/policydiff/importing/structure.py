"""Building the provision tree from clean body lines (one paragraph per line).

Every line is either a numbered provision (its label recognised by
:func:`policydiff.zh.numbering.parse_label`) or an unnumbered paragraph. The rules,
in the order they are applied (the small ones live in :mod:`.structure_rules`):

1. **Family.** A document is legal (第X条 articles) when at least as many lines
   start with 第X条 as with ``一、``, or when 第一条, 第二条, 第三条 … start
   three or more lines in sequence; otherwise it is administrative (``一、``
   articles). The caller may impose the family.
2. **Kind from label style.** 第X编/分编/章/节/条 are parts, subparts, chapters,
   sections and articles; ``一、`` is an article in administrative style (the level
   a notice calls 条; in legal style such a line stays a paragraph, unless a row
   of :data:`~.structure_rules.KIND_RULES` makes it a chapter); ``（一）`` an
   item; ``1.``/``1、`` a point; ``（1）`` a subpoint. Variants typed with other
   characters belong to the same style family: ``(一)`` with ``（一）``, ``1．``
   and ``１．`` with ``1.``, ``(1)`` with ``（1）``. ``1、`` is a family of its own.
3. **One style family per kind.** The first label seen for a kind fixes its
   family. A later line whose label is of another family, or whose number does
   not go up from the previous provision of its kind (a restarted list, a year, a
   sentence that happens to start with ``第三条``), is kept as an unnumbered
   paragraph with its label as typed. Nothing is lost, and no provision is made
   up. Except an article written like its peers (their separator after the label):
   a repeated or backward 第X条 stays an article, so that the numbering check reports
   it and import refuses the document, instead of making it a 款 unseen.
   A gap (一 then 三) is believed only when the line is written like its peers
   (the separator most labels of its kind had so far) or is a Markdown heading.
   One exception: when a part, subpart, chapter or section restarts its numbering
   while every earlier one of its kind (under the same parent) has nothing but
   such empty headings under it, those were a table of contents (目录); they
   become paragraphs as typed and the restarting line opens the real structure.
4. **The document's label format.** Within the family, each kind is written in
   the variant most of its labels use (the first seen on a tie), followed by the
   separator most labels in that variant have (the space in ``第一条 ``; labels
   without words after them do not count). A label in another variant of the
   family is normalised to the chosen one, separator included: ``(六) 其他`` in a
   document of ``（一）甲`` items is rendered ``（六）其他``. A label in the chosen
   variant whose separator differs keeps its own (:attr:`Provision.sep`).
5. **Nesting by rank.** part > subpart > chapter > section > article > item >
   point > subpoint: a numbered line closes every open provision of its rank or
   lower.
6. **Where paragraphs go.** Articles and provisions that have only a heading
   (``（一）领导机构``) own the paragraphs after them; an item or point with text
   does not, so a paragraph after ``（二）……。`` belongs to the enclosing article.
7. **Headings.** Part- and chapter-like kinds always have a heading. An
   administrative article, item or point (and a legal item or point) has a
   heading when its words are short and have no sentence punctuation
   (``一、指导思想``); otherwise they are its text.
8. **Markdown headings** (the line indexes passed as ``headings``). A numbered
   heading line is taken as a heading whatever its words (``第四章 主席团，主席``)
   and its number may jump (第一章 then 第三章). An unnumbered heading line
   (``## 附则``, ``## 附件一``, or a label the rules above refuse) stays a
   paragraph, but it ends the article (and its items) before it: it and the
   paragraphs after it belong to the enclosing chapter, or to the document.
9. **Rows of** :data:`~.structure_rules.KIND_RULES` give a label another kind than
   its style's. In a legal document that has no 第X章 line, ``一、总则`` (short words
   without a sentence-final mark) before 第一条 is a chapter, and so is ``二、管理职责``
   after articles once the chapters are written so; the rules above then apply to the
   line as to a Markdown heading such as ``## 第一章 总则``.

Articles are numbered through the whole document, parts too; subparts within
their part, chapters within their part or subpart, sections within their
chapter, and the lower kinds within their parent.

The builder and its nodes are plain classes with ``__slots__`` and a written ``__init__``, not
dataclasses: a dataclass's class costs some 0.5 ms to make at every start of a command that
imports a document (issue 19), a plain class's a small fraction of that.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from policydiff.importing.structure_rules import (
    HEADING_KINDS,
    PREAMBLE_HEADINGS,
    SequenceBreak,
    base_id,
    continues,
    detect_family,
    kind_of,
    looks_like_heading,
    rank,
    ruled_kind,
    separator,
    typed_styles,
    unique,
)
from policydiff.model import (
    ADMINISTRATIVE,
    LEGAL,
    Document,
    Family,
    Kind,
    LabelFormat,
    Metadata,
    Numbering,
    Provision,
)
from policydiff.zh.numbering import Label, LabelStyle, Num, format_label, parse_label

__all__ = ["PREAMBLE_HEADINGS", "Follower", "SequenceBreak", "build", "build_document", "detect_family"]


class _Node:
    """A provision under construction (mutable until the tree is frozen)."""

    __slots__ = ("children", "heading", "kind", "line", "num", "sep", "style", "text")

    def __init__(
        self,
        kind: Kind,
        num: Num | None,
        heading: str | None = None,
        text: str | None = None,
        children: list[_Node] | None = None,
        line: str = "",  # as typed, to turn it back into a paragraph (a table of contents)
        style: LabelStyle | None = None,  # the label variant as typed
        sep: str = "",  # the separator as typed
    ) -> None:
        self.kind = kind
        self.num = num
        self.heading = heading
        self.text = text
        self.children: list[_Node] = [] if children is None else children
        self.line = line
        self.style = style
        self.sep = sep

    def owns_paragraphs(self) -> bool:
        return self.kind in (Kind.ARTICLE, Kind.PREAMBLE, *HEADING_KINDS) or self.text is None

    def has_words(self) -> bool:
        return bool(self.heading or self.text)

    def only_headings(self) -> bool:
        """Whether nothing but empty headings is below this node (an entry of a table of contents)."""
        return all(c.kind in HEADING_KINDS and c.only_headings() for c in self.children)

    def walk(self) -> Iterator[_Node]:
        yield self
        for child in self.children:
            yield from child.walk()


class _Builder:
    __slots__ = ("families", "family", "last_article", "roots", "separators", "stack", "typed", "warnings")

    def __init__(
        self,
        family: Family,
        last_article: Num | None = None,
        typed: frozenset[LabelStyle] = frozenset(),  # the styles that start lines of the document
    ) -> None:
        self.family = family
        self.families: dict[Kind, LabelStyle] = {}  # main style per kind
        self.separators: defaultdict[Kind, Counter[str]] = defaultdict(Counter)  # to judge gaps
        self.roots: list[_Node] = []
        self.stack: list[_Node] = []
        self.last_article = last_article
        self.warnings: list[str] = []
        self.typed = typed

    def add(self, line: str, heading: bool = False) -> None:
        if line.strip() in PREAMBLE_HEADINGS and not self.roots_have_numbered():
            self._open(_Node(Kind.PREAMBLE, None, heading=line))
            return
        label = parse_label(line)
        ruled = self._ruled(label, line, heading) if label else None
        kind = ruled or (kind_of(label) if label else None)
        if label is None or kind is None or not self._accepts(kind, label, line, heading or bool(ruled)):
            self._paragraph(line, heading)
            return
        self._numbered(kind, label, line, heading or bool(ruled))

    def label_formats(self) -> dict[Kind, LabelFormat]:
        """Each kind's format: the variant most of its labels use, with the separator
        most labels in that variant have (the first seen on a tie)."""
        styles: defaultdict[Kind, Counter[LabelStyle]] = defaultdict(Counter)
        seps: defaultdict[tuple[Kind, LabelStyle], Counter[str]] = defaultdict(Counter)
        for node in (n for root in self.roots for n in root.walk()):
            if node.style is None:
                continue
            styles[node.kind][node.style] += 1
            if node.has_words():
                seps[node.kind, node.style][node.sep] += 1
        formats: dict[Kind, LabelFormat] = {}
        for kind, counts in styles.items():
            style = counts.most_common(1)[0][0]
            usual = seps.get((kind, style))
            formats[kind] = LabelFormat(style, usual.most_common(1)[0][0] if usual else "")
        return formats

    def roots_have_numbered(self) -> bool:
        return any(n.num is not None for n in self.roots)

    def _ruled(self, label: Label, line: str, hinted: bool) -> Kind | None:
        """The kind a row of ``KIND_RULES`` gives *label* (its line then counts as a heading line), if any."""
        return ruled_kind(
            label, line[label.end :], family=self.family, hinted=hinted,
            before_articles=self.last_article is None, fixed=self.families, typed=self.typed,
        )  # fmt: skip

    def _in_family(self, kind: Kind, label: Label) -> bool:
        """Whether *label* is written in the style family of *kind* (in this document's family)."""
        if kind is Kind.ARTICLE and (label.style is LabelStyle.ARTICLE) != (self.family is Family.LEGAL):
            return False
        return self.families.get(kind, label.style.canonical) is label.style.canonical

    def _accepts(self, kind: Kind, label: Label, line: str, hinted: bool) -> bool:
        if not self._in_family(kind, label):
            return False
        rest = line[label.end :]
        if kind in HEADING_KINDS and not hinted and not looks_like_heading(rest):
            return False
        previous = self._previous(kind)
        if previous is None or continues(previous, label.num):
            return True
        # A gap is believed only when the line is written like its peers (or is a
        # Markdown heading), so that "第三条规定的……" inside a paragraph does not become article 3.
        like_peers = hinted or separator(rest) == self._usual_separator(kind, rest)
        if label.num.key > previous.key and like_peers:
            self.warnings.append(f"numbering jumps from {previous.zh} to {label.num.zh}: {line[:30]}")
            return True
        if kind in HEADING_KINDS and label.num.key <= previous.key and self._drop_contents_list(kind):
            return True
        # An article written like its peers whose number repeats or goes back is kept as an
        # article: the numbering check then says so (import refuses it), never a silent 款.
        return kind is Kind.ARTICLE and like_peers and label.num.key <= previous.key

    def _usual_separator(self, kind: Kind, rest: str) -> str:
        seen = self.separators.get(kind)
        return seen.most_common(1)[0][0] if seen else separator(rest)

    def _drop_contents_list(self, kind: Kind) -> bool:
        """Turn a table of contents (headings of *kind* with nothing under them) back into paragraphs."""
        parent = self._parent_for(rank(kind))
        siblings = parent.children if parent else self.roots
        if not all(c.only_headings() for c in siblings if c.kind is kind):
            return False
        siblings[:] = [p for c in siblings for p in (self._unmake(c) if c.kind is kind else [c])]
        return True

    def _unmake(self, node: _Node) -> list[_Node]:
        """*node* and the headings below it as paragraphs, as typed, in document order."""
        out = [_Node(Kind.PARAGRAPH, None, text=node.line)]
        self.separators[node.kind][node.sep] -= 1
        for child in node.children:
            out.extend(self._unmake(child))
        # It may still be on the stack: make it one that owns nothing, so it gets closed.
        node.kind, node.num, node.style, node.text = Kind.PARAGRAPH, None, None, node.line
        return out

    def _previous(self, kind: Kind) -> Num | None:
        if kind is Kind.ARTICLE:
            return self.last_article
        parent = self._parent_for(rank(kind))
        siblings = parent.children if parent else self.roots
        nums = [c.num for c in siblings if c.kind is kind and c.num is not None]
        return nums[-1] if nums else None

    def _parent_for(self, level: int) -> _Node | None:
        for node in reversed(self.stack):
            if rank(node.kind) < level:
                return node
        return None

    def _numbered(self, kind: Kind, label: Label, line: str, hinted: bool) -> None:
        rest = line[label.end :]
        words = rest.strip()
        self.families.setdefault(kind, label.style.canonical)
        sep = separator(rest)
        self.separators[kind][sep] += 1
        node = _Node(kind, label.num, line=line, style=label.style, sep=sep)
        if kind in HEADING_KINDS or (words and self._is_heading(kind, words, hinted)):
            node.heading = words
        else:
            node.text = words
        if kind is Kind.ARTICLE:
            self.last_article = label.num
        self._close(rank(kind))
        self._open(node)

    def _is_heading(self, kind: Kind, words: str, hinted: bool) -> bool:
        if kind is Kind.ARTICLE and self.family is Family.LEGAL:
            return False
        return hinted or looks_like_heading(words)

    def _close(self, level: int) -> None:
        """Close every open provision of rank *level* or lower."""
        while self.stack and rank(self.stack[-1].kind) >= level:
            self.stack.pop()

    def _open(self, node: _Node) -> None:
        (self.stack[-1].children if self.stack else self.roots).append(node)
        self.stack.append(node)

    def _paragraph(self, line: str, hinted: bool) -> None:
        if hinted:  # an unnumbered heading ends the article before it
            self._close(rank(Kind.ARTICLE))
        while self.stack and not self.stack[-1].owns_paragraphs():
            self.stack.pop()
        node = _Node(Kind.PARAGRAPH, None, text=line)
        (self.stack[-1].children if self.stack else self.roots).append(node)

    def breaks(self, line: str) -> SequenceBreak | None:
        """How *line*, read next, breaks its kind's numbering (None: it continues it or is no provision)."""
        label = parse_label(line)
        kind = (self._ruled(label, line, False) or kind_of(label)) if label else None
        if label is None or kind is None or not self._in_family(kind, label):
            return None
        previous = self._previous(kind)
        expected = Num(previous.value + 1 if previous else 1)
        if label.num == expected or (previous is not None and continues(previous, label.num)):
            return None
        return SequenceBreak(label.text, kind, format_label(label.style, expected))

    def last_is_heading(self) -> bool:
        """Whether the last line read made a heading, or a paragraph that reads like one (``附则``)."""
        node = self.roots[-1] if self.roots else None
        while node is not None and node.children:
            node = node.children[-1]
        if node is None or node.kind is Kind.PARAGRAPH:
            return node is not None and looks_like_heading(node.text or "")
        return node.heading is not None and node.text is None


class Follower:
    """Reads body lines one at a time as :func:`build` does, to tell which label breaks its kind's numbering.

    The family is decided from all *lines* first, as :func:`build` decides it.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self._builder = _Builder(detect_family(lines), typed=typed_styles(lines))

    def add(self, line: str) -> None:
        """Read *line* as the next line of the body."""
        self._builder.add(line)

    def breaks(self, line: str) -> SequenceBreak | None:
        """How *line*, if read next, would break its kind's numbering; None when it would not.

        The first provision of a kind under its parent is expected to be number one; a label the
        builder would not number (another style family, 一、 among 第X条 articles) breaks nothing.
        """
        return self._builder.breaks(line)

    def after_heading(self) -> bool:
        """Whether the last line read is a heading (``第一章 总则``, ``（一）领导机构``) or reads like one."""
        return self._builder.last_is_heading()


def build(
    lines: Sequence[str],
    *,
    slug: str,
    title: str,
    meta: Metadata | None = None,
    family: Family | None = None,
    headings: frozenset[int] = frozenset(),
) -> tuple[Document, tuple[str, ...]]:
    """The document whose body is *lines* (one paragraph each, already cleaned),
    and warnings about what looked odd (gaps in numbering). *headings* holds the
    indexes of lines that were headings in the source (Markdown ``#`` lines)."""
    fam = family or detect_family(lines)
    builder = _Builder(fam, typed=typed_styles(lines))
    for i, line in enumerate(lines):
        builder.add(line, i in headings)
    formats = builder.label_formats()
    numbering = _numbering(fam, formats)
    provisions = _freeze(builder.roots, "", set(), formats)
    return Document(slug, title, numbering, provisions, meta or Metadata()), tuple(builder.warnings)


def build_document(
    lines: Sequence[str],
    *,
    slug: str,
    title: str,
    meta: Metadata | None = None,
    family: Family | None = None,
    headings: frozenset[int] = frozenset(),
) -> Document:
    """:func:`build` without the warnings."""
    return build(lines, slug=slug, title=title, meta=meta, family=family, headings=headings)[0]


def _numbering(family: Family, seen: dict[Kind, LabelFormat]) -> Numbering:
    base = LEGAL if family is Family.LEGAL else ADMINISTRATIVE
    for kind, fmt in seen.items():
        base = base.with_format(kind, fmt)
    return base


def _freeze(
    nodes: list[_Node], prefix: str, used: set[str], formats: dict[Kind, LabelFormat], first_paragraph: int = 1
) -> tuple[Provision, ...]:
    # Paragraph ids count like 款: an article's own text is its first 款.
    out: list[Provision] = []
    paragraph_no = first_paragraph
    for node in nodes:
        pid = unique(base_id(node.kind, node.num, prefix, paragraph_no), used)
        if node.kind is Kind.PARAGRAPH:
            paragraph_no += 1
        children = _freeze(node.children, pid, used, formats, 2 if node.text is not None else 1)
        sep = _own_separator(node, formats.get(node.kind))
        out.append(Provision(pid, node.kind, node.num, node.heading, node.text, children, sep))
    return tuple(out)


def _own_separator(node: _Node, fmt: LabelFormat | None) -> str | None:
    """The node's separator where it must override its kind's (same variant, other separator)."""
    if fmt is None or node.style is not fmt.style or not node.has_words() or node.sep == fmt.sep:
        return None
    return node.sep
