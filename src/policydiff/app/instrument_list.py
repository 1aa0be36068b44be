"""``policydiff notices``: the instruments of a repository, what each changed, what is not yet
applied and what is not yet in force.

:func:`list_instruments` returns :class:`~policydiff.render.instruments.Instrument` values (frozen
dataclasses, :mod:`policydiff.render.instruments`); :func:`text` and :func:`as_json` are the
command's two outputs. The JSON keys are documented in README.md (`policydiff notices --json`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from policydiff.errors import UsageError
from policydiff.render.instruments import Application, Effect, Instrument, Part, instruments
from policydiff.storage.repo import DOCUMENTS, Repository

#: The format of ``notices --json``; raised when a key changes meaning or goes.
JSON_VERSION = 1

__all__ = ["JSON_VERSION", "Application", "Effect", "Instrument", "Part", "as_json", "list_instruments", "text"]


def list_instruments(repo: Repository, today: dt.date | None = None) -> list[Instrument]:
    """Every instrument of *repo* (by date, then id), judged in force or not on *today* (default: today).

    A folder without ``documents/`` is a :class:`UsageError` (exit 2), as for ``check``.
    """
    if not repo.documents_dir.is_dir():
        raise UsageError(f"no {DOCUMENTS}/ folder in {repo.root}: not a policy repository")
    return instruments(repo, today or dt.date.today())


def text(found: list[Instrument], today: dt.date) -> str:
    """One block per instrument, blocks apart by a blank line, the labels of each block aligned."""
    if not found:
        return "no instruments\n"
    return "\n".join(_block(i, today) for i in found)


def _block(i: Instrument, today: dt.date) -> str:
    rows: list[tuple[str, str]] = [
        ("number", i.number or "-"),
        ("title", i.title or "-"),
        ("issuer", i.issuer or "-"),
        ("date", _iso(i.date) or "-"),
        ("status", _status(i, today)),
    ]
    below: dict[int, list[str]] = {}
    for part in i.parts:
        target = f"《{part.target}》" if part.target else "-"
        rows.append(
            (f"part {part.number}", target if part.missing is None else f"{target}  not applied: {part.missing}")
        )
        below[len(rows) - 1] = [_application(a) for a in part.applied]
    width = max(len(label) for label, _ in rows) + 2
    lines = [i.id if i.kept else f"{i.id} (kept in the event folder)"]
    for n, (label, value) in enumerate(rows):
        lines.append(f"  {label + ':':<{width}}{value}".rstrip())
        lines += [f"  {'':<{width}}{line}" for line in below.get(n, [])]
    return "\n".join(lines) + "\n"


def _status(i: Instrument, today: dt.date) -> str:
    if i.in_force:
        return "in force"
    return f"not yet in force (from {_iso(i.date)}; today is {today.isoformat()})"


def _application(a: Application) -> str:
    where = "、".join(e.address for e in a.effects) or "no provision changed"
    return f"{a.slug} {a.event} (v{a.version}): {where}"


def as_json(found: list[Instrument], today: dt.date) -> str:
    """The instruments as JSON (keys: README.md, `policydiff notices --json`)."""
    data = {"version": JSON_VERSION, "today": today.isoformat(), "instruments": [_instrument(i) for i in found]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _instrument(i: Instrument) -> dict[str, Any]:
    return {
        "id": i.id,
        "kept": i.kept,
        "number": i.number,
        "title": i.title,
        "issuer": i.issuer,
        "decided": _iso(i.decided),
        "adopted": _iso(i.adopted),
        "issued": _iso(i.issued),
        "effective": _iso(i.effective),
        "date": _iso(i.date),
        "in_force": i.in_force,
        "parts": [_part(p) for p in i.parts],
    }


def _part(p: Part) -> dict[str, Any]:
    return {
        "part": p.number,
        "target": p.target,
        "items": p.items,
        "applied": [_applied(a) for a in p.applied],
        "not_applied": p.missing,
    }


def _applied(a: Application) -> dict[str, Any]:
    return {
        "document": a.slug,
        "event": a.event,
        "kind": a.kind,
        "version": a.version,
        "date": _iso(a.date),
        "provisions": [_effect(e) for e in a.effects],
    }


def _effect(e: Effect) -> dict[str, Any]:
    return {"address": e.address, "id": e.id, "effect": e.effect, "item": e.item}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
