"""The site's page for each instrument: ``notices/<id>.html`` (``notices/<slug>/<event>.html`` for an
amendment kept the old way, :mod:`policydiff.render.instruments`).

A page shows the instrument's header (title, number, issuer, dates, effect rule), its wording as
signed, and its effects table: one row per provision an event applying it changed (document,
provision, effect, applied 是), each provision linked to its anchor on the document's version
page (the version the event made; the version before, for a deleted provision), and one row per
part not applied (applied 否; the effect cell says 本库未收录该文件 when no document has the
part's title, else 尚未适用). Each document's change log links
each entry to its instrument's page (:func:`log_links`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from policydiff.errors import Location
from policydiff.history import Version, versions
from policydiff.render import render
from policydiff.render.instruments import Application, Instrument, instruments, referring
from policydiff.site.buildcache import Built as DocumentBuilt
from policydiff.site.buildcache import InstrumentBuilt, InstrumentEntry, instrument_digest
from policydiff.storage.fsutil import WriteError
from policydiff.storage.repo import Repository

#: The site folder of the instrument pages (a document id may not take it: ``check_slug``).
FOLDER = "notices"


@dataclass(frozen=True, slots=True)
class EffectRow:
    """One row of the effects table: the document (its title, and the link to its page), the
    provision (its address and the link to its anchor; None for a part not applied), the effect
    and whether it is applied (是/否)."""

    document: str
    document_href: str | None
    provision: str
    provision_href: str | None
    effect: str
    applied: str


def page(nid: str) -> str:
    """Where instrument *nid*'s page is, relative to the site: ``notices/<id>.html``."""
    return f"{FOLDER}/{nid}.html"


def href(nid: str, up: str) -> str:
    """The link to instrument *nid*'s page from a page *up* (``../``) below the site's root."""
    return up + quote(page(nid))


def _up(nid: str) -> str:
    """The way from instrument *nid*'s page back to the site's root."""
    return "../" * page(nid).count("/")


def entry(found: Instrument) -> InstrumentEntry:
    """The index row of *found*."""
    date = found.date.isoformat() if found.date else None
    return InstrumentEntry(found.id, page(found.id), found.title, found.number, date)


def table(found: Instrument) -> list[EffectRow]:
    """The effects table of *found*, part by part."""
    up = _up(found.id)
    out = []
    for part in found.parts:
        for applied in part.applied:
            folder = up + quote(applied.slug)
            for effect in applied.effects:
                fragment = f"#{effect.anchor}" if effect.anchor else ""
                link = f"{folder}/{effect.page}{fragment}"
                out.append(EffectRow(applied.title, f"{folder}/index.html", effect.address, link, effect.effect, "是"))
        if part.missing is not None:
            name = f"《{part.target}》" if part.target else f"第{part.number}部分"
            why = "尚未适用" if part.named or part.target is None else "本库未收录该文件"
            out.append(EffectRow(name, None, "—", None, why, "否"))
    return out


def render_page(found: Instrument, root: Path | None) -> str:
    """The HTML of *found*'s page (template ``instrument.html.j2``)."""
    wording = [line.strip() for line in (found.wording or "").splitlines() if line.strip()]
    context = {
        "instrument": found,
        "up": _up(found.id),
        "wording": wording,
        "effects": table(found),
        "documents": [(a.title, _up(found.id) + quote(a.slug) + "/index.html") for a in _documents(found)],
    }
    return render("instrument.html.j2", context, root)


def _documents(found: Instrument) -> Iterator[Application]:
    seen: set[str] = set()
    for part in found.parts:
        for applied in part.applied:
            if applied.slug not in seen:
                seen.add(applied.slug)
                yield applied


def log_links(slug: str, history: list[Version]) -> dict[int, str]:
    """For a document's change log (a page in ``<slug>/``): each version made by an event with an
    instrument page, and the link to that page."""
    out: dict[int, str] = {}
    for v in history[1:]:
        if v.event is None:
            continue
        nid = v.event.instrument or f"{slug}/{v.event.folder.name}"
        if nid in referring(slug, [v, v]):  # a revision or repeal that names no instrument has no page
            out[v.number] = href(nid, "../")
    return out


@dataclass(frozen=True, slots=True)
class Built:
    """What :func:`build_pages` did: every instrument page's manifest entry (by id), the pages it
    wrote, the ids it rendered and the stale pages it deleted."""

    entries: dict[str, InstrumentBuilt]
    written: tuple[Path, ...]
    rendered: tuple[str, ...]


def build_pages(
    repo: Repository, out: Path, documents: Mapping[str, DocumentBuilt], digests: Mapping[str, str | None],
    previous: Mapping[str, InstrumentBuilt], *, reuse: bool, today: dt.date,
    write: Callable[[Path, str], bool],
) -> Built:  # fmt: skip
    """Write the page of every instrument whose sources changed (all of them unless *reuse*):
    those kept in ``notices/`` and those the *documents* (their manifest entries) refer to.
    *digests* are the documents' source digests; *write* writes a page, True if its bytes changed."""
    users: dict[str, list[str]] = {}
    for slug, built in documents.items():
        for nid in built.instruments:
            users.setdefault(nid, []).append(slug)
    ids = sorted(set(repo.instruments()) | {nid for nid in users if "/" in nid})
    names = [(slug, built.entry.title) for slug, built in documents.items()]
    digest = {
        nid: instrument_digest(repo, nid, [(s, digests.get(s)) for s in users.get(nid, [])], names) for nid in ids
    }
    keep = {
        nid: previous[nid]
        for nid in ids
        if reuse and nid in previous and digest[nid] is not None and previous[nid].digest == digest[nid]
        and (out / previous[nid].entry.page).is_file()
    }  # fmt: skip
    todo = [nid for nid in ids if nid not in keep]
    entries = dict(keep)
    written: list[Path] = []
    if todo:
        needed = sorted(
            {s for nid in todo for s in users.get(nid, [])} | {nid.split("/")[0] for nid in todo if "/" in nid}
        )
        history = {slug: versions(repo, slug) for slug in needed}
        titles = {slug: (built.entry.title,) for slug, built in documents.items()}
        for found in instruments(repo, today, history, titles=titles, only=set(todo)):
            path = out / page(found.id)
            if write(path, render_page(found, repo.root)):
                written.append(path)
            entries[found.id] = InstrumentBuilt(digest.get(found.id), entry(found))
    return Built(dict(sorted(entries.items())), tuple(written), tuple(todo))


def delete_stale(
    out: Path, previous: Mapping[str, InstrumentBuilt], current: Mapping[str, InstrumentBuilt]
) -> list[Path]:
    """Delete the pages of instruments gone since the last build, and the folders they leave empty."""
    pages = {b.entry.page for b in current.values()}
    deleted = []
    for built in previous.values():
        name = built.entry.page
        if name in pages:
            continue
        path = out / name
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise WriteError(f"cannot delete: {exc.strerror or exc}", Location(str(path))) from None
        deleted.append(path)
        for folder in list(path.parents)[: name.count("/")]:
            with contextlib.suppress(OSError):
                folder.rmdir()
    return deleted


__all__ = [
    "FOLDER",
    "Built",
    "EffectRow",
    "build_pages",
    "delete_stale",
    "entry",
    "href",
    "log_links",
    "page",
    "referring",
    "render_page",
    "table",
]
