"""One writer at a time: the repository's write lock.

Every command that writes into a repository (``import``, ``apply``, ``init``) holds an
exclusive lock on ``.policydiff/lock`` while it reads what it is about to change and
writes it. Without it two ``apply`` runs could both read the history, both record their
notice as the same event, and one would silently replace the other. A second writer
does not wait: it stops at once with :class:`LockedError` (exit 1) and changes nothing.

The lock is :func:`fcntl.flock` on that file, so the kernel releases it when the
process ends, however it ends: a killed run never leaves the repository locked. The
file exists only while the lock is held, and a ``.policydiff`` folder made for it is
removed again, so a command that fails leaves no trace. A killed run may leave the
file behind, empty: it means nothing, and the next writer takes it and removes it.

Readers take no lock: every write is an atomic rename, so they see the old state or
the new one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from policydiff.errors import FailedError, Location
from policydiff.storage.fsutil import WriteError, refuse_links_out

LOCK_FILE = Path(".policydiff") / "lock"
MESSAGE = "another policydiff process is writing this repository; try again when it has finished"


class LockedError(FailedError):
    """Another process holds the repository's write lock (exit 1: try again when it has finished)."""


class CannotLockError(WriteError):
    """The lock file cannot be made (a read-only repository, a file named ``.policydiff``): exit 1,
    like :class:`LockedError`, from every command; an ``import`` of many files stops at once."""


class _Held(threading.local):
    """The locks this thread holds, by lock file, with how many ``with`` blocks hold each."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}


_HELD = _Held()
# A forked child (a worker process) shares the parent's open lock file but is not the writer.
os.register_at_fork(after_in_child=_HELD.counts.clear)


@contextlib.contextmanager
def write_lock(root: Path) -> Iterator[None]:
    """Hold the write lock of the repository at *root* for the ``with`` block.

    Re-entrant within a thread, so a writer may call another (``apply`` records an event,
    ``import --split`` creates several documents). Raises :class:`LockedError` if another
    process (or thread) holds it, or :class:`CannotLockError` (a
    :class:`~policydiff.storage.fsutil.WriteError`) if the lock file cannot be made (a read-only
    repository, a file named ``.policydiff``), or :class:`~policydiff.errors.UsageError` if
    ``.policydiff`` is a link out of the repository.
    """
    path = root / LOCK_FILE
    key = os.path.realpath(path)
    if key in _HELD.counts:
        _HELD.counts[key] += 1
        try:
            yield
        finally:
            _HELD.counts[key] -= 1
        return
    refuse_links_out(root, path)
    fd, made = _acquire(path)
    _HELD.counts[key] = 1
    try:
        yield
    finally:
        del _HELD.counts[key]
        _release(path, fd, made)


def _acquire(path: Path) -> tuple[int, list[Path]]:
    import fcntl  # POSIX; imported here so that reading a repository works without it

    made: list[Path] = []
    while True:
        fd = _open(path, made)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            _remove_dirs(made)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise LockedError(MESSAGE, Location(str(path))) from None
            raise _cannot_lock(path, exc) from None
        if _same_file(fd, path):
            return fd, made
        os.close(fd)  # the holder before us removed the file after we opened it: take the new one


def _open(path: Path, made: list[Path]) -> int:
    for _ in range(100):
        try:
            made.extend(_make_dirs(path.parent))
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except FileNotFoundError:
            continue  # a writer finishing removed the folder it had made: make it again
        except OSError as exc:
            _remove_dirs(made)
            raise _cannot_lock(path, exc) from None
    _remove_dirs(made)
    raise _cannot_lock(path, FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT)))


def _make_dirs(folder: Path) -> list[Path]:
    """Make *folder* and its missing parents; the ones this call made, outermost first."""
    made = []
    for parent in reversed([p for p in (folder, *folder.parents) if not os.path.lexists(p)]):
        try:
            parent.mkdir()
        except FileExistsError:
            continue
        made.append(parent)
    return made


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _release(path: Path, fd: int, made: list[Path]) -> None:
    # Removed while still locked, so nobody can take the lock on a file about to vanish.
    with contextlib.suppress(OSError):
        path.unlink()
    os.close(fd)
    _remove_dirs(made)


def _remove_dirs(made: list[Path]) -> None:
    """Remove the folders made for the lock, innermost first, if nothing else was put in them."""
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:
            return


def _cannot_lock(path: Path, exc: OSError) -> CannotLockError:
    detail = exc.strerror or str(exc)
    if exc.filename and str(exc.filename) != str(path):
        detail = f"{exc.filename}: {detail}"
    return CannotLockError(f"cannot write: {detail}", Location(str(path)))
