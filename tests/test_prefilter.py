"""The screen run before a wording rule is compiled: the words every match of a pattern needs."""

from __future__ import annotations

import re

import pytest

from policydiff.notice import prefilter, rules
from policydiff.notice.rule_needs import NEEDS
from policydiff.notice.rules import RULES, match_clause
from policydiff.notice.write_needs import screened
from policydiff.zh.lazyre import lazy
from policydiff.zh.literals import may_match, required


def test_the_shipped_table_is_current() -> None:
    # A stale table is never wrong (an unknown pattern is simply tried), but it is slow:
    # regenerate with ``python -m policydiff.notice.write_needs`` after changing a pattern.
    expected = {prefilter.digest(p): required(p.pattern, p.flags) for p in screened()}
    assert expected == NEEDS


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        ("^abc$", (("abc",),)),
        ("a(?:b|cd)e", (("a",), ("b", "cd"), ("e",))),
        ("a(?:b|c?)e", (("a",), ("e",))),  # a branch that may be empty needs nothing
        ("x(?:yz)*w", (("x",), ("w",))),  # a repeat that may be absent needs nothing
        ("x(?:yz)+w", (("x",), ("yz",), ("w",))),
        ("(?=.*甲)乙", (("甲",), ("乙",))),  # a lookahead's words are in the string
        ("(?!.*甲)乙", (("乙",),)),  # a negative one's are not
        ("a[bc]d", (("a",), ("b", "c"), ("d",))),  # a class of listed characters needs one of them
        ("a[^bc]d", (("a",), ("d",))),
        ("a[b-d]e", (("a",), ("e",))),
        ("(?i)abc", ()),  # case-insensitive: nothing is claimed
        ("(?i:ab)c", (("c",),)),
    ],
)
def test_required_words(pattern: str, needs: tuple[tuple[str, ...], ...]) -> None:
    assert required(pattern) == needs


@pytest.mark.parametrize(
    "pattern", ["^abc$", "a(?:b|cd)e", "x(?:yz)+w", "(?=.*甲)乙", "a[bc]d", "a(?:b|c?)e", "a[^bc]d", "a[b-d]e"]
)
@pytest.mark.parametrize(
    "text", ["abc", "abde", "acde", "ae", "xyzw", "xw", "乙甲", "甲乙", "abd", "acd", "a", "ace", "aed"]
)
def test_a_text_without_the_words_does_not_match(pattern: str, text: str) -> None:
    if not may_match(required(pattern), text):
        assert re.search(pattern, text) is None


def test_every_rule_that_matches_a_clause_has_its_words() -> None:
    clauses = [
        "将第一条中的⟨1⟩修改为⟨2⟩",
        "在第一条中⟨1⟩后增加⟨2⟩",
        "删去第三条",
        "第二款修改为：⟨1⟩",
        "删去第五条中的⟨1⟩",
    ]
    for clause in clauses:
        for rule in RULES:
            if rule.pattern.match(clause):
                assert may_match(prefilter.needs(rule.pattern), clause), (rule.name, clause)


def test_a_pattern_not_in_the_table_is_screened_by_nothing() -> None:
    assert prefilter.needs(lazy("^不在表中$")) == ()


def test_a_clause_compiles_only_the_rules_it_could_be(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = [rules.Rule(r.name, lazy(r.pattern.pattern, r.pattern.flags), r.build, r.refusal) for r in RULES]
    monkeypatch.setattr(rules, "RULES", fresh)
    ops = match_clause("删去第三条", rules.Context({}, "一"))
    assert ops is not None and [op.op for op in ops] == ["delete_provision"]
    compiled = [r.name for r in fresh if r.pattern.is_compiled()]
    assert compiled == ["delete provisions"]
