"""The cProfile top 10 of ``check`` and ``build`` (``bench/run.py --profile``, ``--profile-only``)."""

from __future__ import annotations

import contextlib
import cProfile
import io
import os
import pstats
import re
import shutil
from pathlib import Path


def profile_top(args: list[str], cwd: Path, out: Path, n: int = 10) -> str:
    """cProfile of one policydiff command, in this process: top *n* by own time, then policydiff's by cumulative."""
    from policydiff.cli import cli

    prof, here = cProfile.Profile(), Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            prof.runcall(cli.main, args, standalone_mode=False)
    finally:
        os.chdir(here)
    prof.dump_stats(out)
    text = io.StringIO()
    stats = pstats.Stats(str(out), stream=text)
    stats.sort_stats("tottime").print_stats(n)
    stats.sort_stats("cumulative").print_stats(r"src/policydiff/", n)
    lines = [ln for ln in text.getvalue().splitlines() if ln.strip() and not re.search(r"Ordered|List red|prof$", ln)]
    lines = [re.sub(r"\S*/(site-packages|src)/", "", ln) for ln in lines]
    return "\n".join(ln for k, ln in enumerate(lines) if ln not in lines[:k] or "ncalls" in ln)


def profile(repo: Path, tmp: Path, docs: int = 300) -> None:
    """Print the profiles of ``check`` and ``build`` on (a sample of at most *docs* documents of) *repo*."""
    sub = tmp / "profile"
    (sub / "documents").mkdir(parents=True)
    slugs = sorted(repo.glob("documents/*"))
    for d in slugs[:: max(1, len(slugs) // docs)][:docs]:
        shutil.copytree(d, sub / "documents" / d.name)
    count = len(list(sub.glob("documents/*")))
    # One process: the profiler sees only the process it runs in.
    for cmd in (["check", "--exit-zero", "-j", "1"], ["build", "--quiet", "-j", "1", "-o", str(tmp / "psite")]):
        print(f"\n### profile: `policydiff {cmd[0]}` on {count} documents (cProfile)\n\n```")
        print(profile_top(cmd, sub, tmp / f"{cmd[0]}.prof"))
        print("```", flush=True)
