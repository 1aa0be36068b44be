"""policydiff: version control for regulations.

Regulations are kept as trees of provisions in YAML, changed only by amendment notices that
policydiff parses and applies exactly. What the command line does is a Python API too
(``docs/API.md``)::

    import policydiff
    repo = policydiff.open(".")                      # the folder that holds documents/
    fjwy = repo.document("fjwy-network-ideology")
    print(fjwy.at("2021-04-01").text())              # the text in force that day

The API's names are imported on first use, so that ``import policydiff`` (and the command
line's start) stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.3.0"

#: The public API, defined in :mod:`policydiff.app.api`.
_API = (
    "AppliedChange", "Diff", "InstrumentOutcome", "Outcome", "Recorded", "Regulation", "Repository", "Status",
    "diff", "draft", "open", "render_version",
)  # fmt: skip

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    # By name, not an import statement: the package's root imports no layer (lint-imports).
    if name in _API:
        return getattr(importlib.import_module("policydiff.app.api"), name)
    raise AttributeError(f"module 'policydiff' has no attribute {name!r}")
