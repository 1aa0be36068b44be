"""`init_repository`: a new policy repository, never written over an existing one."""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from policydiff import __version__
from policydiff.app.scaffold import FILES, VERSION_MARK, init_repository, scaffold, scaffold_text
from policydiff.errors import UsageError
from tests.test_cli import run

ROOT = Path(__file__).parent.parent
WRITTEN = [
    "documents/.gitkeep",
    ".pre-commit-config.yaml",
    ".github/workflows/publish.yml",
    ".gitattributes",
    ".gitignore",
    "README.md",
]
#: The publish workflows: the project's own, and the one `init` writes.
WORKFLOWS = ["project", "scaffold"]
#: Left as they are when they exist; any other existing file refuses the scaffold.
KEPT = [".gitignore", "README.md"]


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink())


def _yaml(text: str) -> Any:
    return YAML(typ="safe").load(text)


def _workflow_text(workflow: str) -> str:
    if workflow == "project":
        return (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    return scaffold_text("publish.yml")


def test_init_writes_the_layout_and_returns_the_files(tmp_path: Path) -> None:
    target = tmp_path / "policies"
    written = init_repository(target)
    assert [p.relative_to(target).as_posix() for p in written] == WRITTEN
    assert _files(target) == sorted(WRITTEN)
    assert (target / "documents" / ".gitkeep").read_bytes() == b""
    assert (target / "README.md").read_text(encoding="utf-8") == (ROOT / "templates/scaffold/README.md").read_text(
        encoding="utf-8"
    )
    assert "documents/<slug>/document.yaml" in (target / "README.md").read_text(encoding="utf-8")


def test_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    assert [p.relative_to(tmp_path).as_posix() for p in init_repository(tmp_path)] == WRITTEN


def test_init_keeps_unrelated_files_and_an_existing_documents_folder(tmp_path: Path) -> None:
    (tmp_path / "documents" / "a").mkdir(parents=True)
    (tmp_path / "documents" / "a" / "document.yaml").write_text("x\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("keep\n", encoding="utf-8")
    init_repository(tmp_path)
    assert (tmp_path / "documents" / "a" / "document.yaml").read_text(encoding="utf-8") == "x\n"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep\n"


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("mine\n", encoding="utf-8")
    (tmp_path / ".gitattributes").write_text("mine\n", encoding="utf-8")
    (tmp_path / ".github").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(UsageError) as info:
        init_repository(tmp_path)
    assert (
        str(info.value)
        == f"refusing to overwrite existing files in {tmp_path}: .github, .gitattributes (nothing was written)"
    )
    assert info.value.exit_code == 2
    assert _files(tmp_path) == [".gitattributes", ".github", "README.md"]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "mine\n"


def test_init_refuses_each_existing_file(tmp_path: Path) -> None:
    for name in [name for name in WRITTEN if name not in KEPT]:
        root = tmp_path / name.replace("/", "_")
        (root / name).parent.mkdir(parents=True)
        (root / name).write_text("old\n", encoding="utf-8")
        with pytest.raises(UsageError, match=rf"^refusing to overwrite existing files in .*: {re.escape(name)} "):
            init_repository(root)
        assert _files(root) == [name]


def test_init_refuses_a_dangling_symlink(tmp_path: Path) -> None:
    (tmp_path / ".gitattributes").symlink_to(tmp_path / "nowhere")
    with pytest.raises(UsageError, match=r"\.gitattributes"):
        init_repository(tmp_path)
    assert not (tmp_path / "nowhere").exists()


def test_init_keeps_a_dangling_symlink_readme_and_writes_nothing_through_it(tmp_path: Path) -> None:
    (tmp_path / "README.md").symlink_to(tmp_path / "nowhere")
    done = scaffold(tmp_path)
    assert done.kept == [tmp_path / "README.md"]
    assert [p.relative_to(tmp_path).as_posix() for p in done.written] == [n for n in WRITTEN if n != "README.md"]
    assert (tmp_path / "README.md").is_symlink()
    assert not (tmp_path / "nowhere").exists()


def test_init_writes_the_gitignore_and_a_readme_on_building_checking_publishing(tmp_path: Path) -> None:
    init_repository(tmp_path)
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == (
        "# The static site that `policydiff build -o site` writes\n"
        "site/\n"
        "# The write lock a policydiff command holds while it changes the repository\n"
        ".policydiff/lock\n"
    )
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    headings = [line for line in readme.splitlines() if line.startswith("#")]
    assert headings == [
        "# Policy repository", "## Layout", "## Everyday commands", "## Building", "## Publishing",
        "## Checks before each commit",
    ]  # fmt: skip
    for command in ("policydiff build -o site", "policydiff check", "pre-commit install"):
        assert command in readme, command


def test_init_leaves_an_existing_readme_and_gitignore_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Our rules\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("*.bak\n", encoding="utf-8")
    code, out, err = run(tmp_path, "init", str(tmp_path))
    assert (code, out, err) == (
        0,
        f"created 4 files in {tmp_path}/: documents/.gitkeep, .pre-commit-config.yaml, "
        ".github/workflows/publish.yml, .gitattributes\n",
        "policydiff: .gitignore exists: left as it is\npolicydiff: README.md exists: left as it is\n",
    )
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# Our rules\n"
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.bak\n"
    assert _files(tmp_path) == sorted([*WRITTEN])


def test_init_cli_lists_the_files_written(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "init", str(tmp_path / "new"))
    assert (code, err) == (0, "")
    assert out == f"created 6 files in {tmp_path / 'new'}/: {', '.join(WRITTEN)}\n"


def test_init_refuses_a_file_as_the_target(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError) as info:
        init_repository(tmp_path / "file")
    assert str(info.value) == f"{tmp_path / 'file'} is not a folder"


def test_init_leaves_no_temporary_files(tmp_path: Path) -> None:
    init_repository(tmp_path)
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_pre_commit_hook_runs_policydiff_check() -> None:
    config = _yaml(scaffold_text("pre-commit-config.yaml"))
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local"
    assert hook["id"] == "policydiff-check"
    assert hook["entry"] == "policydiff check --staged"
    assert (hook["pass_filenames"], hook["always_run"], hook["files"]) == (True, True, "^(documents|notices)/")
    text = scaffold_text("pre-commit-config.yaml")
    assert "TODO: policydiff's git URL" in text
    assert "TODO: the policydiff release tag" in text


def test_scaffold_workflow_is_the_project_workflow_but_for_the_install_line() -> None:
    ours = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8").splitlines()
    scaffold = scaffold_text("publish.yml").splitlines()
    install = ours.index('        run: pip install ".[search]"')
    assert scaffold[:install] == ours[:install]
    assert scaffold[install + 2 :] == ours[install + 1 :]
    assert scaffold[install : install + 2] == [
        "        # The policydiff version `policydiff init` was run with: raise it to upgrade.",
        f'        run: pip install "policydiff[search]=={__version__}"',
    ]


def test_init_writes_the_workflow_pinned_to_this_version_with_no_placeholder(tmp_path: Path) -> None:
    init_repository(tmp_path)
    text = (tmp_path / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    steps = _yaml(text)["jobs"]["build"]["steps"]
    assert steps[2] == {"name": "Install policydiff", "run": f'pip install "policydiff[search]=={__version__}"'}
    for placeholder in ("TODO", "example.invalid", "REPLACE", VERSION_MARK, "@POLICYDIFF"):
        assert placeholder not in text, placeholder
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "TODO" not in readme


def test_publish_workflow_builds_and_deploys_to_pages() -> None:
    text = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    workflow = _yaml(text)
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["permissions"] == {}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert build["steps"][0]["with"] == {"persist-credentials": False}
    uses = [step.get("uses") for step in build["steps"]]
    assert uses == [
        "actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd",
        "actions/setup-python@a309ff8b426b58ec0e2a45f0f869d46889d02405",
        None, None, None,
        "actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b",
        "actions/upload-pages-artifact@7b1f4a764d45c48632c6b24a0339c27f5614fb0b",
    ]  # fmt: skip
    assert build["steps"][1]["with"] == {"python-version": "3.11"}
    assert [(step.get("name"), step.get("run")) for step in build["steps"]][2:5] == [
        ("Install policydiff", 'pip install ".[search]"'),
        ("Check the documents", "policydiff check --format github"),
        ("Build the site", "policydiff build -o site --search"),
    ]
    assert build["steps"][-1]["with"] == {"path": "site"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"] == "actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e"


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_no_step_or_job_of_a_publish_workflow_runs_after_a_failure(workflow: str) -> None:
    """A failed check stops the build job, and deploy needs it: nothing may run `if: always()`."""
    text = _workflow_text(workflow)
    jobs = _yaml(text)["jobs"]
    conditions = [job.get("if") for job in jobs.values()]
    conditions += [step.get("if") for job in jobs.values() for step in job.get("steps", [])]
    assert conditions == [None] * len(conditions)
    assert "always()" not in text and "continue-on-error" not in text


def _step_scripts(workflow: str) -> tuple[str, str]:
    """The `run:` scripts of the check and build steps of *workflow*, as ruamel reads them."""
    steps = YAML(typ="rt").load(_workflow_text(workflow))["jobs"]["build"]["steps"]
    runs = {step.get("name"): step.get("run") for step in steps}
    return runs["Check the documents"], runs["Build the site"]


def _run_steps(scripts: tuple[str, str], root: Path) -> list[subprocess.CompletedProcess[str]]:
    """Run the scripts one after the other with bash in *root*, as the runner does: stop at the first failure."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = []
    for script in scripts:
        # --search needs Pagefind (the test extra has it); the runner's steps are `bash -e {0}`.
        result = subprocess.run(
            ["bash", "-e", "-c", script], cwd=root, env=env, capture_output=True, text=True, check=False
        )
        done.append(result)
        if result.returncode != 0:
            break
    return done


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_the_workflow_check_step_stops_a_broken_repository_before_the_build(workflow: str, tmp_path: Path) -> None:
    from tests.test_check import broken

    root = broken(tmp_path, "gap")
    (check,) = _run_steps(_step_scripts(workflow), root)
    assert (check.returncode, check.stdout, check.stderr) == (
        1,
        "::error file=documents/demo/document.yaml,line=71,col=9,title=PD301::"
        "numbering gap: 第七条 follows 第五条; 第六条 is missing\n",
        "policydiff check: 1 problem in 1 file\n",
    )
    assert not (root / "site").exists()


@pytest.mark.parametrize("workflow", WORKFLOWS)
def test_the_workflow_check_and_build_steps_build_a_clean_repository(workflow: str, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "documents" / "fjwy-network-ideology", root / "documents" / "fjwy-network-ideology")
    check, build = _run_steps(_step_scripts(workflow), root)
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "")
    assert (build.returncode, build.stdout, build.stderr) == (
        0,
        "built 12 pages for 1 document in site/ (1 rendered, 0 unchanged; 12 pages written, 0 deleted)\n"
        "indexed for search in site/pagefind/ (14 files, 578 KiB)\n",
        "",
    )
    assert (root / "site" / "fjwy-network-ideology" / "index.html").is_file()


def test_scaffold_files_ship_in_the_package() -> None:
    """Every scaffold resource matches a package-data pattern of policydiff.templates."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["policydiff.templates"]
    shipped = sorted(p.name for p in (ROOT / "templates" / "scaffold").iterdir())
    assert shipped == sorted(resource for _, resource in FILES if resource is not None)
    for name in shipped:
        assert any(fnmatch.fnmatch(f"scaffold/{name}", pattern) for pattern in patterns), name


def test_gitattributes_routes_documents_through_textconv(tmp_path: Path) -> None:
    init_repository(tmp_path)
    lines = (tmp_path / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "documents/**/*.yaml diff=policydiff"


def test_written_files_are_readable_by_others(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        paths = init_repository(tmp_path / "new")
    finally:
        os.umask(old)
    assert {oct(p.stat().st_mode & 0o777) for p in paths} == {"0o644"}
