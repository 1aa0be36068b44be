"""Offline full-text search of the built site: Pagefind's index, written into ``pagefind/``.

Pagefind (the optional extra ``search``: ``pip install 'policydiff[search]'``) reads the
built pages and writes a static index that the browser searches with its own WebAssembly,
so the site needs no server code and searches offline. Its extended binary segments Chinese
into words. Only the document pages (the text in force, marked ``data-pagefind-body``) are
indexed, so a provision is found once rather than once per version. Each provision is a
``<p id="p-…">``: Pagefind records it as an anchor, and the page's script makes each matching
provision a sub-result that links to it (see ``templates/_search.html.j2``).

The index is written with ``--keep-index-url`` (results link to ``…/index.html``, which also
works from a folder served without index pages) and is rebuilt whole on every build.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from policydiff.errors import FailedError, Location, UsageError

#: The folder of the site the index and the search interface are written to.
BUNDLE = "pagefind"
MISSING = "--search needs Pagefind: pip install 'policydiff[search]'"


@dataclass(frozen=True, slots=True)
class SearchReport:
    """What indexing did: the bundle's folder, its size in bytes and files, and the seconds it took."""

    bundle: Path
    size: int
    files: int
    seconds: float


def available() -> bool:
    """Whether Pagefind's extended binary (``pagefind[extended]``) is installed."""
    try:  # the extended binary: the plain one does not segment Chinese
        from pagefind_bin_extended import get_executable
    except ImportError:
        return False
    try:
        get_executable()
    except FileNotFoundError:
        return False
    return True


def index(out: Path) -> SearchReport:
    """Index the site in *out* with Pagefind, replacing ``out/pagefind``.

    A :class:`UsageError` (exit 2) when Pagefind is not installed; a :class:`FailedError`
    with Pagefind's last line when it fails.
    """
    if not available():
        raise UsageError(MISSING)
    bundle = out / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # no fragment of an older index is left behind
    command = [sys.executable, "-m", "pagefind", "--site", str(out), "--output-subdir", BUNDLE, "--keep-index-url"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise FailedError(f"Pagefind failed: {lines[-1] if lines else done.returncode}", Location(str(out)))
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return SearchReport(bundle, sum(p.stat().st_size for p in files), len(files), seconds)
