"""Commands for a document's life beyond amendments: revise (a re-issued full text) and repeal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from policydiff.cli.base import cli, handle_errors, parse_date, repo_of, stdout_report
from policydiff.cli.completion import complete_slug


@cli.command()
@click.argument("slug", shell_complete=complete_slug)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--by",
    "by",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The instrument that re-issued it (its wording), kept in notices/.",
)
@click.option("--date", "date", help="The date the revised text takes effect, YYYY-MM-DD (default: the instrument's).")
@click.option("--dry-run", is_flag=True, help="Show what the matching finds; write nothing.")
@click.pass_context
@handle_errors
def revise(ctx: click.Context, slug: str, source: Path, by: Path | None, date: str | None, dry_run: bool) -> None:
    """Record a re-issued full text (修订) as the next version of a document.

    SOURCE is imported like any text (.txt, .md, .docx, .pdf); its provisions keep the ids of
    the current version's provisions they continue (same text, or similar text in the same
    place), so diff, blame and the comparison table work across the revision. What matched,
    changed, was renumbered, added or deleted is reported.
    """
    from policydiff.app import lifecycle

    done = lifecycle.revise(repo_of(ctx), slug, source, by=by, date=parse_date(date), dry_run=dry_run)
    revision = done.revision
    assert revision is not None
    kept = f"; instrument kept as notices/{done.instrument}" if done.instrument else ""
    where = "would be recorded" if dry_run else f"recorded as documents/{slug}/events/{done.event}"
    with stdout_report() as out:
        out.line(_counts(revision))
        out.line(f"revised {slug} from {done.date.isoformat()}, {where}{kept}")


def _counts(revision: Any) -> str:
    pairs = len(revision.matched) + len(revision.modified)
    return (
        f"{pairs} provisions continued ({len(revision.matched)} unchanged, {len(revision.modified)} modified, "
        f"{len(revision.renumbered)} renumbered), {len(revision.added)} added, {len(revision.deleted)} deleted"
    )


@cli.command()
@click.argument("slug", shell_complete=complete_slug)
@click.option(
    "--by",
    "by",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The instrument that repealed it (its wording), kept in notices/.",
)
@click.option("--date", "date", help="The date it ceases to be in force, YYYY-MM-DD (default: the instrument's).")
@click.pass_context
@handle_errors
def repeal(ctx: click.Context, slug: str, by: Path | None, date: str | None) -> None:
    """Record that a document is repealed (废止): 已废止 from that date, its history kept."""
    from policydiff.app import lifecycle

    done = lifecycle.repeal(repo_of(ctx), slug, by=by, date=parse_date(date))
    kept = f"; instrument kept as notices/{done.instrument}" if done.instrument else ""
    with stdout_report() as out:
        out.line(
            f"repealed {slug} from {done.date.isoformat()}, recorded as documents/{slug}/events/{done.event}{kept}"
        )
