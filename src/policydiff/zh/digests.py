"""SHA-256 and BLAKE2b without OpenSSL: the lowest layer's helper, for every layer that keys or checks by digest.

``hashlib`` loads OpenSSL (``_hashlib``, some 2 ms) in every process that imports it; CPython
carries its own SHA-256 (``_sha2`` from 3.12, ``_sha256`` in 3.11), which gives the same digest.
The notice records (an instrument's identity), the wording table's screen, the compiled schemas,
the shards, check's record and the replay cache use it, so that ``apply``, ``check`` and the
commands that load a document never import ``hashlib`` (issue 19). Only the site's build cache,
which hashes every file of a repository, uses ``hashlib`` (OpenSSL is faster on that much).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any, Protocol


class Digest(Protocol):
    """What the digests here offer: ``hashlib``'s interface, the part policydiff uses."""

    def update(self, data: bytes, /) -> None: ...

    def digest(self) -> bytes: ...

    def hexdigest(self) -> str: ...


@cache
def _constructor(name: str, *modules: str) -> Callable[..., Any]:
    """CPython's own constructor of digest *name* from the first of *modules* that has it, else hashlib's."""
    for module in modules:
        try:
            constructor: Callable[..., Any] = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        return constructor
    import hashlib  # another Python: its own

    found: Callable[..., Any] = getattr(hashlib, name)
    return found


def sha256(data: bytes = b"") -> Digest:
    """A SHA-256 digest of *data*, to be updated further (``hashlib.sha256``'s)."""
    digest: Digest = _constructor("sha256", "_sha2", "_sha256")(data)  # CPython 3.12 and later, 3.11
    return digest


def blake2b(data: bytes = b"") -> Digest:
    """A BLAKE2b digest of *data*, to be updated further (``hashlib.blake2b``'s): for what only
    policydiff reads back (the replay cache), where no one else's SHA-256 need match. CPython's own
    ``_blake2`` hashes some three times as fast as its SHA-256, and loads no OpenSSL either."""
    digest: Digest = _constructor("blake2b", "_blake2")(data)
    return digest
