"""A faster way to read policydiff's YAML, used only when it gives exactly what the strict way gives.

:func:`policydiff.storage.yamlio.load` is strict: ruamel.yaml's YAML 1.2 safe loader, after a pass over
the parser's events that refuses anchors, aliases and deep nesting. On a large document that is
about three times PyYAML's ``CSafeLoader`` (libyaml's parser, the same C parser ruamel uses, with
a leaner constructor). :func:`try_load` reads with ``CSafeLoader`` and *declines* (returns
:data:`DECLINED`) whenever the two could differ, so the strict path then reads the file and gives
its own result or its own located error. It declines when:

- the text contains ``&`` or ``*`` (anchors, aliases), ``!`` (tags), ``<<`` (merge keys), a
  ``%`` directive, an ASCII ``?`` (a complex key: libyaml reads ``[?]`` as ``[{None: None}]``,
  ruamel refuses it; found by the fuzzing test), or a character YAML 1.1 counts as a line break
  but 1.2 does not;
- the nesting could exceed :data:`policydiff.storage.yamlio.MAX_NESTING` (bounded from the indentation
  and the flow brackets, without parsing: see :func:`may_nest_deeper`);
- a plain scalar looks like a number other than a plain decimal integer, since YAML 1.1 and
  1.2 read ``0o17``, ``1_000`` or ``1:30`` differently;
- a plain scalar is ``=`` (YAML 1.1's value key, which ruamel refuses);
- a mapping repeats a key (PyYAML keeps the last; policydiff refuses duplicates);
- PyYAML raises anything at all, or is not installed with its C extension.

Scalars resolve as in YAML 1.2's core schema (``yes`` and ``on`` stay strings; dates stay
strings, as in the strict path).
"""

from __future__ import annotations

import gc
import re
from functools import cache
from typing import Any, ClassVar, Final

from policydiff.storage.yamlplain import SIMPLE_INT
from policydiff.zh.lazyre import lazy

DECLINED: Final = object()

# Anchors, aliases, tags, complex keys, and line breaks counted differently by YAML 1.1 and
# 1.2 (a lone carriage return would also hide a line from may_nest_deeper).
_UNSAFE = ("&", "*", "!", "?", "\r", "\x85", "\u2028", "\u2029")
#: Merge keys and directives, looked for only in text that has their last character: on Chinese
#: text, finding two characters takes some forty times as long as finding one (issue 19).
_UNSAFE_PAIRS = ("<<", "\n%")
# Every plain scalar YAML 1.1 or 1.2 might read as a number (and some more).
_NUMBERISH = lazy(
    r"[-+]?[0-9_.:]+(?:[eE][-+]?[0-9_]*)?$|[-+]?\.(?:inf|Inf|INF)$|\.(?:nan|NaN|NAN)$|[-+]?0[box][0-9a-fA-F_]*$"
)
# YAML 1.2 core schema's other plain scalars: (tag, pattern, first characters).
_RESOLVERS = (
    ("tag:yaml.org,2002:bool", lazy(r"(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    ("tag:yaml.org,2002:null", lazy(r"(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    ("tag:policydiff:number", _NUMBERISH, list("-+0123456789.")),
    ("tag:policydiff:value", lazy(r"=$"), ["="]),  # YAML 1.1's value key: ruamel refuses it
)


class _UnsureError(Exception):
    """Raised inside the loader when the strict path must decide."""


def may_nest_deeper(text: str, limit: int) -> bool:
    """Whether the collections of *text* might nest more than *limit* deep (``False``: they do not).

    A block collection nested in another starts at a greater column, or at the same column
    when a sequence is the value of a mapping key, so two levels take at least one column; on
    its line, a collection starts after indentation and ``- `` or ``? `` indicators. So block
    depth ≤ 2 × (longest run of spaces, ``-`` and ``?`` opening a line + 1). Each flow level
    needs a ``[`` or ``{``.
    """
    column = (limit - text.count("[") - text.count("{")) // 2 - 1
    if column < 0:
        return True
    first_line = len(text) - len(text.lstrip(" -?"))
    return first_line > column or bool(re.search(rf"\n[ ?-]{{{column + 1}}}", text))


def try_load(text: str, max_nesting: int) -> Any:
    """The data of *text*, or :data:`DECLINED` when only the strict loader may decide."""
    loader = _loader_class()
    if loader is None or not _eligible(text, max_nesting):
        return DECLINED
    import yaml

    # The loader makes hundreds of thousands of containers that all live on: the cyclic
    # garbage collector would walk the growing heap again and again while finding nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return yaml.load(text, Loader=loader)
    except (_UnsureError, yaml.YAMLError, RecursionError, ValueError, TypeError):
        return DECLINED
    finally:
        if enabled:
            gc.enable()


def _eligible(text: str, max_nesting: int) -> bool:
    unsafe = text.startswith("%") or any(s in text for s in _UNSAFE)
    unsafe = unsafe or any(pair[-1] in text and pair in text for pair in _UNSAFE_PAIRS)
    return not unsafe and not may_nest_deeper(text, max_nesting)


@cache
def _loader_class() -> Any:
    """``CSafeLoader`` with YAML 1.2 core resolution and duplicate keys declined (``None`` without libyaml)."""
    try:
        import yaml

        base = yaml.CSafeLoader
    except (ImportError, AttributeError):
        return None

    class Loader(base):  # type: ignore[misc,valid-type]
        yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            result: dict[Any, Any] = super().construct_mapping(node, deep)
            if len(result) != len(node.value):  # a repeated key
                raise _UnsureError
            return result

    for tag, pattern, first in _RESOLVERS:
        Loader.add_implicit_resolver(tag, pattern, first)
    Loader.add_constructor("tag:policydiff:number", _number)
    Loader.add_constructor("tag:policydiff:value", _decline)
    return Loader


def _decline(loader: Any, node: Any) -> Any:
    raise _UnsureError


def _number(loader: Any, node: Any) -> int:
    value: str = loader.construct_scalar(node)
    if not SIMPLE_INT.fullmatch(value):
        raise _UnsureError
    return int(value)
