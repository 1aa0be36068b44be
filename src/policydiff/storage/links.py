"""Links out of a repository, refused: apart from :mod:`.fsutil` (which imports ``shutil`` and
``tempfile``, some 3 ms), since reading a document checks its folder too (a warm ``diff``)."""

from __future__ import annotations

import os
from pathlib import Path

from policydiff.errors import UsageError


def refuse_links_out(root: Path, path: Path) -> None:
    """Raise :class:`UsageError` (exit 2) if a folder or file on the way from *root* to *path*
    is a symbolic link that leaves *root* (``documents -> /tmp/docs``), so that a write to *path*
    would land outside the repository. *path* is *root* joined with a relative path."""
    real_root = root.resolve()
    here = root
    for part in path.relative_to(root).parts:
        here = here / part
        if not os.path.lexists(here):
            return  # what does not exist yet is made inside
        if not here.resolve().is_relative_to(real_root):
            raise UsageError(f"{here.relative_to(root).as_posix()} is a link out of the repository")
