"""A site built in shards on several runners (``build --shard K/N``), then merged (``build --merge``).

What is per document, a shard renders: each of its documents' folder of pages (text in force,
versions, change log, comparison tables, the document's feed) and its entry of the build
manifest (``.policydiff-build.json``, only its documents). Beside them it writes the shard
manifest ``.policydiff-shard.json``: which share it is, the policydiff version, the templates'
digest (with the search box or not), the digest of the repository's sources
(:func:`policydiff.site.buildcache.repository_digest`) and its documents.

What is site-wide, the merge makes, from the repository (the merge job's checkout) and the
shards' manifests: the instrument pages (which read the histories of the documents they amend,
whatever shard those are in), the site's feed (read from the documents' feeds), the index, the
site's build manifest, and then (``--search``) Pagefind's index over the whole tree. Document
pages are copied, never rendered again. The result is the same bytes as one ``build`` of the
repository: the merge refuses shards that do not make a whole (one of each ``K`` of the same
``N``), or that another policydiff, other templates or another state of the repository made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from policydiff.errors import UsageError
from policydiff.site import SEARCH, BuildReport, Plan, finish, write_page
from policydiff.site import buildcache as cache
from policydiff.site.buildcache import Built, ManifestError
from policydiff.site.pool import Done
from policydiff.site.shardfile import SHARD_MANIFEST, ShardManifest, read_manifest
from policydiff.storage.repo import Repository


@dataclass(frozen=True, slots=True)
class _Part:
    """A shard's folder, its shard manifest, and its documents' build manifest entries."""

    folder: Path
    manifest: ShardManifest
    built: dict[str, Built]


def merge(repo: Repository, folders: Sequence[Path], out: Path, *, today: dt.date | None = None) -> BuildReport:
    """Join the shard *folders* of a site of *repo* into *out*: their documents' pages, copied,
    and the site-wide pages made here (:func:`policydiff.site.finish`). The same bytes as
    :func:`policydiff.site.build` of *repo* into *out*.

    A :class:`UsageError` (exit 2) when the folders are not one of each shard of the same split,
    or were built by another policydiff, with other templates, from another state of *repo* or
    for another day than *today*.
    """
    repo.check_site_output(out)
    today = today or dt.date.today()
    parts = [_read(folder) for folder in folders]
    tool, templates = cache.settings(repo.root)
    _complete(parts)
    _same(parts, tool, templates, cache.repository_digest(repo), today)
    plan = _plan(repo, out, parts)
    done: dict[str, Done] = {}
    written: list[Path] = []
    for part in parts:
        for slug in part.manifest.documents:
            built = part.built[slug]
            names = tuple(name for name in built.pages if _copy(part.folder / slug / name, out / slug / name))
            written += [out / slug / name for name in names]
            done[slug] = Done(slug, built, names)
    report = finish(repo, out, plan, done, written, today, plan.templates.endswith(SEARCH))
    return replace(report, rendered=(), reused=tuple(plan.digests))


def searched(folders: Sequence[Path]) -> bool:
    """Whether the shards in *folders* were built with the search box (``--search``): the merge then indexes."""
    return all(read_manifest(folder).templates.endswith(SEARCH) for folder in folders)


def _read(folder: Path) -> _Part:
    manifest = read_manifest(folder)
    try:
        built = cache.load(folder)
    except ManifestError as exc:
        raise UsageError(exc.message) from None
    documents = built.documents if built is not None else {}
    for slug in manifest.documents:
        if slug not in documents or documents[slug].digest is None:
            raise UsageError(f"{folder}: shard {manifest.shard} is incomplete ({slug} was not built): build it again")
    return _Part(folder, manifest, dict(documents))


def _complete(parts: list[_Part]) -> None:
    """Refuse shards that are not one of each ``K`` of one ``N``."""
    if not parts:
        raise UsageError("--merge needs the folders of the shards to join")
    count = parts[0].manifest.shard.count
    seen: dict[int, Path] = {}
    for part in parts:
        shard = part.manifest.shard
        if shard.count != count:
            first = parts[0]
            raise UsageError(
                f"{part.folder} is shard {shard}, {first.folder} is shard {first.manifest.shard}: not one split"
            )
        if shard.index in seen:
            raise UsageError(f"shard {shard} is given twice: {seen[shard.index]} and {part.folder}")
        seen[shard.index] = part.folder
    missing = [f"{k}/{count}" for k in range(1, count + 1) if k not in seen]
    if missing:
        raise UsageError(f"shard{'s' * (len(missing) > 1)} {', '.join(missing)} missing: a merge needs all {count}")


def _same(parts: list[_Part], tool: str, templates: str, repository: str, today: dt.date) -> None:
    """Refuse shards another policydiff, other templates or another state of the repository made."""
    search = parts[0].manifest.templates.endswith(SEARCH)
    for part in parts:
        m, where = part.manifest, part.folder
        if m.tool != tool:
            raise UsageError(f"{where}: shard {m.shard} was built by policydiff {m.tool}, this is {tool}")
        if m.templates.endswith(SEARCH) != search:
            raise UsageError(f"{where}: shard {m.shard} was built {'with' if not search else 'without'} --search")
        if m.templates.removesuffix(SEARCH) != templates:
            raise UsageError(f"{where}: shard {m.shard} was built with other templates than the repository's")
        if m.repository != repository:
            raise UsageError(f"{where}: shard {m.shard} was built from another state of the repository")
        for slug in m.documents:
            built = part.built[slug]
            if not built.holds(built.digest, today):
                raise UsageError(f"{where}: shard {m.shard} was built on another day ({slug} changes since)")


def _plan(repo: Repository, out: Path, parts: list[_Part]) -> Plan:
    """Every document of the shards as rendered, in the repository's order (the index's), and
    what *out* held before (its stale pages are deleted)."""
    built = {slug: part.built[slug] for part in parts for slug in part.manifest.documents}
    digests = {slug: built[slug].digest for slug in repo.slugs() if slug in built}
    first = parts[0].manifest
    try:
        previous, note = cache.load(out), None
    except ManifestError as exc:
        previous, note = None, exc.message
    reuse = previous is not None and previous.tool == first.tool and previous.templates == first.templates
    old = previous.documents if previous is not None else {}
    notices = previous.instruments if previous is not None else None
    return Plan(first.tool, first.templates, digests, {}, tuple(digests), old, note, reuse, notices)


def _copy(source: Path, target: Path) -> bool:
    """Copy a page of a shard into the site unless it holds it already; True if it was written."""
    try:
        text = source.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{source}: a page of the shard cannot be read ({exc})") from None
    return write_page(target, text)


__all__ = ["SHARD_MANIFEST", "ShardManifest", "merge", "read_manifest", "searched"]
