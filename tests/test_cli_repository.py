"""Commands that need a policy repository refuse a folder without documents/, in one line."""

from __future__ import annotations

from pathlib import Path

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
