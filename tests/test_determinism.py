"""Determinism: the same input gives byte-identical output for show, diff, render, build, check
--format json and draft, across runs, under different PYTHONHASHSEED values and from a
different working directory (the repository copied elsewhere, and run from outside it).

Each variant is a fresh ``python`` process with its own hash seed that runs every command
(through click, in that process) and writes each output to a file; the test compares bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SLUG = "fjwy-network-ideology"  # the built-in document with an amendment: versions, diff, comparison table

#: The commands, by the name of the file their stdout goes to. ``build`` writes its site to ``site/``.
COMMANDS: dict[str, list[str]] = {
    "show.txt": ["show", SLUG],
    "show-v1.yaml": ["show", SLUG, "--at", "v1", "--format", "yaml"],
    "show.md": ["show", SLUG, "--format", "md"],
    "show.html": ["show", SLUG, "--format", "html"],
    "diff.term": ["diff", SLUG, "v1", "v2", "--no-color"],
    "diff.json": ["diff", SLUG, "v1", "v2", "--format", "json"],
    "diff.md": ["diff", SLUG, "v1", "v2", "--format", "md"],
    "diff.html": ["diff", SLUG, "v1", "v2", "--format", "html"],
    "render-compare.html": ["render", SLUG, "--template", "compare.html.j2", "--at", "v2"],
    "render-redline.html": ["render", SLUG, "--template", "redline.html.j2", "--at", "v2"],
    "render-changelog.md": ["render", SLUG, "--template", "changelog.md.j2"],
    "log.json": ["log", SLUG, "--json"],
    "blame.txt": ["blame", SLUG],
    "check.json": ["check", "--format", "json"],
    "draft.txt": ["draft", SLUG, "v1", "v2"],
    "build.txt": ["build", "-o", "{out}/site", "--quiet"],
}

#: Runs in each variant's process: every command, each output to its file.
DRIVER = r"""
import json, sys
from pathlib import Path
from click.testing import CliRunner
from policydiff.cli import cli

root, out, commands = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
for name, args in commands.items():
    args = [a.replace("{out}", str(out)) for a in args]
    result = CliRunner().invoke(cli, ["--root", root, *args], prog_name="policydiff")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    (out / name).write_bytes(b"%d\n" % result.exit_code + result.stdout_bytes + b"--- stderr\n" + result.stderr_bytes)
"""


def repository(where: Path) -> Path:
    """A policy repository holding the built-in fjwy document with its amendment."""
    shutil.copytree(ROOT / "documents" / SLUG, where / "documents" / SLUG)
    return where


def run_variant(root: str, cwd: Path, out: Path, seed: str) -> subprocess.Popen[bytes]:
    out.mkdir(parents=True)
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    args = [sys.executable, "-c", DRIVER, root, str(out), json.dumps(COMMANDS)]
    return subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    base = tmp_path_factory.mktemp("determinism")
    first = repository(base / "a" / "repo")
    second = repository(base / "elsewhere" / "deeper" / "copy")
    outside = base / "outside"
    outside.mkdir()
    variants = {
        # run in the repository, hash seed 0
        "seed 0": (".", first, "0"),
        # another hash seed, the repository copied to another path
        "seed 1, another copy": (".", second, "1"),
        # a random hash seed, run from outside the repository with --root
        "random seed, from outside": (str(first), outside, "random"),
    }
    procs = {
        name: run_variant(root, cwd, base / "out" / name.replace(" ", "_").replace(",", ""), seed)
        for name, (root, cwd, seed) in variants.items()
    }
    results: dict[str, dict[str, bytes]] = {}
    for name, proc in procs.items():
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode("utf-8", "replace")
        results[name] = tree(base / "out" / name.replace(" ", "_").replace(",", ""))
    return results


def test_every_command_ran(outputs: dict[str, dict[str, bytes]]) -> None:
    files = outputs["seed 0"]
    assert set(COMMANDS) <= set(files)
    assert any(name.startswith("site/") for name in files)
    for name in COMMANDS:
        code, _, rest = files[name].partition(b"\n")
        assert code in (b"0", b"1"), (name, files[name][:300])  # diff exits 1: the versions differ
        assert rest.split(b"--- stderr\n")[0], name  # some output
    assert files["diff.term"].startswith(b"1\n")


@pytest.mark.parametrize("variant", ["seed 1, another copy", "random seed, from outside"])
def test_output_is_byte_identical(outputs: dict[str, dict[str, bytes]], variant: str) -> None:
    reference, other = outputs["seed 0"], outputs[variant]
    assert sorted(other) == sorted(reference)
    different = [name for name in reference if name != "build.txt" and other[name] != reference[name]]
    assert different == []


def test_build_reports_where_it_wrote(outputs: dict[str, dict[str, bytes]]) -> None:
    # build's one line names the output folder, which differs by variant; everything else is equal.
    lines = {out["build.txt"].split(b" in ")[0] for out in outputs.values()}
    assert len(lines) == 1
