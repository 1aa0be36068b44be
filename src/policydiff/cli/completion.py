"""Shell completion of document ids and versions (click's ``shell_complete=`` callbacks).

``eval "$(_POLICYDIFF_COMPLETE=bash_source policydiff)"`` (or ``zsh_source``, ``fish_source``)
makes the shell ask ``policydiff`` itself for candidates: the ids of the documents of the
repository for SLUG, ``v1``…``vN`` for ``--at`` and diff's OLD and NEW (each with its date as
help), the versions' dates once a digit is typed. Completion never fails: outside a policy
repository, or for a document that cannot be read, there are no candidates.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

# click.shell_completion is imported when completing, not by every command that offers completion.


def _repository(ctx: click.Context) -> Any:
    """The repository named by --root (the current directory by default), as parsed so far."""
    from policydiff.storage.repo import Repository

    here: click.Context | None = ctx
    while here is not None:
        root = here.params.get("root")
        if root is not None:
            return Repository(Path(root))
        here = here.parent
    return Repository(Path("."))


def _slugs(ctx: click.Context) -> list[str]:
    try:
        return list(_repository(ctx).slugs())
    except Exception:  # completion is best effort: no candidates rather than a traceback
        return []


def complete_slug(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The ids of the documents of the repository that start with *incomplete*."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(slug) for slug in _slugs(ctx) if slug.startswith(incomplete)]


def complete_version(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """``v1``…``vN`` of the document named by SLUG (each with its date as help); its versions'
    dates when *incomplete* starts with a digit. Diff's OLD and NEW also take another document's id."""
    from click.shell_completion import CompletionItem

    slug = ctx.params.get("slug")
    if slug is None:  # click stops parsing at an option still waiting for its value (``--at <TAB>``)
        slug = next((arg for arg in ctx.args if arg in _slugs(ctx)), None)
    found: list[CompletionItem] = []
    if isinstance(slug, str):
        found = _versions(ctx, slug, incomplete)
    if param.name in ("old", "new") and incomplete and not found:
        found = [CompletionItem(other) for other in _slugs(ctx) if other.startswith(incomplete) and other != slug]
    return found


def _versions(ctx: click.Context, slug: str, incomplete: str) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    from policydiff.history.timeline import version_dates

    try:
        dates = version_dates(_repository(ctx), slug)
    except Exception:  # completion is best effort: no candidates rather than a traceback
        return []
    if incomplete[:1].isdigit():
        days = dict.fromkeys(day.isoformat() for day in dates if day is not None)
        return [CompletionItem(day) for day in days if day.startswith(incomplete)]
    named = [(f"v{number}", day.isoformat() if day else None) for number, day in enumerate(dates, start=1)]
    return [CompletionItem(name, help=day) for name, day in named if name.startswith(incomplete)]


def complete_apply(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """``apply [SLUG] NOTICE``: document ids and files first, files after."""
    from click.shell_completion import CompletionItem

    files = [CompletionItem(incomplete, type="file")]
    if ctx.params.get(param.name or ""):
        return files
    return complete_slug(ctx, param, incomplete) + files
