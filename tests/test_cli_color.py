"""Colour on the command line: ``--color auto|always|never`` and NO_COLOR (no-color.org)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policydiff.cli.base import use_color
from tests.conftest import FIXTURES
from tests.test_cli import run

ROOT = Path(__file__).parent.parent
FJWY = "fjwy-network-ideology"


@pytest.mark.parametrize(("no_color", "expected"), [(None, True), ("", True), ("1", False), ("0", False)])
def test_auto_colours_a_terminal_unless_no_color_is_non_empty(
    monkeypatch: pytest.MonkeyPatch, no_color: str | None, expected: bool
) -> None:
    """Failed on 49a027a: ``NO_COLOR=`` (set but empty) disabled colour; no-color.org says only a
    non-empty value does."""
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert use_color("auto", terminal=True) is expected
    assert use_color("auto", terminal=False) is False
    assert (use_color("always", terminal=False), use_color("never", terminal=True)) == (True, False)


@pytest.fixture(scope="module")
def builtin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "documents" / FJWY, root / "documents" / FJWY)
    return root


def test_diff_color_always_colours_a_pipe(builtin: Path) -> None:
    """Failed on 49a027a: there was no way to force colour into a pager (``| less -R``)."""
    code, out, _ = run(builtin, "diff", FJWY, "v1", "v2", "--color", "always")
    assert code == 1
    assert out.splitlines()[4] == "\x1b[1;33m修改\x1b[0m          \x1b[1m三、（二）第1段\x1b[0m"
    assert "\x1b[31;9m半\x1b[0m" in out


@pytest.mark.parametrize("args", [[], ["--color", "never"], ["--color", "auto"], ["--no-color"]])
def test_diff_without_a_terminal_or_with_never_is_plain(builtin: Path, args: list[str]) -> None:
    code, out, _ = run(builtin, "diff", FJWY, "2021-03-12", "2021-05-21", *args)
    assert (code, out) == (1, (FIXTURES / "diff" / "fjwy.txt").read_text(encoding="utf-8"))


def test_apply_color_always_colours_the_redline(tmp_path: Path) -> None:
    """Failed on 49a027a: apply's redline coloured only a terminal, and ``NO_COLOR=`` turned it off."""
    (tmp_path / "a.txt").write_text(
        "示例办法\n第一条 本办法适用于甲。\n第二条 本办法自公布之日起施行。\n", encoding="utf-8"
    )
    (tmp_path / "n.txt").write_text("关于修改《示例办法》的决定\n一、将第一条中的“甲”修改为“乙”。\n", encoding="utf-8")
    assert run(tmp_path, "import", str(tmp_path / "a.txt"), "--id", "demo", "--date", "2021-01-01")[0] == 0
    notice = str(tmp_path / "n.txt")
    redline = "  第一条 本办法适用于{}。"
    coloured = redline.format("\x1b[31m[-甲-]\x1b[0m\x1b[32m{+乙+}\x1b[0m")
    plain = redline.format("[-甲-]{+乙+}")
    for args, line in ((["--color", "always"], coloured), (["--color", "never"], plain), ([], plain)):
        assert run(tmp_path, "apply", "demo", notice, "--dry-run", *args) == (
            0,
            f"item 一: 第一条\n{line}\nwould apply 1 item to demo\n",
            "",
        )
