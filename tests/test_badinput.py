"""The bad-input corpus (tests/badinput/): every case gives its exact error, its exit code, no traceback,
and changes nothing on disk.

A case is a folder ``tests/badinput/<surface>-<name>/``:

- ``cmd``: the policydiff arguments, one per line, run with the case folder (copied to a
  temporary place) as the working directory; ``{case}`` stands for that folder;
- ``expected``: the exit code on the first line, then the exact stderr (one line for every
  policydiff error; click's own usage errors are click's few lines);
- ``stdout``: optional, the exact stdout;
- ``then`` and ``then.stdout``: optional, a second command (after a successful first one)
  and its exact stdout, e.g. ``show`` after an import;
- ``note``: one line saying what the case is about;
- ``generate``: optional, for inputs too big to keep in git (a 5 MB line, 10,000 articles):
  a generator of :data:`GENERATORS` and its arguments;
- anything else is input: source files, notices, a small repository (``documents/``,
  ``templates/``).

A failing case (exit code not 0) must leave every file of its folder as it was. The
surface is the name's first word: text, md, yaml, notice, snotice, template, cli.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from policydiff.zh.numbering import int_to_zh
from tests.conftest import file_tree

CORPUS = Path(__file__).parent / "badinput"
SURFACES = ("text", "md", "yaml", "notice", "snotice", "template", "cli")


# --- generated inputs ---------------------------------------------------------------------


def five_mb_line(folder: Path, name: str) -> None:
    """One line of 5 MB: Chinese characters (3 bytes each in UTF-8) and no line break."""
    (folder / name).write_bytes(("甲" * (5 * 1024 * 1024 // 3 + 1)).encode())


def ten_thousand_articles(folder: Path, name: str) -> None:
    """A title and 10,000 articles: 第一万条 is article 10000 (on d126d35 it became a paragraph of 第九千九百九十九条)."""
    lines = (
        ["万条办法"] + [f"第{int_to_zh(n)}条 第{n}条的内容。" for n in range(1, 10000)] + ["第一万条 第10000条的内容。"]
    )
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _document_head() -> list[str]:
    return ["format: policydiff/document/1", "slug: demo", "title: 深层办法", "numbering:", "  family: legal"]


def nested_provisions(folder: Path, depth: str, name: str) -> None:
    """Paragraphs nested *depth* deep, each the only child of the one before."""
    lines = [*_document_head(), "provisions:"]
    indent = "  "
    for level in range(int(depth)):
        lines += [f"{indent}- id: p{level}", f"{indent}  kind: paragraph", f"{indent}  text: 第{level}层。"]
        if level < int(depth) - 1:
            lines.append(f"{indent}  children:")
        indent += "    "
    _write(folder / name, "\n".join(lines) + "\n")


def flow_bomb(folder: Path, name: str) -> None:
    """100,000 nested flow sequences: 200 KB that used to overflow the C YAML loader's stack."""
    _write(folder / name, "\n".join(_document_head()) + "\nprovisions: " + "[" * 100_000 + "]" * 100_000 + "\n")


def dash_bomb(folder: Path, name: str) -> None:
    """Block sequences nested 100,000 deep on one line (``- - - …``)."""
    _write(folder / name, "\n".join(_document_head()) + "\nprovisions:\n" + "- " * 100_000 + "x\n")


def long_title(folder: Path, name: str) -> None:
    """A 5 MB title whose quotation mark is never closed."""
    head = _document_head()
    head[2] = "title: '" + "甲" * (5 * 1024 * 1024 // 3 + 1)
    _write(folder / name, "\n".join(head) + "\nprovisions: []\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


GENERATORS: dict[str, Callable[..., None]] = {
    f.__name__: f for f in (five_mb_line, ten_thousand_articles, nested_provisions, flow_bomb, dash_bomb, long_title)
}


# --- cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path

    @property
    def surface(self) -> str:
        return self.name.split("-", 1)[0]

    def args(self, where: Path) -> list[str]:
        lines = (self.folder / "cmd").read_text(encoding="utf-8").splitlines()
        return [line.replace("{case}", str(where)) for line in lines]

    def expected(self, where: Path) -> tuple[int, str]:
        code, _, stderr = (self.folder / "expected").read_text(encoding="utf-8").partition("\n")
        return int(code), stderr.replace("{case}", str(where))

    def stdout(self) -> str | None:
        path = self.folder / "stdout"
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def prepare(self, where: Path) -> Path:
        """Copy the case's inputs to *where* (symlinks kept as links) and generate the big ones."""
        shutil.copytree(
            self.folder,
            where,
            symlinks=True,
            ignore=shutil.ignore_patterns("cmd", "expected", "stdout", "note", "generate", "then", "then.stdout"),
        )
        spec = self.folder / "generate"
        if spec.is_file():
            name, *args = spec.read_text(encoding="utf-8").split()
            GENERATORS[name](where, *args)
        return where


def cases() -> list[Case]:
    return [Case(p.name, p) for p in sorted(CORPUS.iterdir()) if (p / "cmd").is_file()]


CASES = cases()


def invoke(args: list[str], where: Path) -> tuple[int, str, str, BaseException | None]:
    """Run policydiff in-process (click's CliRunner) with *where* as the working directory."""
    old = Path.cwd()
    os.chdir(where)
    try:
        result = CliRunner().invoke(cli, args, prog_name="policydiff")
    finally:
        os.chdir(old)
    crash = result.exception if result.exception and not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.stdout, result.stderr, crash


def test_the_corpus_is_large_and_covers_every_surface() -> None:
    assert len(CASES) >= 40
    by_surface = {s: sum(1 for c in CASES if c.surface == s) for s in SURFACES}
    assert all(n >= 3 for n in by_surface.values()), by_surface
    assert {c.surface for c in CASES} <= set(SURFACES)
    for case in CASES:
        assert (case.folder / "expected").is_file(), case.name
        assert (case.folder / "note").is_file(), case.name


README_SURFACES = {
    "text import": "text", "Markdown import": "md", "document YAML": "yaml", "notice wording": "notice",
    "structured notices": "snotice", "templates": "template", "command-line arguments": "cli",
}  # fmt: skip


def test_the_readme_gives_the_corpus_figures() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Reliability") :]
    assert f"`tests/badinput/` holds {len(CASES)} cases" in section
    for words, surface in README_SURFACES.items():
        count = sum(1 for c in CASES if c.surface == surface)
        assert f"| {words} | {count} |" in section, (words, count)
    assert f"{len(SUBPROCESS)} of them also in a real" in section


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, tmp_path: Path) -> None:
    where = case.prepare(tmp_path / "case")
    before = file_tree(tmp_path)
    code, out, err, crash = invoke(case.args(where), where)
    assert crash is None, f"{case.name}: {crash!r}"
    assert "Traceback" not in err
    assert (code, err) == case.expected(where)
    expected_out = case.stdout()
    if expected_out is not None:
        assert out == expected_out
    if code != 0:
        assert file_tree(tmp_path) == before, "a failed command changed files"
    then = case.folder / "then"
    if then.is_file():
        code, out, err, crash = invoke(then.read_text(encoding="utf-8").splitlines(), where)
        assert (code, err, crash) == (0, "", None)
        assert out == (case.folder / "then.stdout").read_text(encoding="utf-8")


def _policydiff_errors() -> list[Case]:
    # One line on stderr: every policydiff error (click's usage errors are click's own format).
    found = [c for c in CASES if (c.folder / "expected").is_file()]
    return [c for c in found if c.expected(c.folder)[0] != 0 and "\nError: " not in c.expected(c.folder)[1]]


@pytest.mark.parametrize("case", _policydiff_errors(), ids=[c.name for c in _policydiff_errors()])
def test_every_policydiff_error_is_one_line(case: Case) -> None:
    _, err = case.expected(case.folder)
    assert err.endswith("\n") and err.count("\n") == 1


#: Run through a real process too: one case of every surface, and the ones that crashed the process.
SUBPROCESS = (
    "text-binary",
    "md-no-title",
    "yaml-flow-bomb",  # was a segmentation fault: only a real process shows it
    "yaml-python-tag",
    "notice-quoted-twice",
    "snotice-impossible-date",
    "template-self-include",
    "cli-symlink-out",
)


@pytest.mark.parametrize("name", SUBPROCESS)
def test_case_in_a_real_process(name: str, tmp_path: Path) -> None:
    (case,) = [c for c in CASES if c.name == name]
    where = case.prepare(tmp_path / "case")
    before = file_tree(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "policydiff", *case.args(where)], cwd=where, capture_output=True, env=env, timeout=120
    )
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err
    assert (proc.returncode, err) == case.expected(where)
    if proc.returncode != 0:
        assert file_tree(tmp_path) == before
