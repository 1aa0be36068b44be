"""docs/API.md: every example runs, from the project's folder, and gives what the page shows."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_the_api_page_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(ROOT / "docs" / "API.md"), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.failed == 0
    assert result.attempted >= 25


def test_import_policydiff_stays_light_until_the_api_is_used() -> None:
    import subprocess
    import sys

    code = "import sys, policydiff; print(sorted(m for m in sys.modules if m.startswith('policydiff')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "['policydiff']\n"


def test_every_api_name_is_reachable_even_after_the_layers_are_imported() -> None:
    import importlib

    import policydiff

    for layer in ("zh", "model", "storage", "importing", "notice", "crossref", "history", "compare", "render", "site"):
        importlib.import_module(f"policydiff.{layer}")  # a subpackage of the same name would shadow an API name
    api = importlib.import_module("policydiff.app.api")
    assert [name for name in policydiff._API if getattr(policydiff, name) is not getattr(api, name)] == []
