"""The performance benchmarks of issue 8: each a ratio against a baseline measured in the same run.

Usage::

    python bench/run.py [--corpus PATH] [--repo PATH] [--runs N] [--big-runs N] [--docs N] [--quick]
                        [--profile | --profile-only]

Prints a Markdown table: the median of ``--runs`` runs (``--big-runs`` for the whole-corpus
benchmarks: import, check, build), wall time and CPU time (user + system, so a loaded machine
shows), and the ratio to the baseline by each. Whole-process figures run in subprocesses; peak
RSS is the largest sum over the process tree (sampled every 50 ms), and "procs" the most
processes alive at once (2+ means the work is spread over the cores).

The corpus is imported into ``--repo`` (default ``/tmp/benchrepo``) by the first import run and
reused after; ``--docs N`` (or ``--quick``) takes every k-th of the corpus files instead, into a
temporary repository. ``--profile`` adds the cProfile top 10 of ``check`` and ``build`` on 300
documents of the repository; ``--profile-only`` prints only those.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import io
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from policydiff.importing.markdown import parse_markdown
from policydiff.model import Document, Kind, Provision
from policydiff.model.plaintext import to_text
from policydiff.storage import docfile, yamlio
from policydiff.storage.repo import Repository, load_document_file

PY = sys.executable
PD = str(Path(PY).parent / "policydiff")
CLICK = [PY, "-c", "import click"]
JOBS = (1, os.cpu_count() or 1)  # one process, then one per CPU
GOALS = {"startup": 1.5, "load": 1.5, "apply": 2.0, "diff": 2.0, "check": 1.5}
SUBS = [  # edits of the kind real amendments make, tried in order on the article's first 款
    ("三年以下有期徒刑", "五年以下有期徒刑"), ("五年以下有期徒刑", "七年以下有期徒刑"),
    ("并处罚金", "并处或者单处罚金"), ("应当", "应"), ("或者", "或"), ("的，", "的情形，"),
]  # fmt: skip


@dataclasses.dataclass
class Timing:
    wall: float  # seconds, median
    cpu: float  # seconds, median (user + system)
    rss_kb: int = 0  # peak resident set of the process tree
    procs: int = 0  # most processes alive at once
    rc: int = 0


@dataclasses.dataclass
class Row:
    name: str
    workload: str
    t: Timing
    base_name: str
    base: Timing | None
    goal: str
    limit: float | None = None  # goal as a ratio (None: recorded only)
    seconds: float | None = None  # goal as a wall time instead

    def cells(self) -> list[str]:
        ratio = f"{self.t.wall / self.base.wall:.2f}×" if self.base else "–"
        cpu = f"{self.t.cpu / self.base.cpu:.2f}×" if self.base and self.base.cpu else "–"
        ratio_ok = bool(self.base and self.t.wall / self.base.wall <= (self.limit or 0))
        ok = self.t.wall <= self.seconds if self.seconds else ratio_ok
        met = "–" if self.limit is None and self.seconds is None else "yes" if ok else "**no**"
        base = f"{self.base_name}: {fmt(self.base.wall)} (cpu {fmt(self.base.cpu)})" if self.base else self.base_name
        measured = f"{fmt(self.t.wall)} (cpu {fmt(self.t.cpu)})"
        return [self.name, self.workload, measured, base, ratio, cpu, self.goal, met]


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _tree(pid: int) -> list[int]:
    """*pid* and its descendants (Linux /proc children lists)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        with contextlib.suppress(OSError, ValueError):
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
    return out


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_once(cmd: Sequence[str], cwd: Path | None = None, sample: bool = False) -> Timing:
    """Run *cmd* to its end: wall and CPU time, and (with *sample*) peak tree RSS and process count."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, procs, done = [0], [1], threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            pids = _tree(proc.pid)
            peak[0] = max(peak[0], sum(_rss_kb(p) for p in pids))
            procs[0] = max(procs[0], len(pids))

    watcher = threading.Thread(target=watch, daemon=True)
    if sample:
        watcher.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if sample:
        watcher.join()
    return Timing(wall, usage.ru_utime + usage.ru_stime, max(peak[0], usage.ru_maxrss), procs[0], proc.returncode)


def median_of(ts: Sequence[Timing]) -> Timing:
    wall, cpu = statistics.median(t.wall for t in ts), statistics.median(t.cpu for t in ts)
    return Timing(wall, cpu, max(t.rss_kb for t in ts), max(t.procs for t in ts), max(t.rc for t in ts))


def run_median(cmd: Sequence[str], runs: int, cwd: Path | None = None, sample: bool = False) -> Timing:
    return median_of([run_once(cmd, cwd, sample) for _ in range(runs)])


def call_median(fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> Timing:
    """In-process timing of *fn*; *setup* runs untimed before each call."""
    walls, cpus = [], []
    for _ in range(runs):
        if setup:
            setup()
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return Timing(statistics.median(walls), statistics.median(cpus))


# --- workloads ---------------------------------------------------------------------------


def corpus_files(corpus: Path, docs: int | None) -> list[Path]:
    files = sorted(corpus.rglob("*.md"))
    if docs and docs < len(files):
        step = len(files) / docs
        files = [files[int(i * step)] for i in range(docs)]
    return files


def subset_corpus(files: list[Path], corpus: Path, into: Path) -> Path:
    for f in files:
        target = into / f.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    return into


def with_texts(provisions: tuple[Provision, ...], texts: dict[str, str]) -> tuple[Provision, ...]:
    return tuple(
        dataclasses.replace(p, text=texts.get(p.id, p.text), children=with_texts(p.children, texts)) for p in provisions
    )


def edit_articles(old: Document, n: int) -> tuple[Document, list[str]]:
    """*old* with the first 款 of *n* articles (spread over the law) edited, and NPC wording for each."""
    arts = [p for p in old.walk() if p.kind is Kind.ARTICLE and p.text and "“" not in p.text]
    texts, wordings = {}, []
    for a in (arts[int(i * len(arts) / n)] for i in range(n)):
        t = a.text or ""
        o, new = next(((o, b) for o, b in SUBS if o in t), ("", "，法律另有规定的除外"))
        at = t.find(o) if o else len(t) - 1
        i, j = at, at + len(o)
        while t.count(t[i:j]) != 1:  # widen the quotation until it occurs once
            i, j = (i, j + 1) if j < len(t) else (i - 1, j)
        texts[a.id] = t[:at] + new + t[at + len(o) :]
        where = old.label(a) + ("第一款" if any(c.kind is Kind.PARAGRAPH for c in a.children) else "")
        wordings.append(f"将{where}中的“{t[i:j]}”修改为“{t[i:at] + new + t[at + len(o) : j]}”")
    return dataclasses.replace(old, provisions=with_texts(old.provisions, texts)), wordings


def draft_notice(old: Document, new: Document, wordings: list[str]) -> tuple[str, str]:
    """The notice text: by ``policydiff.compare.draft`` if it exists and succeeds, else the wording made here."""
    try:
        from policydiff.compare.draft import draft

        return draft(old, new), "policydiff.compare.draft.draft"
    except Exception as exc:  # absent or failing: fall back, and say so
        why = type(exc).__name__
    from policydiff.zh.numbering import int_to_zh

    head = f"关于修改《{old.title}》的决定\n决定对《{old.title}》作如下修改：\n"
    return head + "".join(f"{int_to_zh(k)}、{w}。\n" for k, w in enumerate(wordings, 1)), f"own wording ({why})"


def engine_rows(runs: int) -> list[Row]:
    """diff-match-patch in pure Python against fast-diff-match-patch on two large changes (in process)."""
    from policydiff.compare import textdiff

    if not textdiff.has_fast_engine():
        return []
    golden = Path(__file__).resolve().parent.parent / "tests/fixtures/golden/constitution"
    old, new = ((golden / f"{year}.txt").read_text("utf-8") for year in (1982, 2018))
    assert textdiff.segments(old, new, "fast") == textdiff.segments(old, new, "python")
    fast = call_median(lambda: textdiff.segments(old, new, "fast"), runs)
    slow = call_median(lambda: textdiff.segments(old, new, "python"), runs)
    what = f"宪法 1982 → 2018, whole text ({len(old):,} chars), fast-diff-match-patch (in process)"
    return [Row("diff engine", what, fast, "pure-Python diff-match-patch", slow, "record")]


def has_check() -> bool:
    out = subprocess.run([PD, "--help"], capture_output=True, text=True).stdout
    return bool(re.search(r"^\s+check\s", out, re.M))


def touch_one(repo: Path) -> tuple[Path, bytes]:
    """Change one character of one provision of one document; returns the file and its old bytes."""
    slugs = sorted(p.parent for p in repo.glob("documents/*/document.yaml"))
    path = slugs[len(slugs) // 2] / "document.yaml"
    data = path.read_bytes()
    text = data.decode()
    m = re.search(r"^\s+text: [^\"'|>\n]*([\u4e00-\u9fff])", text, re.M)
    assert m, path
    path.write_text(text[: m.start(1)] + ("乙" if m.group(1) != "乙" else "甲") + text[m.end(1) :], encoding="utf-8")
    return path, data


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


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())  # fmt: skip
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs, {cpu}, Python {platform.python_version()}, load average {load}"


# --- the run ---------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/corpus/lawrefbook"))
    ap.add_argument("--repo", type=Path, default=Path("/tmp/benchrepo"), help="the imported whole corpus (reused)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--big-runs", type=int, default=1, help="runs of the whole-corpus benchmarks")
    ap.add_argument("--docs", type=int, help="use this many corpus documents (every k-th), in a temporary repository")
    ap.add_argument("--quick", action="store_true", help="smoke run: 2 runs, 40 documents")
    ap.add_argument("--profile", action="store_true", help="cProfile top 10 of check and build on 300 documents")
    ap.add_argument("--profile-only", action="store_true", help="only the profiles, on 300 documents of --repo")
    a = ap.parse_args()
    if a.quick:
        a.runs, a.big_runs, a.docs = 2, 1, a.docs or 40
    runs, notes, rows = a.runs, [], []
    tmp = Path(tempfile.mkdtemp(prefix="pdbench-"))
    if a.profile_only:
        profile(a.repo, tmp)
        shutil.rmtree(tmp, ignore_errors=True)
        return
    print(f"machine: {machine()}", file=sys.stderr)
    click = run_median(CLICK, 2 * runs + 1)
    check_ok = has_check()

    # startup
    rows.append(Row("startup", "`policydiff --version`", run_median([PD, "--version"], 2 * runs + 1),
                    "`python -c 'import click'`", click, "≤ 1.5×", 1.5))  # fmt: skip
    empty = tmp / "empty"
    (empty / "documents").mkdir(parents=True)
    if check_ok:
        t = run_median([PD, "check"], 2 * runs + 1, empty)
        rows.append(Row("startup", "`policydiff check`, empty repository", t, "`import click`", click, "≤ 1.5×", 1.5))
    else:
        notes.append("startup/check: `policydiff check` does not exist yet; skipped.")

    # load: the largest corpus document, as stored YAML
    biggest = max(corpus_files(a.corpus, None), key=lambda p: p.stat().st_size)
    doc, _ = parse_markdown(biggest.read_text("utf-8"), slug="largest", name=str(biggest))
    stored = Repository(tmp / "load").create(doc)
    chars = len(stored.read_text("utf-8"))
    t = call_median(lambda: load_document_file(stored), runs)
    base = call_median(lambda: yaml.load(stored.read_text("utf-8"), Loader=yaml.CSafeLoader), runs)
    rows.append(Row("load", f"{biggest.stem}: {chars:,} chars of YAML, {sum(1 for _ in doc.walk()):,} provisions",
                    t, "PyYAML CSafeLoader", base, "≤ 1.5×", 1.5))  # fmt: skip

    # apply: a 50-item notice on 刑法
    xingfa_md = next(a.corpus.rglob("刑法/刑法.md"))
    old, _ = parse_markdown(xingfa_md.read_text("utf-8"), slug="xingfa", name=str(xingfa_md))
    new, wordings = edit_articles(old, 50)
    notice, how = draft_notice(old, new, wordings)
    pristine = tmp / "xingfa"
    Repository(pristine).create(old)
    (tmp / "notice.txt").write_text(notice, encoding="utf-8")
    notes.append(f"apply: the notice ({notice.count(chr(10)) - 2} items) was drafted by {how}.")
    work = tmp / "apply"

    def fresh() -> None:
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(pristine, work)

    def apply() -> None:
        from policydiff.app import amend as pipeline

        pipeline.apply_file(Repository(work), "xingfa", tmp / "notice.txt", dry_run=False, target=None)

    def load_write() -> None:
        d = load_document_file(work / "documents/xingfa/document.yaml")
        yamlio.write(work / "copy.yaml", docfile.document_data(d), "x")

    t = call_median(apply, runs, fresh)
    base = call_median(load_write, runs, fresh)
    rows.append(Row("apply", "50-item notice on 刑法 (in process)", t, "load + write", base, "≤ 2×", 2.0))
    fresh()
    whole = run_median([PD, "--root", str(work), "apply", "xingfa", str(tmp / "notice.txt")], 1)
    notes.append(f"apply: as a whole process (`policydiff apply`) {fmt(whole.wall)}, exit {whole.rc}.")

    # diff: the two versions of 刑法 just made
    t = run_median([PD, "--root", str(work), "diff", "--no-color", "xingfa", "v1", "v2"], runs)
    rows.append(Row("diff", "刑法 v1 → v2 (50 articles), whole process", t, "`import click`", click, "≤ 2×", 2.0))
    (tmp / "v1.txt").write_text(to_text(old), encoding="utf-8")
    (tmp / "v2.txt").write_text(to_text(new), encoding="utf-8")
    git = run_median(["git", "diff", "--no-index", "--word-diff", str(tmp / "v1.txt"), str(tmp / "v2.txt")], runs)
    rows.append(Row("diff", "`git diff --no-index --word-diff` on the texts", git, "`import click`", click, "beside"))
    notes.append(f"diff: `policydiff diff` exit {t.rc} (1: they differ).")
    rows.extend(engine_rows(runs))

    # import: the corpus (the first run makes the repository the others reuse), 1 process and all CPUs
    files = corpus_files(a.corpus, a.docs)
    source = subset_corpus(files, a.corpus, tmp / "corpus") if a.docs else a.corpus
    repo = tmp / "repo" if a.docs else a.repo
    n = len(files)
    read = call_median(lambda: [f.read_bytes() for f in files], runs)
    big: dict[str, Timing] = {}
    for jobs in JOBS:
        imports = []
        for k in range(a.big_runs):
            target = repo if not repo.exists() else tmp / f"import{k}"
            target.mkdir(parents=True, exist_ok=True)
            # --allow-problems: every document is written, as before import ran the checks
            cmd = [PD, "import", "--allow-problems", "-j", str(jobs), str(source)]
            imports.append(run_once(cmd, target, sample=True))
            if target != repo:
                shutil.rmtree(target)
        big[f"import -j{jobs}"] = imp = median_of(imports)
        what = f"{n:,} Markdown files, {jobs} process(es)"
        rows.append(Row("import", what, imp, "reading the files", read, "record"))
    docs = len(list(repo.glob("documents/*/document.yaml")))
    notes.append(f"import: exit {imp.rc} (2: some files refused); the repository holds {docs:,} documents.")

    # check: the corpus as one repository, against pre-commit-hooks' check-yaml
    yamls = [str(p.relative_to(repo)) for p in sorted(repo.glob("documents/**/*.yaml"))]
    check_yaml = shutil.which("check-yaml", path=str(Path(PY).parent))
    cy = run_median([check_yaml, *yamls], a.big_runs, repo) if check_yaml else None
    if not cy:
        notes.append("check: pre-commit-hooks is not installed (`pip install pre-commit-hooks`); no baseline.")
    for jobs in JOBS:
        cmd = [PD, "check", "--exit-zero", "-j", str(jobs)]
        big[f"check -j{jobs}"] = check_t = run_median(cmd, a.big_runs, repo, sample=True)
        rows.append(Row("check", f"{docs:,} documents, one repository, {jobs} process(es)", check_t,
                        f"check-yaml ({len(yamls):,} files)", cy, "≤ 1.5×", 1.5))  # fmt: skip

    # build: the corpus site from nothing, then again with nothing changed, then after one change
    for jobs in JOBS:
        site = tmp / f"site{jobs}"
        big[f"build -j{jobs}"] = full = run_median(
            [PD, "build", "--quiet", "--full", "-j", str(jobs), "-o", str(site)], a.big_runs, repo, sample=True
        )
        rows.append(Row("build", f"{docs:,} documents, the whole site, {jobs} process(es)", full,
                        "the same run's check", check_t, "record"))  # fmt: skip
    same = run_median([PD, "build", "--quiet", "-o", str(site)], runs, repo, sample=True)
    rows.append(Row("build", "rebuild, nothing changed", same, "–", None, "≤ 2 s", seconds=2))
    changed, data = touch_one(repo)
    try:
        big["rebuild"] = inc = run_median([PD, "build", "--quiet", "-o", str(site)], 1, repo, sample=True)
    finally:
        changed.write_bytes(data)
    rows.append(Row("build", f"rebuild after one change ({changed.parent.name})", inc, "–", None, "≤ 2 s", seconds=2))

    print(f"## bench/run.py\n\nMachine: {machine()}. Runs: median of {runs} "
          f"(startup {2 * runs + 1}); whole corpus: {a.big_runs}; corpus: {n:,} files.\n")  # fmt: skip
    head = ["benchmark", "workload", "measured: wall (cpu)", "baseline", "ratio (wall)", "ratio (cpu)", "goal", "met"]
    print("| " + " | ".join(head) + " |\n|" + " --- |" * len(head))
    for row in rows:
        print("| " + " | ".join(row.cells()) + " |")
    print(f"\n| {n:,} files | wall | peak RSS (process tree) | processes at once | cpu / wall | speed-up |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, r in big.items():
        one = big.get(name.replace(f"-j{JOBS[-1]}", "-j1"))
        gain = f"{one.wall / r.wall:.2f}×" if one and one is not r else "–"
        print(f"| {name} | {fmt(r.wall)} | {r.rss_kb / 1024:.0f} MB | {r.procs} | {r.cpu / r.wall:.2f} | {gain} |")
    print()
    for note in notes:
        print(f"- {note}")
    if a.profile:
        profile(repo, tmp)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
