"""The reader of policydiff's own layout gives exactly what the strict loader gives, or declines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.errors import PolicyDiffError
from policydiff.storage import yamlblock, yamlfast, yamlio, yamlwrite

ROOT = Path(__file__).resolve().parent.parent
DECLINED = yamlblock.DECLINED


def _strict(text: str) -> Any:
    return yamlio.load_strict(text, "x.yaml")


def _typed(value: Any) -> Any:
    """*value* with every scalar's type beside it and every mapping's key order: ``True != 1`` here."""
    if isinstance(value, dict):
        return ("dict", [(key, _typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(item) for item in value])
    return (type(value).__name__, value)


def _reads(text: str, expected: Any) -> None:
    assert _typed(yamlblock.try_load(text, 100)) == _typed(expected)
    assert _typed(_strict(text)) == _typed(expected)


# One fixture per form the reader reads.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 第一条 本办法\n", {"a": "第一条 本办法"}),  # a plain string
        ("a: x'y\"z\n", {"a": "x'y\"z"}),  # quotes inside a plain string
        ("a: 第[一]条,x\n", {"a": "第[一]条,x"}),  # flow indicators inside a block plain string
        ("a: http://x.org/a#b\n", {"a": "http://x.org/a#b"}),  # ':' and '#' not before a space
        ("a: -x\nb: .x\nc: 1a\n", {"a": "-x", "b": ".x", "c": "1a"}),  # a resolver's first character, no match
        ("a: 12\nb: -3\nc: +4\nd: 0\n", {"a": 12, "b": -3, "c": 4, "d": 0}),  # plain decimal integers
        ("a: true\nb: False\nc: TRUE\n", {"a": True, "b": False, "c": True}),  # booleans
        ("a: yes\nb: on\nc: y\n", {"a": "yes", "b": "on", "c": "y"}),  # YAML 1.2: strings
        ("a: ''\nb: '1'\nc: 'it''s'\nd: '- x'\n", {"a": "", "b": "1", "c": "it's", "d": "- x"}),  # single-quoted
        (
            'a: "it\'s \\"q\\" \\\\"\nb: "x\\ny\\tz\\0\\a\\b\\v\\f\\r\\e\\N\\L\\P"\nc: "\\x7F\\u2028\\U0001F600"\n',
            {"a": 'it\'s "q" \\', "b": "x\ny\tz\0\x07\x08\x0b\x0c\r\x1b\x85\u2028\u2029", "c": "\x7f\u2028\U0001f600"},
        ),  # double-quoted, with every escape the writer uses
        ("a: []\nb: {}\n", {"a": [], "b": {}}),  # empty collections
        ("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n", {"a": {"b": {"c": 1}, "d": 2}, "e": 3}),  # nested mappings
        ("a:\n  - x\n  - 1\n", {"a": ["x", 1]}),  # a sequence of scalars
        ("a:\n  - b: 1\n    c:\n      - d: 2\n  - e: 3\n", {"a": [{"b": 1, "c": [{"d": 2}]}, {"e": 3}]}),  # of mappings
        ("# yaml-language-server: $schema=x.json\na: 1\n\n  # note\nb: 2", {"a": 1, "b": 2}),  # comments, blank lines
        ("a: true  # check it\nb: x # y\n", {"a": True, "b": "x"}),  # a comment after a plain scalar
    ],
)
def test_reads_each_form_as_the_strict_loader_does(text: str, expected: Any) -> None:
    _reads(text, expected)


# One fixture per reason to decline; the loaders then read the text (or refuse it, naming the place).
@pytest.mark.parametrize(
    "text",
    [
        "a: x\ty\n",  # a tab
        "a: 1\rb: 2\n",  # a carriage return: a line break to YAML
        "a: x\x85y\n",  # NEL
        "a: x\u2028y\n",  # a line separator
        "\ufeffa: 1\n",  # a byte-order mark left in the text
        "a: x\x07y\n",  # a character YAML does not allow
        "---\na: 1\n",  # a document marker
        "%YAML 1.2\n---\na: 1\n",  # a directive
        "a: [x, y]\n",  # a flow sequence
        "a: {b: 1}\n",  # a flow mapping
        "a: &x 1\nb: *x\n",  # an anchor and an alias
        "a: !!str 1\n",  # a tag
        "? a\n: 1\n",  # a complex key
        "a: |\n  x\n",  # a literal block scalar
        "a: >\n  x\n",  # a folded one
        "a: x\n  y\n",  # a plain scalar continued on the next line
        "a: 'x\n  y'\n",  # a quoted one
        "a: 'x' # c\n",  # something after a quoted scalar
        "a: 'x'y'\n",  # a lone quote inside a single-quoted scalar
        'a: "x\n',  # a double-quoted scalar left open
        'a: "\\/"\n',  # an escape the writer does not use
        'a: "\\uD800"\n',  # an escaped surrogate
        "a-b: 1\n",  # a key that is not an identifier
        "名: 1\n",  # a key that is not ASCII
        "'a': 1\n",  # a quoted key
        "true: 1\n",  # a key that reads as a boolean
        "a: 1\na: 2\n",  # a repeated key
        "a:\n- 1\n",  # a sequence at its key's column
        "a:\n    b: 1\n",  # a mapping four columns in
        "a:\n  - b: 1\n      c: 2\n",  # an item's mapping misaligned
        "a:\nb: 1\n",  # a key with nothing under it (a null)
        "a:\n",  # the same at the end
        "a:\n  -\n",  # an empty item
        "a:\n  - - 1\n",  # a sequence in a sequence
        "a: ~\n",  # a null
        "a: null\n",
        "a: 1.5\n",  # a float
        "a: 0o17\n",  # integers other than plain decimal ones
        "a: 012\n",
        "a: 1_000\n",
        "a: .inf\n",
        "a: 2021-05-21\n",  # a timestamp (read as a string by both loaders, but left to them)
        "a: =\n",  # YAML 1.1's value key
        "a: x: y\n",  # ': ' inside a plain scalar
        "a: x:\n",  # a final ':'
        "a:  x\n",  # a space first
        "a: x \n",  # a space last
        "- a\n",  # a sequence at the top
        "a\n",  # a scalar at the top
        "  a: 1\n",  # an indented top
        "a: 1\nb\n",  # a line that is no key
        "a: 1\n  b: 2\n",  # a line deeper than its mapping
        "",  # nothing
        "# only a comment\n",
    ],
)
def test_declines_what_it_does_not_read_exactly(text: str) -> None:
    assert yamlblock.try_load(text, 100) is DECLINED


@pytest.mark.parametrize(("text", "limit"), [("a:\n  b:\n    c: 1\n", 2), ("a:\n  - b:\n      - 1\n", 3)])
def test_declines_nesting_deeper_than_the_limit(text: str, limit: int) -> None:
    assert yamlblock.try_load(text, limit) is DECLINED
    assert yamlblock.try_load(text, limit + 1) is not DECLINED


def test_every_built_in_document_and_notice_is_read_and_equal() -> None:
    files = sorted((ROOT / "documents").rglob("*.yaml"))
    assert len(files) == 12
    for path in files:
        text = path.read_text("utf-8")
        data = yamlblock.try_load(text, yamlio.MAX_NESTING)
        assert data is not DECLINED, path
        assert _typed(data) == _typed(_strict(text)), path


def test_every_yaml_file_of_the_tests_it_reads_is_read_as_the_strict_loader_reads_it() -> None:
    files = sorted((ROOT / "tests").rglob("*.yaml"))
    read = 0
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        data = yamlblock.try_load(text, yamlio.MAX_NESTING)
        if data is not DECLINED:
            read += 1
            assert _typed(data) == _typed(_strict(text)), path
    assert read > 50


def test_load_reads_policydiffs_layout_without_pyyaml_or_ruamel() -> None:
    code = (
        "import sys\nfrom pathlib import Path\nfrom policydiff.storage.repo import load_document_file\n"
        "load_document_file(Path(sys.argv[1]))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'yaml', 'ruamel', '_yaml'}))\n"
    )
    path = ROOT / "documents" / "prc-constitution" / "document.yaml"
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_load_falls_back_to_the_loaders_when_declined(monkeypatch: pytest.MonkeyPatch) -> None:
    assert yamlio.load("a: [1, 2]\n", "x.yaml") == {"a": [1, 2]}  # declined here, read by yamlfast
    monkeypatch.setattr(yamlfast, "try_load", lambda text, limit: yamlfast.DECLINED)
    with pytest.raises(PolicyDiffError) as raised:
        yamlio.load("a: [1\n", "x.yaml")
    assert str(raised.value).startswith("x.yaml:2:1: YAML syntax error:")


# Characters that matter to YAML's scalar styles and to this reader, with Chinese text.
_ALPHABET = st.sampled_from(
    [
        *"甲乙第条（）“”、。 :#-?'\"\\,[]{}&*!|>%@`.~=<0123456789eExob_+tTrufalsFnNLyY",
        *["\n", "\t", "\r", "\x00", "\x85", "\xa0", "\u2028", "\ufeff", "\U0001f600", "---", "...", " #", ": "],
    ]
)
_TEXT = st.lists(_ALPHABET, max_size=12).map("".join)
_SCALARS = st.one_of(_TEXT, st.integers(), st.booleans(), st.none())
_KEYS = st.one_of(st.sampled_from(["id", "kind", "num", "text", "children", "null", "true", "x1", "_"]), _TEXT)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)),
    max_leaves=14,
)


@settings(max_examples=500, deadline=None)
@given(data=_DATA)
def test_whatever_the_fast_writer_writes_is_read_back_exactly(data: Any) -> None:
    text = yamlwrite.try_dump(data)
    if text is yamlwrite.DECLINED:
        return
    assert _typed(yamlblock.try_load(text, yamlio.MAX_NESTING)) == _typed(data)


# What an edit by hand may put into a file of the layout.
_EDITS = st.sampled_from(["\n", " ", "  ", "- ", "-", "#", " #", ":", ": ", "'", '"', "\\", "\t", "[", "a: ", "~", "0"])


@settings(max_examples=1000, deadline=None)
@given(data=_DATA, edit=_EDITS, where=st.floats(0, 1), cut=st.integers(0, 3))
def test_any_edit_of_the_layout_is_read_as_the_strict_loader_reads_it_or_declined(
    data: Any, edit: str, where: float, cut: int
) -> None:
    """The writer's text with a few characters replaced at one place: mostly still near the layout."""
    written = yamlwrite.try_dump(data if isinstance(data, dict) else {"k": data})
    if written is yamlwrite.DECLINED:
        return
    at = int(where * len(written))
    _read_as_the_strict_loader_or_declined(written[:at] + edit + written[at + cut :])


def _read_as_the_strict_loader_or_declined(text: str) -> None:
    data = yamlblock.try_load(text, yamlio.MAX_NESTING)
    if data is DECLINED:
        return
    try:
        strict = _strict(text)
    except PolicyDiffError as exc:  # the reader must not accept what the strict loader refuses
        pytest.fail(f"read {text!r} as {data!r}; the strict loader refuses it: {exc}")
    assert _typed(data) == _typed(strict)


@pytest.mark.parametrize("text", ["a: 1\n", "a: 1\na: 2\n"])  # read, declined inside
def test_the_garbage_collector_is_left_as_it_was(text: str) -> None:
    import gc

    assert gc.isenabled()
    yamlblock.try_load(text, 100)
    assert gc.isenabled()
    gc.disable()
    try:
        yamlblock.try_load(text, 100)
        assert not gc.isenabled()
    finally:
        gc.enable()
