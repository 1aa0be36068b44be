"""`init_repository`: a new policy repository, never written over an existing one."""

from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from policydiff.app.scaffold import FILES, init_repository, scaffold, scaffold_text
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
#: Left as they are when they exist; any other existing file refuses the scaffold.
KEPT = [".gitignore", "README.md"]


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink())


def _yaml(text: str) -> Any:
    return YAML(typ="safe").load(text)


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
    assert hook["entry"] == "policydiff check"
    assert (hook["pass_filenames"], hook["files"]) == (True, "^(documents|notices)/")
    text = scaffold_text("pre-commit-config.yaml")
    assert "TODO: policydiff's git URL" in text
    assert "TODO: the policydiff release tag" in text


def test_scaffold_workflow_is_the_project_workflow_but_for_the_install_line() -> None:
    ours = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8").splitlines()
    scaffold = scaffold_text("publish.yml").splitlines()
    install = ours.index('        run: pip install ".[search]"')
    assert scaffold[:install] == ours[:install]
    assert scaffold[install + 2 :] == ours[install + 1 :]
    assert scaffold[install].strip().startswith("# TODO: policydiff's git URL")
    assert scaffold[install + 1].startswith('        run: pip install "policydiff[search] @ git+')


def test_publish_workflow_builds_and_deploys_to_pages() -> None:
    text = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    workflow = _yaml(text)
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses") for step in build["steps"]]
    assert uses == [
        "actions/checkout@v7", "actions/setup-python@v7", None, None, "actions/configure-pages@v6",
        "actions/upload-pages-artifact@v5",
    ]  # fmt: skip
    assert build["steps"][1]["with"] == {"python-version": "3.11"}
    assert [step.get("run") for step in build["steps"]][2:4] == [
        'pip install ".[search]"',
        "policydiff build -o site --search",
    ]
    assert build["steps"][-1]["with"] == {"path": "site"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"] == "actions/deploy-pages@v5"
    assert "#   run: policydiff check" in text


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
