from __future__ import annotations

import copy
import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.errors import SchemaError, YamlError
from policydiff.storage import docfile, yamlio
from policydiff.storage.repo import Repository, load_document_file
from tests.conftest import SMALL_ADMIN, SMALL_LEGAL, doc_from_text

FLAT = "办法\n第一条 甲。\n第二条 乙：\n（一）丙。\n"


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A small document file; its article 2 starts on line 19, column 5."""
    path = Repository(tmp_path).create(doc_from_text(FLAT, "demo"))
    assert path.read_text().splitlines()[18] == "  - id: a2"
    return path


def test_stored_document_loads_back(stored: Path) -> None:
    assert load_document_file(stored) == doc_from_text(FLAT, "demo")


def test_round_trip_with_chapters_gives_the_same_document(tmp_path: Path) -> None:
    doc = doc_from_text(SMALL_LEGAL, "demo")
    assert load_document_file(Repository(tmp_path).create(doc)) == doc


def test_written_file_starts_with_schema_line_and_is_stable(tmp_path: Path) -> None:
    doc = doc_from_text(SMALL_ADMIN, "admin")
    first = Repository(tmp_path / "a").create(doc).read_bytes()
    second = Repository(tmp_path / "b").create(doc).read_bytes()
    assert first == second
    assert first.decode().splitlines()[:4] == [
        "# yaml-language-server: $schema=../../.policydiff/schemas/document.schema.json",
        "format: policydiff/document/1",
        "slug: admin",
        "title: 示例实施办法",
    ]
    assert (tmp_path / "a/.policydiff/schemas/document.schema.json").is_file()


def test_long_chinese_text_is_not_folded(tmp_path: Path) -> None:
    sentence = "加强和改进网络意识形态工作，" * 40 + "维护政治安全。"
    doc = doc_from_text(f"办法\n第一条 {sentence}\n")
    text = yamlio.dump(docfile.document_data(doc))
    assert f"    text: {sentence}\n" in text


def _broken(stored: Path, old: str, new: str) -> Path:
    stored.write_text(stored.read_text().replace(old, new, 1))
    return stored


@pytest.mark.parametrize(
    ("old", "new", "error", "message"),
    [
        (
            "    kind: article\n    num: 2\n",
            "    num: 2\n",
            SchemaError,
            "{f}:19:5: provision 'a2' has no 'kind'",
        ),
        ("  - id: a2\n", "  - id: a1\n", SchemaError, "{f}:19:5: duplicate provision id 'a1'"),
        ("    num: 2\n", "", SchemaError, "{f}:19:5: provision 'a2' of kind article needs a 'num'"),
        (
            "    num: 2\n",
            "    num: 2\n    label: 第二条\n",
            SchemaError,
            "{f}:19:5: provision 'a2': Additional properties are not allowed ('label' was unexpected)",
        ),
        ("slug: demo", "slug: [demo", YamlError, "{f}:4:6: YAML syntax error: did not find expected ',' or ']'"),
        (
            "slug: demo",
            "slug: !!python/object:os.system demo",
            YamlError,
            "{f}:3:7: YAML syntax error: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system'",
        ),
        (
            "slug: demo",
            "slug: demo\nslug: other",
            YamlError,
            '{f}:4:1: YAML syntax error: found duplicate key "slug" with value "other" (original value: "demo")',
        ),
    ],
)
def test_invalid_files_give_one_located_line(
    stored: Path, old: str, new: str, error: type[Exception], message: str
) -> None:
    path = _broken(stored, old, new)
    with pytest.raises(error) as info:
        load_document_file(path, "doc.yaml")
    assert str(info.value) == message.format(f="doc.yaml")


def test_aliases_are_refused(stored: Path) -> None:
    text = stored.read_text().replace("numbering:\n", "numbering: &n\n", 1)
    stored.write_text(text.replace("provisions:\n", "extra: *n\nprovisions:\n", 1))
    with pytest.raises(YamlError) as info:
        load_document_file(stored, "doc.yaml")
    assert str(info.value) == "doc.yaml:5:12: YAML anchors and aliases are not allowed"


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(YamlError) as info:
        load_document_file(path, "bomb.yaml")
    assert str(info.value) == "bomb.yaml:1:4: YAML anchors and aliases are not allowed"


def test_empty_file_is_a_schema_error(tmp_path: Path) -> None:
    path = tmp_path / "document.yaml"
    path.write_text("")
    with pytest.raises(SchemaError) as info:
        load_document_file(path, "document.yaml")
    assert str(info.value) == "document.yaml:1:1: document: None is not of type 'object'"


# The compiled schema (fastjsonschema) only confirms valid data; jsonschema decides the rest.
# So the two must never disagree on data jsonschema refuses: a mutated document is checked both ways.

_ROOT = Path(__file__).resolve().parent.parent
_DOCS = sorted((_ROOT / "documents").glob("*/document.yaml"))
_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.text("a第-.1 ", max_size=3), st.just([]), st.just({})
)


def _paths(data: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data[:3]):
            found += _paths(value, (*prefix, i))
    return found


def _mutate(data: Any, path: tuple[object, ...], how: int, value: object) -> Any:
    data = copy.deepcopy(data)
    *parents, last = path
    node = data
    for part in parents:
        node = node[part]
    if how == 0:
        node[last] = value  # replace a value
    elif how == 1 and isinstance(node, dict):
        del node[last]  # drop a key
    elif how == 2 and isinstance(node[last], dict):
        node[last]["extra"] = value  # add a key
    return data


def _jsonschema_valid(data: Any) -> bool:
    import jsonschema

    return not list(jsonschema.Draft7Validator(docfile.schema()).iter_errors(data))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_DOCS), st.data())
def test_compiled_schema_agrees_with_jsonschema(path: Path, draw: st.DataObject) -> None:
    data = yamlio.load(path.read_text("utf-8"), str(path))
    paths = [p for p in _paths(data) if p]
    mutated = _mutate(data, draw.draw(st.sampled_from(paths)), draw.draw(st.integers(0, 2)), draw.draw(_VALUES))
    assert (docfile._compiled(docfile.SCHEMA_NAME)(mutated) is docfile._VALID) == _jsonschema_valid(mutated)


@pytest.mark.parametrize("name", ["document.schema.json", "notice.schema.json"])
def test_the_shipped_compiled_schemas_are_current_and_used(name: str) -> None:
    from policydiff.storage import schemacode

    module = importlib.import_module(f"policydiff.storage.compiled.{schemacode.MODULES[name]}")
    # If this fails, the schema changed: regenerate with `python -m policydiff.storage.schemacode`.
    assert schemacode.digest(name) == module.SCHEMA_SHA256
    assert schemacode.shipped(name) is module.validate
    # What it accepts and refuses is compared with jsonschema by the property test above.


@pytest.mark.parametrize("name", ["document.schema.json", "notice.schema.json", "event.schema.json"])
def test_the_shipped_compiled_schemas_are_what_schemacode_writes(name: str) -> None:
    from policydiff.storage import schemacode

    module = importlib.import_module(f"policydiff.storage.compiled.{schemacode.MODULES[name]}")
    assert Path(module.__file__ or "").read_text("utf-8") == schemacode.generate(name)
    assert "from fastjsonschema" not in schemacode.generate(name)


def test_loading_a_document_imports_neither_writers_nor_fastjsonschema_nor_openssl() -> None:
    """Issue 19: a process that loads one document pays for none of these (some 10 ms together)."""
    code = (
        "import sys; from pathlib import Path; from policydiff.storage.repo import load_document_file; "
        "load_document_file(Path(sys.argv[1])); "
        "print(sorted(m for m in ('fastjsonschema', 'hashlib', 'json', 'shutil', 'tempfile', "
        "'policydiff.storage.yamlwrite', 'policydiff.storage.fsutil', 'ruamel') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(_DOCS[0])], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_the_compiled_schemas_take_a_decimal_as_a_number_without_importing_decimal() -> None:
    """A ``decimal.Decimal`` is a number to the compiled code, as to fastjsonschema's, though the
    module no longer imports ``decimal`` (issue 19)."""
    code = (
        "import sys\nfrom policydiff.storage.compiled import document_schema as m\n"
        "print('decimal' in sys.modules)\nimport decimal\n"
        "print([isinstance(v, m.Decimal) for v in (decimal.Decimal('1.5'), 1.5, 1, '1')])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n[True, False, False, False]\n"


def test_a_stale_compiled_schema_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from policydiff.storage import schemacode

    monkeypatch.setattr(schemacode, "digest", lambda name: "0" * 64)
    assert schemacode.shipped("document.schema.json") is None
