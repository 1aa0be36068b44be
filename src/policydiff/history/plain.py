"""Plain data of a replay cache's entry (:mod:`.packed`, :mod:`.packed_notice`): dates and strings
read back checked, and the fields an entry keeps of a notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

#: A notice's fields as an entry keeps them.
NOTICE_DATES = ("decided", "adopted", "issued", "effective", "unamended_effective")
NOTICE_TEXTS = ("number", "title", "issuer", "recipients", "effect_rule", "target")
NOTICE_KEYS = frozenset((*NOTICE_DATES, *NOTICE_TEXTS, "clauses", "items"))


def day_text(day: dt.date | None) -> str | None:
    """*day* as ``YYYY-MM-DD`` (None kept)."""
    return None if day is None else day.isoformat()


def date_of(text: str | None) -> dt.date | None:
    """The date :func:`day_text` wrote (a ``ValueError`` or ``TypeError`` for anything else)."""
    return None if text is None else dt.date.fromisoformat(text)


def string(value: Any) -> str:
    """*value*, checked to be a string (a ``TypeError`` if not)."""
    if not isinstance(value, str):
        raise TypeError(f"not a string: {value!r}")
    return value
