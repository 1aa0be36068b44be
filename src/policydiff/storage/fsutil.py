"""Crash-safe file writing.

A file is written to a temporary file in the same folder, flushed to disk with
fsync, then moved over the target with :func:`os.replace`, which is atomic on
POSIX and Windows: a crash leaves either the old file or the new one, never half
of one. A folder of several files is staged the same way: built complete under a
temporary name beside its target, then renamed into place.

A process killed while writing can leave its temporary names behind: a
``.NAME.XXXXXXXX.tmp`` file, a ``.NAME.XXXXXXXX.staging`` folder, or (killed between
the two renames that replace a folder) the previous folder as ``.NAME.XXXXXXXX.old``.
Readers ignore names that start with a dot; the next writer, holding the
repository's lock, tidies them with :func:`clear_leftovers`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from policydiff.errors import FailedError, Location
from policydiff.storage.links import refuse_links_out as refuse_links_out  # where writers have found it


class WriteError(FailedError):
    """A file or folder that cannot be written (a file where a folder should be, no space, no permission)."""


def _cannot_write(path: Path, exc: OSError, tmp: str | None = None) -> WriteError:
    detail = exc.strerror or str(exc)
    if exc.filename and str(exc.filename) not in (str(path), tmp):
        detail = f"{exc.filename}: {detail}"
    return WriteError(f"cannot write: {detail}", Location(str(path)))


def _make_parents(folder: Path) -> list[Path]:
    """Create *folder* and its missing ancestors; the ones created, deepest first. If one cannot
    be made (a file in the way says ``File exists``), those made so far are removed again."""
    missing: list[Path] = []
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        if folder.exists():  # a file where a folder should be: mkdir says so
            break
        folder = folder.parent
    made: list[Path] = []
    try:
        for path in reversed(missing):
            path.mkdir(exist_ok=True)
            made.insert(0, path)
    except OSError:
        _remove_made(made)
        raise
    return made


def _remove_made(made: list[Path]) -> None:
    """Remove the folders :func:`_make_parents` created, if a failed write left them empty."""
    for folder in made:
        with contextlib.suppress(OSError):
            folder.rmdir()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace *path* with *data* so that readers never see a partial file.

    On failure nothing changes: the temporary file goes, and so do the folders made for it."""
    made: list[Path] = []
    try:
        made = _make_parents(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        _remove_made(made)
        raise _cannot_write(path, exc) from None
    try:
        # mkstemp creates 0600; a policy file is as readable as any file the user makes.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        _remove_made(made)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc, tmp) from None
        raise
    _fsync_dir(path.parent)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path: Path, text: str) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text with LF line ends."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _fsync_dir(folder: Path) -> None:
    # The rename is only durable once the folder entry itself is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def commit_dir(staged: Path, target: Path) -> None:
    """Move a completely built *staged* folder into place as *target*.

    If *target* exists it is first moved aside and removed only after the new
    folder is in place, so a crash leaves one complete version on disk.
    """
    old: Path | None = None
    try:
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            old.rmdir()
            os.replace(target, old)
        os.replace(staged, target)
    except OSError as exc:  # nothing changes: the old version goes back, the new one goes
        if old is not None and not target.exists():
            os.replace(old, target)
        shutil.rmtree(staged, ignore_errors=True)
        raise _cannot_write(target, exc, str(staged)) from None
    _fsync_dir(target.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def replacing_dir(target: Path) -> Iterator[Path]:
    """Build the new *target* in the folder this yields; it is moved into place when the
    block ends, or removed, with nothing changed, if the block raises."""
    made: list[Path] = []
    try:
        made = _make_parents(target.parent)
        staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".staging", dir=target.parent))
    except OSError as exc:
        _remove_made(made)
        raise _cannot_write(target, exc) from None
    try:
        yield staged
        commit_dir(staged, target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        _remove_made(made)
        raise


# tempfile's names: the prefix ".NAME.", 8 characters of [a-z0-9_], the suffix.
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.(?P<kind>tmp|staging|old)")


def clear_leftovers(folder: Path) -> None:
    """Tidy what writers killed in *folder* left there: remove temporary files and staging
    folders, and put back a folder moved aside as ``.old`` whose replacement never arrived
    (else remove it). Best effort: what cannot be tidied stays, ignored by readers.

    Only call it while holding the repository's lock (:mod:`policydiff.storage.lock`), so that no
    running writer is still using them.
    """
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        # Matched before a path is made: the folder may hold thousands of documents, and
        # import tidies it before each one it writes.
        match = _LEFTOVER.fullmatch(name)
        if match is None:
            continue
        path = folder / name
        if path.is_symlink():  # policydiff never makes links
            continue
        with contextlib.suppress(OSError):
            _clear(path, folder / match["name"], match["kind"])


def _clear(path: Path, target: Path, kind: str) -> None:
    if kind == "tmp":
        if path.is_file():
            path.unlink()
    elif not path.is_dir():
        return
    elif kind == "old" and not os.path.lexists(target):
        os.replace(path, target)  # killed between the two renames of commit_dir: the old version is the whole one
        _fsync_dir(target.parent)
    else:
        shutil.rmtree(path)
