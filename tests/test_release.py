"""One version: ``pyproject.toml``'s, equal to ``policydiff.__version__``, to a section of
CHANGELOG.md, to the tags README.md and the scaffold pin, and to the tag being released.

The release workflow (``.github/workflows/release.yml``) runs this file on a pushed tag, where
GitHub sets ``GITHUB_REF_NAME`` to the tag's name; by hand, name the tag as an argument::

    python tests/test_release.py v0.2.0
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path

import pytest

import policydiff

ROOT = Path(__file__).parent.parent
TAG = re.compile(r"v\d+\.\d+\.\d+")


def project_version() -> str:
    """The one version: ``[project] version`` in ``pyproject.toml``."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        version: str = tomllib.load(f)["project"]["version"]
        return version


def tag_mismatch(tag: str, version: str) -> str | None:
    """Why *tag* cannot release *version*, or None when it names it (``v`` + the version)."""
    if not TAG.fullmatch(tag):
        return f"tag {tag!r} is not vX.Y.Z"
    if tag != f"v{version}":
        return f"tag {tag} does not match the version {version} (pyproject.toml)"
    return None


def test_the_package_says_the_version_of_pyproject() -> None:
    assert policydiff.__version__ == project_version()


def test_the_changelog_has_a_dated_section_for_the_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    version = re.escape(project_version())
    assert len(re.findall(rf"^## \[{version}\] - \d{{4}}-\d{{2}}-\d{{2}}$", text, flags=re.M)) == 1
    # A new version is opened above it, empty until work lands.
    assert text.index("## [Unreleased]") < text.index(f"## [{project_version()}]")


def test_readme_and_the_scaffold_pin_the_version() -> None:
    tag = f"v{project_version()}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"rev: (v\d+\.\d+\.\d+)", readme) == [tag]
    assert re.findall(r"policydiff@(v\d+\.\d+\.\d+)", readme) == [tag, tag]
    scaffold = ROOT / "templates" / "scaffold"
    assert re.findall(r"rev: (v\d+\.\d+\.\d+)", (scaffold / "pre-commit-config.yaml").read_text("utf-8")) == [tag]
    # The scaffold's workflow installs the version `init` runs with (written in by init, tested in test_scaffold).
    publish = (scaffold / "publish.yml").read_text("utf-8")
    assert re.findall(r"policydiff\[search\]==(\S+)\"", publish) == ["@POLICYDIFF_VERSION@"]


def test_tag_mismatch() -> None:
    assert tag_mismatch("v0.2.0", "0.2.0") is None
    assert tag_mismatch("v0.1.0", "0.2.0") == "tag v0.1.0 does not match the version 0.2.0 (pyproject.toml)"
    assert tag_mismatch("0.2.0", "0.2.0") == "tag '0.2.0' is not vX.Y.Z"
    assert tag_mismatch("v1", "0.2.0") == "tag 'v1' is not vX.Y.Z"


def test_the_tag_being_released_names_the_version() -> None:
    """On a push of a tag vX.Y.Z (``GITHUB_REF_TYPE=tag``), ``GITHUB_REF_NAME`` must be ``v`` + the version.

    Other tags (the action's moving ``v1``) release nothing and are not checked.
    """
    if os.environ.get("GITHUB_REF_TYPE") != "tag" or not TAG.fullmatch(os.environ.get("GITHUB_REF_NAME", "")):
        pytest.skip("not a push of a tag vX.Y.Z (GITHUB_REF_TYPE, GITHUB_REF_NAME)")
    assert tag_mismatch(os.environ["GITHUB_REF_NAME"], project_version()) is None


if __name__ == "__main__":
    given = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("GITHUB_REF_NAME", "")
    problem = tag_mismatch(given, project_version())
    if problem is not None:
        sys.exit(f"error: {problem}")
    print(f"tag {given} matches the version {project_version()}")
