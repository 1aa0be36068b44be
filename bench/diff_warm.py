"""``policydiff diff`` as a whole process on a warm and a cold replay cache, against ``import click``.

Usage::

    python bench/diff_warm.py [--corpus PATH] [--runs 21] [--against SRC] [--no-bytecode] [--profile]

Two cases: ``prc-constitution v1 v6`` in this repository (term, piped; and ``--format json``), and
刑法 v1 → v2 made as bench/run.py makes it (the corpus's 刑法, 50 articles edited, the notice
drafted and applied in a temporary repository). Warm: the cache folder holds the entry (one run
made it). Cold: the entry is removed before each run, which replays and writes it again. Every
command runs once per round, rounds interleaved, and the median of ``--runs`` rounds is printed
with its ratio to ``python -c "import click"`` measured in the same rounds. ``--against SRC`` runs
every case a second time in each round with ``PYTHONPATH=SRC`` (the ``src`` folder of another
checkout, e.g. ``git archive`` of an older commit) and its own cache folder: before and after in
the same rounds. ``--profile`` prints the cProfile top of each warm case, in one process.

Python's bytecode caches (``__pycache__``) are written first and used, as in an installed package;
``--no-bytecode`` removes policydiff's and sets ``PYTHONDONTWRITEBYTECODE=1``, so that every run
compiles policydiff's modules from source (what a checkout run with that variable set pays).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench

from policydiff.importing.markdown import parse_markdown
from policydiff.storage.repo import Repository

ARCHIVE = Path("/work/shared/corpus/lawrefbook-corpus.tar.xz")
ROOT = Path(__file__).resolve().parent.parent
XINGFA = "刑法/刑法.md"


def xingfa_text(corpus: Path) -> str:
    """The corpus's 刑法 in Markdown, from the extracted folder or the archive."""
    if corpus.is_dir():
        return next(corpus.rglob(XINGFA)).read_text("utf-8")
    with tarfile.open(corpus) as tar:
        for member in tar:
            if member.name.endswith("/" + XINGFA):
                stream = tar.extractfile(member)
                assert stream is not None
                return stream.read().decode("utf-8")
    raise SystemExit(f"no {XINGFA} in {corpus}")


def xingfa_repo(corpus: Path, into: Path) -> Path:
    """A repository holding 刑法 with one 50-item amendment applied (v1 → v2), as bench/run.py makes it."""
    from policydiff.app import amend as pipeline

    old, _ = parse_markdown(xingfa_text(corpus), slug="xingfa", name=XINGFA)
    new, wordings = bench.edit_articles(old, 50)
    notice, _ = bench.draft_notice(old, new, wordings)
    Repository(into).create(old)
    (into / "notice.txt").write_text(notice, encoding="utf-8")
    with bench_cache_off():
        pipeline.apply_file(Repository(into), "xingfa", into / "notice.txt", dry_run=False, target=None)
    return into


@contextlib.contextmanager
def bench_cache_off() -> Iterator[None]:
    os.environ["POLICYDIFF_NO_CACHE"] = "1"
    try:
        yield
    finally:
        del os.environ["POLICYDIFF_NO_CACHE"]


Case = tuple[list[str], dict[str, str], bool]


def rounds(cases: dict[str, Case], runs: int) -> dict[str, list[float]]:
    """Wall times of every case (command, environment, cold), *runs* rounds interleaved; a cold case
    empties its cache folder first."""
    walls: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (cmd, env, cold) in cases.items():
            if cold:
                shutil.rmtree(env["POLICYDIFF_CACHE_DIR"], ignore_errors=True)
            start = time.perf_counter()
            rc = subprocess.run(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, check=False).returncode
            walls[name].append(time.perf_counter() - start)
            assert rc in (0, 1), (name, rc)  # 2 would be a broken command, not a measure
    return walls


def profile(args: list[str], root: Path) -> str:
    """cProfile's top 15 of one warm ``policydiff diff`` in this process (imports excluded: already loaded)."""
    from policydiff.cli import cli

    prof = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        prof.runcall(cli.main, ["--root", str(root), *args], prog_name="policydiff")
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(15)
    return out.getvalue()


def bytecode(src: Path, against: Path | None, *, keep: bool) -> None:
    """Compile policydiff's modules (*keep*), or remove their bytecode and have none written."""
    for root in (src, against):
        if root is None:
            continue
        if keep:
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(root)], check=True)
        else:
            for folder in root.rglob("__pycache__"):
                shutil.rmtree(folder)
    if keep:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        os.environ["PYTHONDONTWRITEBYTECODE"] = "1"


def cases(root: Path, xingfa: Path, tmp: Path, against: Path | None) -> tuple[dict[str, Case], dict[str, Case]]:
    """The warm and the cold cases, for this checkout and (when given) the one at *against*."""
    constitution = [bench.PD, "--root", str(root), "diff", "prc-constitution", "v1", "v6"]
    penal = [bench.PD, "--root", str(xingfa), "diff", "xingfa", "v1", "v2"]
    commands = {
        "constitution v1→v6, term (piped)": constitution,
        "constitution v1→v6, --format json": [*constitution, "--format", "json"],
        "刑法 v1→v2, term (piped)": penal,
    }
    variants = {"": {"POLICYDIFF_CACHE_DIR": str(tmp / "cache")}}
    if against is not None:
        variants["before: "] = {"POLICYDIFF_CACHE_DIR": str(tmp / "cache-before"), "PYTHONPATH": str(against)}
    warm: dict[str, Case] = {}
    cold: dict[str, Case] = {}
    for prefix, env in variants.items():
        # The other checkout's console script may be another function of policydiff.__main__ than the
        # installed script names: it runs as its own script did (ENTRY).
        runs = (lambda cmd: cmd) if prefix == "" else (lambda cmd: [sys.executable, "-c", ENTRY, *cmd[1:]])
        warm |= {prefix + label: (runs(cmd), env, False) for label, cmd in commands.items()}
        cold_env = {**env, "POLICYDIFF_CACHE_DIR": env["POLICYDIFF_CACHE_DIR"] + "-cold"}
        cold[prefix + "constitution v1→v6, cold"] = (runs(constitution), cold_env, True)
        cold[prefix + "刑法 v1→v2, cold"] = (runs(penal), cold_env, True)
    return warm, cold


#: The console script of a checkout given with ``--against``: ``program`` where it has one, else ``main``.
ENTRY = (
    "import sys; sys.argv[0] = 'policydiff'; from policydiff import __main__ as entry; "
    "sys.exit(getattr(entry, 'program', entry.main)())"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=ARCHIVE, help="the .tar.xz or an extracted folder")
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--against", type=Path, help="the src folder of another checkout, run in the same rounds")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--no-bytecode", action="store_true", help="compile policydiff from source in every run")
    a = ap.parse_args()
    bytecode(ROOT / "src", a.against, keep=not a.no_bytecode)
    with tempfile.TemporaryDirectory(prefix="pd-diffwarm-") as name:
        tmp = Path(name)
        xingfa = xingfa_repo(a.corpus, tmp / "xingfa")
        warm, cold = cases(ROOT, xingfa, tmp, a.against)
        for cmd, env, _ in warm.values():  # makes the entries
            subprocess.run(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, check=False)
        walls = rounds({"`python -c 'import click'`": (bench.CLICK, {}, False), **warm, **cold}, a.runs)
        click = statistics.median(next(iter(walls.values())))
        print(f"machine: {bench.machine()}; median of {a.runs} interleaved runs\n")
        print("| command | wall | × `import click` |\n|---|---:|---:|")
        for label, times in walls.items():
            median = statistics.median(times)
            print(f"| {label} | {median * 1000:.1f} ms | {median / click:.2f}× |")
        if a.profile:
            for label, (cmd, env, _) in warm.items():
                if env.get("PYTHONPATH"):
                    continue
                os.environ.update(env)
                print(f"\n### {label}\n\n```\n{profile(cmd[3:], Path(cmd[2]))}```")


if __name__ == "__main__":
    main()
