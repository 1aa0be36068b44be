"""Commands that need a policy repository refuse a folder without documents/, in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from policydiff.cli import cli
from tests.test_cli import run

NEEDING = [
    ["list"],
    ["show", "a"],
    ["log", "a"],
    ["blame", "a"],
    ["diff", "a", "v1", "v2"],
    ["render", "a", "--template", "compare.md.j2"],
    ["build", "-o", "out"],
    ["draft", "a", "v1", "v2"],
    ["notices"],
    ["revise", "a", "f.txt"],
    ["repeal", "a"],
    ["apply", "a", "n.txt"],
    ["apply", "n.txt"],
    ["check"],
]


@pytest.mark.parametrize("args", NEEDING, ids=lambda args: " ".join(args))
def test_every_command_needing_a_repository_refuses_a_folder_without_documents(tmp_path: Path, args: list[str]) -> None:
    """Failed on 49a027a: ``list`` exited 0 with no output and ``build -o x`` built an empty site."""
    (tmp_path / "f.txt").write_text("甲\n第一条 乙。\n", encoding="utf-8")
    (tmp_path / "n.txt").write_text("关于修改《甲》的决定\n一、删去第一条。\n", encoding="utf-8")
    args = [a if a not in ("f.txt", "n.txt", "out") else str(tmp_path / a) for a in args]
    assert run(tmp_path, *args) == (2, "", f"policydiff: no documents/ folder in {tmp_path}: not a policy repository\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt", "n.txt"]


def test_a_missing_root_is_not_a_repository() -> None:
    """Failed on 49a027a: ``policydiff --root /nonexistent list`` exited 0 with no output."""
    result = CliRunner().invoke(cli, ["--root", "/nonexistent", "list"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "policydiff: no documents/ folder in /nonexistent: not a policy repository\n",
    )


def test_commands_that_need_no_repository_still_run_without_one(tmp_path: Path) -> None:
    """``notice parse`` and ``textconv`` read a file; ``init`` and ``import`` make the repository."""
    (tmp_path / "n.txt").write_text("关于修改《甲》的决定\n一、删去第一条。\n", encoding="utf-8")
    assert run(tmp_path, "notice", "parse", str(tmp_path / "n.txt"))[0] == 0
    assert run(tmp_path, "textconv", str(tmp_path / "n.txt"))[0] == 0
    (tmp_path / "a.txt").write_text("示例办法\n第一条 本办法自公布之日起施行。\n", encoding="utf-8")
    assert run(tmp_path, "import", str(tmp_path / "a.txt"), "--id", "demo")[0] == 0
    assert run(tmp_path / "new", "init", str(tmp_path / "new"))[0] == 0


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    ctx = click.Context(group)  # the top-level group imports a command's module on lookup
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            out += _commands(command, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("placement", ["before", "after"])
def test_root_is_accepted_before_and_after_the_command(tmp_path: Path, placement: str) -> None:
    """Failed on 49a027a: ``policydiff list --root DIR`` was a usage error (no such option)."""
    shutil.copytree(ROOT / "documents" / "fjwy-network-ideology", tmp_path / "documents" / "fjwy-network-ideology")
    args = ["--root", str(tmp_path), "list"] if placement == "before" else ["list", "--root", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "fjwy-network-ideology\t中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法  (45 provisions)  现行有效\n",
        "",
    )


def test_root_after_the_command_wins_over_the_one_before(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(tmp_path / "nowhere"), "list", "--root", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"policydiff: no documents/ folder in {tmp_path}: not a policy repository\n",
    )


@pytest.mark.parametrize("command", _commands(cli), ids=" ".join)
def test_every_command_takes_root(command: tuple[str, ...]) -> None:
    """Failed on 49a027a: the README says every command takes --root, but only the group did."""
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "--root DIRECTORY" in result.stdout
