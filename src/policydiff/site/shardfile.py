"""A shard's folder manifest, ``.policydiff-shard.json`` (:mod:`policydiff.site.shards` merges the shards).

It records which share the folder holds, the policydiff version, the templates' digest (with the
search box or not), the digest of the repository's sources
(:func:`policydiff.site.buildcache.repository_digest`) and the shard's documents. A shard build
removes it first and writes it last, once its pages and build manifest are on disk, so a shard
whose build did not end is never merged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policydiff.errors import Location, UsageError
from policydiff.site import buildcache as cache
from policydiff.storage.fsutil import WriteError, atomic_write_text
from policydiff.storage.repo import Repository
from policydiff.storage.shard import Shard, parse_shard

SHARD_MANIFEST = ".policydiff-shard.json"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class ShardManifest:
    """What one shard's folder holds: share, policydiff version, templates and repository digests, documents."""

    shard: Shard
    tool: str
    templates: str
    repository: str
    documents: tuple[str, ...]


def write_manifest(repo: Repository, out: Path, shard: Shard, tool: str, templates: str, slugs: Sequence[str]) -> None:
    """Write *out*'s shard manifest, once its documents' pages and build manifest are on disk."""
    data = {
        "format": FORMAT,
        "shard": str(shard),
        "tool": tool,
        "templates": templates,
        "repository": cache.repository_digest(repo),
        "documents": list(slugs),
    }
    atomic_write_text(out / SHARD_MANIFEST, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def forget(out: Path) -> None:
    """Remove *out*'s shard manifest: a shard build is starting, and until it ends the folder is no shard."""
    try:
        (out / SHARD_MANIFEST).unlink(missing_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot delete: {exc.strerror or exc}", Location(str(out / SHARD_MANIFEST))) from None


def read_manifest(folder: Path) -> ShardManifest:
    """The shard manifest of *folder*; a :class:`UsageError` when it has none or it is unusable."""
    path = folder / SHARD_MANIFEST
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise UsageError(f"{folder} is not a shard of a site (no {SHARD_MANIFEST}: build --shard K/N)") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: unreadable shard manifest ({exc})") from None
    try:
        if data["format"] != FORMAT:
            raise ValueError(f"format {data['format']!r}, this policydiff reads {FORMAT}")
        texts = [data[k] for k in ("shard", "tool", "templates", "repository")]
        slugs = tuple(data["documents"])
        if not all(isinstance(t, str) for t in [*texts, *slugs]):
            raise TypeError("a value that is not a string")
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(f"{path}: unusable shard manifest ({type(exc).__name__}: {exc})") from None
    return ShardManifest(parse_shard(texts[0]), texts[1], texts[2], texts[3], slugs)


__all__ = ["FORMAT", "SHARD_MANIFEST", "ShardManifest", "forget", "read_manifest", "write_manifest"]
