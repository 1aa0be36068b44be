"""Whole-process time of the commands of a document's life (issue 16): revise, apply NOTICE, repeal.

Each command runs 7 times on a fresh copy of the same repository (the 1982 Constitution as ``xianfa``,
and 示例甲/乙/丙管理办法 as ``a``, ``b``, ``c``); prints min, median and max in milliseconds as
Markdown table rows. Run from the project's folder: ``python bench/lifecycle.py``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
POLICYDIFF = [sys.executable, "-m", "policydiff"]
RUNS = 7


def _run(root: Path, *args: str) -> None:
    done = subprocess.run([*POLICYDIFF, "--root", str(root), *args], capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{args}: {done.stderr.decode()}")


def _repository(where: Path) -> Path:
    root = where / "pristine"
    _run(
        root, "import", str(FIXTURES / "golden" / "constitution" / "1982.txt"), "--id", "xianfa", "--date", "1982-12-04"
    )
    files = [str(FIXTURES / "instruments" / f"{n}.txt") for n in "abc"]
    _run(root, "import", *files, "--date", "2020-01-01")
    return root


COMMANDS = {
    "revise xianfa 1982 → 2018 (380 provisions matched)": (
        "revise", "xianfa", str(FIXTURES / "golden" / "constitution" / "2018.txt"), "--date", "2018-03-11"
    ),
    "apply NOTICE (a decision amending 3 documents)": ("apply", str(FIXTURES / "instruments" / "three.txt")),
    "repeal a": ("repeal", "a", "--date", "2030-01-01"),
    "apply a NOTICE (one document, for comparison)": ("apply", "a", str(FIXTURES / "instruments" / "three.txt")),
}  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pristine = _repository(Path(tmp))
        for name, args in COMMANDS.items():
            times = []
            for _ in range(RUNS):
                root = Path(tmp) / "repo"
                shutil.rmtree(root, ignore_errors=True)
                shutil.copytree(pristine, root)
                start = time.perf_counter()
                _run(root, *args)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            print(f"| {name} | {times[0]:.0f} | {statistics.median(times):.0f} | {times[-1]:.0f} |")


if __name__ == "__main__":
    main()
