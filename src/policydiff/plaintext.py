"""The plain-text form of a document: the title, then one provision per line.

This is the format of the golden files (``golden/*/*.txt``): UTF-8, LF, no blank
lines. A numbered provision is written as its label, its separator (its own
:attr:`~policydiff.model.Provision.sep` if set, else its label format's) and its
heading or text; a provision with both a heading and a text writes
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
    sep = doc.numbering.format_for(p.kind).sep if p.sep is None else p.sep
    label = doc.numbering.label(p.kind, p.num)
    body = p.heading if p.heading is not None else p.text
    yield label + sep + body if body else label
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


def find(doc: Document, pid: str) -> tuple[Provision, ...] | None:
    """The chain of provisions from the top down to *pid*, or None if it is not in *doc*."""

    def search(provisions: tuple[Provision, ...], trail: tuple[Provision, ...]) -> tuple[Provision, ...] | None:
        for p in provisions:
            here = (*trail, p)
            if p.id == pid:
                return here
            found = search(p.children, here)
            if found:
                return found
        return None

    return search(doc.provisions, ())


def path_label(doc: Document, pid: str) -> str:
    """The labels from the top down to *pid*, e.g. ``四、（三）9.``; the id if it has no labels."""
    chain = find(doc, pid) or ()
    labels = "".join(doc.label(p) for p in chain)
    return labels or pid


def own_text(doc: Document, pid: str) -> str | None:
    """The lines of provision *pid* itself (without its children), or None if absent."""
    chain = find(doc, pid)
    if not chain:
        return None
    return "\n".join(_own_lines(doc, chain[-1]))
