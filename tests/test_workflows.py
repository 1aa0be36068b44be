"""Every GitHub workflow, the project's and the one `policydiff init` writes, and the composite
action passes actionlint and zizmor, and pins each action to one commit (README: Publishing)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from policydiff.app.scaffold import init_repository

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (the test extra installs it)")
    return found


def workflows(tmp_path: Path) -> list[Path]:
    """The project's workflows and the scaffold's publish.yml as `init` writes it."""
    init_repository(tmp_path / "scaffold")
    return [
        *sorted((ROOT / ".github" / "workflows").glob("*.yml")),
        tmp_path / "scaffold/.github/workflows/publish.yml",
    ]


def test_actionlint_finds_nothing(tmp_path: Path) -> None:
    paths = workflows(tmp_path)
    result = subprocess.run(
        [_tool("actionlint"), "-no-color", *map(str, paths)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_zizmor_finds_nothing(tmp_path: Path) -> None:
    paths = [*workflows(tmp_path), ROOT / "action.yml", ROOT / ".github" / "dependabot.yml"]
    result = subprocess.run(
        [_tool("zizmor"), "--offline", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (json.loads(result.stdout), result.returncode) == ([], 0)


USES = re.compile(r"^\s*(?:- )?uses: (?P<action>[\w.-]+/[\w./-]+)@(?P<ref>\S+)(?P<comment>.*)$", re.M)
PINNED = re.compile(r"[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"  # v\d+\.\d+\.\d+")


def test_every_action_is_pinned_to_one_commit_with_its_version(tmp_path: Path) -> None:
    """GitHub's hardening guide: a tag can be moved, a commit cannot. The version in the comment
    is what Dependabot (.github/dependabot.yml) reads and rewrites with the hash."""
    pins: dict[str, set[str]] = defaultdict(set)
    for path in [*workflows(tmp_path), ROOT / "action.yml"]:
        for use in USES.finditer(path.read_text(encoding="utf-8")):
            assert PINNED.fullmatch(use["ref"]), f"{path.name}: {use[0].strip()}"
            assert VERSION_COMMENT.fullmatch(use["comment"]), f"{path.name}: {use[0].strip()}"
            pins[use["action"]].add(use["ref"] + use["comment"])
    assert {action: len(refs) for action, refs in pins.items()} == {
        "actions/checkout": 1,
        "actions/setup-python": 1,
        "actions/configure-pages": 1,
        "actions/upload-pages-artifact": 1,
        "actions/deploy-pages": 1,
        "actions/upload-artifact": 1,
        "actions/download-artifact": 1,
    }


def test_ci_runs_on_branches_and_pull_requests_not_on_tags() -> None:
    """A release tag runs release.yml, which tests the built wheel; ci.yml need not run again."""
    text = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert 'on:\n  push:\n    branches: ["**"]\n  pull_request:\n' in text
