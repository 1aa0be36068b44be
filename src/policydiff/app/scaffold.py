"""A new policy repository: what ``policydiff init [DIR]`` writes.

The files come from the package's ``templates/scaffold/`` folder (shipped as package
data of ``policydiff.templates``), stored there without their leading dots so that
packaging tools don't skip them:

``documents/.gitkeep``
    the (empty) folder the documents go in;
``.pre-commit-config.yaml``
    a pre-commit hook, ``policydiff-check``, running ``policydiff check``;
``.github/workflows/publish.yml``
    builds the site with ``policydiff build`` and deploys it to GitHub Pages;
``.gitattributes``
    ``documents/**/*.yaml diff=policydiff``, so ``git diff`` shows text (with the
    ``git config diff.policydiff.textconv "policydiff textconv"`` line it names);
``README.md``
    the layout and the everyday commands.

Nothing is ever overwritten: if any of these exists, nothing is written at all. Like
every write into a repository, it holds the repository's lock (:mod:`policydiff.storage.lock`).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path, PurePosixPath

from policydiff.errors import UsageError
from policydiff.storage.fsutil import atomic_write_text, refuse_links_out
from policydiff.storage.lock import write_lock

#: (path written, relative to the new repository; resource in templates/scaffold/, or None for an empty file)
FILES: tuple[tuple[str, str | None], ...] = (
    ("documents/.gitkeep", None),
    (".pre-commit-config.yaml", "pre-commit-config.yaml"),
    (".github/workflows/publish.yml", "publish.yml"),
    (".gitattributes", "gitattributes"),
    ("README.md", "README.md"),
)


def scaffold_text(resource: str) -> str:
    """The text of one scaffold file as shipped in the package."""
    return (resources.files("policydiff.templates") / "scaffold" / resource).read_text(encoding="utf-8")


def init_repository(path: Path) -> list[Path]:
    """Create a new policy repository in *path* (made if missing); returns the files written.

    Raises :class:`~policydiff.errors.UsageError`, having written nothing, if *path* is
    not a folder or if any file it would write (or a folder on the way to one) exists.
    """
    if os.path.lexists(path) and not path.is_dir():
        raise UsageError(f"{path} is not a folder")
    texts = [(path / name, "" if resource is None else scaffold_text(resource)) for name, resource in FILES]
    with write_lock(path):
        existing = [blocker for name, _ in FILES if (blocker := _existing(path, name)) is not None]
        if existing:
            listed = ", ".join(dict.fromkeys(existing))
            raise UsageError(f"refusing to overwrite existing files in {path}: {listed} (nothing was written)")
        for target, _ in texts:
            refuse_links_out(path, target)
        for target, text in texts:
            atomic_write_text(target, text)
    return [target for target, _ in texts]


def _existing(root: Path, name: str) -> str | None:
    """What stands in the way of writing *name* under *root*: the file itself, or a non-folder on its way."""
    parts = PurePosixPath(name).parts
    for depth in range(1, len(parts) + 1):
        here = root.joinpath(*parts[:depth])
        last = depth == len(parts)
        # lexists: a dangling symlink is in the way too (os.replace would replace the link).
        if os.path.lexists(here) and (last or not here.is_dir()):
            return "/".join(parts[:depth])
    return None
