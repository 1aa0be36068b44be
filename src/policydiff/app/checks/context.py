"""What the checks share: the problem record, the files of one document, and its replayed versions.

A check is a small function that reads a :class:`DocumentCheck` and reports problems on it
(:meth:`DocumentCheck.report`). Problems are placed in the YAML the way
:func:`policydiff.storage.yamlio.locate` places errors (the key, or the list item, at the end of a
path of keys and indexes), with the file parsed once for all its problems.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from policydiff.app.problems import Problem
from policydiff.errors import PolicyDiffError
from policydiff.history import Version
from policydiff.model import Document
from policydiff.notice.record import Notice
from policydiff.storage.repo import Repository

PathPart = str | int
_ITEM = re.compile(r"^item (\S+?): ")
_MOVES = ("insert_provision", "delete_provision", "renumber", "resequence")


@dataclass(slots=True)
class SourceFile:
    """One file being checked: its path, the name problems give it, its text and loaded data."""

    path: Path
    name: str
    text: str | None = None
    data: Any = None
    _nodes: Node | None = None

    def locate(self, path: Sequence[PathPart]) -> tuple[int, int]:
        """Line and column (1-based) of the value at *path*, or of its nearest ancestor."""
        if self.text is None:
            return 1, 1
        if self._nodes is None:
            self._nodes = YAML(typ="safe").compose(self.text)
        return _locate(self._nodes, path)


def _locate(node: Node | None, path: Sequence[PathPart]) -> tuple[int, int]:
    line, col = 0, 0
    for part in path:
        if isinstance(node, MappingNode) and isinstance(part, str):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                break
            line, col, node = pair[0].start_mark.line, pair[0].start_mark.column, pair[1]
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line, col = node.start_mark.line, node.start_mark.column
        else:
            break
    return line + 1, col + 1


@dataclass(slots=True)
class EventFiles:
    """One event folder: its notice (structured and as worded) and an optional snapshot."""

    seq: int
    folder: Path
    notice_file: SourceFile
    notice: Notice | None = None
    wording: SourceFile | None = None
    snapshot_file: SourceFile | None = None
    snapshot: Document | None = None
    kind: str = "amend"
    instrument: str | None = None
    revised: Document | None = None
    ref_file: SourceFile | None = None

    @property
    def name(self) -> str:
        """The folder's name, ``001-amend``."""
        return self.folder.name


@dataclass(slots=True)
class DocumentCheck:
    """Everything known about one document while it is checked, and the problems found so far."""

    repo: Repository
    slug: str
    file: SourceFile
    document: Document | None = None
    paths: dict[str, list[PathPart]] = field(default_factory=dict)  # provision id → its path in document.yaml
    events: list[EventFiles] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen: set[tuple[str, ...]] = field(default_factory=set)

    def report(self, file: SourceFile, path: Sequence[PathPart] | int, code: str, message: str) -> None:
        """Record a problem at *path* in *file* (or at line *path* of a text file)."""
        line, col = (path, 1) if isinstance(path, int) else file.locate(path)
        self.problems.append(Problem(file.name, line, col, code, message))

    def report_error(self, file: SourceFile, error: PolicyDiffError, code: str, prefix: str = "") -> None:
        """Record *error* where it says it is (its line and column in *file*)."""
        where = error.location
        self.problems.append(Problem(file.name, where.line or 1, where.column or 1, code, prefix + error.message))

    def first_time(self, *key: str) -> bool:
        """Whether *key* is new: a problem of one version that persists into the next is reported once."""
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def files_of(self, version: Version) -> EventFiles | None:
        """The event folder that made *version* (None for the enacted text)."""
        return None if version.event is None else self.events[version.number - 2]

    def report_in(self, version: Version, ids: Sequence[str], code: str, message: str, field: str = "") -> None:
        """Report a problem of *version*: in document.yaml for the enacted text (at *field* of the
        first of *ids*), else, prefixed "after this notice", at the item of the notice that touched
        one of *ids* (or else its first item that adds, deletes or renumbers provisions)."""
        event = self.files_of(version)
        if event is None:
            pid = next((i for i in ids if i in self.paths), None)
            path = [*self.paths[pid], *([field] if field else [])] if pid else ["provisions"]
            self.report(self.file, path, code, message)
            return
        wanted = set(ids)
        label = next((label for label, touched in version.changed if wanted & set(touched)), None)
        if label is None and event.notice is not None:
            label = next((i.label for i in event.notice.items if any(op.op in _MOVES for op in i.operations)), None)
        self.report(event.notice_file, item_path(event, label), code, f"after this notice: {message}")


def item_path(event: EventFiles, label: str | None) -> list[PathPart]:
    """The path of the item labelled *label* in the event's notice.yaml (its ``items`` if not found)."""
    items = event.notice.items if event.notice else ()
    index = next((i for i, item in enumerate(items) if item.label == label), None)
    return ["items", index] if index is not None else ["items"]


def item_label(message: str) -> str | None:
    """The item an error message names (``item 7: …``), if any."""
    m = _ITEM.match(message)
    return m.group(1) if m else None
