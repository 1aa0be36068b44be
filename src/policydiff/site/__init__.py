"""The static site: an index of documents and, for each, every version, the change log,
and for each amendment its redline and comparison table.

Pages use relative links only and inline their stylesheet, so the site works from
``file://``, from any sub-path (GitHub Pages project sites) and offline. Building
twice gives identical bytes: nothing depends on the clock or on dict order.

Builds are incremental: the manifest of :mod:`policydiff.site.buildcache` says which
sources each document's pages were made from, and a document whose sources, the
templates and policydiff are unchanged is neither loaded nor rendered. Documents are
rendered in worker processes (``jobs``), each writing its own pages and returning
only its index row, so the result is the same bytes as a full build in one process.

A page is written to a temporary file and renamed over the old one, so it is always
whole; pages are not synced one by one. Before rewriting a document's pages the
manifest marks it dirty, and the new manifest is written (and synced) only after
everything else is on disk, so after a crash the next build renders whatever might
be incomplete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from policydiff.errors import Location
from policydiff.render import render
from policydiff.site import buildcache, feeds
from policydiff.site import instruments as notice_pages
from policydiff.site.buildcache import MANIFEST, Built, IndexEntry, Manifest, ManifestError
from policydiff.site.document import render_document
from policydiff.site.pagefile import write_page as write_page
from policydiff.site.pool import Done, Job, render_all
from policydiff.storage.fsutil import WriteError, atomic_write_text, clear_leftovers
from policydiff.storage.repo import Repository
from policydiff.storage.shard import Shard

SITE_TITLE = "规章制度文本库"
SEARCH = "+search"  # appended to the templates' digest in the manifest of a site built with the search box

__all__ = ["SITE_TITLE", "BuildReport", "IndexEntry", "build", "finish", "render_document"]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did. ``pages`` is every page of the site (the index last); ``written``
    the pages whose bytes changed; ``rendered`` and ``reused`` the documents rendered and
    those whose pages were kept; ``removed`` the documents gone from the repository, whose
    ``deleted`` pages were removed with the pages documents no longer make. ``note`` says
    why every document was rendered when a previous build's manifest could not be used."""

    out: Path
    site: tuple[tuple[str, tuple[str, ...]], ...]  # each document's pages
    written: tuple[Path, ...]
    rendered: tuple[str, ...]
    reused: tuple[str, ...]
    removed: tuple[str, ...]
    deleted: tuple[Path, ...]
    note: str | None = None
    instruments: tuple[str, ...] = ()  # the instrument pages, relative to out
    shard: Shard | None = None  # a shard's build: its documents' pages only, no index or feed

    @property
    def pages(self) -> tuple[Path, ...]:
        """Every page of the site, document by document, then the instruments', the feed, the index."""
        docs = (self.out / slug / name for slug, names in self.site for name in names)
        whole = () if self.shard else (self.out / "feed.xml", self.out / "index.html")
        return (*docs, *(self.out / name for name in self.instruments), *whole)

    @property
    def page_count(self) -> int:
        """``len(pages)``, without making the paths."""
        return sum(len(names) for _, names in self.site) + len(self.instruments) + (0 if self.shard else 2)


@dataclass(frozen=True, slots=True)
class Plan:
    """The documents to render and those to keep, with the manifests before and while building."""

    tool: str
    templates: str
    digests: dict[str, str | None]
    keep: dict[str, Built]
    todo: tuple[str, ...]
    previous: dict[str, Built]
    note: str | None
    reuse: bool = False  # the last build's pages may be kept (same policydiff, templates; not --full)
    notices: dict[str, buildcache.InstrumentBuilt] | None = None  # the last build's instrument pages


def build(repo: Repository, out: Path, *, today: dt.date | None = None,
          progress: Callable[[str], None] | None = None, jobs: int = 1, full: bool = False,
          search: bool = False, shard: Shard | None = None) -> BuildReport:  # fmt: skip
    """Write the site for every document of *repo* into *out*, rendering only what changed.

    *jobs* worker processes render documents (1: in this process); *full* renders every
    document whatever the manifest says. *progress* is called with each document's slug.
    With *search* the index and document pages carry a search box for the index that
    :func:`policydiff.site.search.index` writes (run it after the build).

    With *shard*, only that share of the documents is rendered, and no site-wide page:
    :func:`policydiff.site.shards.merge` joins the shards' folders into the site.
    """
    repo.check_site_output(out)
    today = today or dt.date.today()
    plan = _plan(repo, out, today, full, search, shard)
    if shard is not None:
        from policydiff.site import shardfile

        shardfile.forget(out)  # until this share is whole again, no merge takes the folder
    for slug in plan.keep:
        if progress:
            progress(slug)
    before = _read(out / MANIFEST)
    if plan.todo or plan.previous.keys() - plan.digests.keys():
        _commit(out, _manifest(plan, {}, removed=False))  # what is about to change is marked dirty first
    work = [Job(repo.root, out, s, today, plan.digests[s], search) for s in plan.todo]  # as given: errors name them so
    done, error = render_all(work, _run, jobs, progress)
    written = [out / s / name for s in plan.todo if s in done for name in done[s].written]
    if error is not None:  # keep what is done; removed documents stay listed, as the old index does
        if not written and not _delete_stale(out, plan, done, removed=False):
            _restore(out / MANIFEST, before)  # nothing changed: a failed build leaves the site as it was
        else:
            _commit(out, _manifest(plan, done, removed=False), sync=True)
        raise error
    clear_leftovers(out)
    if shard is not None:
        from policydiff.site import shardfile

        deleted = _delete_stale(out, plan, done)
        _commit(out, _manifest(plan, done), sync=True)
        shardfile.write_manifest(repo, out, shard, plan.tool, plan.templates, tuple(plan.digests))
        return replace(_report(out, plan, done, written, deleted), shard=shard)
    return finish(repo, out, plan, done, written, today, search)


def finish(repo: Repository, out: Path, plan: Plan, done: dict[str, Done], written: list[Path],
           today: dt.date, search: bool) -> BuildReport:  # fmt: skip
    """Write the site-wide pages (instruments, feed, index) once every document's pages are in
    *out*, delete the stale ones, and commit the manifest; what a build and a merge end with."""
    docs = {s: plan.keep.get(s) or done[s].built for s in plan.digests}
    notices = notice_pages.build_pages(
        repo, out, docs, plan.digests, plan.notices or {}, reuse=plan.reuse, today=today, write=write_page
    )
    written += notices.written
    entries = [docs[s].entry for s in plan.digests]
    listed = sorted((b.entry for b in notices.entries.values()), key=lambda e: (e.date is None, e.date or "", e.id))
    context = {"site_title": SITE_TITLE, "documents": entries, "instruments": listed, "search": search}
    index = render("index.html.j2", context, repo.root)
    entries_ = [e for s in plan.digests for e in feeds.read_entries(out / s / "feed.xml", quote(s) + "/")]
    feed = feeds.render_feed("urn:policydiff:site", f"{SITE_TITLE}：修改记录", entries_, None)
    written += [out / "feed.xml"] if write_page(out / "feed.xml", feed) else []
    written += [out / "index.html"] if write_page(out / "index.html", index) else []
    deleted = _delete_stale(out, plan, done)  # after the index, which no longer links them
    deleted += notice_pages.delete_stale(out, plan.notices or {}, notices.entries)
    _commit(out, replace(_manifest(plan, done), instruments=notices.entries), sync=True)
    report = _report(out, plan, done, written, deleted)
    return replace(report, instruments=tuple(b.entry.page for b in notices.entries.values()))


def _plan(repo: Repository, out: Path, today: dt.date, full: bool, search: bool, shard: Shard | None) -> Plan:
    tool, templates = buildcache.settings(repo.root)
    templates += SEARCH if search else ""  # pages with and without the search box differ
    try:
        previous, note = buildcache.load(out), None
    except ManifestError as exc:
        previous, note = None, exc.message
    slugs = [s for s in repo.slugs() if shard is None or shard.holds(s)]
    digests = {slug: buildcache.source_digest(repo, slug) for slug in slugs}
    old = previous.documents if previous is not None else {}
    keep: dict[str, Built] = {}
    if previous is not None and not full:
        note = _changed(previous, tool, templates)
        if note is None:
            keep = {s: old[s] for s, d in digests.items() if s in old and _holds(out, s, old[s], d, today)}
    todo = tuple(s for s in digests if s not in keep)
    reuse = previous is not None and not full and note is None
    notices = previous.instruments if previous and shard is None else None  # a shard makes no instrument page
    return Plan(tool, templates, digests, keep, todo, old, note, reuse, notices)


def _changed(previous: Manifest, tool: str, templates: str) -> str | None:
    if previous.tool != tool:
        return f"policydiff changed since the last build ({previous.tool} → {tool})"
    if previous.templates.removesuffix(SEARCH) == templates.removesuffix(SEARCH) != previous.templates:
        return "the search box was " + ("added" if templates.endswith(SEARCH) else "removed") + " since the last build"
    if previous.templates != templates:
        return "the templates changed since the last build"
    return None


def _holds(out: Path, slug: str, built: Built, digest: str | None, today: dt.date) -> bool:
    folder = os.path.join(out, slug)
    return built.holds(digest, today) and all(os.path.isfile(os.path.join(folder, n)) for n in built.pages)


def _manifest(plan: Plan, done: dict[str, Done], *, removed: bool = True) -> Manifest:
    """The manifest once *done* are written: kept and done documents, the others dirty.

    Documents gone from the repository stay listed until *removed* (their pages deleted).
    """
    docs = dict(plan.keep)
    for slug in plan.todo:
        if slug in done:
            docs[slug] = done[slug].built
        elif slug in plan.previous:
            docs[slug] = replace(plan.previous[slug], digest=None)
    if not removed:
        docs.update((s, b) for s, b in plan.previous.items() if s not in plan.digests)
    return Manifest(plan.tool, plan.templates, dict(sorted(docs.items())), dict(plan.notices or {}))


def _delete_stale(out: Path, plan: Plan, done: dict[str, Done], *, removed: bool = True) -> list[Path]:
    """Delete the pages rendered documents no longer make and (if *removed*) those of removed documents."""
    deleted: list[Path] = []
    for slug, built in sorted(plan.previous.items()):
        gone = slug not in plan.digests
        if not (slug in done or (gone and removed)):
            continue
        keep = set() if gone else set(done[slug].built.pages)
        for name in built.pages:
            if name not in keep and _unlink(out / slug / name):
                deleted.append(out / slug / name)
        if gone:
            _rmdir(out / slug)
    return deleted


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WriteError(f"cannot delete: {exc.strerror or exc}", Location(str(path))) from None
    return True


def _rmdir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # gone already, or holds files the build did not make
        folder.rmdir()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _restore(path: Path, data: bytes | None) -> None:
    """Put back the manifest as it was before this build marked documents dirty (None: there was none)."""
    if data is None:
        path.unlink(missing_ok=True)
    elif _read(path) != data:
        atomic_write_text(path, data.decode("utf-8"))


def _commit(out: Path, manifest: Manifest, *, sync: bool = False) -> None:
    """Write *manifest* unless it is there already; with *sync*, every page written before it
    is made durable first, so the manifest never vouches for a page that is not on disk."""
    text = buildcache.dump(manifest)
    path = out / MANIFEST
    try:
        same = path.read_bytes() == text.encode("utf-8")
    except OSError:
        same = False
    if not same:
        if sync and hasattr(os, "sync"):
            os.sync()
        atomic_write_text(path, text)


def _report(out: Path, plan: Plan, done: dict[str, Done], written: list[Path], deleted: list[Path]) -> BuildReport:
    site = tuple((s, (plan.keep.get(s) or done[s].built).pages) for s in plan.digests)
    removed = tuple(sorted(plan.previous.keys() - plan.digests.keys()))
    return BuildReport(out, site, tuple(written), plan.todo, tuple(plan.keep), removed, tuple(deleted), plan.note)


# --------------------------------------------------------------------------- one document


def _run(job: Job) -> Done:
    """Render and write one document's pages (in a worker process, or in this one)."""
    repo = Repository(job.root)
    pages, built = render_document(repo, job.slug, job.today, search=job.search)
    clear_leftovers(job.out / job.slug)  # temporary files of a build killed while writing these pages
    names: list[str] = []
    written: list[str] = []
    for name, text in pages:
        names.append(name)
        if write_page(job.out / job.slug / name, text):
            written.append(name)
    # Sources edited while rendering: leave the entry dirty, so the next build renders it again.
    digest = job.digest if buildcache.source_digest(repo, job.slug) == job.digest else None
    return Done(job.slug, replace(built, digest=digest, pages=tuple(names)), tuple(written))
