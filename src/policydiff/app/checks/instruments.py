"""The instruments kept in ``notices/``, checked whether or not an event applies them yet.

Codes: PD101 and PD102 for a part that is no valid structured notice (schema, YAML), PD104 for
an instrument folder without parts, PD105 for a file that is neither a part (``part-N.yaml``)
nor the wording as signed (``notice.txt``, ``notice.md``), PD106 for a folder whose name is no
valid id or that links out of the repository. A part an event applies is checked again, with
the event, by the document's checks; this pass also sees the parts nothing applies yet (a
decision's part for a document not in the repository, or an instrument a killed ``apply`` kept).
"""

from __future__ import annotations

from collections.abc import Iterable

from policydiff.app.checks.context import DocumentCheck, SourceFile
from policydiff.app.checks.files import load_notice
from policydiff.app.problems import Problem
from policydiff.errors import UsageError
from policydiff.history.store import WORDING_NAMES, kept_parts, part_name
from policydiff.storage.repo import NOTICES, Repository


def check_instruments(repo: Repository, ids: Iterable[str] | None = None) -> list[Problem]:
    """Every problem of the instruments kept in ``notices/`` (or of those among *ids*)."""
    problems: list[Problem] = []
    for nid in repo.instruments() if ids is None else sorted(set(ids)):
        try:
            folder = repo.instrument_dir(nid)
        except UsageError as exc:
            problems.append(Problem(f"{NOTICES}/{nid}", 1, 1, "PD106", exc.message))
            continue
        parts = kept_parts(repo, nid)
        if not parts:
            problems.append(Problem(f"{NOTICES}/{nid}", 1, 1, "PD104", f"instrument {nid} has no part-N.yaml"))
        known = {part_name(n) for n in parts} | set(WORDING_NAMES)
        for path in sorted(folder.iterdir()):
            if path.name not in known and not path.name.startswith("."):
                message = f"{path.name} is not a part (part-N.yaml) or the wording (notice.txt): it is ignored"
                problems.append(Problem(f"{NOTICES}/{nid}/{path.name}", 1, 1, "PD105", message))
        for path in parts.values():
            rel = path.relative_to(repo.root).as_posix()
            ctx = DocumentCheck(repo, nid, SourceFile(path, rel))
            load_notice(ctx, ctx.file)
            problems.extend(ctx.problems)
    return problems


__all__ = ["check_instruments"]
