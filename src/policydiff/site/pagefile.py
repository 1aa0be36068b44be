"""Writing one page: whole or not at all (a temporary file renamed over the old one), and with
the mode the file had, or the one the umask gives a new file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from policydiff.errors import Location
from policydiff.storage.fsutil import WriteError


def write_page(path: Path, text: str) -> bool:
    """Replace *path* with *text* unless it holds it already; True if it was written.

    The page is written to a temporary file and renamed into place (readers see the old
    page or the new one), without a sync of its own: the build syncs once at the end.
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", Location(str(path))) from None
    try:
        _replace(path, data)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", Location(str(path))) from None
    return True


def _replace(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _mode(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
