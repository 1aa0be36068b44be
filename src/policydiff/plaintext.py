"""The plain-text form of a document: the title, then one provision per line.

This is the format of the golden files (``golden/*/*.txt``): UTF-8, LF, no blank
lines. A numbered provision is written as its label, the separator of its label
format and its heading or text; a provision with both a heading and a text writes
the text on the next line. Unnumbered paragraphs are their text alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from policydiff.model import Document, Provision


def provision_lines(doc: Document, provision: Provision) -> Iterator[str]:
    """The lines of one provision and everything below it."""
    yield from _own_lines(doc, provision)
    for child in provision.children:
        yield from provision_lines(doc, child)


def _own_lines(doc: Document, p: Provision) -> Iterator[str]:
    if p.num is None:
        first = p.heading if p.heading is not None else p.text
        if first is not None:
            yield first
        if p.heading is not None and p.text is not None:
            yield p.text
        return
    fmt = doc.numbering.format_for(p.kind)
    label = doc.numbering.label(p.kind, p.num)
    body = p.heading if p.heading is not None else p.text
    yield label + fmt.sep + body if body else label
    if p.heading is not None and p.text is not None:
        yield p.text


def lines(doc: Document) -> list[str]:
    """Title first, then every provision's lines in document order."""
    out = [doc.title]
    for p in doc.provisions:
        out.extend(provision_lines(doc, p))
    return out


def to_text(doc: Document) -> str:
    """The whole plain-text form, each line ending in LF."""
    return "".join(line + "\n" for line in lines(doc))
