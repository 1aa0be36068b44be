"""Numbering: continuous, no gaps (PD301), no duplicates (PD302), in order (PD303), in every version.

Articles are numbered through the whole document; every other kind among the siblings of one
parent. A 之N number follows its plain number (第五条, 第五条之一, 第五条之二, 第六条).
"""

from __future__ import annotations

from collections.abc import Iterator

from policydiff.app.checks.context import DocumentCheck
from policydiff.crossref import where
from policydiff.errors import NumberingError
from policydiff.model import Document, Kind, Provision
from policydiff.zh.numbering import Num


def numbering(ctx: DocumentCheck) -> None:
    """PD301–PD303 for every replayed version; a problem that persists is reported once."""
    for version in ctx.versions:
        for code, ids, message in problems(version.document):
            if ctx.first_time(code, *ids):
                ctx.report_in(version, ids, code, message, "num")


def problems(doc: Document) -> Iterator[tuple[str, tuple[str, str], str]]:
    """``(code, (id, previous id), message)`` for every numbering problem of *doc*."""
    for owner, run in _sequences(doc):
        prev: Provision | None = None
        for p in run:
            found = _compare(doc, prev, p)
            if found is not None:
                where_ = f"in {where(doc, owner.id)}: " if owner is not None and p.kind is not Kind.ARTICLE else ""
                yield found[0], (p.id, prev.id if prev else ""), where_ + found[1]
            prev = p if prev is None or p.num > prev.num else prev  # type: ignore[operator]


def _sequences(doc: Document) -> Iterator[tuple[Provision | None, list[Provision]]]:
    articles = [p for p in doc.walk() if p.kind is Kind.ARTICLE]
    if articles:
        yield None, articles
    yield from _sibling_runs(None, doc.provisions)


def _sibling_runs(
    owner: Provision | None, children: tuple[Provision, ...]
) -> Iterator[tuple[Provision | None, list[Provision]]]:
    kinds = dict.fromkeys(c.kind for c in children if c.num is not None and c.kind is not Kind.ARTICLE)
    for kind in kinds:
        yield owner, [c for c in children if c.kind is kind]
    for c in children:
        yield from _sibling_runs(c, c.children)


def _compare(doc: Document, prev: Provision | None, p: Provision) -> tuple[str, str] | None:
    num = p.num
    assert num is not None
    if prev is None:
        if num.key == (1, 0):
            return None
        first = _label(doc, p.kind, num)
        return "PD301", f"numbering gap: the first {p.kind.value} is {first}; {_missing(doc, p.kind, None, num)}"
    last = prev.num
    assert last is not None
    if num.key == last.key:
        return "PD302", f"duplicate number: two provisions numbered {_label(doc, p.kind, num)} ({prev.id}, {p.id})"
    if num < last:
        return "PD303", f"numbering out of order: {_label(doc, p.kind, num)} follows {_label(doc, p.kind, last)}"
    if num == _successor(last, num):
        return None
    missing = _missing(doc, p.kind, last, num)
    return "PD301", f"numbering gap: {_label(doc, p.kind, num)} follows {_label(doc, p.kind, last)}; {missing}"


def _successor(last: Num, num: Num) -> Num:
    """What must follow *last* for *num* to be in sequence: the next 之N, or the next plain number."""
    if num.sub and num.value == last.value:
        return Num(last.value, last.sub + 1)
    return Num(last.value + 1)


def _missing(doc: Document, kind: Kind, last: Num | None, num: Num) -> str:
    if last is not None and num.value == last.value:
        return f"{_label(doc, kind, Num(last.value, last.sub + 1))} is missing"
    first = Num(1) if last is None else Num(last.value + 1)
    final = Num(num.value) if num.sub else Num(num.value - 1)
    if first.key == final.key:
        return f"{_label(doc, kind, first)} is missing"
    return f"{_label(doc, kind, first)} to {_label(doc, kind, final)} are missing"


def _label(doc: Document, kind: Kind, num: Num) -> str:
    try:
        return doc.numbering.label(kind, num)
    except NumberingError:
        return f"{kind.value} {num}"
