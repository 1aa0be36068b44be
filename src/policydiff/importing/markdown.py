"""Importing Markdown in the corpus format (lawrefbook).

A corpus file looks like this::

    # 中华人民共和国刑法                       <- the title
                                                <- metadata block: adoption and
    1979年7月1日 第五届全国人民代表大会……通过     amendment history, one note
    <!-- INFO END -->                              per non-blank line
    ## 第一编 总则                              <- body: headings (编/章/节),
    第一条 为了惩罚犯罪，……                       paragraphs separated by
                                                   blank lines

The rules, applied by :func:`plain_lines` and :func:`parse_markdown`:

* The first non-blank line must be ``# title``. Further ``# `` lines before the
  end of the metadata block are subtitles (民法典 books: ``# 合同编``) and are
  joined to the title with one space.
* The metadata block runs up to the line ``<!-- INFO END -->``; its non-blank
  lines become :attr:`Metadata.notes` verbatim. A file without that marker has
  no metadata block: its body starts after the title.
* In the body, every line is stripped of surrounding white space; blank lines
  and whole-line HTML comments (``<!-- FORCE BREAK -->``, ``<!-- TABLE -->``)
  are dropped; heading markup (``## ``) is removed. Every remaining line is one
  paragraph, table rows included (kept verbatim). The lines that were headings
  are passed to the tree builder as such (see rule 8 of
  :mod:`policydiff.importing.structure`): ``## 第四章 主席团，主席`` is a chapter
  whatever its words, and ``## 附则`` ends the article before it.
* Dates: a metadata line ``YYYY年M月D日 ……通过`` sets ``adopted``, ``……公布``
  or ``……发布`` sets ``issued`` and ``……施行`` sets ``effective`` (``公布施行``
  sets both), but only when exactly one line of that kind is present and it is
  no revision or amendment (修订, 修正) and names no second date; with several
  candidates the field stays unset rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from policydiff.errors import Location, SourceError
from policydiff.importing.structure import build
from policydiff.model import Document, Metadata
from policydiff.zh import lexicon

INFO_END = lexicon.INFO_END
_TITLE = re.compile(r"#[ \t]+(?P<title>.*)")
_HEADING = re.compile(r"#{1,6}(?:[ \t\u3000]+|$)")
_COMMENT = re.compile(r"<!--(?:(?!-->).)*-->")
_DATED = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日[ \u3000]*(?P<rest>.*)")
_DATE_FIELDS = (("adopted", ("通过",)), ("issued", ("公布", "发布", "公布施行")), ("effective", ("施行",)))


@dataclass(frozen=True, slots=True)
class _Source:
    """A corpus file split into its parts; ``header_end`` is the 1-based line where the header ends."""

    title: str
    notes: tuple[str, ...]
    body: tuple[str, ...]
    header_end: int
    headings: frozenset[int] = frozenset()  # indexes into body of the lines that were headings


def plain_lines(text: str, *, name: str = "<markdown>") -> list[str]:
    """The normalised plain form of a corpus file: the title, then one body paragraph per line.

    Markup is removed as the module docstring describes (heading ``#``s, comment
    lines, blank lines and the metadata block go). This is the text a faithful
    import must render back exactly with :func:`policydiff.model.plaintext.lines`.
    A file without a ``# `` title raises :class:`SourceError`, located in *name*.
    """
    source = _split(text, name)
    return [source.title, *source.body]


def parse_markdown(text: str, *, slug: str, name: str) -> tuple[Document, tuple[str, ...]]:
    """Import corpus Markdown *text* (called *name* in messages) as document *slug*.

    Returns the document and the tree builder's warnings (such as gaps in the
    numbering). A file with no ``# `` title or no body raises :class:`SourceError`.
    """
    source = _split(text, name)
    if not source.body:
        raise SourceError("no body text after the title and metadata", Location(name, source.header_end))
    dates = _dates(source.notes)
    meta = Metadata(
        adopted=dates.get("adopted"), issued=dates.get("issued"), effective=dates.get("effective"), notes=source.notes
    )
    return build(source.body, slug=slug, title=source.title, meta=meta, headings=source.headings)


def _split(text: str, name: str) -> _Source:
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise SourceError("empty Markdown: no '# ' title line", Location(name, 1, 1))
    match = _TITLE.fullmatch(lines[start].rstrip())
    if match is None or not match["title"].strip():
        raise SourceError("the first line must be a '# ' title", Location(name, start + 1, 1))
    end = _info_end(lines, start + 1)
    header_end = end if end < len(lines) else start  # index of the marker, or of the title
    titles = [match["title"].strip()]
    notes: list[str] = []
    for line in lines[start + 1 : header_end]:
        sub = _TITLE.fullmatch(line.rstrip())
        if sub is not None and sub["title"].strip():
            titles.append(sub["title"].strip())
        elif line.strip():
            notes.append(line)
    body, headings = _body(lines[header_end + 1 :])
    return _Source(" ".join(titles), tuple(notes), body, header_end + 1, headings)


def _body(lines: list[str]) -> tuple[tuple[str, ...], frozenset[int]]:
    """The body paragraphs, and the indexes of those that were headings."""
    body: list[str] = []
    headings: set[int] = set()
    for line in lines:
        text, heading = _paragraph(line)
        if text and heading:
            headings.add(len(body))
        if text:
            body.append(text)
    return tuple(body), frozenset(headings)


def _info_end(lines: list[str], start: int) -> int:
    """Index of the ``<!-- INFO END -->`` line, or ``len(lines)`` if there is none."""
    for i in range(start, len(lines)):
        if lines[i].strip() == INFO_END:
            return i
    return len(lines)


def _paragraph(line: str) -> tuple[str, bool]:
    """One body line as a paragraph (stripped, heading markup removed, comments dropped)
    and whether it was a heading."""
    line = line.strip()
    if _COMMENT.fullmatch(line):
        return "", False
    heading = _HEADING.match(line)
    return (line[heading.end() :].strip(), True) if heading else (line, False)


def _dates(notes: tuple[str, ...]) -> dict[str, dt.date]:
    """``adopted``/``issued``/``effective`` where exactly one note states each."""
    found: dict[str, list[dt.date | None]] = {field: [] for field, _ in _DATE_FIELDS}
    for note in notes:
        match = _DATED.fullmatch(note.strip())
        if match is None or "修订" in note or "修正" in note or _DATED.search(match["rest"]):
            continue  # a revision, an amendment, or two dates (two bodies adopting): not one plain date
        for field, verbs in _DATE_FIELDS:
            if match["rest"].endswith(verbs):
                found[field].append(_date(match))
    return {field: dates[0] for field, dates in found.items() if len(dates) == 1 and dates[0] is not None}


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
