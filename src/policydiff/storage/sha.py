"""SHA-256 without OpenSSL: CPython's own implementation when it has one.

``hashlib`` loads OpenSSL (``_hashlib``, some 2–3 ms in every process) to give the same digest;
a command that reads a document (the compiled schemas' digests) or the replay cache (its keys)
would pay that on every start. The digests are the same, byte for byte.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol


class Hash(Protocol):
    """A running SHA-256 digest (``hashlib.sha256()``'s interface, as far as policydiff uses it)."""

    def update(self, data: bytes, /) -> None:
        """Add *data* to the digest."""

    def digest(self) -> bytes:
        """The digest of what was added so far."""

    def hexdigest(self) -> str:
        """:meth:`digest` in hexadecimal."""


def _constructor() -> Callable[..., Hash]:
    for module in ("_sha2", "_sha256"):  # CPython 3.12 and later, 3.11
        try:
            found: Callable[..., Hash] = importlib.import_module(module).sha256
        except (ImportError, AttributeError):
            continue
        return found
    import hashlib  # another Python: the same digest, through OpenSSL

    return hashlib.sha256


_SHA256 = _constructor()


def sha256(data: bytes = b"") -> Hash:
    """A new SHA-256 digest of *data*, more to be added with ``update``."""
    return _SHA256(data)


__all__ = ["Hash", "sha256"]
