"""Issue 15, item 15 ("Smaller"): version and date arguments, the lock's exit code, GB18030 and
UTF-16 sources, control characters on a terminal, notices that change nothing.

Each test whose docstring names commit d126d35 failed there.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policydiff.cli.terminal import escape
from policydiff.errors import InputError
from policydiff.storage.sources import decode_source, decode_utf8
from tests.conftest import file_tree
from tests.test_badinput import CORPUS, invoke

TEXT = "示例办法\n第一条 为了规范示例工作，制定本办法。\n"
NOTICE = "关于修改《示例办法》的决定\n一、将第一条中的“示例”修改为“示范”。\n"


def _repository(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "n.txt").write_text(NOTICE, encoding="utf-8")
    assert invoke(["import", "a.txt"], tmp_path)[0] == 0
    return tmp_path


# ---------------------------------------------------------------- --at and --date


@pytest.mark.parametrize("when", ["v١", "v２", "２", "2021-W01-1", "2021-001", "20210101T00"])
def test_at_takes_ascii_versions_and_iso_dates_only(when: str, tmp_path: Path) -> None:
    """Failed on commit d126d35: v١ and v２ were version 1 and 2, 2021-W01-1 the 4th of January 2021."""
    where = _repository(tmp_path)
    message = f"policydiff: --at takes a version (v2) or a date (YYYY-MM-DD), not {when!r}\n"
    assert invoke(["show", "a", "--at", when], where)[:3] == (2, "", message)


def test_at_still_takes_v1_1_and_a_date(tmp_path: Path) -> None:
    where = _repository(tmp_path)
    for when in ("v1", "1", "2099-01-01"):
        assert invoke(["show", "a", "--at", when], where)[:3] == (0, TEXT, "")


def test_date_takes_iso_dates_only(tmp_path: Path) -> None:
    """Failed on commit d126d35: --date 2021-W01-1 was the 4th of January 2021."""
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    code, _, err, _ = invoke(["import", "a.txt", "--date", "2021-W01-1"], tmp_path)
    assert (code, err.splitlines()[-1]) == (
        2,
        "Error: Invalid value: '2021-W01-1' is not a date in the form YYYY-MM-DD",
    )


# ---------------------------------------------------------------- the lock


def test_a_lock_that_cannot_be_made_exits_1_from_import_and_apply(tmp_path: Path) -> None:
    """Failed on commit d126d35: import exited 2 (and repeated the line for each file), apply 1."""
    where = _repository(tmp_path)
    (where / "many").mkdir()
    for n in range(3):
        (where / "many" / f"f{n}.txt").write_text(TEXT, encoding="utf-8")
    shutil.rmtree(where / ".policydiff", ignore_errors=True)
    (where / ".policydiff").write_text("", encoding="utf-8")
    before = file_tree(where)
    line = ".policydiff/lock: cannot write: Not a directory\n"
    for args in (["import", "many"], ["import", "many/f0.txt", "--id", "b"], ["apply", "a", "n.txt"]):
        assert invoke(args, where)[::2] == (1, line), args
    assert file_tree(where) == before


# ---------------------------------------------------------------- encodings


def test_gb18030_four_byte_characters_are_text() -> None:
    """Failed on commit d126d35: not UTF-8, and GB18030 gives no readable text."""
    text = "示例办法\n第一条 བོད་ཡིག ᠮᠣᠩᠭᠣᠯ ئۇيغۇر 𠮷䶮“引号”——ǎ。\n"
    assert decode_source(text.encode("gb18030"), "f.txt") == (text, "gb18030")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_decoded(codec: str) -> None:
    """Failed on commit d126d35: binary file (contains NUL bytes), not text."""
    raw = TEXT.replace("\n", "\r\n").encode(codec)
    if codec != "utf-16":
        raw = ("\ufeff" + TEXT).encode(codec)
    assert decode_source(raw, "f.txt") == (TEXT, "utf-16")


def test_a_utf16_text_imports(tmp_path: Path) -> None:
    """Failed on commit d126d35: binary file (contains NUL bytes), not text."""
    (tmp_path / "a.txt").write_bytes(TEXT.encode("utf-16"))
    assert invoke(["import", "a.txt"], tmp_path)[:3] == (0, "documents/a/document.yaml: 示例办法 (1 provision)\n", "")


def test_broken_utf16_is_refused_with_its_place() -> None:
    with pytest.raises(InputError) as caught:
        decode_source("示例\n第一条".encode("utf-16") + b"\x00\xd8", "f.txt")
    assert str(caught.value) == "f.txt:2:4: not valid UTF-16 (a broken character)"
    with pytest.raises(InputError) as caught:
        decode_source("示例\n第一\x00条".encode("utf-16"), "f.txt")
    assert str(caught.value) == "f.txt:2:3: binary file (contains NUL characters), not text"


def test_a_utf16_yaml_file_is_named_so() -> None:
    """Failed on commit d126d35: binary file (contains NUL bytes), not text."""
    with pytest.raises(InputError) as caught:
        decode_utf8("format: policydiff/document/1\n".encode("utf-16"), "document.yaml")
    message = "document.yaml: UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8"
    assert str(caught.value) == message


def test_mojibake_is_still_refused() -> None:
    with pytest.raises(InputError) as caught:
        decode_source("".join(chr(c) for c in range(0xE000, 0xE040)).encode("gb18030"), "f.txt")
    assert str(caught.value) == "f.txt:1:1: cannot decide the encoding: not UTF-8, and GB18030 gives no readable text"


# ---------------------------------------------------------------- the terminal


def test_escape_shows_controls_and_bidi_overrides_and_keeps_colour() -> None:
    assert escape("甲\a乙\u202e丙\x1b]0;x\x07丁\x1b[2J戊\x9b己\b\v\f\x7f") == (
        "甲\\x07乙\\u202e丙\\x1b]0;x\\x07丁\\x1b[2J戊\\x9b己\\x08\\x0b\\x0c\\x7f"
    )
    assert escape("\x1b[31m删除\x1b[0m\t\r\n") == "\x1b[31m删除\x1b[0m\t\r\n"


def _hostile(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS / "yaml-num-past-max" / "documents", tmp_path / "documents")
    path = tmp_path / "documents" / "demo" / "document.yaml"
    text = path.read_text(encoding="utf-8").replace("num: 100000000", "num: 2")
    path.write_text(
        text.replace("text: 本办法自公布之日起施行。", 'text: "本办法\\a自\\u202E公布之日起施行。"'), encoding="utf-8"
    )
    return tmp_path


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, bytes]:
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "200"}
    code = subprocess.run(
        [sys.executable, "-m", "policydiff", *args], cwd=cwd, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side is closed: all was read
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return code.returncode, out


def test_rlo_and_bel_are_escaped_on_a_terminal(tmp_path: Path) -> None:
    """Failed on commit d126d35: BEL rang and RLO reversed the rest of the line."""
    where = _hostile(tmp_path)
    code, out = _on_a_terminal(["show", "demo"], where)
    assert (code, out.decode()) == (
        0,
        "示例办法\r\n第一条 为了规范示例工作，制定本办法。\r\n第二条 本办法\\x07自\\u202e公布之日起施行。\r\n",
    )


def test_a_pipe_gets_the_text_as_it_is(tmp_path: Path) -> None:
    where = _hostile(tmp_path)
    result = subprocess.run([sys.executable, "-m", "policydiff", "show", "demo"], cwd=where, capture_output=True)
    assert (
        result.stdout.decode()
        == "示例办法\n第一条 为了规范示例工作，制定本办法。\n第二条 本办法\a自\u202e公布之日起施行。\n"
    )


# ---------------------------------------------------------------- %YAML directives


VERSION = "%YAML 1.1 directive: policy files are YAML 1.2 (remove the line, or write %YAML 1.2)"


@pytest.mark.parametrize("value", ["1e0", "010"])
def test_a_yaml_1_1_directive_is_refused_in_one_line(tmp_path: Path, value: str) -> None:
    """Failed on commit 202e150: ``%YAML 1.1`` with ``num: 1e0`` printed ruamel's 14-line
    MantissaNoDotYAML1_1Warning before the error; with ``num: 010`` the article was silently 8."""
    where = _repository(tmp_path)
    path = where / "documents" / "a" / "document.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\n    num: 1\n" in text
    comment, rest = text.split("\n", 1)  # the directive after the schema comment, on line 2
    changed = rest.replace("\n    num: 1\n", f"\n    num: {value}\n")
    path.write_text(f"{comment}\n%YAML 1.1\n---\n{changed}", encoding="utf-8")
    assert invoke(["show", "a"], where)[:3] == (2, "", f"documents/a/document.yaml:2:1: {VERSION}\n")
    assert invoke(["check"], where)[:3] == (
        1,
        f"documents/a/document.yaml:2:1: PD102 {VERSION}\n",
        "policydiff check: 1 problem in 1 file\n",
    )


def test_a_yaml_1_2_directive_is_read(tmp_path: Path) -> None:
    where = _repository(tmp_path)
    path = where / "documents" / "a" / "document.yaml"
    path.write_text("%YAML 1.2\n---\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert invoke(["show", "a"], where)[:3] == (0, TEXT, "")
