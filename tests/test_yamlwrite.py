"""The fast YAML writer gives exactly ruamel.yaml's bytes, or declines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap

from policydiff.errors import PolicyDiffError
from policydiff.history.noticefile import notice_text
from policydiff.notice.parse import parse_wording
from policydiff.notice.record import Commented, Notice, as_ruamel, notice_data, notice_plain
from policydiff.storage import docfile, yamlio, yamlplain, yamlwrite
from policydiff.storage.repo import load_document_file

ROOT = Path(__file__).resolve().parent.parent
DECLINED = yamlwrite.DECLINED


def same_or_declined(data: Any, schema_ref: str | None = None) -> bool:
    """Whether the fast writer declines *data* (``False``) or writes ruamel's bytes (``True``); else fail."""
    header = f"# yaml-language-server: $schema={schema_ref}\n" if schema_ref else ""
    fast = yamlwrite.try_dump(data, header)
    if fast is DECLINED:
        return False
    assert fast == yamlio.dump_strict(data, schema_ref)
    return True


def test_every_built_in_file_is_written_fast_as_it_is_stored() -> None:
    files = sorted((ROOT / "documents").rglob("*.yaml"))
    assert len(files) == 12  # six documents and six notices
    for path in files:
        text = path.read_text("utf-8")
        ref = text.partition("\n")[0].partition("$schema=")[2]
        data = yamlio.load(text, str(path))
        assert same_or_declined(data, ref), path
        assert yamlio.dump(data, ref) == text, path


def test_every_built_in_document_model_is_written_fast() -> None:
    files = sorted((ROOT / "documents").glob("*/document.yaml"))
    for path in files:
        data = docfile.document_data(load_document_file(path))
        assert same_or_declined(data, "../../.policydiff/schemas/document.schema.json"), path


def test_every_yaml_file_in_the_tests_writes_the_same_both_ways() -> None:
    files = sorted((ROOT / "tests").rglob("*.yaml"))
    written = 0
    for path in files:
        try:
            data = yamlio.load(path.read_bytes().decode("utf-8"), str(path))
        except (PolicyDiffError, UnicodeDecodeError):
            continue
        written += same_or_declined(data)
    assert written > 100


def _test_notices() -> Iterator[Notice]:
    """The notice of every instrument of the tests that parses (the census among them)."""
    for path in sorted((ROOT / "tests").rglob("*.txt")):
        try:
            yield parse_wording(path.read_text("utf-8"), path.name)
        except (PolicyDiffError, UnicodeDecodeError):
            continue


def test_every_instrument_in_the_tests_writes_the_same_both_ways() -> None:
    """The notices parsed from every instrument of the tests (the census among them), end-of-line comments too."""
    parsed = written = commented = 0
    for notice in _test_notices():
        parsed += 1
        data = notice_data(notice)
        if same_or_declined(data):
            written += 1
            commented += "  # " in yamlio.dump(data)
    assert parsed > 100
    assert written == parsed
    assert commented > 5


def test_every_instrument_in_the_tests_is_written_as_ruamel_writes_it_without_ruamel() -> None:
    """The notice's plain data (its own end-of-line comments, no ``CommentedMap``) gives ruamel.yaml's
    bytes for its ``CommentedMap`` form, with and without a schema line."""
    parsed = commented = 0
    for notice in _test_notices():
        parsed += 1
        strict = yamlio.dump_strict(notice_data(notice), "x.json")
        assert yamlwrite.try_dump(notice_plain(notice), "# yaml-language-server: $schema=x.json\n") == strict
        assert notice_text(notice, "x.json") == strict
        commented += "  # " in strict
    assert parsed > 100
    assert commented > 5


def test_a_notices_own_comments_are_written_as_ruamel_writes_them_or_declined() -> None:
    op = Commented(op="delete", assumed=True)
    op.comments["assumed"] = "the whole item is assumed; review it"
    data = Commented(format="policydiff/notice/1", items=[{"label": "一", "operations": [op]}])
    expected = (
        "format: policydiff/notice/1\nitems:\n  - label: 一\n    operations:\n      - op: delete\n"
        "        assumed: true  # the whole item is assumed; review it\n"
    )
    assert yamlwrite.try_dump(data) == expected == yamlio.dump_strict(as_ruamel(data))
    op.comments["assumed"] = "# starts with its mark"
    assert yamlwrite.try_dump(data) == yamlio.dump_strict(as_ruamel(data))
    for declined in ({"assumed": "a", "op": "b"}, {"assumed": "two\nlines"}, {"assumed": " "}, {"gone": "x"}):
        op.comments = declined
        assert yamlwrite.try_dump(data) is DECLINED, declined


def test_a_notice_the_fast_writer_declines_is_written_by_ruamel(monkeypatch: pytest.MonkeyPatch) -> None:
    notice = parse_wording((ROOT / "tests/fixtures/golden/fjwy-2021/notice.txt").read_text("utf-8"), "n.txt")
    monkeypatch.setattr(yamlwrite, "try_dump", lambda data, header: DECLINED)
    assert notice_text(notice, "x.json") == yamlio.dump_strict(notice_data(notice), "x.json")


def test_the_resolver_is_ruamels() -> None:
    from ruamel.yaml import YAML

    theirs = dict(YAML(typ="rt").resolver.versioned_resolver)
    # The empty string reads as null: the writer quotes it without asking the resolver.
    assert [tag for tag, _ in theirs.pop("")] == ["tag:yaml.org,2002:null"]
    for first, resolvers in theirs.items():
        ours = [(tag, pattern, flags) for tag, pattern, flags, chars in yamlplain.RESOLVERS if first in chars]
        assert [(tag, rx.pattern, rx.flags & ~32) for tag, rx in resolvers] == ours, first  # 32: re.UNICODE
    assert {ch for *_, chars in yamlplain.RESOLVERS for ch in chars} == set(theirs)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("中华人民共和国宪法", "中华人民共和国宪法"),
        ("1982年12月4日 第五届全国人民代表大会", "1982年12月4日 第五届全国人民代表大会"),
        ("第{zh}条 ", "'第{zh}条 '"),
        ("{n}.", "'{n}.'"),
        ("1982-12-04", "'1982-12-04'"),
        ("0o17", "'0o17'"),
        ("true", "'true'"),
        ("Null", "'Null'"),
        ("", "''"),
        ("- 列", "'- 列'"),
        ("-列", "-列"),
        ("a: b", "'a: b'"),
        ("a:b", "a:b"),
        ("a #b", "'a #b'"),
        ("a#b", "a#b"),
        ("它's", "它's"),
        ("'它'", "\"'它'\""),
        ('"它"', "'\"它\"'"),
        ("一\n二", '"一\\n二"'),
        ("一\t二", '"一\\t二"'),
        ("a\\b\"c'", "a\\b\"c'"),
        ("#a\\b\"c'", '"#a\\\\b\\"c\'"'),
        ("\ufeff头", '"\\uFEFF头"'),
        ("\x00", '"\\0"'),
        ("\x7f", '"\\x7F"'),
        (7, "7"),
        (-3, "-3"),
        (True, "true"),
    ],
)
def test_scalars_are_written_as_ruamel_writes_them(value: Any, written: str) -> None:
    data = {"k": value, "l": [value]}
    assert yamlwrite.try_dump(data) == f"k: {written}\nl:\n  - {written}\n"
    assert yamlio.dump_strict(data) == f"k: {written}\nl:\n  - {written}\n"


@pytest.mark.parametrize(
    "data",
    [
        {"k": None},
        {"k": 1.5},
        {"k": (1, 2)},
        {"k": [[1]]},
        {"k": [{}]},
        {"k": [[]]},
        {"null": 1},
        {"a b": 1},
        {1: 1},
        {"k": "一\u2028二"},
        {"k": 10**20},
        {},
        [1],
    ],
)
def test_the_writer_declines_what_it_does_not_write_exactly(data: Any) -> None:
    assert yamlwrite.try_dump(data) is DECLINED
    assert yamlio.dump(data) == yamlio.dump_strict(data)


def test_end_of_line_comments_are_written_and_placed_ones_declined() -> None:
    op = CommentedMap(op="delete")
    op["assumed"] = True
    op.yaml_add_eol_comment("the whole item is assumed; review it", "assumed")
    data = CommentedMap(format="policydiff/notice/1")
    data["items"] = [{"label": "一", "operations": [op]}]
    expected = (
        "format: policydiff/notice/1\nitems:\n  - label: 一\n    operations:\n      - op: delete\n"
        "        assumed: true  # the whole item is assumed; review it\n"
    )
    assert yamlwrite.try_dump(data) == expected == yamlio.dump_strict(data)
    op.yaml_add_eol_comment("placed", "op", column=40)
    assert yamlwrite.try_dump(data) is DECLINED


def test_verification_mode_raises_when_the_writers_differ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(yamlio.VERIFY_WRITE, raising=False)
    monkeypatch.setattr(yamlwrite, "try_dump", lambda data, header: "k: wrong\n")
    assert yamlio.dump({"k": "v"}) == "k: wrong\n"
    monkeypatch.setenv(yamlio.VERIFY_WRITE, "1")
    with pytest.raises(AssertionError) as raised:
        yamlio.dump({"k": "v"})
    assert str(raised.value) == "the fast YAML writer differs from ruamel.yaml:\n'k: wrong\\n'\n'k: v\\n'"


# Characters that matter to YAML's scalar styles, with Chinese text and the ones ruamel escapes.
_ALPHABET = st.sampled_from(
    [
        *"甲乙第条（）“”、。 :#-?'\"\\,[]{}&*!|>%@`.~=<0123456789eExob_+tTrufalsFnNLyY",
        *["\n", "\t", "\r", "\x00", "\x85", "\xa0", "\u2028", "\ufeff", "\ufffe", "\U0001f600", "---", "..."],
    ]
)
_TEXT = st.lists(_ALPHABET, max_size=12).map("".join)
_SCALARS = st.one_of(_TEXT, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
_KEYS = st.one_of(st.sampled_from(["id", "kind", "num", "text", "children", "null", "true", "x1"]), _TEXT)


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=6))
def test_strings_in_the_document_layout_are_written_as_ruamel_writes_them(texts: list[str]) -> None:
    provisions = [{"id": f"art{i}", "kind": "article", "num": i, "text": t} for i, t in enumerate(texts, 1)]
    data = {"format": docfile.FORMAT, "slug": "s", "title": texts[0], "meta": {"notes": texts}}
    data["provisions"] = [{"id": "ch1", "kind": "chapter", "heading": texts[-1], "children": provisions}]
    same_or_declined(data)


@settings(max_examples=400, deadline=None)
@given(
    data=st.recursive(
        _SCALARS,
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)),
        max_leaves=12,
    )
)
def test_any_nested_data_is_written_as_ruamel_writes_it_or_declined(data: Any) -> None:
    same_or_declined(data)


def test_a_key_of_a_str_subclass_is_declined_though_its_text_is_known() -> None:
    class Key(str):
        __slots__ = ()

    assert yamlwrite.try_dump({"id": 1}) == "id: 1\n"
    assert yamlwrite.try_dump({Key("id"): 1}) is DECLINED


def test_data_nested_past_the_recursion_limit_is_declined() -> None:
    data: dict[str, Any] = {"k": 1}
    for _ in range(5000):
        data = {"k": [data]}
    assert yamlwrite.try_dump(data) is DECLINED


def test_the_escaped_and_special_classes_are_the_complements_of_the_printable_ranges() -> None:
    # yamlwrite spells them as the characters they take (cheaper to compile); over every code point
    # they are the negations of the emitter's printable ranges.
    every = "".join(map(chr, range(0x110000)))
    printable = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
    quoted = "\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
    assert yamlwrite._ESCAPED.findall(every) == re.findall(f"[^{printable}]", every)
    assert yamlwrite._SPECIAL.findall(every) == re.findall(f"[^{quoted}]", every)
