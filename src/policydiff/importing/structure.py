"""Building the provision tree from clean body lines (one paragraph per line).

Every line is either a numbered provision (its label recognised by
:func:`policydiff.numbering.parse_label`) or an unnumbered paragraph. The rules,
in the order they are applied:

1. **Kind from label style.** 第X编/章/节/条 are parts, chapters, sections and
   articles; ``一、`` is an article in administrative style (the level a notice
   calls 条); ``（一）`` an item; ``1.``/``1、`` a point; ``（1）`` a subpoint.
2. **One style per kind.** The first label seen for a kind fixes that kind's label
   style. The separator written after it (the space in ``第一条 ``) is also one per
   kind: the one most labels of that kind have, the first seen on a tie.
   A later line whose label is in a different style, or whose number does not go
   up from the previous provision of its kind (a restarted list, a year, a
   sentence that happens to start with ``第三条``), is kept as an unnumbered
   paragraph with its label as typed. Nothing is lost, and no provision is made up.
   One exception: when a part, chapter or section restarts its numbering while
   every earlier one of its kind (under the same parent) is still empty, those
   were a table of contents (目录); they become paragraphs as typed and the
   restarting line opens the real structure.
3. **Nesting by rank.** part > chapter > section > article > item > point >
   subpoint: a numbered line closes every open provision of its rank or lower.
4. **Where paragraphs go.** Articles and provisions that have only a heading
   (``（一）领导机构``) own the paragraphs after them; an item or point with text
   does not, so a paragraph after ``（二）……。`` belongs to the enclosing article.
5. **Headings.** Chapter-like kinds always have a heading. An administrative
   article, item or point has a heading when its words are short and have no
   sentence punctuation (``一、指导思想``); otherwise they are its text.

Articles are numbered through the whole document, chapters within their part,
sections within their chapter, and the lower kinds within their parent.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

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
from policydiff.numbering import Label, LabelStyle, Num, parse_label

_KIND_OF_STYLE = {
    LabelStyle.PART: Kind.PART,
    LabelStyle.CHAPTER: Kind.CHAPTER,
    LabelStyle.SECTION: Kind.SECTION,
    LabelStyle.ARTICLE: Kind.ARTICLE,
    LabelStyle.ZH_COMMA: Kind.ARTICLE,
    LabelStyle.ZH_PAREN: Kind.ITEM,
    LabelStyle.ARABIC_DOT: Kind.POINT,
    LabelStyle.ARABIC_COMMA: Kind.POINT,
    LabelStyle.ARABIC_PAREN: Kind.SUBPOINT,
}
_RANK = {Kind.PART: 0, Kind.CHAPTER: 1, Kind.SECTION: 2, Kind.PREAMBLE: 3, Kind.ARTICLE: 3,
         Kind.ITEM: 4, Kind.POINT: 5, Kind.SUBPOINT: 6}  # fmt: skip
_HEADING_KINDS = (Kind.PART, Kind.CHAPTER, Kind.SECTION)
_SENTENCE_MARK = re.compile(r"[。；;：:！？!?，,]")
_ID_PREFIX = {Kind.PART: "b", Kind.CHAPTER: "c", Kind.SECTION: "s", Kind.ARTICLE: "a",
              Kind.ITEM: "i", Kind.POINT: "pt", Kind.SUBPOINT: "sp"}  # fmt: skip
PREAMBLE_HEADINGS = ("序言", "序　言", "序 言")


@dataclass(slots=True)
class _Node:
    """A provision under construction (mutable until the tree is frozen)."""

    kind: Kind
    num: Num | None
    heading: str | None = None
    text: str | None = None
    children: list[_Node] = field(default_factory=list)
    line: str = ""  # as typed, to turn it back into a paragraph (a table of contents)
    sep: str = ""

    def owns_paragraphs(self) -> bool:
        return self.kind in (Kind.ARTICLE, Kind.PREAMBLE, *_HEADING_KINDS) or self.text is None


@dataclass(slots=True)
class _Builder:
    family: Family
    formats: dict[Kind, LabelFormat] = field(default_factory=dict)
    separators: dict[Kind, Counter[str]] = field(default_factory=dict)
    roots: list[_Node] = field(default_factory=list)
    stack: list[_Node] = field(default_factory=list)
    last_article: Num | None = None
    warnings: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        if line.strip() in PREAMBLE_HEADINGS and not self.roots_have_numbered():
            self._open(_Node(Kind.PREAMBLE, None, heading=line))
            return
        label = parse_label(line)
        kind = _KIND_OF_STYLE.get(label.style) if label else None
        if label is None or kind is None or not self._accepts(kind, label, line):
            self._paragraph(line)
            return
        self._numbered(kind, label, line)

    def label_formats(self) -> dict[Kind, LabelFormat]:
        """Each kind's style with the separator most of its labels have (the first seen on a tie)."""
        return {kind: LabelFormat(fmt.style, self.separators[kind].most_common(1)[0][0])
                for kind, fmt in self.formats.items()}  # fmt: skip

    def _usual_separator(self, kind: Kind, default: str) -> str:
        seen = self.separators.get(kind)
        return seen.most_common(1)[0][0] if seen else default

    def roots_have_numbered(self) -> bool:
        return any(n.num is not None for n in self.roots)

    def _accepts(self, kind: Kind, label: Label, line: str) -> bool:
        if kind is Kind.ARTICLE and (label.style is LabelStyle.ARTICLE) != (self.family is Family.LEGAL):
            return False
        fmt = self.formats.get(kind)
        if fmt is not None and fmt.style is not label.style:
            return False
        if kind in _HEADING_KINDS and not _looks_like_heading(line[label.end :]):
            return False
        previous = self._previous(kind)
        if previous is None or _continues(previous, label.num):
            return True
        # A gap is believed only when the line is written like its peers, so that
        # "第三条规定的……" inside a paragraph does not become article 3.
        rest = line[label.end :]
        sep = rest[: len(rest) - len(rest.lstrip())]
        if label.num.key > previous.key and sep == self._usual_separator(kind, sep):
            self.warnings.append(f"numbering jumps from {previous.zh} to {label.num.zh}: {line[:30]}")
            return True
        return kind in _HEADING_KINDS and label.num.key <= previous.key and self._drop_contents_list(kind)

    def _drop_contents_list(self, kind: Kind) -> bool:
        """Turn a table of contents (headings of *kind* with nothing under them) back into paragraphs."""
        parent = self._parent_for(_RANK[kind])
        entries = [c for c in (parent.children if parent else self.roots) if c.kind is kind]
        if any(c.children for c in entries):
            return False
        for entry in entries:
            self.separators[kind][entry.sep] -= 1
            entry.kind, entry.num, entry.heading, entry.text = Kind.PARAGRAPH, None, None, entry.line
        return True

    def _previous(self, kind: Kind) -> Num | None:
        if kind is Kind.ARTICLE:
            return self.last_article
        parent = self._parent_for(_RANK[kind])
        siblings = parent.children if parent else self.roots
        nums = [c.num for c in siblings if c.kind is kind and c.num is not None]
        return nums[-1] if nums else None

    def _parent_for(self, rank: int) -> _Node | None:
        for node in reversed(self.stack):
            if _RANK.get(node.kind, 99) < rank:
                return node
        return None

    def _numbered(self, kind: Kind, label: Label, line: str) -> None:
        rest = line[label.end :]
        words = rest.strip()
        if kind not in self.formats:
            self.formats[kind] = LabelFormat(label.style)
        self.separators.setdefault(kind, Counter())[rest[: len(rest) - len(rest.lstrip())]] += 1
        node = _Node(kind, label.num, line=line, sep=rest[: len(rest) - len(rest.lstrip())])
        if kind in _HEADING_KINDS or (words and self._is_heading(kind, words)):
            node.heading = words
        else:
            node.text = words
        if kind is Kind.ARTICLE:
            self.last_article = label.num
        while self.stack and _RANK.get(self.stack[-1].kind, 99) >= _RANK[kind]:
            self.stack.pop()
        self._open(node)

    def _is_heading(self, kind: Kind, words: str) -> bool:
        if kind is Kind.ARTICLE and self.family is Family.LEGAL:
            return False
        return _looks_like_heading(words)

    def _open(self, node: _Node) -> None:
        (self.stack[-1].children if self.stack else self.roots).append(node)
        self.stack.append(node)

    def _paragraph(self, line: str) -> None:
        while self.stack and not self.stack[-1].owns_paragraphs():
            self.stack.pop()
        node = _Node(Kind.PARAGRAPH, None, text=line)
        (self.stack[-1].children if self.stack else self.roots).append(node)


def _continues(previous: Num, num: Num) -> bool:
    """Whether *num* is the next number after *previous*: n+1, or n之(k+1)."""
    return (num.value == previous.value + 1 and num.sub == 0) or (
        num.value == previous.value and num.sub == previous.sub + 1
    )


def _looks_like_heading(words: str) -> bool:
    words = words.strip()
    return 0 < len(words) <= 40 and not _SENTENCE_MARK.search(words)


def detect_family(lines: Sequence[str]) -> Family:
    """Legal style when at least as many lines start with 第X条 as with 一、."""
    articles = headings = 0
    for line in lines:
        label = parse_label(line)
        if label is not None and label.style is LabelStyle.ARTICLE:
            articles += 1
        elif label is not None and label.style is LabelStyle.ZH_COMMA:
            headings += 1
    return Family.LEGAL if articles and articles >= headings else Family.ADMINISTRATIVE


def build(
    lines: Sequence[str],
    *,
    slug: str,
    title: str,
    meta: Metadata | None = None,
    family: Family | None = None,
) -> tuple[Document, tuple[str, ...]]:
    """The document whose body is *lines* (one paragraph each, already cleaned),
    and warnings about what looked odd (gaps in numbering)."""
    fam = family or detect_family(lines)
    builder = _Builder(fam)
    for line in lines:
        builder.add(line)
    numbering = _numbering(fam, builder.label_formats())
    provisions = _freeze(builder.roots, "", set())
    return Document(slug, title, numbering, provisions, meta or Metadata()), tuple(builder.warnings)


def build_document(
    lines: Sequence[str],
    *,
    slug: str,
    title: str,
    meta: Metadata | None = None,
    family: Family | None = None,
) -> Document:
    """:func:`build` without the warnings."""
    return build(lines, slug=slug, title=title, meta=meta, family=family)[0]


def _numbering(family: Family, seen: dict[Kind, LabelFormat]) -> Numbering:
    base = LEGAL if family is Family.LEGAL else ADMINISTRATIVE
    for kind, fmt in seen.items():
        base = base.with_format(kind, fmt)
    return base


def _freeze(nodes: list[_Node], prefix: str, used: set[str], first_paragraph: int = 1) -> tuple[Provision, ...]:
    # Paragraph ids count like 款: an article's own text is its first 款.
    out: list[Provision] = []
    paragraph_no = first_paragraph
    for node in nodes:
        pid = _unique(_base_id(node, prefix, paragraph_no), used)
        if node.kind is Kind.PARAGRAPH:
            paragraph_no += 1
        children = _freeze(node.children, pid, used, 2 if node.text is not None else 1)
        out.append(Provision(pid, node.kind, node.num, node.heading, node.text, children))
    return tuple(out)


def _base_id(node: _Node, prefix: str, paragraph_no: int) -> str:
    """Readable ids: ``a12`` (article), ``a12-p2`` (its second 款), ``a3-i2-pt1``, ``b2-c1``."""
    join = f"{prefix}-" if prefix else ""
    if node.kind is Kind.PARAGRAPH:
        return f"{join}p{paragraph_no}"
    if node.kind is Kind.PREAMBLE:
        return f"{join}preamble"
    assert node.num is not None
    num = str(node.num.value) + (f"-{node.num.sub}" if node.num.sub else "")
    if node.kind in (Kind.ARTICLE, Kind.PART):
        join = ""  # numbered through the whole document, so unique without a prefix
    return f"{join}{_ID_PREFIX[node.kind]}{num}"


def _unique(pid: str, used: set[str]) -> str:
    candidate, n = pid, 1
    while candidate in used:
        n += 1
        candidate = f"{pid}~{n}"
    used.add(candidate)
    return candidate
