"""The wording table, form by form: each row of RULES has a fixture file in ``tests/forms``.

A fixture file names its row and lists wordings with the exact operations they give (in the
style of markdown-it-py's fixture tests). Each case also asserts *which* rows read it, so a
row that another row or the clause cutter shadows fails here; a row with no fixture file, or
one that no case fires, fails :func:`test_every_rule_fires`. ``refused.yaml`` holds wordings
that must be refused, with their exact messages; ``apply.yaml`` applies new forms to small documents.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from policydiff.crossref.amend import apply_items
from policydiff.model.plaintext import to_text
from policydiff.notice.apply import ApplyError
from policydiff.notice.record import op_data
from policydiff.notice.rules import RULES, UnknownWording, parse_item
from tests.conftest import doc_from_text

FORMS = Path(__file__).parent / "forms"


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _form_files() -> list[Path]:
    return sorted(p for p in FORMS.glob("*.yaml") if p.name not in ("refused.yaml", "apply.yaml"))


def _cases() -> list[Any]:
    out = []
    for path in _form_files():
        data = _load(path)
        for n, case in enumerate(data["cases"], start=1):
            out.append(pytest.param(data["rule"], case, id=f"{path.stem}-{n}"))
    return out


def _plain(ops: Any) -> Any:
    return json.loads(json.dumps([dict(op_data(op)) for op in ops], ensure_ascii=False))


_BY_NAME = {rule.name: rule for rule in RULES}


@pytest.mark.parametrize(("rule", "case"), _cases())
def test_form(rule: str, case: dict[str, Any]) -> None:
    if "error" in case:  # a form recognised to be refused: its row's own reason, exactly
        with pytest.raises(UnknownWording) as caught:
            parse_item("1", case["wording"])
        assert caught.value.message == case["error"] == f"item 1: {_BY_NAME[rule].refusal}"
        return
    item = parse_item("1", case["wording"])
    assert _plain(item.operations) == case["operations"]
    assert list(item.rules) == case.get("rules", [rule])


def test_every_rule_fires() -> None:
    """Every row has a fixture file, and every fixture file's row fires on its cases."""
    named = [_load(path)["rule"] for path in _form_files()]
    assert named == [rule.name for rule in RULES]
    fired = {name for path in _form_files() for case in _load(path)["cases"] for name in _fired(case["wording"])}
    assert [rule.name for rule in RULES if rule.name not in fired] == []


def _fired(wording: str) -> tuple[str, ...]:
    try:
        return parse_item("1", wording).rules
    except UnknownWording as exc:
        return tuple(r.name for r in RULES if r.refusal and exc.message == f"item 1: {r.refusal}")


@pytest.mark.parametrize("case", _load(FORMS / "refused.yaml")["cases"], ids=lambda c: c["wording"][:20])
def test_refused(case: dict[str, str]) -> None:
    with pytest.raises(UnknownWording) as caught:
        parse_item("1", case["wording"])
    assert caught.value.message == case["error"]


def _apply_cases() -> list[Any]:
    cases = _load(FORMS / "apply.yaml")["cases"]
    return [pytest.param(case, id=case["name"]) for case in cases]


@pytest.mark.parametrize("case", _apply_cases())
def test_applied(case: dict[str, Any]) -> None:
    """The forms applied to a small document: the text and warnings, or the refusal, exactly."""
    items = [parse_item(str(n), wording) for n, wording in enumerate(case["wordings"], start=1)]
    document = doc_from_text(case["document"])
    if "error" in case:
        with pytest.raises(ApplyError) as caught:
            apply_items(document, items)
        assert caught.value.message == case["error"]
        return
    applied = apply_items(document, items)
    assert (to_text(applied.document), list(applied.warnings)) == (case["expected"], case["warnings"])
