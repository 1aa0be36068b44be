"""Write :mod:`policydiff.notice.rule_needs` for the current wording table (:mod:`.prefilter`).

Run it after changing a pattern of :data:`policydiff.notice.rules.RULES` or
:data:`policydiff.notice.clause_kinds.CLAUSES`::

    python -m policydiff.notice.write_needs && ruff format src/policydiff/notice/rule_needs.py
"""

from __future__ import annotations

from pathlib import Path

from policydiff.notice.clause_kinds import CLAUSES
from policydiff.notice.prefilter import generate
from policydiff.notice.rules import RULES
from policydiff.zh.lazyre import LazyPattern


def screened() -> list[LazyPattern]:
    """The patterns screened by :mod:`.prefilter`, in the order they are tried."""
    return [rule.pattern for rule in RULES] + [pattern for _, pattern in CLAUSES]


def main() -> None:
    """Write the table beside this module."""
    target = Path(__file__).with_name("rule_needs.py")
    target.write_text(generate(screened()), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
