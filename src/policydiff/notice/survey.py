"""Every item of an instrument read on its own: what parses, what is refused and why.

:func:`~policydiff.notice.parse.parse_wording` stops at the first item it cannot read, as
applying must. A clerk checking an instrument, and the census of real instruments
(``tests/census``, ``bench/census.py``), want the whole picture instead: :func:`survey`
reads every item of every part and keeps, for each, the rows of the wording table that
read it or the exact refusal. It never raises for the instrument's wording; only a
programming error can escape it.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydiff.errors import FailedError, Location, PolicyDiffError
from policydiff.notice.rules import parse_item
from policydiff.notice.wording import ItemText, read_notice


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """One item: the document its part amends, its label and line, and the rows that read it or the refusal."""

    target: str | None
    label: str
    line: int
    rules: tuple[str, ...] = ()
    operations: int = 0
    error: str | None = None

    @property
    def parsed(self) -> bool:
        """Whether the item was read into operations (or is a clause that changes no text)."""
        return self.error is None


@dataclass(frozen=True, slots=True)
class Survey:
    """An instrument's items, its clauses no rule reads, or the error that stopped reading it."""

    name: str
    items: tuple[ItemOutcome, ...] = ()
    unknown: tuple[str, ...] = ()
    error: str | None = None

    @property
    def parsed(self) -> int:
        """How many items parse."""
        return sum(1 for item in self.items if item.parsed)


def survey(text: str, name: str) -> Survey:
    """Read every item of the instrument *text* (named *name* in messages)."""
    try:
        wording = read_notice(text, name)
    except PolicyDiffError as exc:
        return Survey(name, error=str(exc))
    items = tuple(_outcome(part.target, item, name) for part in wording.parts for item in part.items)
    unknown = tuple(c.text for c in wording.clauses if c.kind == "unknown")
    return Survey(name, items, unknown)


def _outcome(target: str | None, text: ItemText, name: str) -> ItemOutcome:
    try:
        item = parse_item(text.label, text.text, Location(name, text.line))
    except FailedError as exc:
        return ItemOutcome(target, text.label, text.line, error=exc.message)
    return ItemOutcome(target, text.label, text.line, item.rules, len(item.operations))


__all__ = ["ItemOutcome", "Survey", "survey"]
