"""Revision matching (compare/matching.py): ids kept across a re-issued full text.

Each fixture folder of tests/fixtures/revise/ holds an old and a new text showing one rule; the
tests assert the exact ids of the result and the exact report.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import history
from policydiff.compare import matching
from policydiff.compare.diff import diff_documents
from policydiff.compare.matching import Pair, Revision, Single, match_revision
from policydiff.importing.text import parse_text
from policydiff.model import Document, Kind
from policydiff.storage.repo import Repository
from policydiff.zh.numbering import Num, int_to_zh
from tests.conftest import FIXTURES, doc_from_text

ROOT = Path(__file__).resolve().parents[1]
REVISE = FIXTURES / "revise"
GOLDEN = FIXTURES / "golden" / "constitution"
A, P, C, ITEM = Kind.ARTICLE, Kind.PARAGRAPH, Kind.CHAPTER, Kind.ITEM


def load(folder: str, name: str) -> Document:
    doc, warnings = parse_text((REVISE / folder / name).read_text(encoding="utf-8"), slug=folder, name=name)
    assert warnings == ()
    return doc


def revise(folder: str, retired: frozenset[str] = frozenset()) -> Revision:
    return match_revision(load(folder, "old.txt"), load(folder, "new.txt"), retired=retired)


def ids(doc: Document) -> list[str]:
    return [p.id for p in doc.walk()]


def pair(pid: str, rule: matching.RuleName, old: int | None, new: int | None) -> Pair:
    return Pair(pid, rule, None if old is None else Num(old), None if new is None else Num(new))


def same(pid: str, num: int) -> Pair:
    """An unchanged, unrenumbered pair found by rule 1."""
    return pair(pid, "identical", num, num)


def without(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(matching, "RULES", tuple(r for r in matching.RULES if r.name != name))


def test_the_rule_table() -> None:
    assert [(r.name, r.whole_document) for r in matching.RULES] == [
        ("identical", True),
        ("numbered", False),
        ("similar", False),
    ]


# --- one fixture per rule ---------------------------------------------------------------------


def test_identical_text_moved_by_an_insertion_before_it() -> None:
    """Rule 1: old 第二条 is new 第三条, word for word; the new 第二条, much like it, is added."""
    got = revise("moved")
    assert ids(got.document) == ["a1", "a2~2", "a2", "a3"]
    assert got.matched == (same("a1", 1), pair("a2", "identical", 2, 3), pair("a3", "identical", 3, 4))
    assert got.modified == ()
    assert got.renumbered == (pair("a2", "identical", 2, 3), pair("a3", "identical", 3, 4))
    assert got.added == (Single("a2~2", A),)
    assert got.deleted == ()


def test_without_rule_1_the_inserted_article_takes_the_moved_ones_id(monkeypatch: pytest.MonkeyPatch) -> None:
    without(monkeypatch, "identical")
    assert ids(revise("moved").document) == ["a1", "a2", "a3~2", "a3"]


def test_a_modified_article_keeps_its_number_and_id() -> None:
    """Rule 2: 第二条 reworded (ratio 0.53): same number under the same parent, similar enough."""
    got = revise("modified")
    assert ids(got.document) == ["a1", "a2", "a3"]
    assert got.matched == (same("a1", 1), same("a3", 3))
    assert got.modified == (pair("a2", "numbered", 2, 2),)
    assert (got.renumbered, got.added, got.deleted) == ((), (), ())


def test_without_rule_2_the_modified_article_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """0.53 is below rule 3's bar: without the number's evidence, deleted and added."""
    without(monkeypatch, "numbered")
    got = revise("modified")
    assert ids(got.document) == ["a1", "a2~2", "a3"]
    assert (got.added, got.deleted) == ((Single("a2~2", A),), (Single("a2", A),))


def test_a_renumbered_and_reworded_article() -> None:
    """Rule 3: old 第二条, reworded, is new 第三条 after an inserted article, between the same neighbours."""
    got = revise("renumbered")
    assert ids(got.document) == ["a1", "a2~2", "a2", "a3"]
    assert got.matched == (same("a1", 1), pair("a3", "identical", 3, 4))
    assert got.modified == (pair("a2", "similar", 2, 3),)
    assert got.renumbered == (pair("a2", "similar", 2, 3), pair("a3", "identical", 3, 4))
    assert (got.added, got.deleted) == ((Single("a2~2", A),), ())


def test_a_split_paragraph() -> None:
    """Rule 3: a 款 split in two keeps its id in the part most like it; the rest is a new 款."""
    got = revise("split")
    assert ids(got.document) == ["a1", "a2", "a2-p2", "a2-p3", "a3"]
    assert got.matched == (same("a1", 1), same("a2", 2), same("a3", 3))
    assert got.modified == (pair("a2-p2", "similar", None, None),)
    assert (got.renumbered, got.added, got.deleted) == ((), (Single("a2-p3", P),), ())


def test_without_rule_3_the_split_paragraph_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    without(monkeypatch, "similar")
    got = revise("split")
    assert ids(got.document) == ["a1", "a2", "a2-p2~2", "a2-p3", "a3"]
    assert got.deleted == (Single("a2-p2", P),)


def test_a_deleted_article() -> None:
    got = revise("deleted")
    assert ids(got.document) == ["a1", "a3"]
    assert got.matched == (same("a1", 1), pair("a3", "identical", 3, 2))
    assert got.renumbered == (pair("a3", "identical", 3, 2),)
    assert (got.modified, got.added, got.deleted) == ((), (), (Single("a2", A),))


def test_an_added_chapter_gets_fresh_ids_named_like_the_importers() -> None:
    """The new 第二章 would be ``c2`` and its first article ``a3``: both are old ids, so ``~2``."""
    got = revise("chapter")
    assert ids(got.document) == ["c1", "a1", "a2", "c2~2", "a3~2", "a4", "c2", "a3"]
    assert got.matched == (
        same("c1", 1),
        same("a1", 1),
        same("a2", 2),
        pair("c2", "identical", 2, 3),
        pair("a3", "identical", 3, 5),
    )
    assert got.renumbered == (pair("c2", "identical", 2, 3), pair("a3", "identical", 3, 5))
    assert got.added == (Single("c2~2", C), Single("a3~2", A), Single("a4", A))
    assert (got.modified, got.deleted) == ((), ())


def test_an_ambiguous_pair_of_identical_texts_is_left_unmatched() -> None:
    """One old 款, two new ones word for word like it: which one continues it is a guess."""
    got = revise("ambiguous")
    assert ids(got.document) == ["a1", "a2", "a2-p2~2", "a2-p3", "a3"]
    assert got.matched == (same("a1", 1), same("a2", 2), same("a3", 3))
    assert got.added == (Single("a2-p2~2", P), Single("a2-p3", P))
    assert got.deleted == (Single("a2-p2", P),)
    assert (got.modified, got.renumbered) == ((), ())


def test_children_are_kept_under_a_matched_parent() -> None:
    """The items occur twice in each text, so only their matched parents tell them apart."""
    got = revise("children")
    assert ids(got.document) == ["a1", "a2~2", "a2", "a2-i1", "a2-i2", "a3", "a3-i1", "a3-i2"]
    assert got.matched == (
        same("a1", 1),
        same("a2-i1", 1),
        same("a2-i2", 2),
        pair("a3", "identical", 3, 4),
        same("a3-i1", 1),
        same("a3-i2", 2),
    )
    assert got.modified == (pair("a2", "similar", 2, 3),)
    assert got.renumbered == (pair("a2", "similar", 2, 3), pair("a3", "identical", 3, 4))
    assert (got.added, got.deleted) == ((Single("a2~2", A),), ())


def test_without_rule_1_the_items_follow_the_wrong_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule 2 then pairs the two 第三条, which are different articles alike in their items."""
    without(monkeypatch, "identical")
    got = revise("children")
    assert ids(got.document) == ["a1", "a2~2", "a3", "a3-i1", "a3-i2", "a4", "a4-i1", "a4-i2"]
    assert got.deleted == (Single("a2", A), Single("a2-i1", ITEM), Single("a2-i2", ITEM))


def test_a_paragraph_never_matches_an_article() -> None:
    """The words of old 第二条 become the second 款 of 第一条: same words, other kind."""
    got = revise("kinds")
    assert ids(got.document) == ["a1", "a1-p2", "a3"]
    assert got.matched == (same("a1", 1), pair("a3", "identical", 3, 2))
    assert (got.added, got.deleted) == ((Single("a1-p2", P),), (Single("a2", A),))


def test_fresh_ids_skip_retired_ones() -> None:
    got = revise("moved", retired=frozenset({"a2~2", "a2~3"}))
    assert ids(got.document) == ["a1", "a2~4", "a2", "a3"]
    assert got.added == (Single("a2~4", A),)


# --- properties -------------------------------------------------------------------------------

SENTENCES = (
    "单位应当建立登记制度。",
    "前款规定的事项由主管部门确定。",
    "本办法自公布之日起施行。",
    "检查结果向社会公布。",
)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """Small legal texts from a few sentences, so that the same words recur at every level."""
    lines = ["示例办法"]
    for n in range(1, draw(st.integers(1, 6)) + 1):
        if draw(st.booleans()) and n > 1:
            lines.append(f"第{int_to_zh(n)}章 {draw(st.sampled_from(('总则', '管理', '附则')))}")
        lines.append(f"第{int_to_zh(n)}条 {draw(st.sampled_from(SENTENCES))}")
        for k in range(1, draw(st.integers(0, 3)) + 1):
            words = draw(st.sampled_from(SENTENCES))
            lines.append(f"（{int_to_zh(k)}）{words}" if draw(st.booleans()) else words)
    return doc_from_text("\n".join(lines) + "\n")


@settings(max_examples=150, deadline=None)
@given(documents())
def test_a_document_matched_against_itself_keeps_every_id(doc: Document) -> None:
    got = match_revision(doc, doc)
    assert got.document == doc
    assert [p.id for p in got.matched] == ids(doc)
    assert (got.modified, got.renumbered, got.added, got.deleted) == ((), (), (), ())


@settings(max_examples=150, deadline=None)
@given(documents(), documents(), st.frozensets(st.sampled_from(("a1~2", "a2", "a2~2", "a3-p2", "c2~2", "x"))))
def test_fresh_ids_never_collide(old: Document, new: Document, retired: frozenset[str]) -> None:
    got = match_revision(old, new, retired=retired)
    result = ids(got.document)
    assert len(result) == len(set(result))
    fresh = {s.id for s in got.added}
    assert not fresh & (set(ids(old)) | retired)
    kept = [p.id for p in (*got.matched, *got.modified)]
    assert set(kept) <= set(ids(old))
    assert sorted(kept + [s.id for s in got.deleted]) == sorted(ids(old))
    assert sorted(result) == sorted([*kept, *fresh])


# --- the Constitution: the matcher against the five-amendment chain ---------------------------


def counts(old: Document, new: Document) -> dict[str, int]:
    return dict(Counter(c.kind for c in diff_documents(old, new)))


@pytest.fixture(scope="module")
def constitution() -> tuple[Document, Document, Revision]:
    """The chain's v6 (1982 text and five amendments replayed), and 2018.txt matched against 1982.txt."""
    chain = history.versions(Repository(ROOT), "prc-constitution")
    old = parse_text((GOLDEN / "1982.txt").read_text(encoding="utf-8"), slug="prc-constitution", name="1982.txt")
    new = parse_text((GOLDEN / "2018.txt").read_text(encoding="utf-8"), slug="prc-constitution", name="2018.txt")
    assert ids(old[0]) == ids(chain[0].document)
    return chain[0].document, chain[-1].document, match_revision(old[0], new[0])


def test_constitution_chain_and_matcher_counts(constitution: tuple[Document, Document, Revision]) -> None:
    """The diff the CLI shows, v1→v6 of the chain and 1982→2018 through the matcher.

    They differ by five provisions the amendments rewrote almost wholly, which the chain keeps
    (a notice addresses them by number) and the matcher takes for new ones (below both bars:
    difflib ratio 0.16 to 0.46): 1982 第六条第二款 (0.35), 第十一条第二款 (0.16), 第十三条
    (0.46, and with it its second 款, whose parent is unmatched), 第九十八条 (0.35). That is
    five deleted, and five modified (chain) become added (matcher). 第十五条 is the sixth
    difference and counts the same on both sides: the 1993 amendment replaced its two 款 by
    three; the chain keeps the ids by place (old second 款 → new second 款, ratio 0.18, the new
    third one added), the matcher by words (old second 款 ``禁止……扰乱社会经济秩序`` → the new
    third ``国家依法禁止……扰乱社会经济秩序``, the new second one added).
    """
    v1, v6, revision = constitution
    assert counts(v1, v6) == {"modified": 44, "renumbered": 38, "added": 25}
    assert counts(v1, revision.document) == {"modified": 39, "renumbered": 38, "added": 30, "deleted": 5}
    assert [s.id for s in revision.deleted] == ["a6-p2", "a11-p2", "a13", "a13-p2", "a98"]
    assert Counter(p.rule for p in (*revision.matched, *revision.modified)) == {
        "identical": 311,
        "numbered": 21,
        "similar": 18,
    }


def test_constitution_id_keeping_rate(constitution: tuple[Document, Document, Revision]) -> None:
    """Of the 380 provisions of the 2018 text (the same tree in v6 and in the matcher's result),
    372 have the id the chain gave them: 97.9 %. The other eight are the six of the counts test
    above and the two 款 of the new 第十三条 under its fresh parent (``a13~2-p2``, ``a13~2-p3``)."""
    _, v6, revision = constitution
    chain, matched = ids(v6), ids(revision.document)
    assert len(chain) == len(matched) == 380
    assert [(a, b) for a, b in zip(chain, matched, strict=True) if a != b] == [
        ("a6-p2", "a6-p2~2"),
        ("a11-p2", "a11-p2~2"),
        ("a13", "a13~2"),
        ("a13-p2", "a13~2-p2"),
        ("a13-p3", "a13~2-p3"),
        ("a15-p2", "a15-p2~2"),
        ("a15-p3", "a15-p2"),
        ("a98", "a98~2"),
    ]
    kept = sum(a == b for a, b in zip(chain, matched, strict=True))
    assert (kept, round(kept / len(chain), 4)) == (372, 0.9789)
