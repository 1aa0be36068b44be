"""The architecture, checked: the layers (import-linter, run by .ci/run), no import cycles,
a light command-line start, and a wheel that holds every package."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).parent.parent
SRC = ROOT / "src" / "policydiff"
LAYERS = [
    "zh",
    "model",
    "storage",
    "importing",
    "notice",
    "crossref",
    "history",
    "compare",
    "render",
    "site",
    "app",
    "cli",
]


def _cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    graph = grimp.build_graph("policydiff")
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = stack[stack.index(v) :]
            del stack[stack.index(v) :]
            if len(component) > 1:
                found.append(sorted(component))

    for module in edges:
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles() -> None:
    assert _cycles() == []


def test_the_top_of_the_package_lists_the_layers() -> None:
    packages = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").exists())
    modules = sorted(p.name for p in SRC.glob("*.py"))
    assert packages == sorted(LAYERS)
    assert modules == ["__init__.py", "__main__.py", "errors.py", "parallel.py"]


def test_the_layer_contract_lists_the_layers_bottom_to_top() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    assert [name.removeprefix("policydiff.") for name in reversed(layers)] == LAYERS


def test_every_package_ships() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.relative_to(SRC.parent).parts) for p in SRC.rglob("__init__.py") for p in [p.parent]}
    assert sorted(found - listed) == []


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    code = (
        "import sys, policydiff.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'ruamel', 'jsonschema', 'jinja2', 'docx', 'pdfminer', 'diff_match_patch', 'rich', 'yaml'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"
