"""Write :mod:`policydiff.notice.rule_needs` for the current wording table (:mod:`.prefilter`).

Run it after changing a pattern of :data:`policydiff.notice.rules.RULES`::

    python -m policydiff.notice.write_needs && ruff format src/policydiff/notice/rule_needs.py
"""

from __future__ import annotations

from pathlib import Path

from policydiff.notice.prefilter import generate
from policydiff.notice.rules import RULES


def main() -> None:
    """Write the table beside this module."""
    target = Path(__file__).with_name("rule_needs.py")
    target.write_text(generate([rule.pattern for rule in RULES]), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
