"""The programs of the lazy regular expressions, kept in the cache folder between processes.

Reading a short notice is mostly compiling the patterns it needs (:mod:`policydiff.zh.lazyre`):
some 20 ms of ``apply``. :func:`use_kept` hands ``lazyre`` the programs a former process kept, so
that it makes those patterns without parsing them; :func:`keep_new` adds the ones compiled since.
The file is the replay cache's kind (:mod:`.cache`: the same folder, off with it, written and read
as its entries are, :func:`~.cache.write_sealed`), one per Python (its version and ``_sre.MAGIC``,
the version of the program format) and made only of data. A file that is damaged, or of another
Python, is not used and is written again.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

from policydiff.history.cache import cache_dir, enabled, read_sealed, write_sealed
from policydiff.zh import lazyre

#: The folder of the programs inside the cache folder, and their file's head.
PROGRAMS = "re-programs"
_HEAD = "policydiff-re-programs/2"
#: Beyond this many programs the file starts again: patterns change between versions of policydiff.
MAX_PROGRAMS = 2000


def programs_file() -> Path:
    """The file of this Python's programs: its implementation and full version (a bug fix release
    may compile a pattern differently) and ``_sre.MAGIC``."""
    magic = importlib.import_module("_sre").MAGIC
    version = ".".join(str(n) for n in sys.version_info[:3])
    return cache_dir() / PROGRAMS / f"{sys.implementation.name}-{version}-{magic}.bin"


@contextlib.contextmanager
def kept() -> Iterator[None]:
    """The kept programs in use inside the block (:func:`use_kept`), the new ones kept after it
    (:func:`keep_new`; not when it raises)."""
    use_kept()
    yield
    keep_new()


def use_kept() -> None:
    """Hand :mod:`policydiff.zh.lazyre` the kept programs (none when the cache is off)."""
    if enabled():
        lazyre.use_programs(_read(programs_file()))


def keep_new() -> None:
    """Add the programs compiled since :func:`use_kept` to the file, if any; best effort."""
    new = lazyre.new_programs()
    if not new or not enabled():
        return
    path = programs_file()
    kept = _read(path)
    programs = {**kept, **new} if len(kept) + len(new) <= MAX_PROGRAMS else new
    with contextlib.suppress(OSError, ValueError):  # ValueError: not plain data (a bug), not kept
        write_sealed(path, _HEAD, programs)


def _read(path: Path) -> dict[tuple[str, int], lazyre.Program]:
    """The programs in *path*; none if it is missing, damaged or not what :func:`keep_new` writes."""
    programs = read_sealed(path, _HEAD)
    return programs if isinstance(programs, dict) else {}


__all__ = ["MAX_PROGRAMS", "PROGRAMS", "keep_new", "kept", "programs_file", "use_kept"]
