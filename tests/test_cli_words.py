"""The words of the command line: plurals, the order documents are listed in, warnings, help."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.test_cli import run

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
DATONG = "datong-network-ideology"


def _one_document(root: Path, *slugs: str) -> None:
    """Copies of the datong document under *slugs* (the same text, each under its own id)."""
    source = (ROOT / "documents" / DATONG / "document.yaml").read_text(encoding="utf-8")
    for slug in slugs:
        (root / "documents" / slug).mkdir(parents=True)
        text = re.sub(r"^slug: .*$", f"slug: {slug}", source, count=1, flags=re.MULTILINE)
        (root / "documents" / slug / "document.yaml").write_text(text, encoding="utf-8")


def test_build_of_one_document_says_document_not_documents(tmp_path: Path) -> None:
    """Failed on 49a027a: ``built 5 pages for 1 documents``."""
    shutil.copytree(ROOT / "documents" / DATONG, tmp_path / "documents" / DATONG)
    out = tmp_path / "site"
    assert run(tmp_path, "build", "-o", str(out), "--quiet") == (
        0,
        f"built 7 pages for 1 document in {out}/ (1 rendered, 0 unchanged; 7 pages written, 0 deleted)\n",
        "",
    )


def test_list_and_the_site_index_sort_numbers_as_numbers(tmp_path: Path) -> None:
    """Failed on 49a027a: ``list`` gave ``x-1, x-10, x-2``."""
    _one_document(tmp_path, "x-10", "x-2", "x-1")
    code, out, _ = run(tmp_path, "list")
    assert (code, [line.split("\t")[0] for line in out.splitlines()]) == (0, ["x-1", "x-2", "x-10"])
    assert run(tmp_path, "build", "-o", str(tmp_path / "site"), "--quiet")[0] == 0
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="\./(x-\d+)/index.html"', index) == ["x-1", "x-2", "x-10"]


def test_import_split_numbers_warnings_by_the_files_lines(tmp_path: Path) -> None:
    """Failed on 49a027a: ``line 5 joined to the line before it, which stops mid-sentence`` twice
    (two parts of the compilation each had a line 5 of their own); now the file's lines 53 and 62."""
    (source,) = SEEDS.glob("003_*.txt")
    code, _, err = run(tmp_path, "import", str(source), "--split", "--allow-problems")
    joined = [line for line in err.splitlines() if "joined" in line]
    assert (code, joined) == (
        0,
        [
            f"{source}: warning: line 53 joined to the line before it, which stops mid-sentence",
            f"{source}: warning: line 62 joined to the line before it, which stops mid-sentence",
        ],
    )


def test_import_help_names_every_kind_of_file() -> None:
    """Failed on 49a027a: ``import --help`` said "text or Markdown" though .docx and PDF work."""
    code, out, _ = run(ROOT, "import", "--help")
    assert code == 0
    first = " ".join(out.split("\n\n")[1].split())  # the first paragraph, however wide the terminal
    assert first == "Import regulations from text, Markdown, Word (.docx) or PDF files (or folders of them)."
