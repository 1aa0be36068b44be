"""Every GitHub workflow, the project's and the one `policydiff init` writes, passes actionlint,
and zizmor finds nothing in it but unpinned actions (README: Publishing, what is left)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
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


def test_zizmor_finds_only_the_unpinned_actions(tmp_path: Path) -> None:
    """Pinning each action to a commit hash is left to do (it needs the hashes of the tags used)."""
    paths = workflows(tmp_path)
    result = subprocess.run(
        [_tool("zizmor"), "--offline", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(result.stdout)
    # One finding per `uses:` of an action: 2 in ci.yml, 5 in each publish workflow, 9 in
    # publish-sharded.yml (3 in the shard job, 5 in the merge, 1 in the deploy), 4 in release.yml.
    assert [f["ident"] for f in findings] == ["unpinned-uses"] * 25
    assert result.returncode == 14  # zizmor: the most severe finding is "high"
