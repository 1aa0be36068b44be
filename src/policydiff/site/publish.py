"""Rendering one document version through a named template (``render``, ``show --format``)."""

from __future__ import annotations

from collections.abc import Sequence

from policydiff import history
from policydiff.errors import UsageError
from policydiff.history import Version
from policydiff.history.headnote import headnote
from policydiff.history.timeline import at
from policydiff.render import changelog, render
from policydiff.render.views import VersionView, document_context
from policydiff.storage.repo import Repository


def version_view(v: Version) -> VersionView:
    """What a template is told of a version: its number, date and event."""
    event = None if v.event is None else (v.event.notice.number or v.event.folder.name)
    return VersionView(v.number, v.date.isoformat() if v.date else None, event)


def render_version(repo: Repository, version: Version, name: str, everything: Sequence[Version] | None = None) -> str:
    """*version* rendered through the document template *name*, its headnote written from
    *everything* (the document's versions; replayed when not given)."""
    if everything is None:
        everything = history.versions(repo, version.document.slug)
    note = headnote(everything, version.number)
    return render(name, document_context(version.document, version_view(version), headnote=note), repo.root)


def render_named(repo: Repository, slug: str, name: str, when: str | None) -> str:
    """Template *name* for *slug* at *when*: document, change log or comparison templates."""
    everything = history.versions(repo, slug)  # replayed once
    version = at(repo, slug, when, history=everything)
    if name.startswith("changelog."):
        versions = everything[: version.number]
        context = {"document": version.document, "changelog": changelog.entries(versions)}
        return render(name, context, repo.root)
    if name.startswith(("compare.", "redline.")):
        if version.number == 1:
            raise UsageError(f"{slug} version 1 is the enacted text; it has nothing to compare with")
        before = everything[version.number - 2]
        pages = dict(changelog.comparison_pages(before, version, repo.root))
        key = f"v{version.number}-{name.removesuffix('.j2')}"
        if key not in pages:
            raise UsageError(f"no comparison template {name!r}")
        return pages[key]
    return render_version(repo, version, name, everything)
