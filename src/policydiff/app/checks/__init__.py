"""The checks of ``policydiff check``, one small function each, run in the order of :data:`CHECKS`.

Each row names the codes it may report and the function that reports them on a
:class:`~policydiff.app.checks.context.DocumentCheck`. Order matters: the first rows read the
files (a file that cannot be read is not used later), ``replay`` computes the versions the
rows after it look at. To add a check, add a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from policydiff.app.checks import dates, files, notices, numbers, refs, replay
from policydiff.app.checks.context import DocumentCheck


@dataclass(frozen=True, slots=True)
class Check:
    """One row of the table: the codes a check reports, and the check."""

    codes: tuple[str, ...]
    run: Callable[[DocumentCheck], None]


CHECKS: tuple[Check, ...] = (
    Check(("PD101", "PD102", "PD103", "PD106", "PD201"), files.load_document),
    Check(("PD101", "PD102", "PD103", "PD104", "PD105"), files.load_events),
    Check(("PD401", "PD402"), notices.wording),
    Check(("PD501",), replay.replay),
    Check(("PD502",), replay.snapshots),
    Check(("PD503",), replay.recorded_once),
    Check(("PD202",), replay.ids_not_reused),
    Check(("PD301", "PD302", "PD303"), numbers.numbering),
    Check(("PD601",), refs.dangling),
    Check(("PD602",), refs.stale),
    Check(("PD701",), dates.in_order),
    Check(("PD702",), dates.effect_rule),
)

#: Every code, with what it means (the README's table).
CODES: dict[str, str] = {
    "PD101": (
        "a document or notice breaks its schema or a rule its readers need"
        " (integers, a label for every kind used, numbers the label can write, kinds nested in order)"
    ),
    "PD102": "not well-formed YAML (or YAML anchors and aliases)",
    "PD103": "a file that cannot be read as text (not UTF-8, binary)",
    "PD104": "a file is missing: a document folder without document.yaml, an event without notice.yaml",
    "PD105": "an event folder that is misnamed (not NNN-amend) or out of sequence (001, 002, …)",
    "PD106": "the document's folder is no valid slug, or the slug in document.yaml differs from it",
    "PD201": "two provisions share an id",
    "PD202": "an id comes back after an event deleted its provision",
    "PD301": "a numbering gap",
    "PD302": "two provisions with the same number",
    "PD303": "numbers out of order",
    "PD401": "a notice's wording (notice.txt) does not parse",
    "PD402": "the structured notice (notice.yaml) disagrees with its wording",
    "PD501": "an event does not replay on the version before it",
    "PD502": "a stored snapshot differs from the replayed version",
    "PD503": "one notice recorded by two events",
    "PD601": "a cross-reference to a provision that does not exist in that version",
    "PD602": "a cross-reference left on the old numbers by a notice that renumbered its target",
    "PD701": "dates out of order",
    "PD702": "effective dates inconsistent with the notice's effect rule or commencement clause",
}

__all__ = ["CHECKS", "CODES", "Check"]
