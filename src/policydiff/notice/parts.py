"""The parts of a decision that amends several documents, and which document each amends.

Decisions are laid out in three ways, and each part must reach only its own document:

* **headed parts**: ``一、修改《X》`` / ``一、对《X》作出修改`` / ``一、《X》`` / a bare title
  ``一、广东省民营科技企业管理条例``, each followed by items numbered afresh (:data:`HEADING`);
* **one-line parts**: every item names its document, ``一、将《X》第七条中的“A”修改为“B”。``
  (State Council practice); a following item that names none continues the same document
  (``第九条改为第七条，修改为：…`` after ``二、删去《Y》第七条。``);
* **one document**: no part names a document; the title or the lead-in does.

:func:`one_line_parts` regroups the items of an unheaded decision into one-line parts when
they name at least two documents, so that ``--target`` takes only the items of its document.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydiff.zh import lexicon
from policydiff.zh.lazyre import lazy

#: A part heading (after its 一、 label): the document it amends is group ``t`` or ``bare``.
HEADING = lazy(
    r"(?:修改|对|关于)?[《〈](?P<t>[^《》〈〉]+)[》〉](?:作(?:如下|以下|出)?修改|的修改)?[：:。]?"
    rf"|(?P<bare>[^，。：:“”、；;《》]{{2,60}}?(?:{lexicon.DOC_KIND}))(?:[（(][^（）()]*\d{{4}}[^（）()]*[）)])?"
)
#: An item that names its document first: 将《X》…, 删去《X》…, 在《X》…, 对《X》….
_NAMES = lazy(r"^(?:将|在|对|删去|删除|把)?[《〈](?P<t>[^《》〈〉]+)[》〉]")


@dataclass(frozen=True, slots=True)
class Grouped:
    """Items (by index) that amend one document, *target*."""

    target: str
    items: tuple[int, ...]


def named_document(text: str) -> str | None:
    """The document an item names at its start (``将《X》第七条…`` → X), or None."""
    match = _NAMES.match(text)
    return match["t"] if match else None


def one_line_parts(texts: list[str]) -> list[Grouped] | None:
    """The items grouped by the document each names, or None when they are not one-line parts.

    The first item must name a document, and at least two documents must be named; an item
    that names none belongs to the document named last.
    """
    if not texts or named_document(texts[0]) is None:
        return None
    groups: dict[str, Grouped] = {}
    key = ""
    for n, text in enumerate(texts):
        target = named_document(text)
        if target is not None:
            key = lexicon.title_key(target)
            groups.setdefault(key, Grouped(target, ()))
        groups[key] = Grouped(groups[key].target, (*groups[key].items, n))
    if len(groups) < 2:
        return None
    return list(groups.values())


__all__ = ["HEADING", "Grouped", "named_document", "one_line_parts"]
