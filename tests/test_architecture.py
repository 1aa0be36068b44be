"""The architecture, checked: the layers (import-linter, run by .ci/run), no import cycles,
a light command-line start, and a wheel that holds every package."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
from click.testing import CliRunner

from policydiff.cli import cli

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


def _modules_after(tmp: Path, *args: str) -> list[str]:
    """The policydiff modules and the libraries a fresh ``policydiff ARGS`` has imported when it ends."""
    code = (
        "import json, sys\nfrom policydiff.cli import cli\n"
        "try:\n    cli(sys.argv[1:], prog_name='policydiff')\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'policydiff', 'ruamel', 'yaml', 'jsonschema', 'fastjsonschema', 'jinja2', 'rich', 'diff_match_patch'})), "
        "file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=tmp, capture_output=True, text=True, check=True)
    found: list[str] = json.loads(out.stderr)
    return found


def test_version_imports_no_command() -> None:
    """Failed on 8ce07d4: ``--version`` imported the modules of every command (13 policydiff modules)."""
    assert _modules_after(ROOT, "--version") == [
        "policydiff", "policydiff.cli", "policydiff.cli.base", "policydiff.cli.stopping", "policydiff.cli.terminal",
        "policydiff.zh", "policydiff.zh.lazyre",
    ]  # fmt: skip


def test_check_of_an_empty_repository_imports_no_reader(tmp_path: Path) -> None:
    """Failed on 8ce07d4: it imported the instruments' check, and with it YAML, the schemas and the notice engine."""
    (tmp_path / "documents").mkdir()
    found = _modules_after(tmp_path, "check")
    assert [m for m in found if not m.startswith(("policydiff.cli", "policydiff.zh"))] == [
        "policydiff", "policydiff.app", "policydiff.app.check", "policydiff.errors",
        "policydiff.storage", "policydiff.storage.repo",
    ]  # fmt: skip


def test_every_command_is_in_the_module_the_group_imports_for_it() -> None:
    code = (
        "import importlib\nfrom policydiff.cli.base import COMMAND_MODULES, cli\n"
        "for module in sorted(set(COMMAND_MODULES.values())):\n"
        "    before = set(cli.commands)\n"
        "    importlib.import_module('policydiff.cli.' + module)\n"
        "    for name in sorted(set(cli.commands) - before):\n"
        "        print(name, module)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    from policydiff.cli.base import COMMAND_MODULES

    assert out.stdout == "".join(
        f"{name} {module}\n" for name, module in sorted(COMMAND_MODULES.items(), key=_by_module)
    )


def _by_module(entry: tuple[str, str]) -> tuple[str, str]:
    return entry[1], entry[0]


def test_the_wording_table_compiles_its_patterns_when_used() -> None:
    """Failed on 8ce07d4: importing policydiff.notice.rules compiled every pattern of the table (73 ms)."""
    code = (
        "from policydiff.notice import rules\n"
        "before = sum(rule.pattern.is_compiled() for rule in rules.RULES)\n"
        "item = rules.parse_item('一', '将第一条中的“甲”修改为“乙”')\n"
        "compiled = [rule.name for rule in rules.RULES if rule.pattern.is_compiled()]\n"
        "print(before, item.rules[0] == compiled[-1], len(compiled) < len(rules.RULES))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "0 True True\n"


def test_a_warm_diff_imports_what_it_uses(replay_cache: Path) -> None:
    """Failed on a48dd99: a diff read from the replay cache imported the notice records (to decode
    every event's notice, which it never shows), shutil and tempfile (fsutil, to check a folder),
    the timeline's records and click's shell completion: some 12 ms of its 95."""
    args = ("--root", str(ROOT), "diff", "prc-constitution", "v1", "v6")
    assert "policydiff.notice.apply" in _modules_after(ROOT, *args)  # cold: replayed
    assert _modules_after(ROOT, *args) == [
        "policydiff", "policydiff.cli", "policydiff.cli.base", "policydiff.cli.completion", "policydiff.cli.documents",
        "policydiff.cli.examples", "policydiff.cli.stopping", "policydiff.cli.terminal", "policydiff.compare",
        "policydiff.compare.diff", "policydiff.compare.formats", "policydiff.compare.textdiff",
        "policydiff.compare.texts", "policydiff.compare.wrap", "policydiff.errors", "policydiff.history",
        "policydiff.history.cache", "policydiff.history.packed", "policydiff.history.picking",
        "policydiff.history.plain", "policydiff.history.records", "policydiff.model", "policydiff.model.plaintext",
        "policydiff.storage", "policydiff.storage.links", "policydiff.storage.repo", "policydiff.zh",
        "policydiff.zh.digests", "policydiff.zh.lazyre", "policydiff.zh.lexicon", "policydiff.zh.numbering",
    ]  # fmt: skip
    code = (
        "import sys\nfrom policydiff.cli import cli\ntry:\n    cli(sys.argv[1:], prog_name='policydiff')\n"
        "except SystemExit:\n    pass\nprint(sorted({'shutil', 'tempfile', 'click.shell_completion'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "[]"


def test_apply_imports_what_it_uses(tmp_path: Path) -> None:
    """Failed on 28b7ea0: ``apply`` imported ruamel.yaml (for the notice's comments), OpenSSL
    (hashlib), json, decimal (the compiled schemas), the importer's structure rules and the office
    readers, some 17 ms of its 210 (issue 19)."""
    fjwy = ROOT / "tests" / "fixtures" / "golden" / "fjwy-2021"
    root = tmp_path / "repo"
    root.mkdir()
    imported = CliRunner().invoke(
        cli, ["--root", str(root), "import", str(fjwy / "before.txt"), "--id", "fjwy", "--date", "2021-03-12"]
    )
    assert imported.exit_code == 0, imported.output
    code = (
        "import sys\nfrom policydiff.cli import cli\ntry:\n    cli(sys.argv[1:], prog_name='policydiff')\n"
        "except SystemExit as exc:\n    print(exc.code)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ruamel', 'hashlib', 'json', 'decimal') "
        "or m in ('policydiff.importing.structure', 'policydiff.importing.office')))\n"
    )
    args = ["--root", str(root), "apply", "fjwy", str(fjwy / "notice.txt")]
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-2:] == ["0", "[]"]
