"""``build --shard`` and ``build --merge``: the options of a site built on several machines
(:mod:`policydiff.site.shards`)."""

from __future__ import annotations

from pathlib import Path

import click

from policydiff.cli.base import counted, repo_of
from policydiff.errors import UsageError


def check_merge_options(merge: bool, dirs: tuple[Path, ...], shard: str | None, *flags: bool) -> None:
    """--merge takes the shard folders and none of the options of a build that renders."""
    if not merge:
        if dirs:
            raise UsageError(f"unexpected argument {dirs[0]}: only build --merge takes folders (the shards)")
        return
    if shard is not None or any(flags):
        raise UsageError("--merge takes no --shard, --full, --search or --allow-problems: give them to the shards")
    if not dirs:
        raise UsageError("--merge needs the folders of the shards to join: build --merge DIR... -o OUT")


def merge(ctx: click.Context, dirs: tuple[Path, ...], output: Path) -> None:
    """``build --merge``: join the shards into *output*, then index it for search if they had --search."""
    from policydiff.site import search as site_search
    from policydiff.site import shards

    search = shards.searched(dirs)
    if search and not site_search.available():
        raise UsageError(site_search.MISSING)
    report = shards.merge(repo_of(ctx), dirs, output)
    pages = f"{counted(len(report.written), 'page')} written, {len(report.deleted)} deleted"
    total = f"{counted(report.page_count, 'page')} for {counted(len(report.site), 'document')}"
    click.echo(f"merged {counted(len(dirs), 'shard')}: {total} in {output}/ ({pages})")
    if search:
        found = site_search.index(output)
        click.echo(f"indexed for search in {found.bundle}/ ({found.files} files, {found.size // 1024} KiB)")
