"""Renumbering as notices state it: ranges, lists and single moves.

A notice states renumbering three ways: as a range (``第七项至第十五项相应改为第八项至
第十六项``), as a list (``第四项、第五项相应改为第五项、第六项``) or one provision at a time
(``原第四条作为第五条``; ``“第八条”调整为“第七条”``). Each becomes one
:class:`~policydiff.notice.ops.Renumber` per provision, addressed by its number before
the notice. 款 are counted, not numbered: a 款 "renumbering" only describes the effect
of an insertion or deletion and makes no operation.
"""

from __future__ import annotations

import re

from policydiff.errors import FailedError
from policydiff.notice.address import Address, parse_address
from policydiff.notice.clauses import Context
from policydiff.notice.ops import Operation, Renumber, ReplaceProvision, Resequence
from policydiff.zh import lexicon
from policydiff.zh.lazyre import lazy
from policydiff.zh.numbering import int_to_zh, zh_to_int

N = lexicon.NUMERAL
UNIT = rf"(?:{lexicon.NUMBERED_UNIT})"
_RANGE = lazy(rf"第({N})({UNIT})至第({N})\2相应地?改为第({N})\2至第({N})\2")
_LIST = lazy(rf"((?:第{N}{UNIT}、?)+)相应地?改为((?:第{N}{UNIT}、?)+)")
_ONE = lazy(rf"第({N})({UNIT})")
_ONE_AT_END = lazy(rf"第\s*[（(]?\s*({N})\s*[）)]?\s*({UNIT})$")


class RenumberingError(FailedError):
    """A renumbering sentence that does not add up (the item's parser names the item)."""


def number_of(words: str) -> int:
    """The integer of a worded number such as ``9`` or ``九``."""
    return zh_to_int(words.strip())


def renumber(address: str, to: str) -> list[Operation]:
    """``原第四条作为第五条``: one Renumber, or none for a 款 (counted, not numbered)."""
    if to.endswith("款"):
        return []
    return [Renumber(str(parse_address(address)), to)]


def renumbering(tail: str, parent: str | None) -> list[Operation]:
    """Renumber operations for ``第七项至第十五项相应改为第八项至第十六项`` and its kin.

    The numbers are read in the parent addressed by the item.
    """
    ops: list[Operation] = []
    for clause in (t for t in re.split(r"[，,]", tail) if t):
        pairs = _pairs(clause)
        if pairs is None:
            raise RenumberingError(f"renumbering not understood: {clause!r}")
        for unit, old, new in pairs:
            ops.extend(renumber(within(parent, unit, old), f"第{_worded(new, unit)}{unit}"))
    return ops


def _pairs(clause: str) -> list[tuple[str, int, int]] | None:
    m = _RANGE.fullmatch(clause)
    if m:
        a, unit, b, c = number_of(m.group(1)), m.group(2), number_of(m.group(3)), number_of(m.group(4))
        if number_of(m.group(5)) - c != b - a:
            return None
        return [(unit, a + k, c + k) for k in range(b - a + 1)]
    m = _LIST.fullmatch(clause)
    if m:
        old = [(u, number_of(n)) for n, u in _ONE.findall(m.group(1))]
        new = [number_of(n) for n, _ in _ONE.findall(m.group(2))]
        if len(old) == len(new):
            return [(u, o, n) for (u, o), n in zip(old, new, strict=True)]
    return None


def _worded(number: int, unit: str) -> str:
    # Numbers as notices write them: 第八项, but 第10点 (points are numbered 1. 2. …).
    return str(number) if unit == "点" else int_to_zh(number)


def within(parent: str | None, unit: str, number: int) -> str:
    """The address of number *number* of *unit*, read inside *parent* where that matters.

    Articles, sections and chapters are numbered through the document and found
    anywhere; items and points are numbered inside their parent.
    """
    if unit in lexicon.THROUGH or not parent:
        return f"第{number}{unit}"
    # 删去第五条第三项，第四项至第五项相应改为…: the item's address names a 项 already; cut it.
    rank = lexicon.UNIT_RANK[unit]
    outer = Address(tuple(s for s in parse_address(parent).steps if lexicon.UNIT_RANK.get(s.unit, 0) < rank))
    return f"{outer}第{number}{unit}"


# --- builders for the renumbering rows of RULES ----------------------------------------


def move_and_replace(m: re.Match[str], c: Context) -> list[Operation]:
    """将第二条修改为第六条：“…”; 原第三款作为第四款，修改为：“…” (a 款 only moves by counting)."""
    address = c.addressed(m)
    return [*renumber(address, f"第{m.group('n')}{m.group('unit')}"), ReplaceProvision(address, c.paragraphs(m))]


def move(m: re.Match[str], c: Context) -> list[Operation]:
    """原第四条作为第五条; 将第五条修改为第十条; 将《解释》原第七条改为修改后《解释》第十二条."""
    return renumber(c.addressed(m), f"第{m.group('n')}{m.group('unit')}")


def described(m: re.Match[str], c: Context) -> list[Operation]:
    """第七项至第十五项相应改为第八项至第十六项, read in the item's provision."""
    return renumbering(m.group("tail"), c.address)


def listed(m: re.Match[str], c: Context) -> list[Operation]:
    """条文顺序作相应调整：“第八条”调整为“第七条”，…; each pair read against the text before the notice."""
    pairs = re.findall(r"⟨(\d+)⟩调整为⟨(\d+)⟩", m.group("pairs"))
    return [op for a, b in pairs for op in renumber(c.quotes[int(a)], c.quotes[int(b)])]


def resequence_described(m: re.Match[str], c: Context) -> list[Operation]:
    """其后条文序号依次顺延: articles numbered in order at the end, as 条文顺序作相应调整.

    Only articles are numbered through the document; for 项, 点 and the rest the wording
    does not say in which provision, so it is refused rather than guessed.
    """
    unit = m.group("unit")
    if unit != "条":
        raise RenumberingError(f"renumbering of {unit} described without numbers: state them (第X{unit}改为第Y{unit})")
    return [Resequence("条")]


def expand_range(first: str, last: str) -> list[str]:
    """``第十条`` and ``第十二条`` → 第十条, 第十一条, 第十二条 (the addresses of a range ``至``).

    *last* is empty for a single provision. A range runs inside one unit, upwards.
    """
    if not last:
        return [first]
    a, b = _ONE_AT_END.search(first), _ONE.fullmatch(last.strip())
    if a is None or b is None or a.group(2) != b.group(2):
        raise RenumberingError(f"not a range: {first}至{last}")
    low, high, unit, outer = number_of(a.group(1)), number_of(b.group(1)), a.group(2), first[: a.start()]
    if high <= low:
        raise RenumberingError(f"the range {first}至{last} does not run upwards")
    return [f"{outer}第{_worded(n, unit)}{unit}" for n in range(low, high + 1)]


def resequence(m: re.Match[str], c: Context) -> list[Operation]:
    """条文顺序作相应调整, with no list: the articles are numbered in order at the end."""
    return [Resequence("条")]
