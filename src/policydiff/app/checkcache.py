"""What ``check`` found clean, kept outside the repository, so that ``build`` checks again only
what changed since.

``build`` refuses a repository that ``check`` rejects, so every build checks. Checking is linear in
the repository (the whole corpus: some 20 s of CPU), where a rebuild after one edit renders one
document. So each check records, per document, the digest of the sources it found clean
(:func:`policydiff.site.buildcache.source_digest`: ``document.yaml``, every file below
``events/`` and the instrument parts the events apply, the same digest the build manifest keeps),
and per instrument the digest of its folder; ``build`` checks only the documents and
instruments whose digest is not recorded as clean. In CI, ``check`` then ``build`` in one job
checks once.

A document's check reads nothing else: no other document, no date (``app.checks``), so an
unchanged digest means an unchanged result, for the same code. The record is never trusted
beyond that: it lives beside the replay cache (:mod:`policydiff.history.cache`: the same folder,
``--no-cache`` and ``POLICYDIFF_NO_CACHE``), carries policydiff's version and the package's code
digest, and a digest of its own data; anything else (missing, torn, edited, of another version)
is no record, and everything is checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policydiff import __version__
from policydiff.errors import PolicyDiffError
from policydiff.storage.repo import NOTICES, Repository

#: The folder of these records inside the cache folder, and their layout's number.
CHECKED = "checked"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class Clean:
    """The sources found clean: document id → source digest, instrument id → folder digest."""

    documents: Mapping[str, str] = field(default_factory=dict)
    instruments: Mapping[str, str] = field(default_factory=dict)


def document_digest(repo: Repository, slug: str) -> str | None:
    """The digest of what checking document *slug* reads; None if a file cannot be read."""
    from policydiff.site.buildcache import source_digest

    try:
        return source_digest(repo, slug)
    except PolicyDiffError:  # a folder name that is no id: checked every time, and refused
        return None


def instrument_digest(repo: Repository, nid: str) -> str | None:
    """The digest of the files of ``notices/<nid>/``; None if one cannot be read."""
    from policydiff.site.buildcache import folder_digest

    try:
        return folder_digest(repo.instrument_dir(nid), f"{NOTICES}/{nid}")
    except (OSError, PolicyDiffError):
        return None


def load(repo: Repository) -> Clean:
    """The record for *repo*: empty when the cache is off, or the record is missing or not whole."""
    from policydiff.history import cache

    if not cache.enabled():
        return Clean()
    try:
        header_line, _, body = _path(repo).read_bytes().partition(b"\n")
        header = json.loads(header_line)
        if header != _header(body):
            return Clean()
        data = json.loads(body)
        return Clean(_strings(data["documents"]), _strings(data["instruments"]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return Clean()


def save(repo: Repository, clean: Clean) -> None:
    """Keep *clean* as *repo*'s record, atomically; a cache folder that cannot be written is no error."""
    from policydiff.history import cache

    if not cache.enabled():
        return
    data = {"documents": dict(sorted(clean.documents.items())), "instruments": dict(sorted(clean.instruments.items()))}
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    with contextlib.suppress(OSError):
        cache.replace_atomically(_path(repo), json.dumps(_header(body)).encode() + b"\n" + body)


def updated(
    before: Clean,
    documents: Iterable[tuple[str, str | None, bool]],
    instruments: Iterable[tuple[str, str | None, bool]],
) -> Clean:
    """*before* with each checked (id, digest, clean) entered: a clean one recorded under its digest,
    any other forgotten (a digest None: a file that could not be read, never recorded)."""
    docs, nids = dict(before.documents), dict(before.instruments)
    for table, rows in ((docs, documents), (nids, instruments)):
        for key, digest, ok in rows:
            if ok and digest is not None:
                table[key] = digest
            else:
                table.pop(key, None)
    return Clean(docs, nids)


def _path(repo: Repository) -> Path:
    from policydiff.history import cache

    name = hashlib.sha256(str(repo.root.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache.cache_dir() / CHECKED / f"{name[:32]}.json"


def _header(body: bytes) -> dict[str, object]:
    from policydiff.history import cache

    return {
        "format": FORMAT, "version": __version__, "code": cache.code_digest(),
        "sha256": hashlib.sha256(body).hexdigest(),
    }  # fmt: skip


def _strings(table: object) -> dict[str, str]:
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
        raise TypeError("not a table of strings")
    return dict(table)


__all__ = ["Clean", "document_digest", "instrument_digest", "load", "save", "updated"]
