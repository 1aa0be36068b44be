"""Naming a version: ``v2``, a day (the version in force then), or today. Apart from
:mod:`.timeline` (which re-exports it), whose records and patterns a ``diff`` does not need."""

from __future__ import annotations

import datetime as dt
import re

from policydiff.errors import UsageError
from policydiff.history import Version, versions
from policydiff.storage.repo import Repository

# ASCII digits only: \d would take v١ (Arabic-Indic) and v２ (full-width) for versions, and
# fromisoformat alone would take 2021-W01-1 and 20210101 for dates.
_VERSION = re.compile(r"v?([0-9]+)")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def at(
    repo: Repository, slug: str, when: str | None, today: dt.date | None = None, history: list[Version] | None = None
) -> Version:
    """The version named by *when*: ``v2``/``2``, a date ``YYYY-MM-DD``, or None for today.

    *history* is ``versions(repo, slug)`` when the caller has it already (replaying is the costly part).
    """
    return pick(versions(repo, slug) if history is None else history, slug, when, today)


def pick(history: list[Version], slug: str, when: str | None, today: dt.date | None = None) -> Version:
    """:func:`at`, in a history already replayed."""
    if when is not None and _VERSION.fullmatch(when):
        n = int(_VERSION.fullmatch(when).group(1))  # type: ignore[union-attr]
        if not 1 <= n <= len(history):
            raise UsageError(f"{slug} has versions 1 to {len(history)}, not {n}")
        return history[n - 1]
    day = _date(when) if when else (today or dt.date.today())
    in_force = [v for v in history if v.date is None or v.date <= day]
    if not in_force:
        raise UsageError(f"{slug} was not in force on {day.isoformat()} (first version: {history[0].date})")
    return in_force[-1]


def repeal_before(history: list[Version], when: str | None, today: dt.date | None = None) -> Version | None:
    """The version recording the document's repeal when *when* (as :func:`pick` reads it) is a
    day on or after it: a text asked for on that day is no longer in force, only the last one.
    None for a version named by number, or a day before the repeal."""
    if when is not None and _VERSION.fullmatch(when):
        return None
    day = _date(when) if when else (today or dt.date.today())
    repeal = next((v for v in history if v.event is not None and v.event.kind == "repeal"), None)
    return repeal if repeal is not None and repeal.date is not None and repeal.date <= day else None


def _date(text: str) -> dt.date:
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--at takes a version (v2) or a date (YYYY-MM-DD), not {text!r}") from None
