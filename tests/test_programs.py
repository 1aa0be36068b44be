"""Kept regular-expression programs (policydiff.zh.lazyre, policydiff.history.programs): a pattern
made from its kept program is the pattern re.compile makes, and a damaged file is not used."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from policydiff.history import programs
from policydiff.zh import lazyre

# Named groups, a conditional, a look-behind, a Chinese class with astral characters, a flag.
SOURCES = [
    r"第(?P<open>[（(])?(?P<num>[零〇一二两三四五六七八九十百千万]+)(?(open)[）)])条",
    r"(?<=条)[\u4e00-\u9fff\U00020000-\U0003ffff]{2,16}?职权(?=第)",
    r"^\s*(?:a|b)+$",
]


def test_a_pattern_made_from_its_kept_program_is_re_compiles() -> None:
    made = {}
    for source in SOURCES:
        program = lazyre._program(source, re.MULTILINE)
        assert program is not None
        made[source] = program
    fresh = lazyre._Kept()
    fresh.on, fresh.programs = True, dict(((s, re.MULTILINE), p) for s, p in made.items())
    kept, lazyre._KEPT = lazyre._KEPT, fresh
    try:
        for source in SOURCES:
            pattern = lazyre.LazyPattern(source, re.MULTILINE).compiled
            assert pattern == re.compile(source, re.MULTILINE)
            assert pattern.groupindex == re.compile(source, re.MULTILINE).groupindex
        assert lazyre.new_programs() == {}  # all were kept: nothing new
        assert lazyre.LazyPattern(SOURCES[0]).match("第（三）条").group("num") == "三"  # not kept: compiled, kept
        assert list(lazyre.new_programs()) == [(SOURCES[0], 0)]
    finally:
        lazyre._KEPT = kept


def test_a_program_sre_refuses_is_dropped_and_the_pattern_compiled() -> None:
    program = lazyre._program("ab", 0)
    assert program is not None
    flags, code, groups, groupindex, indexgroup = program
    fresh = lazyre._Kept()
    fresh.on, fresh.programs = True, {("ab", 0): (flags, [*code[:-1], 999], groups, groupindex, indexgroup)}
    kept, lazyre._KEPT = lazyre._KEPT, fresh
    try:
        assert lazyre.LazyPattern("ab").compiled == re.compile("ab")
        assert fresh.programs[("ab", 0)] == program  # the refused one replaced by the right one
    finally:
        lazyre._KEPT = kept


def _run(cache: Path, code: str) -> str:
    env = {"POLICYDIFF_CACHE_DIR": str(cache), "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return out.stdout


_READ = (
    "from policydiff.zh import lazyre\ncalls = []\nreal = lazyre._program\n"
    "lazyre._program = lambda *a: calls.append(a) or real(*a)  # called for each pattern compiled\n"
    "from policydiff.history import programs\nfrom policydiff.notice.parse import parse_wording\n"
    "programs.use_kept()\nparse_wording('一、将第一条中的“甲”修改为“乙”。', 'n.txt')\nprograms.keep_new()\n"
    "print(len(calls) > 0, programs.programs_file().is_file())\n"
)


def test_a_second_process_compiles_no_pattern_the_first_kept(tmp_path: Path) -> None:
    assert _run(tmp_path, _READ) == "True True\n"  # compiled, and kept
    assert _run(tmp_path, _READ) == "False True\n"  # made from the kept programs


@pytest.mark.parametrize("damage", ["truncated", "edited", "other"])
def test_a_damaged_file_is_not_used_and_is_written_again(tmp_path: Path, damage: str) -> None:
    _run(tmp_path, _READ)
    path = next((tmp_path / programs.PROGRAMS).iterdir())
    raw = path.read_bytes()
    changed = {"truncated": raw[:-7], "edited": raw[:-1] + b"\x00", "other": b"x\n" + raw}[damage]
    path.write_bytes(changed)
    assert _run(tmp_path, _READ) == "True True\n"  # compiled again
    assert path.read_bytes() == raw


def test_the_programs_of_patterns_with_flags_are_kept(tmp_path: Path) -> None:
    """Failed before its fix: a pattern's re.X (a RegexFlag) in the key could not be marshalled."""
    code = (
        "import re\nfrom policydiff.history import programs\nfrom policydiff.zh import lazyre\n"
        "programs.use_kept()\nlazyre.lazy('^(?: ~ | null )$', re.X).match('~')\nprograms.keep_new()\n"
        "print(list(programs._read(programs.programs_file())))\n"
    )
    assert _run(tmp_path, code) == "[('^(?: ~ | null )$', 64)]\n"


def test_nothing_is_kept_with_the_cache_off(tmp_path: Path) -> None:
    code = "import os\nos.environ['POLICYDIFF_NO_CACHE'] = '1'\n" + _READ
    assert _run(tmp_path, code) == "False False\n"  # compiled by re alone: no program made
    assert not (tmp_path / programs.PROGRAMS).exists()
