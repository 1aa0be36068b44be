"""Commands about documents: import, show, list, log, blame, diff, render, draft."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from policydiff.cli.base import (
    Report,
    cli,
    color_option,
    counted,
    error_line,
    handle_errors,
    parse_date,
    progress,
    repo_of,
    stdout_report,
    use_color,
)
from policydiff.cli.completion import complete_slug, complete_version
from policydiff.errors import UsageError

if TYPE_CHECKING:
    from policydiff.app.importing import Outcome


@cli.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--id", "slug", help="Document id (folder name under documents/); only with one source file.")
@click.option("--title", help="Title to use instead of the one found in the file.")
@click.option("--date", "date", help="Date the text is in force from, YYYY-MM-DD.")
@click.option("--split", is_flag=True, help="The file is a compilation of several documents: import each.")
@click.option(
    "--force", is_flag=True,
    help="Replace a document that already exists (not one with recorded amendments: see --discard-history).",
)  # fmt: skip
@click.option(
    "--discard-history", is_flag=True,
    help="With --force: replace a document even if it has recorded amendments, deleting its events/.",
)  # fmt: skip
@click.option(
    "--allow-problems", is_flag=True,
    help="Write a document even when its numbering or cross-references have problems (listed as warnings).",
)  # fmt: skip
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes to read files in.  [default: one per CPU]")
@click.pass_context
@handle_errors
def import_command(
    ctx: click.Context, sources: tuple[Path, ...], slug: str | None, title: str | None,
    date: str | None, split: bool, force: bool, discard_history: bool, allow_problems: bool, jobs: int | None,
) -> None:  # fmt: skip
    """Import regulations from text, Markdown, Word (.docx) or PDF files (or folders of them).

    A folder gives every .txt, .md, .markdown, .docx and .pdf file below it. In text
    files, encodings UTF-8 (with or without BOM) and GB18030/GBK are detected. Text
    extracted from PDF is unwrapped; cover material (issuer, number, 签发人,
    dates, covering notice) goes into the metadata.

    Each document then goes through the numbering and cross-reference checks
    of `policydiff check`. A document with problems is not written: its
    problems are listed on stderr as `check` words them, and the exit code is
    1 (2 if a file could not be imported at all). With --allow-problems it is
    written and its problems are listed as warnings.
    """
    from policydiff.app import importing as batch

    if discard_history and not force:
        raise click.UsageError("--discard-history is only meaningful with --force")
    repo = repo_of(ctx, existing=False)  # import makes documents/ in a new folder
    planned = batch.plan(sources, slug=slug, split=split)
    failed = refused = 0
    with progress(len(planned)) as advance, stdout_report() as out:
        outcomes = batch.run(
            repo, planned, title=title, date=parse_date(date), replace=force, processes=jobs,
            allow_problems=allow_problems, discard_history=discard_history,
        )  # fmt: skip
        for outcome in outcomes:
            advance()
            if outcome.error is not None:
                failed += 1
                click.echo(error_line(outcome.error), err=True)
                continue
            refused += outcome.refused
            _report_import(outcome, out)
    if failed or refused:
        sys.exit(2 if failed else 1)


def _report_import(outcome: Outcome, out: Report) -> None:
    """The warnings and problems of one imported document, then where it was written or why it was not."""
    for warning in outcome.warnings:
        click.echo(f"{outcome.source}: warning: {warning}", err=True)
    doc = outcome.document
    assert doc is not None
    if outcome.findings:
        for finding in outcome.findings:
            click.echo(f"{outcome.source}: {finding}", err=True)
        return
    if outcome.refused:
        for problem in outcome.problems:
            click.echo(str(problem), err=True)
        count, file = len(outcome.problems), outcome.problems[0].file
        why = f"{count} problem{'s' * (count != 1)} in {file}; --allow-problems imports it anyway"
        click.echo(f"{outcome.source}: not imported: {why}", err=True)
        return
    for problem in outcome.problems:
        click.echo(f"{outcome.source}: warning: {problem}", err=True)
    if outcome.note is not None:
        click.echo(f"{outcome.source}: {outcome.note}", err=True)
    count = sum(1 for _ in doc.walk())
    where = f"lines {outcome.lines[0]}-{outcome.lines[1]}, {outcome.boundary}; " if outcome.lines else ""
    out.line(f"{outcome.written}: {doc.title} ({where}{counted(count, 'provision')})")


@cli.command()
@click.argument("slug", shell_complete=complete_slug)
@click.option("--format", "fmt", type=click.Choice(["text", "yaml", "md", "html"]), default="text", show_default=True)
@click.option(
    "--at", "when", shell_complete=complete_version,
    help="A version (v2) or a date (YYYY-MM-DD); default: the text in force today.",
)  # fmt: skip
@click.option("--dates", is_flag=True, help="Text only: each provision after the date its text took effect.")
@click.pass_context
@handle_errors
def show(ctx: click.Context, slug: str, fmt: str, when: str | None, dates: bool) -> None:
    """Print a document as in force on a day: its title, then one provision per line.

    On a day on or after the document's repeal, the last text in force is printed, and stderr says so.
    """
    from policydiff.history import versions
    from policydiff.history.timeline import dated_text, pick, repeal_before

    repo = repo_of(ctx)
    history = versions(repo, slug)
    version = pick(history, slug, when)
    repeal = repeal_before(history, when)
    if repeal is not None:
        assert repeal.date is not None and repeal.event is not None
        event = repeal.event.folder.name
        shown = "the last text in force is shown"
        click.echo(f"policydiff: {slug} is repealed from {repeal.date.isoformat()} (event {event}): {shown}", err=True)
    if dates:
        if fmt != "text":
            raise click.UsageError("--dates goes with --format text")
        click.echo(dated_text(history, version.number), nl=False)
        return
    doc = version.document
    if fmt in ("md", "html"):
        from policydiff.site.publish import render_version

        click.echo(render_version(repo, version, f"document.{fmt}.j2"), nl=False)
        return
    if fmt == "yaml":
        from policydiff.storage import docfile, yamlio

        click.echo(yamlio.dump(docfile.document_data(doc)), nl=False)
    else:
        from policydiff.model.plaintext import to_text

        click.echo(to_text(doc), nl=False)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the documents as JSON.")
@click.pass_context
@handle_errors
def list_command(ctx: click.Context, as_json: bool) -> None:
    """List the documents of the repository, loading and validating each, with their status today
    (现行有效, 尚未施行, 已废止, or 状态不明 when no version has a date)."""
    import datetime as dt

    from policydiff.history import versions
    from policydiff.history.status import document_status

    repo = repo_of(ctx)
    today = dt.date.today()
    rows = []
    for slug in repo.slugs():
        history = versions(repo, slug)
        doc = history[-1].document
        count = sum(1 for _ in doc.walk())
        status = document_status(history, today).value
        rows.append({"slug": slug, "title": doc.title, "number": doc.meta.number, "provisions": count,
                     "versions": len(history), "status": status})  # fmt: skip
    if as_json:
        import json

        click.echo(json.dumps({"version": 1, "documents": rows}, ensure_ascii=False, indent=2))
        return
    for row in rows:
        number = f"  {row['number']}" if row["number"] else ""
        provisions = counted(int(row["provisions"]), "provision")
        click.echo(f"{row['slug']}\t{row['title']}{number}  ({provisions})  {row['status']}")


@cli.command()
@click.argument("slug", shell_complete=complete_slug)
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@click.pass_context
@handle_errors
def log(ctx: click.Context, slug: str, as_json: bool) -> None:
    """The timeline of a document: one line per version, oldest first."""
    from policydiff.history.timeline import log as timeline

    entries = timeline(repo_of(ctx), slug)
    if as_json:
        import json

        rows = [_entry_json(e) for e in entries]
        click.echo(json.dumps({"version": 1, "document": slug, "versions": rows}, ensure_ascii=False, indent=2))
        return
    for e in entries:
        when = e.date.isoformat() if e.date else "(no date)"
        note = " (prospective: not yet in force)" if e.prospective else ""
        title = f"  {e.title}" if e.title else ""
        changed = f" ({counted(e.changed, 'provision')} changed)" if e.event in ("amend", "revise") else ""
        click.echo(f"v{e.number}  {when}  {e.event:6s}  {e.status}  {e.instrument or '-'}{title}{changed}{note}")


def _entry_json(e: Any) -> dict[str, Any]:
    return {
        "number": e.number, "date": e.date.isoformat() if e.date else None, "event": e.event,
        "instrument": e.instrument, "title": e.title, "changed": e.changed, "prospective": e.prospective,
        "status": e.status,
    }  # fmt: skip


@cli.command()
@click.argument("slug", shell_complete=complete_slug)
@click.option(
    "--at", "when", shell_complete=complete_version, help="A version (v2) or a date (YYYY-MM-DD); default: today."
)
@click.option("--json", "as_json", is_flag=True, help="Print the provisions as JSON.")
@click.pass_context
@handle_errors
def blame(ctx: click.Context, slug: str, when: str | None, as_json: bool) -> None:
    """For every provision: the event that last changed its text, since when it is in force,
    and its text (address, event, date, then the text, separated by tabs)."""
    from policydiff.history.timeline import blame_version

    number, lines = blame_version(repo_of(ctx), slug, when)
    if as_json:
        import json

        rows = [_blame_json(line) for line in lines]
        data = {"version": 1, "document": slug, "version_shown": number, "provisions": rows}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in lines:
        since = line.text_since.isoformat() if line.text_since else "-"
        renumbered = f"  number: {line.number_by}" if line.number_by != line.text_by else ""
        click.echo(f"{line.address}\t{line.text_by}\t{since}{renumbered}\t{line.text}")


def _blame_json(b: Any) -> dict[str, Any]:
    return {
        "id": b.id, "address": b.address, "text": b.text,
        "text_by": b.text_by, "text_since": b.text_since.isoformat() if b.text_since else None,
        "number_by": b.number_by, "number_since": b.number_since.isoformat() if b.number_since else None,
    }  # fmt: skip


@cli.command("diff")
@click.argument("slug", shell_complete=complete_slug)
@click.argument("old", shell_complete=complete_version)
@click.argument("new", shell_complete=complete_version)
@click.option(
    "--format", "fmt", type=click.Choice(["term", "json", "md", "html", "docx"]), default="term", show_default=True,
    help="docx: the comparison table (修订对照表) as a Word file, to -o FILE or a pipe.",
)  # fmt: skip
@click.option("--ignore-formatting", is_flag=True, help="Hide changes of punctuation width or spacing only.")
@color_option()
@click.option("--no-color", is_flag=True, help="The same as --color never.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.pass_context
@handle_errors
def diff_command(
    ctx: click.Context, slug: str, old: str, new: str, fmt: str, ignore_formatting: bool, color: str,
    no_color: bool, output: Path | None,
) -> None:  # fmt: skip
    """Show what changed between two versions of SLUG.

    OLD and NEW are versions (v1), dates (YYYY-MM-DD), or the id of another
    document (its current text), so two documents can be compared too.
    Exit code 0 when they are equal, 1 when they differ (in every format,
    also when the output is written with -o).

    With --format docx, the comparison table is a Word file in the GB/T 9704
    layout; for a version and the next one it is that amendment's table,
    with the notice's number and title and its items in the notes.
    """
    if fmt == "docx":
        _check_binary_target(output)
        differ = _diff_docx(repo_of(ctx), slug, old, new, ignore_formatting, output)
    else:
        from policydiff.compare.formats import render as render_diff
        from policydiff.compare.texts import diff_between

        result = diff_between(repo_of(ctx), slug, old, new, ignore_formatting=ignore_formatting)
        colored = fmt == "term" and use_color("never" if no_color else color, terminal=False if output else None)
        names = {"old_name": result.old_name, "new_name": result.new_name, "title": result.title}
        text = render_diff(result.changes, fmt, color=colored, **names)  # type: ignore[arg-type]
        _write_output(text, output, color=colored)
        differ = bool(result.changes)
    if differ:
        sys.exit(1)


def _diff_docx(repo: Any, slug: str, old: str, new: str, ignore_formatting: bool, output: Path | None) -> bool:
    """Write the comparison table as .docx; whether the texts differ."""
    from policydiff.render.changelog import table_between
    from policydiff.render.docx_compare import comparison_docx_bytes

    table = table_between(repo, slug, old, new, ignore_formatting=ignore_formatting)
    data = comparison_docx_bytes(table.rows, table.title, renumbered=table.renumbered, subtitle=table.subtitle)
    _write_output(data, output)
    return bool(table.rows or table.renumbered)


@cli.command("render")
@click.argument("slug", shell_complete=complete_slug)
@click.option("--template", "name", help="Template name, e.g. document.html.j2, changelog.md.j2, compare.html.j2.")
@click.option(
    "--format", "fmt", type=click.Choice(["docx"]),
    help="Instead of a template: the text as a Word file (GB/T 9704 layout), to -o FILE or a pipe.",
)  # fmt: skip
@click.option(
    "--at", "when", shell_complete=complete_version,
    help="A version (v2) or a date (YYYY-MM-DD); default: the text in force today.",
)  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@click.pass_context
@handle_errors
def render_command(
    ctx: click.Context, slug: str, name: str | None, fmt: str | None, when: str | None, output: Path | None
) -> None:
    """Render a document version through a template, or as a Word file.

    --template NAME: a built-in template or one of the repository's templates/.
    --format docx: the text as a Word file in the GB/T 9704 layout. Give one
    of the two.
    """
    if (name is None) == (fmt is None):
        raise click.UsageError("give one of --template NAME and --format docx")
    if fmt == "docx":
        _check_binary_target(output)
        import datetime as dt

        from policydiff.history import versions
        from policydiff.history.headnote import headnote
        from policydiff.history.status import version_status
        from policydiff.history.timeline import at
        from policydiff.render.docx_export import docx_bytes

        everything = versions(repo_of(ctx), slug)
        version = at(repo_of(ctx), slug, when, history=everything)
        status = version_status(everything, version.number, dt.date.today()).value
        _write_output(docx_bytes(version.document, headnote(everything, version.number), status), output)
        return
    from policydiff.site.publish import render_named

    assert name is not None
    _write_output(render_named(repo_of(ctx), slug, name, when), output)


def _check_binary_target(output: Path | None) -> None:
    """Refuse (exit 2) to write a binary file to a terminal."""
    if output is None and sys.stdout.isatty():
        raise UsageError("refusing to write a .docx file to a terminal; give -o FILE or redirect stdout")


def _write_output(data: str | bytes, output: Path | None, *, color: bool | None = None) -> None:
    """*data* to stdout (click writes bytes to the binary stream), or atomically to *output*, saying so;
    *color*: keep the colours in *data* even into a pipe (click strips them there by default)."""
    if output is None:
        click.echo(data, nl=False, color=color)
        return
    from policydiff.storage.fsutil import atomic_write_bytes

    repo_of(click.get_current_context(), existing=False).check_output_file(output)
    atomic_write_bytes(output, data if isinstance(data, bytes) else data.encode("utf-8"))
    click.echo(f"wrote {output}")


@cli.command("draft")
@click.argument("slug", shell_complete=complete_slug)
@click.argument("old", shell_complete=complete_version)
@click.argument("new", shell_complete=complete_version)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the notice here.")
@click.pass_context
@handle_errors
def draft_command(ctx: click.Context, slug: str, old: str, new: str, output: Path | None) -> None:
    """Write the notice that turns version OLD of SLUG into NEW (versions, dates or another document).

    Applying the drafted notice to OLD gives NEW exactly; that is checked before it is written.
    """
    from policydiff.compare.draft import draft
    from policydiff.compare.texts import replayed, resolve_text

    repo = repo_of(ctx)
    history = replayed(repo, slug)
    _, before = resolve_text(repo, slug, old, history)
    _, after = resolve_text(repo, slug, new, history)
    text = draft(before, after, names=(old, new))
    if output is None:
        click.echo(text, nl=False)
        return
    from policydiff.storage.fsutil import atomic_write_text

    atomic_write_text(output, text)
    click.echo(f"wrote {output}")
