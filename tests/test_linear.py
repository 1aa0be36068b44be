"""Linear cost in document and notice size (issue 15, item 14): check, apply, a large notice.

Timings are noisy, so the tests count function calls (cProfile's count is the same on every
run in the same order): n → 4n articles (items) must cost under 4.5× the calls. bench/scale_linear.py measures the
seconds; the figures are in bench/README.md.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable

import pytest
from bench import scale_linear

from policydiff import crossref
from policydiff.model import LEGAL, Document, Kind, Provision
from policydiff.model.plaintext import chains, find, own_text, path_label
from policydiff.notice.address import parse_address, resolve
from policydiff.zh.numbering import Num
from tests.conftest import doc_from_text


def calls(call: Callable[[], object]) -> int:
    """The function calls of *call*'s second run: the first compiles the patterns it needs (kept for
    the next process too) and fills what is kept per process, work that would count against
    whichever case runs first."""
    call()
    profile = cProfile.Profile()
    profile.enable()
    call()
    profile.disable()
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def ratios(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    tmp = tmp_path_factory.mktemp("linear")
    small, big = scale_linear.cases(tmp, 100, 50), scale_linear.cases(tmp, 400, 200)
    return {key: calls(big[key]) / calls(small[key]) for key in small}


def test_check_is_linear_in_document_size(ratios: dict[str, float]) -> None:
    """100 → 400 articles: 3.95× the calls. Failed on commit
    d126d35: 8.79× (crossref.where indexed the whole document for every reference it named, and
    path_label searched it)."""
    assert ratios["check"] < 4.5


def test_applying_a_new_first_article_is_linear_in_document_size(ratios: dict[str, float]) -> None:
    """100 → 400 articles, every one renumbered: 3.98× the calls. Failed on commit d126d35: 8.04× (each
    change's label and words were found by searching the document from its top)."""
    assert ratios["insert"] < 4.5


def test_a_large_notice_is_linear_in_its_items(ratios: dict[str, float]) -> None:
    """50 → 200 items on 100 → 400 articles: 3.95× the calls. Failed on commit d126d35: 7.28× (each
    item's address was resolved by walking the whole document)."""
    assert ratios["notice"] < 4.5


DUPLICATES = Document(
    slug="d",
    title="重复办法",
    numbering=LEGAL,
    provisions=(
        Provision("a1", Kind.ARTICLE, Num(1), text="第一个。"),
        Provision(
            "a2", Kind.ARTICLE, Num(2), text="同样的话。", children=(Provision("p", Kind.PARAGRAPH, text="甲。"),)
        ),
        Provision(
            "a2", Kind.ARTICLE, Num(2), text="同样的话。", children=(Provision("p", Kind.PARAGRAPH, text="乙。"),)
        ),
    ),
)


def test_chains_answer_as_find_does_for_every_id_even_repeated_ones() -> None:
    doc = doc_from_text("示例办法\n第一章 总则\n第一条 甲。\n（一）乙；\n丙。\n第二条 丁。\n")
    for d in (doc, DUPLICATES):
        known = chains(d)
        assert set(known) == {p.id for p in d.walk()}
        for pid in [*known, "missing"]:
            assert known.get(pid) == find(d, pid)
            assert path_label(d, pid, known) == path_label(d, pid)
            assert own_text(d, pid, known) == own_text(d, pid)
    assert path_label(DUPLICATES, "p", chains(DUPLICATES)) == "第二条第1段"
    assert own_text(DUPLICATES, "p", chains(DUPLICATES)) == "甲。"


def test_the_index_finds_the_first_of_each_number_as_the_scan_did() -> None:
    index = crossref.Index(DUPLICATES)
    assert index.first[Kind.ARTICLE, Num(2)] is DUPLICATES.provisions[1]
    assert [index.position(a) for a in DUPLICATES.provisions] == [0, 1, 2]
    twice = Document("t", "两次办法", LEGAL, (DUPLICATES.provisions[0], DUPLICATES.provisions[0]))
    assert crossref.Index(twice).position(twice.provisions[1]) == 0  # list.index: the first equal one
    assert crossref.where(DUPLICATES, "p") == "第二条第1段"


def test_where_is_not_fooled_by_the_index_it_keeps() -> None:
    one = doc_from_text("示例办法\n第一条 甲。\n第二条 乙。\n")
    two = doc_from_text("示例办法\n第一条 甲。\n第二条 乙。\n第三条 丙。\n")
    pid = two.provisions[2].id
    assert crossref.where(one, pid) == pid  # not in *one*: its id, as path_label says
    assert crossref.where(two, pid) == "第三条"
    assert crossref.where(one, one.provisions[1].id) == "第二条"


def test_an_address_numbered_twice_is_still_ambiguous_and_quoted_words_still_counted() -> None:
    from policydiff.notice.address import AddressError

    with pytest.raises(AddressError) as caught:
        resolve(DUPLICATES, parse_address("第二条"))
    assert caught.value.message == "第二条 is ambiguous: 2 provisions have that number"
    assert resolve(DUPLICATES, parse_address("第一条")).id == "a1"
