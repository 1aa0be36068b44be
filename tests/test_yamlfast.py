"""The fast YAML path gives exactly what the strict loader gives, or declines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.errors import PolicyDiffError
from policydiff.storage import yamlfast, yamlio

ROOT = Path(__file__).resolve().parent.parent
DECLINED = yamlfast.DECLINED


def _strict(text: str) -> Any:
    return yamlio.load_strict(text, "x.yaml")


def test_every_built_in_document_is_read_fast_and_equal() -> None:
    files = sorted((ROOT / "documents").glob("*/document.yaml"))
    assert len(files) == 6
    for path in files:
        text = path.read_text("utf-8")
        data = yamlfast.try_load(text, yamlio.MAX_NESTING)
        assert data is not DECLINED, path
        assert data == _strict(text), path


def test_every_yaml_file_in_the_repository_reads_the_same_both_ways() -> None:
    files = sorted(p for d in ("documents", "tests") for p in (ROOT / d).rglob("*.yaml"))
    assert len(files) > 50
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        fast = yamlfast.try_load(text, yamlio.MAX_NESTING)
        if fast is DECLINED:
            continue
        assert fast == _strict(text), path


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchor and alias
        "a: !!python/object:os.system x\n",  # a tag
        "a: {<<: {b: 1}}\n",  # a merge key
        "%YAML 1.1\n---\na: 1\n",  # a directive
        "a: 1\na: 2\n",  # a duplicate key
        "a: 0o17\n",  # octal in YAML 1.2, a string in 1.1
        "a: -0x1F\n",
        "a: 1_000\n",
        "a: 1e5\n",
        "a: 12:30\n",
        "a: .5\n",
        "a: .inf\n",
        "a: 1\rb: 2\n",  # a lone carriage return is a line break
        "a: x\u2028y\n",
        "[" * 99 + "]" * 99,  # flow nesting that may pass the limit (2 × 1 + 99 > 100)
        "a:\n" + " " * 60 + "b: 1\n",  # indentation that may pass the limit
        "a: =\n",  # found by fuzzing: ruamel refuses a plain "="
        "[?]",  # found by fuzzing: libyaml reads a complex key [{None: None}], ruamel refuses it
        "a: [1\n",  # invalid YAML: the strict loader names the place
    ],
)
def test_declines_whenever_the_two_readings_could_differ(text: str) -> None:
    assert yamlfast.try_load(text, 100) is DECLINED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: yes\nb: on\nc: No\n", {"a": "yes", "b": "on", "c": "No"}),  # YAML 1.2: strings
        ("a: true\nb: False\nc: ~\nd:\ne: null\n", {"a": True, "b": False, "c": None, "d": None, "e": None}),
        ("a: 2021-05-21\nb: 12\nc: -3\nd: 0\n", {"a": "2021-05-21", "b": 12, "c": -3, "d": 0}),
        ("a: '0o17'\nb: \"1e5\"\nc: 第1.2条\n", {"a": "0o17", "b": "1e5", "c": "第1.2条"}),
        ("- 第一条\n- - 1\n  - [x, y]\n", ["第一条", [1, ["x", "y"]]]),
    ],
)
def test_scalars_resolve_as_yaml_1_2_core(text: str, expected: Any) -> None:
    assert yamlfast.try_load(text, 100) == expected
    assert _strict(text) == expected


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("a: 1\n", 4, False),  # bound 2 × (0 + 1) = 2
        ("a:\n b: 1\n", 4, False),  # bound 2 × (1 + 1) = 4
        ("a:\n  b: 1\n", 4, True),  # bound 2 × (2 + 1) = 6
        ("- - 1\n", 8, True),  # the run "- - " is 4 long: bound 10
        ("- - 1\n", 10, False),
        ("[[1]]", 4, False),  # bound 2 × 1 + 2 brackets = 4
        ("[[[1]]]", 4, True),  # 5
        ("{a: [1]}", 3, True),  # 4
    ],
)
def test_may_nest_deeper(text: str, limit: int, expected: bool) -> None:
    # Where the bound says "no", the real depth is within the limit.
    assert yamlfast.may_nest_deeper(text, limit) is expected


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(
        ["yes", "on", "0o17", "1_000", "12:30", "2021-05-21", ".5", "1e5", "-0x1F", "~", "第一条", "&a", "*a", "!x"]
    ),
)
_data = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text("abc第条", min_size=1, max_size=3), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_data, st.integers(2, 12))
def test_dumped_data_reads_back_the_same_both_ways(data: Any, limit: int) -> None:
    text = yamlio.dump(data)
    fast = yamlfast.try_load(text, limit)
    if fast is not DECLINED:
        assert fast == _strict(text) == data
        assert _depth(fast) <= limit
    assert not yamlfast.may_nest_deeper(text, limit) or fast is DECLINED


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab:-?[]{}, \n'\"#&*!|>%0123456789.eE+_第"), max_size=40))
def test_arbitrary_text_is_read_the_same_or_declined(text: str) -> None:
    fast = yamlfast.try_load(text, 100)
    if fast is DECLINED:
        return
    try:
        strict = _strict(text)
    except PolicyDiffError as exc:  # the fast path must not accept what the strict one refuses
        pytest.fail(f"fast path read {text!r} as {fast!r}; strict refuses it: {exc}")
    assert fast == strict


@pytest.mark.parametrize("text", ["a: 1\n", "a: 1\na: 2\n", "a: [1\n"])  # read, declined inside, a syntax error
def test_the_garbage_collector_is_left_as_it_was(text: str) -> None:
    import gc

    assert gc.isenabled()
    yamlfast.try_load(text, 100)
    assert gc.isenabled()
    gc.disable()
    try:
        yamlfast.try_load(text, 100)
        assert not gc.isenabled()
    finally:
        gc.enable()
