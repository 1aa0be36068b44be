"""A new policy repository: what ``policydiff init [DIR]`` writes.

The files come from the package's ``templates/scaffold/`` folder (shipped as package
data of ``policydiff.templates``), stored there without their leading dots so that
packaging tools don't skip them:

``documents/.gitkeep``
    the (empty) folder the documents go in;
``.pre-commit-config.yaml``
    a pre-commit hook, ``policydiff-check``, running ``policydiff check``;
``.github/workflows/publish.yml``
    runs ``policydiff check --format github``, builds the site with ``policydiff build`` and
    deploys it to GitHub Pages; it installs ``policydiff==`` the running version;
``.gitattributes``
    ``documents/**/*.yaml diff=policydiff``, so ``git diff`` shows text (with the
    ``git config diff.policydiff.textconv "policydiff textconv"`` line it names);
``.gitignore``
    ``site/`` (what ``policydiff build -o site`` writes) and ``.policydiff/lock``;
``README.md``
    the layout, and how to build, check and publish.

Nothing is ever overwritten. An existing ``README.md`` or ``.gitignore`` (a folder being
made into a policy repository may well have its own) is left as it is and the rest is
written (:attr:`Scaffolded.kept` names them); if any other of these exists, nothing is
written at all. Like every write into a repository, it holds the repository's lock
(:mod:`policydiff.storage.lock`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
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
    (".gitignore", "gitignore"),
    ("README.md", "README.md"),
)

#: The files left as they are when they exist (the others refuse the whole scaffold).
KEPT_IF_PRESENT = frozenset({".gitignore", "README.md"})


@dataclass(frozen=True, slots=True)
class Scaffolded:
    """What :func:`scaffold` did: the files written, and the existing ones it left as they are."""

    written: list[Path]
    kept: list[Path]


#: Replaced in every scaffold file by the running policydiff's version (the workflow installs that one).
VERSION_MARK = "@POLICYDIFF_VERSION@"


def scaffold_text(resource: str) -> str:
    """The text of one scaffold file as written: as shipped in the package, with
    :data:`VERSION_MARK` replaced by this policydiff's version."""
    from policydiff import __version__

    text = (resources.files("policydiff.templates") / "scaffold" / resource).read_text(encoding="utf-8")
    return text.replace(VERSION_MARK, __version__)


def init_repository(path: Path) -> list[Path]:
    """Create a new policy repository in *path* (made if missing); returns the files written
    (:func:`scaffold` also tells the existing README.md and .gitignore it left as they are)."""
    return scaffold(path).written


def scaffold(path: Path) -> Scaffolded:
    """Create a new policy repository in *path* (made if missing).

    Raises :class:`~policydiff.errors.UsageError`, having written nothing, if *path* is
    not a folder or if any file it would write (or a folder on the way to one) exists,
    but for an existing README.md or .gitignore, which is kept as it is.
    """
    if os.path.lexists(path) and not path.is_dir():
        raise UsageError(f"{path} is not a folder")
    with write_lock(path):
        # lexists: a dangling symlink is kept too, never written through.
        kept = [name for name, _ in FILES if name in KEPT_IF_PRESENT and os.path.lexists(path / name)]
        files = [(name, resource) for name, resource in FILES if name not in kept]
        texts = [(path / name, "" if resource is None else scaffold_text(resource)) for name, resource in files]
        existing = [blocker for name, _ in files if (blocker := _existing(path, name)) is not None]
        if existing:
            listed = ", ".join(dict.fromkeys(existing))
            raise UsageError(f"refusing to overwrite existing files in {path}: {listed} (nothing was written)")
        for target, _ in texts:
            refuse_links_out(path, target)
        for target, text in texts:
            atomic_write_text(target, text)
    return Scaffolded([target for target, _ in texts], [path / name for name in kept])


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
