"""Reading and writing policydiff's YAML files.

What a file means is what ruamel.yaml's YAML 1.2 safe loader reads (dates kept as strings):
:func:`load_strict`. Most reads are faster and give the same data: :func:`load` tries the reader
of policydiff's own layout (:mod:`policydiff.storage.yamlblock`), then libyaml
(:mod:`policydiff.storage.yamlfast`), each declining whenever it could differ. When something is
wrong, the file is parsed again with the round-trip loader, which remembers where every key and
item is, so the error can name ``file:line:column``. Writing gives ruamel.yaml's bytes
(:func:`dump_strict`, usually written faster by :mod:`policydiff.storage.yamlwrite`): no line
folding, so long Chinese paragraphs stay on one line and diff well, and keys in the order the
caller gives them, so the same data always gives the same bytes.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policydiff.errors import InputError, Location, PolicyDiffError, YamlError
from policydiff.storage import yamlblock, yamlfast
from policydiff.storage.sources import decode_utf8

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

PathPart = str | int

# ruamel.yaml is imported when a file is read strictly or written: most reads take the fast
# path (policydiff.storage.yamlfast) and many commands read nothing. The writers (yamlwrite,
# fsutil, which imports shutil and tempfile) are imported by the functions that write, so
# that a process that only loads pays for neither (issue 19).


@cache
def _string_dates() -> type:
    from ruamel.yaml.constructor import SafeConstructor

    class StringDates(SafeConstructor):
        """Keeps ``2021-05-21`` a string: dates are validated by the schema, not YAML."""

    StringDates.add_constructor("tag:yaml.org,2002:timestamp", lambda c, node: c.construct_scalar(node))
    return StringDates


def _fast_loader() -> YAML:
    from ruamel.yaml import YAML

    y = YAML(typ="safe")
    y.Constructor = _string_dates()
    return y


def _round_trip_loader() -> YAML:
    from ruamel.yaml import YAML

    return YAML(typ="rt")


def load(text: str, file: str) -> Any:
    """Parse *text* (the content of *file*) into plain Python data.

    Anchors and aliases are refused: policy files never need them, and they are
    how a small file becomes a huge one (the "billion laughs"). So is nesting deeper
    than :data:`MAX_NESTING`. Read by :mod:`policydiff.storage.yamlblock` (policydiff's own layout,
    without a YAML parser), else :mod:`policydiff.storage.yamlfast`, when either can be sure to give
    the same data, else with :func:`load_strict`.
    """
    data = yamlblock.try_load(text, MAX_NESTING)
    if data is yamlblock.DECLINED:
        data = yamlfast.try_load(text, MAX_NESTING)
    return load_strict(text, file) if data is yamlfast.DECLINED else data


def load_strict(text: str, file: str) -> Any:
    """:func:`load` with ruamel.yaml's YAML 1.2 safe loader only: what decides, with located errors."""
    from ruamel.yaml.error import MarkedYAMLError

    try:
        _check_events(text, file)
        data = _fast_loader().load(text)
    except PolicyDiffError:
        raise
    except MarkedYAMLError as exc:
        raise _yaml_error(exc, file) from None
    except Exception as exc:  # ruamel raises bare errors for some bad input
        raise YamlError(f"not valid YAML: {exc}", Location(file)) from None
    return data


#: How deep YAML may nest. The C loader recurses once per level and overflows the C stack
#: (a segmentation fault, not an error) at some ten thousand levels, and schema messages
#: repr the value; a document needs two levels per provision level (66 at the deepest
#: tree it allows), so deeper text is refused from the event stream before anything is built.
MAX_NESTING = 100


def _check_events(text: str, file: str) -> None:
    """Refuse nesting deeper than :data:`MAX_NESTING`, every anchor or alias and a ``%YAML``
    directive other than 1.2, from the parser's events: before anything is built, and also for
    scalars, which share no container."""
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

    depth = 0
    for event in _fast_loader().parse(text):
        if getattr(event, "version", None) not in (None, (1, 2)):
            line = text.count("\n", 0, max(text.find("%YAML"), 0)) + 1  # the event starts at the document
            raise YamlError(_VERSION_REFUSED.format(*event.version), Location(file, line, 1))
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise YamlError("YAML anchors and aliases are not allowed", _mark(event, file))
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise YamlError(f"YAML nested more than {MAX_NESTING} levels deep", _mark(event, file))
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


#: Why a ``%YAML`` directive other than 1.2 is refused: YAML 1.1 reads the same text as other
#: data (``num: 010`` is 8, ``yes`` is true), so a file could mean what it does not say.
_VERSION_REFUSED = "%YAML {}.{} directive: policy files are YAML 1.2 (remove the line, or write %YAML 1.2)"


def _mark(event: Any, file: str) -> Location:
    mark = event.start_mark
    return Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)


def _yaml_error(exc: MarkedYAMLError, file: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
    return YamlError(f"YAML syntax error: {problem}", where)


def locate(text: str, file: str, path: Sequence[PathPart]) -> Location:
    """Where the value at *path* (keys and indexes) is written in *text*.

    Falls back to the nearest ancestor that has a position.
    """
    try:
        node: Any = _round_trip_loader().load(text)
    except Exception:  # the C loader accepts some text the round-trip loader refuses
        return Location(file)
    line, col = 0, 0
    for part in path:
        try:
            pos = node.lc.key(part) if isinstance(part, str) else node.lc.item(part)
            line, col = pos[0], pos[1]
            node = node[part]
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    return Location(file, line + 1, col + 1)


def read(path: Path, name: str | None = None) -> str:
    """The text of a YAML file, decoded as strict UTF-8 (a BOM is allowed).

    Errors name the file as *name* (default: *path*).
    """
    shown = name or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(shown)) from None
    return decode_utf8(raw, shown)


def dump(data: Any, schema_ref: str | None = None, as_strict: Callable[[Any], Any] | None = None) -> str:
    """YAML text for *data*: block style, unfolded lines, keys in insertion order.

    Written by :mod:`policydiff.storage.yamlwrite` when it can be sure to give :func:`dump_strict`'s
    bytes, else by :func:`dump_strict`, of ``as_strict(data)`` when given (data in a form only the fast
    writer takes, such as :class:`policydiff.notice.record.Commented`, made ruamel.yaml's only then).
    With ``POLICYDIFF_VERIFY_YAML_WRITE`` set (to anything but empty), both write and a difference
    raises :class:`AssertionError`: a bug of the fast writer.
    """
    from policydiff.storage import yamlwrite

    header = f"# yaml-language-server: $schema={schema_ref}\n" if schema_ref else ""
    text = yamlwrite.try_dump(data, header)
    if text is yamlwrite.DECLINED:
        return dump_strict(data if as_strict is None else as_strict(data), schema_ref)
    if os.environ.get(VERIFY_WRITE):
        strict = dump_strict(data if as_strict is None else as_strict(data), schema_ref)
        if text != strict:
            raise AssertionError(f"the fast YAML writer differs from ruamel.yaml:\n{text!r}\n{strict!r}")
    result: str = text
    return result


#: The environment variable that makes :func:`dump` check the fast writer against ruamel.yaml.
VERIFY_WRITE = "POLICYDIFF_VERIFY_YAML_WRITE"


def dump_strict(data: Any, schema_ref: str | None = None) -> str:
    """:func:`dump` with ruamel.yaml's round-trip emitter only: the reference for every byte."""
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.width = 1 << 30
    y.indent(mapping=2, sequence=4, offset=2)
    y.allow_unicode = True
    buf = io.StringIO()
    if schema_ref:
        buf.write(f"# yaml-language-server: $schema={schema_ref}\n")
    y.dump(data, buf)
    return buf.getvalue()


def write(path: Path, data: Any, schema_ref: str | None = None) -> None:
    """Write *data* to *path* atomically (see :func:`policydiff.storage.fsutil.atomic_write_text`)."""
    from policydiff.storage.fsutil import atomic_write_text

    atomic_write_text(path, dump(data, schema_ref))
