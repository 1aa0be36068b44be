"""Cross-references: finding them, checking them against their version, and following renumbering."""

from __future__ import annotations

import importlib
import itertools

import pytest

from policydiff import crossref, history
from policydiff.crossref.amend import apply_items, resolves_alike
from policydiff.crossref.find import find, references
from policydiff.model import Document, Provision
from policydiff.model.plaintext import to_text
from policydiff.notice.ops import DeleteProvision, InsertProvision, Item, ReplaceText
from tests.conftest import doc_from_text

DOC = doc_from_text(
    """示例办法
第一章 总则
第一条 为了示例，制定本办法。
第二条 本办法适用于：
（一）甲；
（二）乙。
前款规定以外的，依照本办法第三条处理。
第二章 附则
第三条 违反本办法第二条第一款第（二）项、第二款规定的，依照第四条处理。
第四条 依照本条第三款、前条和刑法第十条处理，见《某法》第九条，在目前条件下办理。
"""
)


def words(doc: Document) -> list[tuple[str, str, str | None, list[tuple[str, int]]]]:
    return [(r.source, r.words, r.scope, [(s.unit, s.num.value) for s in r.steps]) for r in references(doc)]


def test_references_are_found_with_their_scope_and_inherited_steps() -> None:
    assert words(DOC) == [
        ("a2-p2", "前款", "前款", []),
        ("a2-p2", "本办法第三条", "本办法", [("条", 3)]),
        ("a3", "本办法第二条第一款第（二）项", "本办法", [("条", 2), ("款", 1), ("项", 2)]),
        ("a3", "第二款", "本办法", [("条", 2), ("款", 2)]),
        ("a3", "第四条", None, [("条", 4)]),
        ("a4", "本条第三款", "本条", [("款", 3)]),
        ("a4", "前条", "前条", []),
    ]


def test_other_instruments_quotations_and_ordinary_words_are_not_references() -> None:
    found = [
        r.words for r in find("x", "参照刑法第十条、《某法》第九条和“依照本办法第九条”办理，在目前条件下，提前款项。")
    ]
    assert found == []


def test_ranges_and_lists_are_read_as_one_expression() -> None:
    found = find("x", "违反本法第十条至第十二条、第十五条第二款、第三款规定的")
    assert [(r.words, [(s.unit, s.num.value) for s in r.steps]) for r in found] == [
        ("本法第十条", [("条", 10)]),
        ("第十二条", [("条", 12)]),
        ("第十五条第二款", [("条", 15), ("款", 2)]),
        ("第三款", [("条", 15), ("款", 3)]),
    ]


def test_dangling_references_say_why() -> None:
    assert [(d.reference.words, d.reason) for d in crossref.dangling(DOC)] == [
        ("本条第三款", "第四条 has 1 款, not 3"),
    ]
    doc = doc_from_text("示例办法\n第一条 前条和前款所列，依照本办法第九条、第一条第（三）项。\n")
    assert [(d.reference.words, d.reason) for d in crossref.dangling(doc)] == [
        ("前条", "前条 in the first article"),
        ("前款", "前款 in the first 款"),
        ("本办法第九条", "there is no 第九条"),
        ("第一条第（三）项", "第一条 has no 第（三）项"),
    ]


def test_an_instrument_about_another_checks_only_its_scoped_references() -> None:
    doc = doc_from_text("关于修改《示例办法》的决定\n第一条 将第九条修改为：“……”。本决定第五条另有规定。\n")
    assert [(d.reference.words, d.reason) for d in crossref.dangling(doc)] == [
        ("本决定第五条", "there is no 第五条"),
    ]


def insert_article(doc: Document, after: str, number: str, text: str) -> Document:
    op = InsertProvision(parent=after, kind="条", number=number, paragraphs=(text,))
    return apply_items(doc, [Item("1", "", (op,))], follow_references=False).document


def test_references_follow_an_inserted_article() -> None:
    after = insert_article(DOC, "第二条", "第三条", "新增的条文。")
    assert [(r.old, r.new) for r in crossref.rewrites(DOC, after)] == [
        ("本办法第三条", "本办法第四条"),
        ("第四条", "第五条"),
    ]
    followed = crossref.renumber_references(DOC, after)
    assert to_text(followed).splitlines()[6:] == [
        "前款规定以外的，依照本办法第四条处理。",
        "第三条 新增的条文。",
        "第二章 附则",
        "第四条 违反本办法第二条第一款第（二）项、第二款规定的，依照第五条处理。",
        "第五条 依照本条第三款、前条和刑法第十条处理，见《某法》第九条，在目前条件下办理。",
    ]
    assert crossref.rewrites(after, followed) == []


def test_a_provision_the_notice_edited_keeps_its_words() -> None:
    ops = (
        InsertProvision(parent="第二条", kind="条", number="第三条", paragraphs=("新增的条文。",)),
        ReplaceText(address="第三条", old="依照第四条处理", new="依照第五条处理"),
    )
    after = apply_items(DOC, [Item("1", "", ops)], follow_references=False).document
    assert [(r.source, r.old, r.new) for r in crossref.rewrites(DOC, after)] == [
        ("a2-p2", "本办法第三条", "本办法第四条")
    ]


def test_references_to_a_paragraph_follow_an_inserted_paragraph() -> None:
    before = doc_from_text("示例办法\n第一条 甲。\n乙，依照本条第二款。\n第二条 依照第一条第二款处理。\n")
    op = InsertProvision(parent="第一条", kind="款", number="第二款", paragraphs=("丙。",))
    after = apply_items(before, [Item("1", "", (op,))], follow_references=False).document
    assert [(r.old, r.new) for r in crossref.rewrites(before, after)] == [
        ("本条第二款", "本条第三款"),
        ("第一条第二款", "第一条第三款"),
    ]


def test_nothing_to_follow_gives_the_same_document() -> None:
    assert crossref.renumber_references(DOC, DOC) is DOC


def test_where_names_the_article_not_its_chapter() -> None:
    assert crossref.where(DOC, "a2-p2") == "第二条第1段"
    assert crossref.where(DOC, "c1") == "第一章"


def test_applying_a_notice_makes_references_follow_and_says_so() -> None:
    op = InsertProvision(parent="第二条", kind="条", number="第三条", paragraphs=("新增的条文。",))
    applied = apply_items(DOC, [Item("1", "", (op,))])
    assert applied.document == crossref.renumber_references(
        DOC, apply_items(DOC, [Item("1", "", (op,))], follow_references=False).document
    )
    assert applied.warnings == (
        "item 1: 第三条 renumbered 第四条 after a new 第三条 was added",
        "item 1: 第四条 renumbered 第五条 after a new 第三条 was added",
        "reference in a2-p2 follows the renumbering: “本办法第三条” now reads “本办法第四条”",
        "reference in a3 follows the renumbering: “第四条” now reads “第五条”",
    )
    assert applied.changed[-1] == ("references", ("a2-p2", "a3"))


def _with_text(doc: Document, pid: str, text: str) -> Document:
    def edited(p: Provision) -> Provision:
        return p._replace(text=text if p.id == pid else p.text, children=tuple(edited(c) for c in p.children))

    return doc._replace(provisions=tuple(edited(p) for p in doc.provisions))


def test_a_rewording_that_keeps_what_resolution_reads_resolves_alike() -> None:
    reworded = _with_text(DOC, "a1", "为了举例，制定本办法。")
    assert resolves_alike(DOC, reworded)
    assert resolves_alike(DOC, _with_text(DOC, "a2-i1", "丙；"))
    assert not resolves_alike(DOC, _with_text(DOC, "a2", "本办法适用于下列单位。"))  # ： no longer opens the list
    assert not resolves_alike(DOC, _with_text(DOC, "a1", "为了示例，依照第四条制定本办法。"))  # now names a 条
    assert not resolves_alike(DOC, DOC._replace(title="关于修改示例办法的决定"))  # read as about another
    assert not resolves_alike(DOC, insert_article(DOC, "第二条", "第三条", "新增的条文。"))


def test_versions_that_resolve_alike_have_nothing_to_follow_or_say() -> None:
    """What the shortcut of apply_items relies on: for every pair of consecutive versions of the
    built-in documents and of DOC reworded, alike means that rewrites and changed_meaning find nothing."""
    from pathlib import Path

    from policydiff import history
    from policydiff.crossref.refnotes import changed_meaning
    from policydiff.storage.repo import Repository

    repo = Repository(Path(__file__).resolve().parent.parent)
    pairs = [(DOC, _with_text(DOC, pid, "改写的文字，依照本办法处理。")) for pid in ("a1", "a2-p2", "a3", "a4")]
    for slug in repo.slugs():
        docs = [v.document for v in history.versions(repo, slug)]
        pairs += list(itertools.pairwise(docs))
    alike = 0
    for before, after in pairs:
        if resolves_alike(before, after):
            alike += 1
            assert crossref.rewrites(before, after) == []
            assert changed_meaning(before, after, after) == []
    assert 0 < alike < len(pairs)


def test_following_references_indexes_each_version_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before and amended, and followed when references were rewritten: each indexed once, though
    rewrites and changed_meaning both ask about them."""
    made: list[str] = []

    class Counted(crossref.Index):
        def __init__(self, doc: Document) -> None:
            made.append(doc.title)
            super().__init__(doc)

    monkeypatch.setattr(crossref, "Index", Counted)
    op = InsertProvision(parent="第二条", kind="条", number="第三条", paragraphs=("新增的条文。",))
    applied = apply_items(DOC, [Item("1", "", (op,))])
    assert applied.changed[-1] == ("references", ("a2-p2", "a3")) and len(made) == 3  # before, amended, followed
    made.clear()
    deleted = apply_items(DOC, [Item("1", "", (DeleteProvision("第四条"),))])  # the last: no renumbering
    assert deleted.warnings[-1].startswith("reference in a3 changes meaning: “第四条”") and len(made) == 2


def test_a_replay_looks_for_the_references_of_each_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each notice follows references in every provision it left alone: across a replay's notices
    those are mostly the same texts, found once (by provision id and text). The versions and
    warnings are those of the notices applied one by one, each finding them again."""
    finding = importlib.import_module("policydiff.crossref.find")  # the module: the package's find is the function
    looked: list[tuple[str, str]] = []
    real = finding.find
    monkeypatch.setattr(finding, "find", lambda source, text: looked.append((source, text)) or real(source, text))
    first = InsertProvision(parent="第二条", kind="条", number="第三条", paragraphs=("新增的条文。",))
    second = InsertProvision(parent="第一条", kind="条", number="第二条", paragraphs=("又一条。",))
    steps = [[Item("1", "", (first,))], [Item("1", "", (second,))]]
    replayed = list(history.replay(DOC, steps))
    assert len(looked) == len(set(looked)) and len(looked) > 0
    one_by_one = [apply_items(DOC, steps[0])]
    one_by_one.append(apply_items(one_by_one[0].document, steps[1], retired=frozenset(p.id for p in DOC.walk())))
    assert [(a.document, a.warnings) for a in replayed] == [(a.document, a.warnings) for a in one_by_one]
    assert replayed[1].warnings[-1] == "reference in a3 follows the renumbering: “第五条” now reads “第六条”"
