"""The replay cache: a document's replayed versions kept outside the repository, never trusted.

Replaying a history reads YAML, validates it against the schemas and runs the apply engine:
most of what ``diff``, ``show --at``, ``blame`` and ``log`` cost. The cache keeps the result in
the user's cache folder (``platformdirs.user_cache_dir("policydiff")``, or ``$POLICYDIFF_CACHE_DIR``),
never in the repository, so reading commands still write nothing there.

An entry is used only when everything the replay read is unchanged, byte for byte. Its key is a
digest (BLAKE2b: CPython's own, three times as fast as its SHA-256 on the files hashed at every
read) of the cache format, policydiff's version, the package's own files (their names,
sizes and modification times: a development checkout changes code without changing its version),
the document's id, and the bytes of ``document.yaml`` and of every file below ``events/``. The
instruments the events apply (``notices/<id>/``) are named by those event files, so the entry
lists them with a digest of their files, checked on every read. The entry holds its key and a
digest of its own data: a file that is truncated, edited, written by another version, or for
another state of the document is a miss, replayed and written again. Nothing in an entry is
code (:mod:`.packed`: plain data); it is written with :mod:`marshal`, which reads back the same
lists, strings and numbers about four times as fast as JSON and is built in (``json`` cost a warm
``diff`` 1.3 ms to import), and read only once its digest holds. Entries are replaced atomically,
not synced to disk.

One file per document and repository (a digest of the two names it), so the cache holds one
entry per document: an edit replaces the entry rather than adding one. A cache folder that cannot
be written is no error: the command runs without it. ``POLICYDIFF_NO_CACHE`` (any value but empty
or ``0``), or the command line's ``--no-cache``, turns the cache off.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policydiff import __version__
from policydiff.errors import FailedError, Location, PolicyDiffError
from policydiff.history.records import EVENTS, Version
from policydiff.storage.repo import DOCUMENT_FILE, Repository
from policydiff.zh.digests import Digest, blake2b, sha256

if TYPE_CHECKING:
    from policydiff.notice.record import Notice

#: The environment variables: the cache folder, and turning the cache off.
CACHE_DIR_ENV = "POLICYDIFF_CACHE_DIR"
NO_CACHE_ENV = "POLICYDIFF_NO_CACHE"
#: Changed whenever an entry's layout changes (:mod:`.packed` included).
FORMAT = 3
#: The folder of the replay cache's entries inside the cache folder.
REPLAY = "replay"
_PACKAGE = Path(__file__).resolve().parent.parent
_APP = "policydiff"


def enabled() -> bool:
    """Whether the cache is on: ``POLICYDIFF_NO_CACHE`` unset, empty or ``0``."""
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_dir() -> Path:
    """``$POLICYDIFF_CACHE_DIR``, else the user's cache folder for policydiff (``platformdirs``)."""
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen:
        return Path(chosen)
    return Path(_xdg_cache_dir() or _platformdirs_cache_dir())


def _xdg_cache_dir() -> str | None:
    """``platformdirs.user_cache_dir("policydiff")`` on Linux when the environment leaves no doubt:
    ``$XDG_CACHE_HOME`` absolute, or unset with ``$HOME`` absolute; else None. Importing
    ``platformdirs.unix`` imports ``tempfile`` (with ``shutil``, ``random``, ``bz2``, ``lzma``: some
    5 ms in every command that reads the cache) for what is here a join of two names. The other cases
    (relative values, no home, Android) differ between platformdirs' releases: theirs to answer."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or "ANDROID_ROOT" in os.environ:
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return os.path.join(xdg, _APP)
    if not xdg and os.path.isabs(os.environ.get("HOME", "")):
        return os.path.join(os.path.expanduser("~/.cache"), _APP)
    return None


def _platformdirs_cache_dir() -> str:
    import platformdirs

    return platformdirs.user_cache_dir(_APP)


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """The cache off inside the block (``--no-cache``), for worker processes too: by the environment,
    as it was before once the block ends."""
    before = os.environ.get(NO_CACHE_ENV)
    os.environ[NO_CACHE_ENV] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ[NO_CACHE_ENV]
        else:
            os.environ[NO_CACHE_ENV] = before


def entry_path(repo: Repository, slug: str) -> Path:
    """The file of *slug*'s entry: one per document of a repository (its folder, resolved)."""
    return entry_file(REPLAY, str(repo.root.resolve()), slug, suffix=".bin")


def entry_file(kind: str, *names: str, suffix: str = ".json") -> Path:
    """The file in the cache folder *kind* named by a digest of *names*: one file per such names,
    so a new state replaces the entry rather than adding one."""
    name = sha256("\0".join(names).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / kind / f"{name[:32]}{suffix}"


def through_cache(
    repo: Repository, slug: str, replay: Callable[[], list[Version]], *, keep: bool = True
) -> list[Version]:
    """*slug*'s versions from its cache entry when it holds them for the files as they are, else
    ``replay()``, then kept for the next command (when the files did not change meanwhile) unless
    *keep* is False."""
    if not enabled():
        return replay()
    path = entry_path(repo, slug)
    if not keep and not path.is_file():  # nothing to read or keep: no need to hash the files
        return replay()
    key = source_key(repo, slug)
    found = _read(path, key, repo, slug, replay)
    if found is not None:
        return found
    history = replay()
    if keep and source_key(repo, slug) == key:  # an edit during the replay: its result may be of either text
        _write(path, key, history, repo)
    return history


def source_key(repo: Repository, slug: str) -> str:
    """The digest of what *slug*'s replay depends on, but the instruments (:func:`instruments_digest`)."""
    folder = repo.document_dir(slug)
    digest = blake2b(f"policydiff-replay/{FORMAT}\0{__version__}\0{replay_code_digest()}\0{slug}\0".encode())
    _add_file(digest, folder / DOCUMENT_FILE, DOCUMENT_FILE)
    events = folder / EVENTS
    for dirpath, dirnames, filenames in os.walk(events):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))  # leftovers are never read
        for name in sorted(f for f in filenames if not f.startswith(".")):
            path = Path(dirpath) / name
            _add_file(digest, path, path.relative_to(folder).as_posix())
    return digest.hexdigest()


def instruments_digest(repo: Repository, nids: list[str]) -> str:
    """The digest of every file kept for instruments *nids* (``notices/<id>/``)."""
    digest = blake2b()
    for nid in nids:
        folder = repo.instrument_dir(nid)
        names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        for name in names:
            _add_file(digest, folder / name, f"{nid}/{name}")
    return digest.hexdigest()


def _add_file(digest: Digest, path: Path, name: str) -> None:
    """*name* and the bytes of *path* (or a mark of its absence) into *digest*, unambiguously."""
    try:
        data = path.read_bytes()
    except OSError:
        digest.update(f"{name}\0missing\0".encode())
        return
    digest.update(f"{name}\0{len(data)}\0".encode())
    digest.update(data)


#: The subpackages a replay runs: :mod:`policydiff.history` and the layers below it, which the layers
#: contract (pyproject.toml, import-linter) keeps from importing compare, render, site, app or cli.
REPLAY_LAYERS = ("zh", "model", "storage", "importing", "notice", "crossref", "history")


@functools.cache
def code_digest() -> str:
    """A digest of the names, sizes and modification times of all the package's files: an edited
    checkout gives new records though its version is the same (the check records of
    :mod:`policydiff.app.checkcache`, whose checks live in the top layers). Stat, not read: a few
    milliseconds less at each start, and an edit changes the modification time."""
    subpackages = sorted(e.name for e in os.scandir(_PACKAGE) if e.is_dir() and e.name != "__pycache__")
    return _digest_of(subpackages)


@functools.cache
def replay_code_digest() -> str:
    """:func:`code_digest` of the files a replay runs: the package's own modules and
    :data:`REPLAY_LAYERS`. The layers above cannot change a replay, and are not looked at (a warm
    ``diff`` stats 92 files, not 158)."""
    return _digest_of(REPLAY_LAYERS)


def _digest_of(subpackages: Iterable[str]) -> str:
    parts = [_stamp(str(_PACKAGE), name) for name in sorted(os.listdir(_PACKAGE)) if name.endswith(".py")]
    for sub in subpackages:
        for dirpath, dirnames, filenames in os.walk(_PACKAGE / sub):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            parts += [_stamp(dirpath, name) for name in sorted(filenames) if name.endswith((".py", ".json"))]
    return blake2b("".join(parts).encode()).hexdigest()


def _stamp(folder: str, name: str) -> str:
    stat = os.stat(os.path.join(folder, name))
    return f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0"


def _read(
    path: Path, key: str, repo: Repository, slug: str, replay: Callable[[], list[Version]]
) -> list[Version] | None:
    """The versions in the entry at *path*, if it is whole, of *key*, and its instruments unchanged."""
    from policydiff.history.packed import unpack

    found = read_sealed(path, _head(key))
    if found is None:
        return None
    try:
        nids, nids_digest, data = found  # whole: what _write wrote
        if instruments_digest(repo, nids) != nids_digest:
            return None
        recover = functools.partial(_recover, path, functools.cache(replay), slug)  # one replay for every notice
        return unpack(data, repo.document_dir(slug) / EVENTS, recover)
    except _DAMAGED:
        return None  # of another shape: replayed, and written again


#: What decoding a whole entry of another shape may raise.
_DAMAGED = (
    OSError, EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, PolicyDiffError,
)  # fmt: skip


def _head(key: str) -> str:
    """An entry's head (:func:`write_sealed`): the format, and the key of the files it was made from."""
    return f"policydiff-replay/{FORMAT} {key}"


def _recover(path: Path, replay: Callable[[], list[Version]], slug: str, seq: int) -> Notice:
    """The notice of event *seq* of *slug*, replayed: the entry at *path* held it damaged, so it is
    dropped (the next command writes it again) and the replay is trusted instead."""
    with contextlib.suppress(OSError):
        path.unlink()
    for version in replay():
        if version.event is not None and version.event.seq == seq:
            return version.event.notice
    raise FailedError(f"no event {seq} in the history of {slug}", Location(path.name))


def _write(path: Path, key: str, history: list[Version], repo: Repository) -> None:
    """Keep *history* at *path* under *key*, atomically; a folder that cannot be written is no error."""
    from policydiff.history.packed import pack

    nids = sorted({v.event.instrument for v in history if v.event is not None and v.event.instrument is not None})
    packed = pack(history)
    with contextlib.suppress(OSError, ValueError, PolicyDiffError):
        write_sealed(path, _head(key), [nids, instruments_digest(repo, nids), packed])
        path.with_suffix(_FORMAT_1_SUFFIX).unlink(missing_ok=True)


#: The suffix of this document's entry as format 1 wrote it (JSON), removed when its new one is written.
_FORMAT_1_SUFFIX = ".json"


def write_sealed(path: Path, head: str, data: Any) -> None:
    """*data* (plain values: ``marshal`` reads back only those) written to *path* atomically, after a
    first line of *head* and the BLAKE2b digest of the rest, so that :func:`read_sealed` takes it
    whole or not at all. The replay cache's entries, the kept regex programs and check's record."""
    body = marshal.dumps(data)
    replace_atomically(path, f"{head} {blake2b(body).hexdigest()}\n".encode() + body)


def read_sealed(path: Path, head: str) -> Any:
    """What :func:`write_sealed` wrote to *path* under *head*; None when the file is missing,
    unreadable, under another head (another format, key or version) or not whole."""
    try:
        first, _, body = path.read_bytes().partition(b"\n")
        if first != f"{head} {blake2b(body).hexdigest()}".encode():
            return None
        return marshal.loads(body)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def replace_atomically(path: Path, data: bytes) -> None:
    """Write *path* atomically (a new file renamed over it: readers see the old entry or the new), but
    not synced to disk: an entry a crash loses or tears is a miss (its digest), and fsync would add
    some 20 ms to every cold read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


__all__ = [
    "CACHE_DIR_ENV",
    "FORMAT",
    "NO_CACHE_ENV",
    "REPLAY",
    "cache_dir",
    "code_digest",
    "disabled",
    "enabled",
    "entry_path",
    "instruments_digest",
    "read_sealed",
    "replay_code_digest",
    "source_key",
    "through_cache",
    "write_sealed",
]
