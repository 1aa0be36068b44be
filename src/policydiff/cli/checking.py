"""Commands for git and CI: check, textconv."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policydiff.cli.base import cli, handle_errors, repo_of


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option(
    "--staged",
    is_flag=True,
    help="PATHs are the files of a commit (the pre-commit hook's): no PATH checks only the "
    "documents left applying a deleted instrument, not the whole repository.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Processes to check documents in.  [default: one per CPU]"
)
@click.option(
    "--shard", "shard_spec", metavar="K/N",
    help="Check only share K of N of the documents and instruments (by a hash of their ids), one CI job each.",
)  # fmt: skip
@click.pass_context
@handle_errors
def check_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str,
    exit_zero: bool,
    staged: bool,
    jobs: int | None,
    shard_spec: str | None,
) -> None:
    """Check the repository, or the documents under PATHs: schema, ids, numbering, notices
    against their wording, replay, cross-references, dates. A PATH in notices/ID/ checks
    that instrument and every document applying it; PATHs outside documents/ and notices/
    choose nothing (the pre-commit hook passes every staged file). Any PATH, or --staged,
    also checks the documents whose instrument is no longer kept. One line per problem,
    ``file:line:col: CODE message``; exit 1 when there are problems (codes: README).

    With --shard K/N, only the documents and instruments of share K are checked (each
    reading the others it refers to): the N shards together find what one check finds."""
    from policydiff.app.check import check, render, summary

    shard = None
    if shard_spec is not None:
        from policydiff.storage.shard import parse_shard

        shard = parse_shard(shard_spec)
    problems = check(repo_of(ctx), paths, jobs, shard, staged=staged)
    click.echo(render(problems, fmt), nl=False)
    if problems:
        click.echo(summary(problems), err=True)
        sys.exit(0 if exit_zero else 1)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@handle_errors
def textconv(file: Path) -> None:
    """Print a policy file as text, for git: a document.yaml as its provisions, a
    notice.yaml as its items' wording (git config diff.policydiff.textconv "policydiff textconv")."""
    from policydiff.app.check import textconv as as_text

    click.echo(as_text(file), nl=False)
