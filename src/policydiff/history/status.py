"""The status of a document and of each of its versions, derived from dates and events, never typed.

The words are those of 北大法宝 and the official databases:

- 尚未施行: the version takes effect after today;
- 现行有效: the version in force today;
- 已被修改: a later version has taken effect since (the version was superseded);
- 已废止: the document was repealed by an event dated today or before (every version then);
- 状态不明: no version of the document carries a date, so nothing says what is in force.

A version without a date of its own, before dated ones (an enacted text imported without its
date), is taken to be in force from the start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from policydiff.history import Version


class Status(StrEnum):
    """The status of a version or a document."""

    PENDING = "尚未施行"
    IN_FORCE = "现行有效"
    AMENDED = "已被修改"
    REPEALED = "已废止"
    UNKNOWN = "状态不明"


def repealed_on(history: Sequence[Version]) -> dt.date | None:
    """The date of the document's repeal, if an event repeals it (the first such event)."""
    return next((v.date for v in history if v.event is not None and v.event.kind == "repeal"), None)


def version_status(history: Sequence[Version], number: int, today: dt.date) -> Status:
    """The status of version *number* (1-based) of *history* on *today*."""
    if all(v.date is None for v in history):
        return Status.UNKNOWN
    repealed = repealed_on(history)
    if repealed is not None and repealed <= today:
        return Status.REPEALED
    version = history[number - 1]
    if version.date is not None and version.date > today:
        return Status.PENDING
    later = [v for v in history[number:] if _text_changing(v) and v.date is not None and v.date <= today]
    return Status.AMENDED if later else Status.IN_FORCE


def document_status(history: Sequence[Version], today: dt.date) -> Status:
    """The status of the document on *today*: its repeal, else the status of its version in force,
    else 尚未施行 when even its first version takes effect later."""
    if all(v.date is None for v in history):
        return Status.UNKNOWN
    repealed = repealed_on(history)
    if repealed is not None and repealed <= today:
        return Status.REPEALED
    started = [v for v in history if v.date is None or v.date <= today]
    return Status.IN_FORCE if started else Status.PENDING


def _text_changing(version: Version) -> bool:
    """Whether *version* brings a text of its own (an amendment or a revision; a repeal does not)."""
    return version.event is None or version.event.kind != "repeal"


__all__ = ["Status", "document_status", "repealed_on", "version_status"]
