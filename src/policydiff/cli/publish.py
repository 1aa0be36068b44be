"""Commands that publish: build (one site, a shard of one, or the merge of shards), serve, init."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from policydiff.cli.base import cli, counted, error_line, handle_errors, progress, repo_of
from policydiff.errors import UsageError

if TYPE_CHECKING:
    from policydiff.storage.shard import Shard


@cli.command()
@click.argument("shard_dirs", metavar="[DIR]...", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1),
    help="Processes to check and render documents in.  [default: one per CPU]",
)  # fmt: skip
@click.option("--full", is_flag=True, help="Render every document, even those unchanged since the last build.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--search", is_flag=True, help="Add offline full-text search (Pagefind: the 'search' extra).")
@click.option(
    "--allow-problems", is_flag=True,
    help="Build even when `policydiff check` finds problems (listed as warnings).",
)  # fmt: skip
@click.option(
    "--shard", "shard_spec", metavar="K/N",
    help="Build only the pages of share K of N of the documents (by a hash of their ids), for --merge.",
)  # fmt: skip
@click.option("--merge", is_flag=True, help="Join the shard folders DIR... (of every K/N) into the site.")
@click.pass_context
@handle_errors
def build(
    ctx: click.Context, shard_dirs: tuple[Path, ...], output: Path, jobs: int | None, full: bool, quiet: bool,
    search: bool, allow_problems: bool, shard_spec: str | None, merge: bool,
) -> None:  # fmt: skip
    """Build the static site of every document: texts, versions, change logs, comparison tables.

    The repository is checked first, as `policydiff check` does, but for the
    documents and instruments unchanged since a check (their problems are
    recorded outside the repository; --no-cache checks everything). When it has
    problems, nothing is built: they are listed on stderr, one line each, and
    the exit code is 1. With --allow-problems the site is built anyway and the
    problems are listed as warnings.

    Incremental: a document whose files, the templates and the policydiff version are
    unchanged since the last build into the same folder (recorded in its
    .policydiff-build.json) is not rendered again, and the pages of removed documents
    are deleted; the result is the same as a full build. Documents are rendered in
    parallel worker processes.

    On several machines: `build --shard K/N -o DIR` checks and renders share K of N
    of the documents into DIR (no index, feed, instrument page or search index);
    `build --merge DIR... -o site` joins the N folders and writes the site-wide
    pages (and Pagefind's index if the shards had --search), reading the repository:
    the same bytes as one build. The merge refuses an incomplete set of shards, or
    shards of another policydiff, templates or state of the repository.
    """
    from policydiff.parallel import cpu_count
    from policydiff.site import build as build_site
    from policydiff.site import search as site_search
    from policydiff.storage.shard import parse_shard

    shard = parse_shard(shard_spec) if shard_spec is not None else None
    from policydiff.cli import sharding

    sharding.check_merge_options(merge, shard_dirs, shard_spec, full, search, allow_problems)
    if merge:
        return sharding.merge(ctx, shard_dirs, output)
    if search and not site_search.available():
        raise UsageError(site_search.MISSING)
    repo = repo_of(ctx)
    _refuse_problems(repo, jobs, allow_problems, shard)
    total = len(repo.slugs()) if shard is None else sum(map(shard.holds, repo.slugs()))
    with progress(0 if quiet else total, "building") as advance:
        tick = lambda _: advance()  # noqa: E731
        report = build_site(
            repo, output, jobs=jobs or cpu_count(), full=full, progress=tick, search=search, shard=shard
        )
    if report.note:
        click.echo(f"policydiff: rendered every document: {report.note}", err=True)
    done = f"{len(report.rendered)} rendered, {len(report.reused)} unchanged"
    pages = f"{counted(len(report.written), 'page')} written, {len(report.deleted)} deleted"
    total_ = f"{counted(report.page_count, 'page')} for {counted(len(report.site), 'document')}"
    what = "built" if shard is None else f"built shard {shard}:"
    click.echo(f"{what} {total_} in {output}/ ({done}; {pages})")
    if search and shard is None:  # a shard's pages are indexed once, by the merge
        found = site_search.index(output)
        click.echo(f"indexed for search in {found.bundle}/ ({found.files} files, {found.size // 1024} KiB)")


def _refuse_problems(repo: Any, jobs: int | None, allow_problems: bool, shard: Shard | None = None) -> None:
    """Check the repository (or its *shard*) as `policydiff check` does: its problems on stderr,
    then exit 1 unless *allow_problems* (then they are warnings)."""
    from policydiff.app.check import check

    problems = check(repo, (), jobs, shard, reuse=True)
    if not problems:
        return
    for problem in problems:
        click.echo(f"policydiff: warning: {problem}" if allow_problems else str(problem), err=True)
    if allow_problems:
        return
    why = "policydiff check lists them; --allow-problems builds anyway"
    click.echo(f"policydiff: not built: {counted(len(problems), 'problem')} ({why})", err=True)
    sys.exit(1)


@cli.command()
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help="Folder the site is built into.")  # fmt: skip
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one).")
@click.pass_context
@handle_errors
def serve(ctx: click.Context, output: Path, port: int) -> None:
    """Build the site, serve it on 127.0.0.1 only, and rebuild it when documents/, notices/ or
    templates/ change (incrementally). Ctrl-C stops it."""
    from policydiff.app.serve import Rebuilt
    from policydiff.app.serve import serve as serve_site
    from policydiff.site import BuildReport

    def ready(url: str, report: BuildReport) -> None:
        click.echo(f"built {report.page_count} pages in {output}/; serving {url} (Ctrl-C to stop)")
        sys.stdout.flush()

    def rebuilt(event: Rebuilt) -> None:
        what = ", ".join(event.changed) or "the sources while starting"
        if event.error is not None:
            click.echo(f"{error_line(event.error)} (after a change of {what}; still serving the last build)", err=True)
        elif event.report is not None:
            done = f"{len(event.report.rendered)} rendered, {len(event.report.written)} pages written"
            click.echo(f"rebuilt after a change of {what}: {done}")
        sys.stdout.flush()

    serve_site(repo_of(ctx), output, port, ready=ready, rebuilt=rebuilt)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@handle_errors
def init(directory: Path) -> None:
    """Scaffold a new policy repository in DIRECTORY: documents/, a pre-commit hook, a publish workflow,
    .gitattributes, .gitignore and a README.md. An existing README.md or .gitignore is left as it is
    (stderr says so); any other existing file refuses the whole scaffold (exit 2)."""
    from policydiff.app.scaffold import scaffold

    done = scaffold(directory)
    for kept in done.kept:
        click.echo(f"policydiff: {kept.relative_to(directory).as_posix()} exists: left as it is", err=True)
    paths = done.written
    names = ", ".join(p.relative_to(directory).as_posix() for p in paths)
    click.echo(f"created {counted(len(paths), 'file')} in {directory}/: {names}")
