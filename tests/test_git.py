"""Git integration with real git and real pre-commit, in temporary repositories.

- The pre-commit hook refuses a commit that leaves a numbering gap (naming file:line and the
  code), lets the fix through, and refuses a notice whose quoted text no longer occurs
  (naming the item). The hook runs the policydiff of this environment (``repo: local``,
  ``language: system``): no network.
- The hook this repository declares in .pre-commit-hooks.yaml (``language: python``)
  installs and runs from a snapshot of the working tree; pre-commit installs policydiff
  and its dependencies with pip, as it does for users; ``pre-commit try-repo`` does the same
  from a local clone at the release tag.
- With the textconv driver configured, ``git log -p`` shows provisions, not YAML.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PROJECT = Path(__file__).parent.parent
BASE = FIXTURES / "check" / "base" / "documents"
DOCUMENT = "documents/demo/document.yaml"
NOTICE = "documents/demo/events/001-amend"
BIN = str(Path(sys.executable).parent)

LOCAL_HOOK = """repos:
  - repo: local
    hooks:
      - id: policydiff-check
        name: policydiff check
        entry: policydiff check
        language: system
        pass_filenames: false
        files: ^documents/
        require_serial: true
"""


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never",
    }  # fmt: skip
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check)


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env={**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
             "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")},
        capture_output=True,
        text=True,
    )  # fmt: skip


def new_repo(path: Path, config: str | None = None) -> Path:
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    shutil.copytree(BASE, path / "documents")
    if config is not None:
        (path / ".pre-commit-config.yaml").write_text(config, "utf-8")
        result = pre_commit(path, "install")
        assert result.returncode == 0, result.stdout + result.stderr
    git(path, "add", "-A")
    return path


def edit(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def commit(repo: Path, message: str) -> tuple[int, str]:
    """Commit everything; the exit code and what git and the hook printed (hooks print on stderr)."""
    git(repo, "add", "-A")
    result = git(repo, "commit", "-q", "-m", message, check=False)
    return result.returncode, result.stdout + result.stderr


def test_the_hook_rejects_a_numbering_gap_then_a_broken_notice(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "policies", LOCAL_HOOK)
    assert commit(repo, "enact")[0] == 0

    edit(repo, DOCUMENT, "本单位的示例管理", "本机关的示例管理")  # a change to commit, with a gap
    edit(repo, DOCUMENT, "        num: 6\n", "        num: 7\n")
    edit(repo, DOCUMENT, "本办法第六条", "本办法第七条")
    code, out = commit(repo, "a gap")
    assert code != 0
    assert "documents/demo/document.yaml:71:9: PD301 numbering gap: 第七条 follows 第五条; 第六条 is missing" in out

    edit(repo, DOCUMENT, "        num: 7\n", "        num: 6\n")
    edit(repo, DOCUMENT, "本办法第七条", "本办法第六条")
    assert commit(repo, "the same change, numbered") == (0, f"policydiff check{'.' * 57}Passed\n")

    for name in (f"{NOTICE}/notice.txt", f"{NOTICE}/notice.yaml"):
        edit(repo, name, "“每半年”", "“每季度”")
    edit(repo, f"{NOTICE}/notice.yaml", "old: 每半年", "old: 每季度")
    code, out = commit(repo, "a notice whose quoted text does not occur")
    assert code != 0
    assert (
        "documents/demo/events/001-amend/notice.yaml:16:5: PD501 event 001-amend does not replay: "
        "item 1: 第四条第二款: “每季度” not found in the text"
    ) in out
    assert git(repo, "log", "--format=%s").stdout.splitlines() == ["the same change, numbered", "enact"]


def working_tree_snapshot(path: Path) -> Path:
    """The project as it stands (committed or not) in a git repository of its own, for pre-commit."""
    path.mkdir()
    for name in ("src", "templates"):
        shutil.copytree(PROJECT / name, path / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(PROJECT / name, path / name)
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "snapshot")
    return path


def test_the_declared_hook_installs_and_runs(tmp_path: Path) -> None:
    hooks = working_tree_snapshot(tmp_path / "policydiff")
    rev = git(hooks, "rev-parse", "HEAD").stdout.strip()
    config = f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: policydiff-check\n"
    repo = new_repo(tmp_path / "policies", config)
    ok = pre_commit(repo, "run", "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    edit(repo, DOCUMENT, "            num: 3\n", "            num: 4\n")
    code, out = commit(repo, "a gap in the items")
    assert code != 0
    assert (
        "documents/demo/document.yaml:45:13: PD301 in 第三条: numbering gap: （四） follows （二）; （三） is missing"
        in out
    )


def release_tag() -> str:
    """The tag of the version in pyproject.toml (README: Releases), as `git tag` makes it."""
    text = (PROJECT / "pyproject.toml").read_text("utf-8")
    match = re.search(r'^version = "([^"]+)"$', text, flags=re.M)
    assert match is not None
    return f"v{match[1]}"


def test_try_repo_at_the_release_tag(tmp_path: Path) -> None:
    """What a user runs before pinning ``rev:`` to the tag: ``pre-commit try-repo`` on a local
    clone of the project, at the tag. pre-commit installs the hook from the tag's commit."""
    tag = release_tag()
    if git(PROJECT, "rev-parse", "-q", "--verify", f"refs/tags/{tag}^{{commit}}", check=False).returncode:
        pytest.skip(f"this checkout has no tag {tag} (a clone made without tags, or an sdist)")
    clone = tmp_path / "policydiff"
    git(tmp_path, "clone", "-q", "--no-checkout", PROJECT.as_posix(), clone.as_posix())
    repo = new_repo(tmp_path / "policies")
    ok = pre_commit(repo, "try-repo", clone.as_posix(), "policydiff-check", "--ref", tag, "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"^policydiff check\.+Passed$", ok.stdout, flags=re.M), ok.stdout
    edit(repo, DOCUMENT, "            num: 3\n", "            num: 4\n")
    git(repo, "add", DOCUMENT)
    bad = pre_commit(repo, "try-repo", clone.as_posix(), "policydiff-check", "--ref", tag, "--files", DOCUMENT)
    assert bad.returncode == 1
    assert (
        "documents/demo/document.yaml:45:13: PD301 in 第三条: numbering gap: （四） follows （二）; （三） is missing"
        in bad.stdout
    )


def test_git_log_shows_the_changed_provision_through_textconv(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "policies")
    (repo / ".gitattributes").write_text("documents/**/*.yaml diff=policydiff\n", "utf-8")
    git(repo, "config", "diff.policydiff.textconv", "policydiff textconv")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "enact")
    edit(repo, DOCUMENT, "管理部门应当每半年报告一次工作情况。", "管理部门应当每季度报告一次工作情况。")
    git(repo, "commit", "-q", "-am", "quarterly")
    log = git(repo, "log", "-p", "-1", "--", DOCUMENT).stdout
    assert "-管理部门应当每半年报告一次工作情况。\n+管理部门应当每季度报告一次工作情况。\n" in log
    assert "text:" not in log  # the diff is of provisions, not of YAML
    notice = git(repo, "log", "-p", "--", f"{NOTICE}/notice.yaml").stdout
    assert "+1.将第四条第二款中的“每半年”修改为“每年”。\n" in notice


def test_the_scaffold_hook_checks_the_staged_documents_only(tmp_path: Path) -> None:
    """`policydiff init`'s hook passes the staged files: an unstaged gap in document a does not
    stop a commit of document b; once staged, it does, naming its line."""
    repo = tmp_path / "policies"
    run = {"cwd": tmp_path, "capture_output": True, "text": True, "check": True}
    subprocess.run([f"{BIN}/policydiff", "init", str(repo)], **run)  # type: ignore[call-overload]
    git(repo, "init", "-q", "-b", "main")
    sources = [str(FIXTURES / "instruments" / f"{name}.txt") for name in "ab"]
    policydiff = [f"{BIN}/policydiff", "--root", str(repo)]
    subprocess.run([*policydiff, "import", *sources, "--date", "2020-01-01", "--jobs", "1"], **run)  # type: ignore[call-overload]
    assert pre_commit(repo, "install").returncode == 0
    assert commit(repo, "enact")[0] == 0

    edit(repo, "documents/a/document.yaml", "num: 2\n", "num: 3\n")  # a gap, not staged
    edit(repo, "documents/b/document.yaml", "本办法自发布之日起施行", "本办法自印发之日起施行")
    git(repo, "add", "documents/b/document.yaml")
    staged = git(repo, "diff", "--cached", "--name-only").stdout.split()
    assert staged == ["documents/b/document.yaml"]
    # The hook's command on the staged files, in the working tree where a's gap is: b alone is checked.
    hook = subprocess.run([*policydiff, "check", *(str(repo / p) for p in staged)], capture_output=True, text=True)
    assert (hook.returncode, hook.stdout, hook.stderr) == (0, "", "")
    result = git(repo, "commit", "-q", "-m", "b: from its issue", check=False)
    stash = str(tmp_path / "pre-commit-home" / "patch")
    out = re.sub(re.escape(stash) + r"[0-9-]+", "PATCH", result.stdout + result.stderr)
    assert (result.returncode, out) == (
        0,
        "[WARNING] Unstaged files detected.\n"
        "[INFO] Stashing unstaged files to PATCH.\n"
        f"policydiff check{'.' * 57}Passed\n"
        "[INFO] Restored changes from PATCH.\n",
    )

    git(repo, "add", "documents/a/document.yaml")
    result = git(repo, "commit", "-q", "-m", "a: a gap", check=False)
    assert (result.returncode, result.stdout + result.stderr) == (
        1,
        f"policydiff check{'.' * 57}Failed\n- hook id: policydiff-check\n- exit code: 1\n\n"
        "documents/a/document.yaml:23:5: PD301 numbering gap: 第三条 follows 第一条; 第二条 is missing\n"
        "policydiff check: 1 problem in 1 file\n\n",
    )
    assert git(repo, "log", "--format=%s").stdout.splitlines() == ["b: from its issue", "enact"]
    git(repo, "checkout", "--", "documents/a/document.yaml")
    git(repo, "reset", "-q")
    git(repo, "checkout", "--", "documents/a/document.yaml")

    # A decision's part applied to a, then a commit that deletes only its folder: no file is
    # passed, yet the hook runs (always_run) and names the event left applying nothing.
    subprocess.run([*policydiff, "apply", "a", str(FIXTURES / "instruments" / "three.txt")], **run)  # type: ignore[call-overload]
    assert commit(repo, "a: amended")[0] == 0
    (notice,) = (repo / "notices").iterdir()
    shutil.rmtree(notice)
    result = git(repo, "commit", "-q", "-am", "drop the decision", check=False)
    assert (result.returncode, result.stdout + result.stderr) == (
        1,
        f"policydiff check{'.' * 57}Failed\n- hook id: policydiff-check\n- exit code: 1\n\n"
        f"documents/a/events/001-amend/event.yaml:3:1: PD104 001-amend applies notices/{notice.name}/part-1.yaml, "
        "which is missing\npolicydiff check: 1 problem in 1 file\n\n",
    )
