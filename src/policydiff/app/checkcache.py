"""What ``check`` found, kept outside the repository, so that ``build`` checks again only what
changed since.

``build`` refuses a repository that ``check`` rejects, so every build checks. Checking is linear in
the repository (the whole corpus: some 20 s of CPU), where a rebuild after one edit renders one
document. So each check records, per document, the digest of the sources it checked
(:func:`policydiff.site.buildcache.source_digest`: ``document.yaml``, every file below
``events/`` and the instrument parts the events apply, the same digest the build manifest keeps)
with the problems it found there (none: clean), and per instrument the digest of its folder with
its problems; ``build`` checks only the documents and instruments whose digest is not recorded,
and takes the recorded problems of the others (so ``--allow-problems`` lists them as before). In
CI, ``check`` then ``build`` in one job checks once.

A document's check reads nothing else: no other document, no date (``app.checks``), so an
unchanged digest means an unchanged result, for the same code. The record is never trusted
beyond that: it lives beside the replay cache (:mod:`policydiff.history.cache`: the same folder,
``--no-cache`` and ``POLICYDIFF_NO_CACHE``), carries policydiff's version and the package's code
digest, and a digest of its own data; anything else (missing, torn, edited, of another version)
is no record, and everything is checked.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, field
from pathlib import Path

from policydiff import __version__
from policydiff.app.problems import Problem
from policydiff.errors import PolicyDiffError
from policydiff.storage.repo import NOTICES, Repository

#: The folder of these records inside the cache folder, and their layout's number.
CHECKED = "checked"
FORMAT = 2


@dataclass(frozen=True, slots=True)
class Found:
    """What checking one document or instrument found: the digest of its sources, and its problems."""

    digest: str
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Record:
    """What was found, by document id and by instrument id."""

    documents: Mapping[str, Found] = field(default_factory=dict)
    instruments: Mapping[str, Found] = field(default_factory=dict)


def document_digest(repo: Repository, slug: str) -> str | None:
    """The digest of what checking document *slug* reads; None if a file cannot be read."""
    from policydiff.site.buildcache import source_digest

    try:
        return source_digest(repo, slug)
    except PolicyDiffError:  # a folder name that is no id: checked every time, and refused
        return None


def instrument_digest(repo: Repository, nid: str) -> str | None:
    """The digest of the files of ``notices/<nid>/``; None if one cannot be read."""
    from policydiff.site.buildcache import folder_digest

    try:
        return folder_digest(repo.instrument_dir(nid), f"{NOTICES}/{nid}")
    except (OSError, PolicyDiffError):
        return None


def load(repo: Repository) -> Record:
    """The record for *repo*: empty when the cache is off, or the record is missing or not whole."""
    from policydiff.history import cache

    if not cache.enabled():
        return Record()
    data = cache.read_sealed(_path(repo), _head())
    try:
        return Record(_table(data["documents"]), _table(data["instruments"]))
    except (TypeError, ValueError, KeyError, AttributeError):
        return Record()  # none (None), or of another layout


def save(repo: Repository, record: Record) -> None:
    """Keep *record* as *repo*'s, atomically; a cache folder that cannot be written is no error."""
    from policydiff.history import cache

    if not cache.enabled():
        return
    data = {"documents": _plain(record.documents), "instruments": _plain(record.instruments)}
    with contextlib.suppress(OSError):
        cache.write_sealed(_path(repo), _head(), data)


def updated(
    before: Record,
    documents: Iterable[tuple[str, str | None, list[Problem]]],
    instruments: Iterable[tuple[str, str | None, list[Problem]]],
) -> Record:
    """*before* with each (id, digest, problems) checked entered; one whose digest is None (a file
    that could not be read) is forgotten, never recorded."""
    docs, nids = dict(before.documents), dict(before.instruments)
    for table, rows in ((docs, documents), (nids, instruments)):
        for key, digest, problems in rows:
            if digest is not None:
                table[key] = Found(digest, tuple(problems))
            else:
                table.pop(key, None)
    return Record(docs, nids)


def _path(repo: Repository) -> Path:
    from policydiff.history import cache

    return cache.entry_file(CHECKED, str(repo.root.resolve()))


def _head() -> str:
    """The record's head (:func:`~policydiff.history.cache.write_sealed`): its layout, policydiff's
    version and the package's code digest."""
    from policydiff.history import cache

    return f"policydiff-checked/{FORMAT} {__version__} {cache.code_digest()}"


def _plain(table: Mapping[str, Found]) -> dict[str, object]:
    return {key: [found.digest, [list(astuple(p)) for p in found.problems]] for key, found in sorted(table.items())}


def _table(data: object) -> dict[str, Found]:
    """The table *data* holds, each field of its type: else TypeError or ValueError."""
    if not isinstance(data, dict):
        raise TypeError("not a table")
    table = {}
    for key, (digest, problems) in data.items():
        if not isinstance(key, str) or not isinstance(digest, str):
            raise TypeError("not an id and a digest")
        table[key] = Found(digest, tuple(_problem(p) for p in problems))
    return table


def _problem(fields: object) -> Problem:
    if not isinstance(fields, list) or len(fields) != 5:
        raise TypeError("not a problem")
    file, line, column, code, message = fields
    strings = all(isinstance(v, str) for v in (file, code, message))
    if not strings or type(line) is not int or type(column) is not int:
        raise TypeError("not a problem")
    return Problem(str(file), int(line), int(column), str(code), str(message))


__all__ = ["Found", "Record", "document_digest", "instrument_digest", "load", "save", "updated"]
