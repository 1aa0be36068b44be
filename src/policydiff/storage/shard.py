"""Shares of a repository for runners working side by side (``check --shard K/N``, ``build --shard K/N``).

A document belongs to shard ``K`` of ``N`` by a hash of its id (slug): the first 8 bytes of the
SHA-256 of the UTF-8 slug, as a big-endian integer, modulo ``N``, plus one. The hash is not
Python's :func:`hash` (salted per process), so every runner, on any machine and in any process,
puts a document in the same shard; every document is in exactly one of the ``N``. Adding a
document moves no other one. Instruments (``notices/<id>/``) are shared out by their id the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policydiff.errors import UsageError
from policydiff.zh.digests import sha256

_SPEC = re.compile(r"([0-9]+)/([0-9]+)")


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard *index* (1-based) of *count*."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, name: str) -> bool:
        """Whether the document (or instrument) *name* is in this shard."""
        return shard_of(name, self.count) == self.index


def shard_of(name: str, count: int) -> int:
    """The shard (1 to *count*) of the document or instrument *name*."""
    if count < 1:
        raise ValueError(f"a repository is shared out in at least 1 shard, not {count}")
    digest = sha256(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def parse_shard(spec: str) -> Shard:
    """The shard written ``K/N`` (1 <= K <= N); a :class:`UsageError` (exit 2) for anything else."""
    found = _SPEC.fullmatch(spec.strip())
    if found is None:
        raise UsageError(f"--shard {spec!r}: write K/N, shard K of N (e.g. 1/4)")
    index, count = int(found.group(1)), int(found.group(2))
    if count < 1:
        raise UsageError(f"--shard {spec!r}: N must be at least 1")
    if not 1 <= index <= count:
        raise UsageError(f"--shard {spec!r}: K must be between 1 and {count}")
    return Shard(index, count)


__all__ = ["Shard", "parse_shard", "shard_of"]
