"""Commands about amendment notices: notice parse, notice check, apply."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from policydiff.cli.base import cli, color_option, counted, handle_errors, repo_of, stdout_report, use_color
from policydiff.cli.completion import complete_apply


@cli.group()
def notice() -> None:
    """Read amendment notices."""


@notice.command("parse")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the structured notice here."
)
@click.option("--json", "as_json", is_flag=True, help="Print every stage (wording, items) as JSON.")
@click.option("--target", help="Title of the amended document, for decisions that amend several.")
@handle_errors
def notice_parse(source: Path, output: Path | None, as_json: bool, target: str | None) -> None:
    """Parse a notice's wording into its structured form (YAML).

    Every assumption is written into the result as ``assumed: true`` and
    reported on stderr; review those before applying.
    """
    from policydiff.app import amend as pipeline

    if output is not None:  # refused before anything is read or said
        repo_of(click.get_current_context(), existing=False).check_output_file(output)
    result = pipeline.parse_file(source, target=target)
    for warning in result.warnings:
        click.echo(f"{source}: warning: {warning}", err=True)
    if as_json:
        click.echo(pipeline.stages_json(result))
    elif output is not None:
        pipeline.write_notice(output, result.notice)
        click.echo(f"{output}: {counted(len(result.notice.items), 'item')}")
    else:
        click.echo(pipeline.notice_yaml(result.notice), nl=False)


@notice.command("check")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@handle_errors
def notice_check(source: Path) -> None:
    """Read every item of a notice and say, one line each, which wording form read it or why
    it is refused; `parse` and `apply` stop at the first item they cannot read.

    Exit 0 when every item reads, 1 when any is refused.
    """
    from policydiff.app import amend as pipeline
    from policydiff.notice.survey import survey

    found = survey(pipeline.read_source(source), str(source))
    if found.error is not None:
        click.echo(found.error, err=True)
        sys.exit(1)
    for item in found.items:
        part = f"《{item.target}》 " if item.target else ""
        refusal = (item.error or "").removeprefix(f"item {item.label}: ")
        said = f"error: {refusal}" if item.error else "; ".join(dict.fromkeys(item.rules)) or "no operation"
        click.echo(f"{source}:{item.line}: {part}item {item.label or '-'}: {said}")
    for text in found.unknown:
        click.echo(f"{source}: error: wording not understood: {text[:60]!r}")
    click.echo(f"{found.parsed} of {counted(len(found.items), 'item')} read")
    sys.exit(0 if found.parsed == len(found.items) and not found.unknown else 1)


@cli.command("apply")
@click.argument("args", nargs=-1, required=True, metavar="[SLUG] NOTICE", shell_complete=complete_apply)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--target", help="Title of the amended document, for decisions that amend several (default: the document's title)."
)
@color_option()
@click.pass_context
@handle_errors
def apply_command(ctx: click.Context, args: tuple[str, ...], dry_run: bool, target: str | None, color: str) -> None:
    """Apply a notice (its wording, .txt/.md, or structured form, .yaml).

    With SLUG, to that document. Without, every part of the notice to the
    document whose title it names: a decision amending several documents is
    applied to all of them in one command, and parts naming a document not in
    the repository are listed on stderr.

    All or nothing: either every item applies and the amendment is recorded
    (the instrument kept once in notices/, an event under documents/SLUG/events/
    for each document), or nothing changes.
    """
    if len(args) > 2:
        raise click.UsageError(f"apply takes [SLUG] NOTICE, not {len(args)} arguments")
    source = _existing_file(args[-1])
    if len(args) == 1:
        if target is not None:
            raise click.UsageError("--target goes with a SLUG: without one, each part names its document")
        _apply_everywhere(ctx, source, dry_run, use_color(color))
        return
    _apply_one(ctx, args[0], source, dry_run, target, use_color(color))


def _existing_file(value: str) -> Path:
    path = Path(value)
    if not path.is_file():
        raise click.BadParameter(f"File {value!r} does not exist.", param_hint="'NOTICE'")
    return path


def _apply_one(ctx: click.Context, slug: str, source: Path, dry_run: bool, target: str | None, color: bool) -> None:
    from policydiff.app import amend as pipeline

    repo = repo_of(ctx)
    report: list[str] = []
    # The report is rendered before the event is recorded: if it cannot be, nothing is.
    outcome = pipeline.apply_file(
        repo, slug, source, dry_run=dry_run, target=target, before_commit=lambda o: report.extend(_report(o, color))
    )
    for warning in outcome.warnings:
        click.echo(f"{source}: warning: {warning}", err=True)
    if outcome.part:
        click.echo(f"{source}: took the part that amends 《{outcome.part}》", err=True)
    verb = "would apply" if dry_run else "applied"
    recorded = "" if dry_run else f", recorded as documents/{slug}/events/{outcome.event}"
    with stdout_report(color) as out:  # the event is recorded: a closed output does not fail it
        for line in [*report, f"{verb} {counted(outcome.items, 'item')} to {slug}{recorded}"]:
            out.line(line)


def _apply_everywhere(ctx: click.Context, source: Path, dry_run: bool, color: bool) -> None:
    from policydiff.app import instruments

    report: list[str] = []

    def render(done: Any) -> None:
        for one in done.documents:
            report.append(f"《{one.title}》 → {one.slug}")
            report.extend("  " + line for line in _report(one.outcome, color))
        for gone in done.pending:
            report.append(f"{gone.slug}: repealed from {gone.date.isoformat()}")

    outcome = instruments.apply_instrument(repo_of(ctx), source, dry_run=dry_run, before_commit=render)
    for one in outcome.documents:
        for warning in one.outcome.warnings:
            click.echo(f"{source}: warning: {one.slug}: {warning}", err=True)
    for title in outcome.missing:
        click.echo(f"{source}: not applied: no document titled 《{title}》 in the repository", err=True)
    for done in outcome.already:
        click.echo(f"{source}: not applied again: applied to {done} before", err=True)
    verb = "would apply" if dry_run else "applied"
    kept = "" if dry_run else f"; kept as notices/{outcome.instrument}"
    amended = [f"{counted(one.outcome.items, 'item')} to {one.slug}" for one in outcome.documents]
    summary = ", ".join([*amended, *(f"the repeal of {slug}" for slug in outcome.repealed)])
    with stdout_report(color) as out:
        for line in [*report, f"{verb} {summary}{kept}"]:
            out.line(line)


def _report(outcome: Any, color: bool) -> list[str]:
    """The lines that show each change: the item and address, then the redline."""
    lines = []
    for change in outcome.changes:
        lines.append(f"item {change.item}: {change.address}" if change.item else f"item: {change.address}")
        lines.append("  " + _redline(change.old or "", change.new or "", color))
    return lines


def _redline(old: str, new: str, color: bool) -> str:
    from policydiff.compare.textdiff import segments

    out = []
    for seg in segments(old, new):
        if seg.op == "equal":
            out.append(seg.text)
        elif seg.op == "delete":
            out.append(click.style(f"[-{seg.text}-]", fg="red") if color else f"[-{seg.text}-]")
        else:
            out.append(click.style(f"{{+{seg.text}+}}", fg="green") if color else f"{{+{seg.text}+}}")
    return "".join(out)
