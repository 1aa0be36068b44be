"""SHA-256 and BLAKE2b without OpenSSL: the lowest layer's helper, for every layer that keys or checks by digest.

``hashlib`` loads OpenSSL (``_hashlib``, some 2 ms) in every process that imports it; CPython
carries its own SHA-256 (``_sha2`` from 3.12, ``_sha256`` in 3.11), which gives the same digest.
The notice records (an instrument's identity), the wording table's screen and the replay cache use
it, so that ``apply`` and the commands that load a document never import ``hashlib`` (issue 19).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any, Protocol


class Digest(Protocol):
    """What the digests here offer: ``hashlib``'s interface, the part policydiff uses."""

    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


@cache
def _constructor() -> Callable[..., Any]:
    for module in ("_sha2", "_sha256"):  # CPython 3.12 and later, 3.11
        try:
            constructor: Callable[..., Any] = importlib.import_module(module).sha256
        except (ImportError, AttributeError):
            continue
        return constructor
    import hashlib  # another Python: its own

    return hashlib.sha256


def sha256(data: bytes = b"") -> Digest:
    """A SHA-256 digest of *data*, to be updated further (``hashlib.sha256``'s)."""
    digest: Digest = _constructor()(data)
    return digest


def blake2b(data: bytes = b"") -> Digest:
    """A BLAKE2b digest of *data*, to be updated further (``hashlib.blake2b``'s): for what only
    policydiff reads back (the replay cache), where no one else's SHA-256 need match. CPython's own
    ``_blake2`` hashes some three times as fast as its SHA-256, and loads no OpenSSL either."""
    try:
        constructor: Callable[..., Any] = importlib.import_module("_blake2").blake2b
    except (ImportError, AttributeError):  # another Python: hashlib's
        import hashlib

        constructor = hashlib.blake2b
    digest: Digest = constructor(data)
    return digest
