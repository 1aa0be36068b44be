"""The GitHub Action (``action.yml``): its composite steps' scripts, run with bash in a policy
repository made in a temporary folder, as the runner runs them.

For a composite action the runner sets no ``INPUT_*`` variables: it substitutes each
``${{ inputs.x }}`` expression (the input's value, or its default) in the step's ``run:`` and
``env:`` before bash sees them, sets ``GITHUB_ACTION_PATH`` to the action's checkout and
``GITHUB_OUTPUT`` to a file where ``name=value`` lines become the step's outputs. This test
does the same. Two steps are not run: ``actions/setup-python`` (the Python is the one running
these tests) and the step that installs policydiff from ``$GITHUB_ACTION_PATH`` (pip from the
network, minutes per test); in their place the ``policydiff`` of this venv, an install of the
same checkout, is first on PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).parent.parent
ACTION: dict[str, Any] = YAML(typ="safe").load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")
BROKEN_LINE = "documents/seed004-part6/document.yaml:2:1: PD102 YAML syntax error: did not find expected ',' or ']'\n"


def substitute(text: str, context: dict[str, str]) -> str:
    """*text* with each ``${{ name }}`` replaced by its value in *context*; any other expression fails."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in context:
            raise AssertionError(f"expression the test does not know: {match.group(0)}")
        return context[name]

    return EXPRESSION.sub(value, text)


def run_action(repo: Path, inputs: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run the action's shell steps in *repo* with *inputs*; the last step's result and the action's outputs."""
    assert set(inputs) <= set(ACTION["inputs"])
    given = {name: inputs.get(name, str(spec.get("default", ""))) for name, spec in ACTION["inputs"].items()}
    context = {f"inputs.{name}": value for name, value in given.items()} | {"github.action_path": str(ROOT)}
    output_file = repo.parent / "github_output"
    output_file.write_text("", encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    base_env = os.environ | {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTION_PATH": str(ROOT),
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_OUTPUT": str(output_file),
        "NO_COLOR": "1",
    }
    step_outputs: dict[str, dict[str, str]] = {}
    result = None
    for step in ACTION["runs"]["steps"]:
        if "uses" in step or step.get("id") == "install":
            continue
        assert step["shell"] == "bash"
        env = base_env | {key: substitute(str(value), context) for key, value in step.get("env", {}).items()}
        # As the runner runs a `shell: bash` step: the script in a file, `bash --noprofile --norc -eo pipefail {0}`.
        script = repo.parent / f"step-{step['id']}.sh"
        script.write_text(substitute(step["run"], context), encoding="utf-8")
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        written = output_file.read_text(encoding="utf-8").splitlines()
        step_outputs[step["id"]] = dict(line.split("=", 1) for line in written)
        output_file.write_text("", encoding="utf-8")
        if result.returncode != 0:
            break
    assert result is not None
    context |= {
        f"steps.{step_id}.outputs.{name}": value
        for step_id, outs in step_outputs.items()
        for name, value in outs.items()
    }
    outputs = {
        name: substitute(spec["value"], context) for name, spec in ACTION["outputs"].items() if result.returncode == 0
    }
    return result, outputs


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A policy repository: the built-in documents/, copied."""
    work = tmp_path / "policies"
    work.mkdir()
    shutil.copytree(ROOT / "documents", work / "documents")
    return work


def test_the_action_is_composite_with_its_inputs_and_output() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {name: spec.get("default") for name, spec in ACTION["inputs"].items()} == {
        "command": "check",
        "args": "",
        "python-version": "3.11",
    }
    assert ACTION["outputs"]["site"]["value"] == "${{ steps.policydiff.outputs.site }}"
    steps = ACTION["runs"]["steps"]
    assert [step.get("uses") or step["id"] for step in steps] == [
        "actions/setup-python@a309ff8b426b58ec0e2a45f0f869d46889d02405",
        "install",
        "policydiff",
    ]
    assert steps[0]["with"] == {"python-version": "${{ inputs.python-version }}"}
    assert steps[1]["run"] == 'python -m pip install --quiet "$GITHUB_ACTION_PATH[search]"'
    # No input is spliced into a script: they reach bash through env:.
    assert [EXPRESSION.findall(step.get("run", "")) for step in steps] == [[], [], []]


def test_build_writes_the_site_and_its_path(repo: Path) -> None:
    result, outputs = run_action(repo, {"command": "build", "args": "--quiet"})
    assert (result.returncode, result.stderr) == (0, "")
    assert (
        result.stdout
        == "built 62 pages for 6 documents in site/ (6 rendered, 0 unchanged; 62 pages written, 0 deleted)\n"
    )
    assert outputs == {"site": "site"}
    assert (repo / "site" / "index.html").is_file()
    assert (repo / "site" / "fjwy-network-ideology" / "index.html").is_file()


@pytest.mark.parametrize(
    "args", ["-o public --quiet", "--quiet --output public", "--output=public --quiet", "-opublic --quiet"]
)
def test_build_reports_the_output_folder_the_args_name(repo: Path, args: str) -> None:
    result, outputs = run_action(repo, {"command": "build", "args": args})
    assert result.returncode == 0
    assert outputs == {"site": "public"}
    assert (repo / "public" / "index.html").is_file()
    assert not (repo / "site").exists()


def test_check_passes_on_the_builtin_documents(repo: Path) -> None:
    result, outputs = run_action(repo, {})  # command defaults to check
    assert (result.returncode, result.stdout) == (0, "")
    assert outputs == {"site": ""}


def test_check_fails_with_exit_1_on_a_broken_repository(repo: Path) -> None:
    (repo / "documents" / "seed004-part6" / "document.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result, outputs = run_action(repo, {"command": "check"})
    assert (result.returncode, result.stdout) == (1, BROKEN_LINE)
    assert result.stderr == "policydiff check: 1 problem in 1 file\n"
    assert outputs == {}


def test_check_passes_args_through(repo: Path) -> None:
    (repo / "documents" / "seed004-part6" / "document.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result, _ = run_action(repo, {"command": "check", "args": "--exit-zero"})
    assert (result.returncode, result.stdout) == (0, BROKEN_LINE)


def test_an_unknown_command_is_refused(repo: Path) -> None:
    result, outputs = run_action(repo, {"command": "serve"})
    assert (result.returncode, result.stdout) == (
        2,
        "::error::policydiff action: command must be check or build, not 'serve'\n",
    )
    assert outputs == {}


def test_an_input_is_never_run_as_shell(repo: Path) -> None:
    result, _ = run_action(repo, {"command": "check", "args": "$(touch pwned) `touch pwned2`"})
    assert result.returncode == 2  # click: the words are paths that do not exist
    assert sorted(p.name for p in repo.iterdir()) == ["documents"]
