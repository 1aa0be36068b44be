"""The performance benchmarks of issues 8 and 19: each against a baseline measured in the same run.

Usage::

    python bench/run.py [--corpus PATH] [--repo PATH] [--runs N] [--docs N] [--quick] [--no-corpus]
                        [--profile | --profile-only]

Prints Markdown tables. Every whole-process workload runs in interleaved rounds with its baseline
(``bench/measure.py``), ``--runs`` rounds (startup: 2N+1), and is given as min / median / max of
its CPU time (user + system: a shared machine shows less in it than in wall time), the ratio of
the medians by CPU and by wall time, and the goal, met when the CPU ratio is within it. Peak RSS
is of one process, the kernel's high-water mark read by ``/usr/bin/time -v`` in one more run.

The rows: startup (``--version``, ``check`` on an empty repository) against ``python -c "import
click"``; ``diff`` of prc-constitution v1 → v6 and 刑法 v1 → v2 with a cold replay cache (a new
empty ``POLICYDIFF_CACHE_DIR`` every run) and a warm one; ``apply`` of a 20-item notice on 刑法
against loading and writing its YAML with PyYAML's C loader and dumper; the whole-process load
of the largest corpus document against CSafeLoader, both with the garbage collector paused
from the start (policydiff pauses it while it parses; the baseline gets the same state); the
import's CPU per document on ``--docs`` corpus files; then, on the whole corpus imported into
``--repo`` (once, reused; ``--no-corpus`` skips it), check and build in one process and in one
per CPU with their peak memory, and the rebuilds. ``--profile`` adds the cProfile top 10 of
``check`` and ``build`` on 300 documents of ``--repo``; ``--profile-only`` prints only those.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
from measure import Sample, Stats, Workload, fmt, interleave, machine
from profiles import profile

from policydiff.importing.markdown import parse_markdown
from policydiff.model import Document, Kind, Provision
from policydiff.storage.repo import Repository

PY = sys.executable
PD = str(Path(PY).parent / "policydiff")
CLICK = [PY, "-c", "import click"]
JOBS = (1, os.cpu_count() or 1)  # one process, then one per CPU
ROOT = Path(__file__).resolve().parent.parent
SUBS = [  # edits of the kind real amendments make, tried in order on the article's first 款
    ("三年以下有期徒刑", "五年以下有期徒刑"), ("五年以下有期徒刑", "七年以下有期徒刑"),
    ("并处罚金", "并处或者单处罚金"), ("应当", "应"), ("或者", "或"), ("的，", "的情形，"),
]  # fmt: skip
#: The whole-process load, policydiff's and the baseline's, the collector paused first in both.
LOAD_PD = "import gc, sys; gc.disable(); from pathlib import Path; " \
          "from policydiff.storage.repo import load_document_file; load_document_file(Path(sys.argv[1]))"  # fmt: skip
LOAD_YAML = "import gc, sys; gc.disable(); import yaml; yaml.load(open(sys.argv[1], encoding='utf-8').read(), " \
            "Loader=yaml.CSafeLoader)"  # fmt: skip
WRITE_YAML = "import sys, yaml; d = yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader); " \
             "yaml.dump(d, open(sys.argv[2], 'w', encoding='utf-8'), Dumper=yaml.CSafeDumper, allow_unicode=True, " \
             "sort_keys=False)"  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Row:
    """One line of the table: a workload, its baseline (if any) and its goal (a CPU ratio, or a figure)."""

    name: str
    workload: str
    t: Stats
    base_name: str = "–"
    base: Stats | None = None
    goal: str = "record"
    limit: float | None = None  # the goal as a ratio of CPU medians
    met: bool | None = None  # the goal judged otherwise (a figure, not a ratio)
    rss_kb: int = 0

    def cells(self) -> list[str]:
        ratio = self.t.cpu() / self.base.cpu() if self.base else None
        wall = f"{self.t.wall() / self.base.wall():.2f}×" if self.base else "–"
        met = self.met if self.met is not None else (ratio <= self.limit if ratio and self.limit else None)
        shown = "–" if met is None else "yes" if met else "**no**"
        base = f"{self.base_name}: {self.base.spread()}" if self.base else self.base_name
        rss = f"{self.rss_kb / 1024:.0f} MB" if self.rss_kb else "–"
        cpu = f"{ratio:.2f}×" if ratio else "–"
        return [self.name, self.workload, self.t.spread(), base, cpu, wall, rss, self.goal, shown]


HEAD = ["benchmark", "workload", "CPU min / median / max", "baseline (CPU min / median / max)", "ratio (CPU)",
        "ratio (wall)", "peak RSS, one process", "goal", "met"]  # fmt: skip


# --- compatibility for bench/scale.py and bench/hook.py ----------------------------------


def run_once(cmd: Sequence[str], cwd: Path | None = None, sample: bool = False) -> Sample:
    """One run of *cmd*; with *sample*, the peak RSS summed over its process tree (sampled)."""
    return measure.sampled(cmd, cwd) if sample else measure.run_once(cmd, cwd)


def run_median(cmd: Sequence[str], runs: int, cwd: Path | None = None, sample: bool = False) -> Sample:
    ts = [run_once(cmd, cwd, sample) for _ in range(runs)]
    wall, cpu = statistics.median(t.wall for t in ts), statistics.median(t.cpu for t in ts)
    return Sample(wall, cpu, max(t.rss_kb for t in ts), max(t.procs for t in ts), max(t.rc for t in ts))


def call_median(fn: Callable[[], object], runs: int) -> Sample:
    stats = measure.in_process({"fn": fn}, runs)["fn"]
    return Sample(stats.wall(), stats.cpu())


# --- workloads ---------------------------------------------------------------------------


def corpus_files(corpus: Path, docs: int | None) -> list[Path]:
    return measure.every_kth(sorted(corpus.rglob("*.md")), docs)


def subset_corpus(files: list[Path], corpus: Path, into: Path) -> Path:
    for f in files:
        target = into / f.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    return into


def with_texts(provisions: tuple[Provision, ...], texts: dict[str, str]) -> tuple[Provision, ...]:
    return tuple(p._replace(text=texts.get(p.id, p.text), children=with_texts(p.children, texts)) for p in provisions)


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
    return old._replace(provisions=with_texts(old.provisions, texts)), wordings


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


def compile_bytecode() -> Path:
    """Compile the measured policydiff's modules to bytecode, as ``pip install`` does: without it
    (``PYTHONDONTWRITEBYTECODE``, a fresh checkout) every measured process would compile the source
    of each policydiff module it imports, and click's, installed by pip, would not. Returns the folder."""
    import policydiff

    folder = Path(policydiff.__file__).parent
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([PY, "-m", "compileall", "-q", str(folder)], env=env, check=True)
    return folder


def rss(cmd: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> int:
    """The peak RSS (KiB) of one more run of *cmd*, one process (``/usr/bin/time -v``)."""
    return measure.peak_rss(cmd, cwd, env).rss_kb


def startup_rows(runs: int, tmp: Path) -> list[Row]:
    empty = tmp / "empty"
    (empty / "documents").mkdir(parents=True)
    ws = [Workload("click", CLICK), Workload("version", [PD, "--version"]), Workload("check", [PD, "check"], empty)]
    got = interleave(ws, runs)
    return [
        Row("startup", "`policydiff --version`", got["version"], "`python -c 'import click'`", got["click"],
            "≤ 1.2×", 1.2, rss_kb=rss([PD, "--version"])),
        Row("startup", "`policydiff check`, empty repository", got["check"], "`import click`", got["click"],
            "≤ 1.2×", 1.2, rss_kb=rss([PD, "check"], empty)),
    ]  # fmt: skip


def xingfa_repos(corpus: Path, tmp: Path, items: int, notes: list[str]) -> tuple[Path, Path]:
    """刑法 as a repository (``pristine``) and an *items*-item notice amending it; also a copy with it applied."""
    md = next(corpus.rglob("刑法/刑法.md"))
    old, _ = parse_markdown(md.read_text("utf-8"), slug="xingfa", name=str(md))
    new, wordings = edit_articles(old, items)
    notice, how = draft_notice(old, new, wordings)
    pristine = tmp / "xingfa"
    Repository(pristine).create(old)
    (tmp / "notice.txt").write_text(notice, encoding="utf-8")
    notes.append(f"apply: the notice ({notice.count(chr(10)) - 2} items) was drafted by {how}.")
    amended = tmp / "xingfa-amended"
    shutil.copytree(pristine, amended)
    done = measure.run_once([PD, "--root", str(amended), "apply", "xingfa", str(tmp / "notice.txt")])
    assert done.rc == 0, f"apply exited {done.rc}"
    return pristine, amended


def apply_rows(pristine: Path, tmp: Path, runs: int) -> list[Row]:
    work, notice = tmp / "apply", tmp / "notice.txt"
    doc = work / "documents/xingfa/document.yaml"
    cmd = [PD, "--root", str(work), "apply", "xingfa", str(notice)]
    base_cmd = [PY, "-c", WRITE_YAML, str(doc), str(tmp / "copy.yaml")]
    fresh = measure.copy_fresh(pristine, work)
    got = interleave([Workload("apply", cmd, setup=fresh), Workload("base", base_cmd, setup=fresh)], runs)
    fresh()
    peak = rss(cmd)
    return [Row("apply", "20-item notice on 刑法, whole process", got["apply"],
                "PyYAML C load + dump, whole process", got["base"], "≤ 1.5×", 1.5, rss_kb=peak)]  # fmt: skip


def diff_rows(amended: Path, tmp: Path, runs: int) -> list[Row]:
    """``diff`` with a cold replay cache (emptied before every run) and a warm one, against ``import click``."""
    constitution = tmp / "constitution"
    shutil.copytree(ROOT / "documents" / "prc-constitution", constitution / "documents" / "prc-constitution")
    cases = {"constitution": (constitution, "prc-constitution", "v6"), "xingfa": (amended, "xingfa", "v2")}
    ws, rows = [Workload("click", CLICK)], []
    for name, (repo, slug, new) in cases.items():
        cmd = [PD, "--root", str(repo), "diff", "--no-color", slug, "v1", new]
        cold, warm = tmp / f"cache-cold-{name}", tmp / f"cache-warm-{name}"
        warm.mkdir()
        measure.run_once(cmd, env={"POLICYDIFF_CACHE_DIR": str(warm)})  # fills the warm cache

        def empty(cold: Path = cold) -> None:
            shutil.rmtree(cold, ignore_errors=True)
            cold.mkdir()

        ws += [Workload(f"{name} cold", cmd, env={"POLICYDIFF_CACHE_DIR": str(cold)}, setup=empty),
               Workload(f"{name} warm", cmd, env={"POLICYDIFF_CACHE_DIR": str(warm)})]  # fmt: skip
    got = interleave(ws, runs)
    what = {"constitution": "prc-constitution v1 → v6", "xingfa": "刑法 v1 → v2 (20 articles)"}
    for k, name in enumerate(cases):
        for state, goal in (("warm", 1.5), ("cold", 2.5)):
            w = ws[1 + 2 * k + (state == "warm")]
            if w.setup:
                w.setup()
            peak = rss(w.cmd, env=dict(w.env or {}))
            rows.append(Row("diff", f"{what[name]}, {state} cache, whole process", got[w.name],
                            "`import click`", got["click"], f"≤ {goal}×", goal, rss_kb=peak))  # fmt: skip
    return rows


def load_rows(corpus: Path, tmp: Path, runs: int) -> list[Row]:
    """The largest corpus document loaded by a whole process, against CSafeLoader; the GC paused in both."""
    biggest = max(corpus_files(corpus, None), key=lambda p: p.stat().st_size)
    doc, _ = parse_markdown(biggest.read_text("utf-8"), slug="largest", name=str(biggest))
    stored = Repository(tmp / "load").create(doc)
    ws = [Workload("pd", [PY, "-c", LOAD_PD, str(stored)]), Workload("yaml", [PY, "-c", LOAD_YAML, str(stored)])]
    got = interleave(ws, runs)
    chars, provisions = len(stored.read_text("utf-8")), sum(1 for _ in doc.walk())
    what = f"{biggest.stem}: {chars:,} chars of YAML, {provisions:,} provisions"
    return [Row("load", f"{what}, whole process, GC paused in both", got["pd"], "PyYAML CSafeLoader, whole process",
                got["yaml"], "≤ 1.3×", 1.3, rss_kb=rss(ws[0].cmd))]  # fmt: skip


def import_rows(corpus: Path, tmp: Path, docs: int, runs: int) -> list[Row]:
    """CPU per document of ``import -j 1`` on every k-th of *docs* corpus files, into a new repository each run."""
    files = corpus_files(corpus, docs)
    source = subset_corpus(files, corpus, tmp / "import-source")
    target = tmp / "import-target"

    def empty() -> None:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()

    cmd = [PD, "import", "--allow-problems", "-j", "1", str(source)]
    got = interleave([Workload("import", cmd, target, setup=empty)], runs)["import"]
    per_doc = Stats(tuple(dataclasses.replace(s, wall=s.wall / len(files), cpu=s.cpu / len(files)) for s in got.runs))
    empty()
    return [Row("import", f"{len(files)} corpus files (every k-th), one process: CPU per document", per_doc,
                goal="≤ 20 ms", met=per_doc.cpu() <= 0.020, rss_kb=rss(cmd, target))]  # fmt: skip


def corpus_rows(corpus: Path, repo: Path, tmp: Path, notes: list[str]) -> list[Row]:
    """check and build of the whole corpus, one process and one per CPU, with peak RSS; the rebuilds."""
    if not repo.exists():
        repo.mkdir(parents=True)
        done = measure.run_once([PD, "import", "--allow-problems", str(corpus)], repo)
        notes.append(f"corpus: imported into {repo} in {fmt(done.wall)} (exit {done.rc}: 2, some files refused).")
    docs = len(list(repo.glob("documents/*/document.yaml")))
    rows = []
    for jobs in JOBS:
        cmds = {"check": [PD, "check", "--exit-zero", "-j", str(jobs)],
                "build": [PD, "build", "--quiet", "--full", "--allow-problems", "-j", str(jobs),
                          "-o", str(tmp / "site")]}  # fmt: skip
        for name, cmd in cmds.items():
            one = measure.peak_rss(cmd, repo)  # the largest process's peak (GNU time)
            tree = measure.sampled(cmd, repo) if jobs > 1 else None  # the sum over the tree, sampled
            t = Stats((one,) if tree is None else (one, tree))
            notes.append(f"{name} -j{jobs}: exit {t.rc}.")
            if tree:
                notes.append(f"{name} -j{jobs}: {tree.procs} processes at once, their sum {tree.rss_kb / 1024:.0f} MB "
                             f"at most (sampled every 10 ms).")  # fmt: skip
            met, goal = (one.rss_kb <= 64 * 1024, "≤ 64 MB (one process)") if jobs == 1 else (None, "record")
            what = f"{docs:,} documents, {jobs} process(es); {len(t.runs)} run(s)"
            rows.append(Row(name, what, t, goal=goal, met=met, rss_kb=one.rss_kb))
    site = ["build", "--quiet", "--allow-problems", "-o", str(tmp / "site")]  # the corpus has problems (check)
    same = Stats(tuple(measure.peak_rss([PD, *site], repo) for _ in range(3)))
    rows.append(Row("build", "rebuild, nothing changed; 3 runs", same, goal="≤ 2 s", met=same.wall() <= 2,
                    rss_kb=same.rss_kb))  # fmt: skip
    notes.append(f"rebuild: exit {same.rc}.")
    changed, data = touch_one(repo)
    try:
        inc = Stats((measure.peak_rss([PD, *site], repo),))
    finally:
        changed.write_bytes(data)
    rows.append(Row("build", f"rebuild after one change ({changed.parent.name})", inc, goal="≤ 2 s",
                    met=inc.wall() <= 2, rss_kb=inc.rss_kb))  # fmt: skip
    return rows


# --- the run ---------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/corpus/lawrefbook"))
    ap.add_argument("--repo", type=Path, default=Path("/tmp/benchrepo"), help="the imported whole corpus (reused)")
    ap.add_argument("--runs", type=int, default=10, help="interleaved rounds (startup: 2N+1)")
    ap.add_argument("--docs", type=int, default=200, help="corpus files (every k-th) for the import row")
    ap.add_argument("--quick", action="store_true", help="smoke run: 2 rounds, 20 documents, no whole corpus")
    ap.add_argument("--no-corpus", action="store_true", help="skip check and build of the whole corpus")
    ap.add_argument("--profile", action="store_true", help="cProfile top 10 of check and build on 300 documents")
    ap.add_argument("--profile-only", action="store_true", help="only the profiles, on 300 documents of --repo")
    a = ap.parse_args()
    if a.quick:
        a.runs, a.docs, a.no_corpus = 2, 20, True
    tmp, notes = Path(tempfile.mkdtemp(prefix="pdbench-")), []
    try:
        if a.profile_only:
            profile(a.repo, tmp)
            return
        source = compile_bytecode()
        print(f"machine: {machine()}; policydiff from {source} (bytecode compiled)", file=sys.stderr)
        rows = startup_rows(2 * a.runs + 1, tmp)
        pristine, amended = xingfa_repos(a.corpus, tmp, 20, notes)
        rows += diff_rows(amended, tmp, a.runs) + apply_rows(pristine, tmp, a.runs) + load_rows(a.corpus, tmp, a.runs)
        rows += import_rows(a.corpus, tmp, a.docs, max(3, a.runs // 3))
        if not a.no_corpus:
            rows += corpus_rows(a.corpus, a.repo, tmp, notes)
        rss_how = "`/usr/bin/time -v`" if measure.GNU_TIME else "sampled (no /usr/bin/time)"
        print(f"## bench/run.py\n\nMachine: {machine()}; policydiff {source}. {a.runs} rounds "
              f"(startup {2 * a.runs + 1}); peak RSS of one process: {rss_how}.\n")  # fmt: skip
        print("| " + " | ".join(HEAD) + " |\n|" + " --- |" * len(HEAD))
        for row in rows:
            print("| " + " | ".join(row.cells()) + " |")
        print()
        for note in notes:
            print(f"- {note}")
        if a.profile:
            profile(a.repo, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
