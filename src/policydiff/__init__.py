"""policydiff: version control for regulations.

Regulations are kept as trees of provisions in YAML, changed only by amendment
notices that policydiff parses and applies exactly. Everything the command line
does is available from this package::

    from policydiff.storage.repo import Repository
    doc = Repository(Path(".")).load("fjwy-network-ideology")
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
