"""Every command's ``--help`` ends with an example, and the examples that only read work."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from policydiff.cli.examples import EXAMPLES
from tests.test_cli import run

ROOT = Path(__file__).parent.parent


def _paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    ctx = click.Context(group)  # the top-level group imports a command's module on lookup
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        out.append((*prefix, name))
        if isinstance(command, click.Group):
            out += _paths(command, (*prefix, name))
    return out


@pytest.mark.parametrize("path", _paths(cli), ids=" ".join)
def test_every_help_ends_with_an_example(path: tuple[str, ...]) -> None:
    """Failed on 49a027a: no command's --help showed an example."""
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2:] == ["  Example:", f"    policydiff {EXAMPLES[' '.join(path)]}"]


#: The examples that only read, run against a copy of the project's documents/.
READING = ["blame", "check", "diff", "list", "log", "notices", "render", "show", "textconv", "draft"]


@pytest.mark.parametrize("name", READING)
def test_the_reading_examples_run(tmp_path: Path, name: str) -> None:
    shutil.copytree(ROOT / "documents", tmp_path / "documents")
    args = shlex.split(EXAMPLES[name].split(" | ")[0])
    args = [str(tmp_path / a) if a.startswith("documents/") or a == "notice.txt" else a for a in args]
    code, out, err = run(tmp_path, *args)
    assert (code, err) == (1 if name == "diff" else 0, "")
    assert out or name == "check"  # check says nothing when there is nothing to say
