"""The plain-text form of a document: the title, then one provision per line.

This is the format of the golden files (``golden/*/*.txt``): UTF-8, LF, no blank
lines. A numbered provision is written as its label, its separator (its own
:attr:`~policydiff.model.Provision.sep` if set, else its label format's) and its
heading or text; a provision with both a heading and a text writes
the text on the next line. Unnumbered paragraphs are their text alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from policydiff.model import Document, Kind, Provision


def provision_lines(doc: Document, provision: Provision) -> Iterator[str]:
    """The lines of one provision and everything below it."""
    yield from own_lines(doc, provision)
    for child in provision.children:
        yield from provision_lines(doc, child)


def own_lines(doc: Document, p: Provision) -> Iterator[str]:
    """The lines of *p* itself (its label and words, its heading and text), without its children."""
    if p.num is None:
        first = p.heading if p.heading is not None else p.text
        if first is not None:
            yield first
        if p.heading is not None and p.text is not None:
            yield p.text
        return
    sep = doc.separator(p)
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


Chains = Mapping[str, tuple[Provision, ...]]


def chains(doc: Document) -> dict[str, tuple[Provision, ...]]:
    """:func:`find`'s answer for every id of *doc* at once (the first provision of each id).

    Callers that ask about many provisions of one document pass it to :func:`path_label` and
    :func:`own_text` instead of having each search the document.
    """
    out: dict[str, tuple[Provision, ...]] = {}

    def walk(provisions: tuple[Provision, ...], trail: tuple[Provision, ...]) -> None:
        for p in provisions:
            here = (*trail, p)
            out.setdefault(p.id, here)
            walk(p.children, here)

    walk(doc.provisions, ())
    return out


def _chain(doc: Document, pid: str, known: Chains | None) -> tuple[Provision, ...] | None:
    return find(doc, pid) if known is None else known.get(pid)


def path_label(doc: Document, pid: str, known: Chains | None = None) -> str:
    """Where *pid* is, as people say it: ``四、（三）9.``, ``第六条第2段``, ``序言第7段``, ``标题``.

    Unnumbered paragraphs are counted among the paragraphs of their parent. *known*: the
    document's :func:`chains`, when the caller has them.
    """
    if not pid:
        return "标题"
    chain = _chain(doc, pid, known) or ()
    parts = []
    for n, p in enumerate(chain):
        if p.num is not None:
            parts.append(doc.label(p))
        elif p.kind is Kind.PREAMBLE:
            parts.append(p.heading or "序言")
        else:
            siblings = chain[n - 1].children if n else doc.provisions
            same = [s for s in siblings if s.num is None and s.kind is p.kind]
            parts.append(f"第{same.index(p) + 1}段")
    return "".join(parts) or pid


def own_text(doc: Document, pid: str, known: Chains | None = None) -> str | None:
    """The lines of provision *pid* itself (without its children), or None if absent.

    *known*: as for :func:`path_label`.
    """
    chain = _chain(doc, pid, known)
    if not chain:
        return None
    return "\n".join(own_lines(doc, chain[-1]))
