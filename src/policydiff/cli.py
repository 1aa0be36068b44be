"""The ``policydiff`` command line.

This module only parses arguments, calls the library, prints and sets the exit
code: 0 success, 1 findings or a failed operation, 2 usage or input error. Every
:class:`~policydiff.errors.PolicyDiffError` becomes one line on stderr; a
traceback means a bug in policydiff.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click

from policydiff import __version__
from policydiff.errors import PolicyDiffError

P = ParamSpec("P")
R = TypeVar("R")


def _fail(message: str, code: int) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn policydiff's errors into one line on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except PolicyDiffError as exc:
            _fail(error_line(exc), exc.exit_code)
            raise AssertionError("unreachable") from None

    return wrapper


def error_line(exc: PolicyDiffError) -> str:
    """``file:line:col: message`` when the error has a place, else ``policydiff: message``."""
    text = str(exc)
    return text if str(exc.location) else f"policydiff: {text}"


def _repo(ctx: click.Context) -> Any:
    from policydiff.repo import Repository

    return Repository(Path(ctx.obj["root"]))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policydiff")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default="the current directory",
    help="The policy repository (the folder holding documents/).",
)
@click.pass_context
def cli(ctx: click.Context, root: Path) -> None:
    """Keep regulations as structured text, apply amendment notices exactly, and
    show any version, diff or comparison table."""
    ctx.obj = {"root": root}


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


@cli.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--id", "slug", help="Document id (folder name under documents/); only with one source file.")
@click.option("--title", help="Title to use instead of the one found in the file.")
@click.option("--date", "date", help="Date the text is in force from, YYYY-MM-DD.")
@click.option("--split", is_flag=True, help="The file is a compilation of several documents: import each.")
@click.option("--force", is_flag=True, help="Replace a document that already exists.")
@click.pass_context
@handle_errors
def import_command(
    ctx: click.Context, sources: tuple[Path, ...], slug: str | None, title: str | None,
    date: str | None, split: bool, force: bool,
) -> None:  # fmt: skip
    """Import regulations from text or Markdown files (or folders of them).

    Encodings UTF-8 (with or without BOM) and GB18030/GBK are detected. Text
    extracted from PDF is unwrapped; cover material (issuer, number, 签发人,
    dates, covering notice) goes into the metadata.
    """
    from policydiff.importing import batch

    repo = _repo(ctx)
    jobs = batch.plan(sources, slug=slug, split=split)
    failed = 0
    with _progress(len(jobs)) as advance:
        for outcome in batch.run(repo, jobs, title=title, date=_date(date), replace=force):
            advance()
            if outcome.error is not None:
                failed += 1
                click.echo(error_line(outcome.error), err=True)
                continue
            for warning in outcome.warnings:
                click.echo(f"{outcome.source}: warning: {warning}", err=True)
            doc = outcome.document
            assert doc is not None
            count = sum(1 for _ in doc.walk())
            where = f"lines {outcome.lines[0]}-{outcome.lines[1]}, {outcome.boundary}; " if outcome.lines else ""
            click.echo(f"{outcome.written}: {doc.title} ({where}{count} provisions)")
    if failed:
        sys.exit(2)


class _NoProgress:
    def __enter__(self) -> Callable[[], None]:
        return lambda: None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(total: int, label: str = "importing") -> Any:
    """A progress bar on stderr, only when stderr is a terminal and there is more than one step."""
    if total < 2 or not sys.stderr.isatty():
        return _NoProgress()
    return _rich_progress(total, label)


@contextlib.contextmanager
def _rich_progress(total: int, label: str) -> Iterator[Callable[[], None]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


@cli.command()
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["text", "yaml", "md", "html"]), default="text", show_default=True)
@click.option("--at", "when", help="A version (v2) or a date (YYYY-MM-DD); default: the text in force today.")
@click.pass_context
@handle_errors
def show(ctx: click.Context, slug: str, fmt: str, when: str | None) -> None:
    """Print a document as in force on a day: its title, then one provision per line."""
    from policydiff.timeline import at

    repo = _repo(ctx)
    version = at(repo, slug, when)
    doc = version.document
    if fmt in ("md", "html"):
        from policydiff.publish import render_version

        click.echo(render_version(repo, version, f"document.{fmt}.j2"), nl=False)
        return
    if fmt == "yaml":
        from policydiff import docfile, yamlio

        click.echo(yamlio.dump(docfile.document_data(doc)), nl=False)
    else:
        from policydiff.plaintext import to_text

        click.echo(to_text(doc), nl=False)


@cli.command("list")
@click.pass_context
@handle_errors
def list_command(ctx: click.Context) -> None:
    """List the documents of the repository, loading and validating each."""
    from policydiff.history import current

    repo = _repo(ctx)
    for slug in repo.slugs():
        doc = current(repo, slug)
        count = sum(1 for _ in doc.walk())
        number = f"  {doc.meta.number}" if doc.meta.number else ""
        click.echo(f"{slug}\t{doc.title}{number}  ({count} provisions)")


@cli.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@click.pass_context
@handle_errors
def log(ctx: click.Context, slug: str, as_json: bool) -> None:
    """The timeline of a document: one line per version, oldest first."""
    from policydiff.timeline import log as timeline

    entries = timeline(_repo(ctx), slug)
    if as_json:
        import json

        rows = [_entry_json(e) for e in entries]
        click.echo(json.dumps({"version": 1, "document": slug, "versions": rows}, ensure_ascii=False, indent=2))
        return
    for e in entries:
        when = e.date.isoformat() if e.date else "(no date)"
        note = " (prospective: not yet in force)" if e.prospective else ""
        title = f"  {e.title}" if e.title else ""
        changed = f" ({e.changed} provisions changed)" if e.event != "enact" else ""
        click.echo(f"v{e.number}  {when}  {e.event:5s}  {e.instrument or '-'}{title}{changed}{note}")


def _entry_json(e: Any) -> dict[str, Any]:
    return {
        "number": e.number, "date": e.date.isoformat() if e.date else None, "event": e.event,
        "instrument": e.instrument, "title": e.title, "changed": e.changed, "prospective": e.prospective,
    }  # fmt: skip


@cli.command()
@click.argument("slug")
@click.option("--at", "when", help="A version (v2) or a date (YYYY-MM-DD); default: today.")
@click.pass_context
@handle_errors
def blame(ctx: click.Context, slug: str, when: str | None) -> None:
    """For every provision: the event that last changed its text, and since when it is in force."""
    from policydiff.timeline import blame as who

    for line in who(_repo(ctx), slug, when):
        since = line.text_since.isoformat() if line.text_since else "-"
        number = f"  number: {line.number_by}" if line.number_by != line.text_by else ""
        click.echo(f"{line.address}\t{line.text_by}\t{since}{number}")


@cli.command("diff")
@click.argument("slug")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["term", "json", "md", "html"]), default="term", show_default=True)
@click.option("--ignore-formatting", is_flag=True, help="Hide changes of punctuation width or spacing only.")
@click.option("--no-color", is_flag=True, help="No colour (also when NO_COLOR is set or stdout is not a terminal).")
@click.pass_context
@handle_errors
def diff_command(
    ctx: click.Context, slug: str, old: str, new: str, fmt: str, ignore_formatting: bool, no_color: bool
) -> None:
    """Show what changed between two versions of SLUG.

    OLD and NEW are versions (v1), dates (YYYY-MM-DD), or the id of another
    document (its current text), so two documents can be compared too.
    Exit code 0 when they are equal, 1 when they differ.
    """
    from policydiff.diffformat import render as render_diff
    from policydiff.versions import diff_between

    result = diff_between(_repo(ctx), slug, old, new, ignore_formatting=ignore_formatting)
    color = fmt == "term" and not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
    names = {"old_name": result.old_name, "new_name": result.new_name, "title": result.title}
    click.echo(render_diff(result.changes, fmt, color=color, **names), nl=False)  # type: ignore[arg-type]
    if result.changes:
        sys.exit(1)


@cli.command("render")
@click.argument("slug")
@click.option(
    "--template", "name", required=True, help="Template name, e.g. document.html.j2, changelog.md.j2, compare.html.j2."
)
@click.option("--at", "when", help="A version (v2) or a date (YYYY-MM-DD); default: the text in force today.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.pass_context
@handle_errors
def render_command(ctx: click.Context, slug: str, name: str, when: str | None, output: Path | None) -> None:
    """Render a document version through a template (built-in, or the repository's templates/)."""
    from policydiff.publish import render_named

    text = render_named(_repo(ctx), slug, name, when)
    if output is None:
        click.echo(text, nl=False)
        return
    from policydiff.fsutil import atomic_write_text

    atomic_write_text(output, text)
    click.echo(f"wrote {output}")


@cli.command()
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
@handle_errors
def build(ctx: click.Context, output: Path, quiet: bool) -> None:
    """Build the static site of every document: texts, versions, change logs, comparison tables."""
    from policydiff.site import build as build_site

    repo = _repo(ctx)
    total = len(repo.slugs())
    with _progress(0 if quiet else total) as advance:
        pages = build_site(repo, output, progress=lambda _slug: advance())
    click.echo(f"built {len(pages)} pages for {total} documents in {output}/")


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
    from policydiff.notice import pipeline

    result = pipeline.parse_file(source, target=target)
    for warning in result.warnings:
        click.echo(f"{source}: warning: {warning}", err=True)
    if as_json:
        click.echo(pipeline.stages_json(result))
    elif output is not None:
        pipeline.write_notice(output, result.notice)
        click.echo(f"{output}: {len(result.notice.items)} items")
    else:
        click.echo(pipeline.notice_yaml(result.notice), nl=False)


@cli.command("apply")
@click.argument("slug")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--target", help="Title of the amended document, for decisions that amend several (default: the document's title)."
)
@click.pass_context
@handle_errors
def apply_command(ctx: click.Context, slug: str, source: Path, dry_run: bool, target: str | None) -> None:
    """Apply a notice (its wording, .txt/.md, or structured form, .yaml) to a document.

    All or nothing: either every item applies and the amendment is recorded
    under documents/SLUG/events/, or nothing changes.
    """
    from policydiff.notice import pipeline

    repo = _repo(ctx)
    outcome = pipeline.apply_file(repo, slug, source, dry_run=dry_run, target=target)
    for warning in outcome.warnings:
        click.echo(f"{source}: warning: {warning}", err=True)
    if outcome.part:
        click.echo(f"{source}: took the part that amends 《{outcome.part}》", err=True)
    for label, pid, old, new in outcome.changes:
        click.echo(f"item {label}: {pid}")
        click.echo("  " + _redline(old or "", new or ""))
    verb = "would apply" if dry_run else "applied"
    recorded = f", recorded as documents/{slug}/events/{outcome.event}" if outcome.event else ""
    click.echo(f"{verb} {outcome.items} items to {slug}{recorded}")


def _redline(old: str, new: str) -> str:
    from policydiff.textdiff import segments

    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    out = []
    for seg in segments(old, new):
        if seg.op == "equal":
            out.append(seg.text)
        elif seg.op == "delete":
            out.append(click.style(f"[-{seg.text}-]", fg="red") if color else f"[-{seg.text}-]")
        else:
            out.append(click.style(f"{{+{seg.text}+}}", fg="green") if color else f"{{+{seg.text}+}}")
    return "".join(out)


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.pass_context
@handle_errors
def check_command(ctx: click.Context, paths: tuple[Path, ...], fmt: str, exit_zero: bool) -> None:
    """Check the repository, or the documents under PATHs: schema, ids, numbering, notices
    against their wording, replay, cross-references, dates. One line per problem,
    ``file:line:col: CODE message``; exit 1 when there are problems (codes: README)."""
    from policydiff.check import check, render, summary

    problems = check(_repo(ctx), paths)
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
    from policydiff.check import textconv as as_text

    click.echo(as_text(file), nl=False)


def main() -> None:
    """Entry point of the ``policydiff`` console script."""
    cli(prog_name="policydiff")
