"""Property tests and fuzzing: every input surface raises nothing but PolicyDiffError, and the
invariants hold on generated documents.

- **Robustness** (arbitrary input): the importer (bytes and text, plain and Markdown), the notice
  parser, address resolution, apply (parsed notices, and structured ones built field by field
  from the schema) and the YAML files raise nothing but :class:`PolicyDiffError`; the text diff
  of any two strings rebuilds both; draft raises nothing else on generated documents.
- **Invariants** (generated documents, legal and administrative): import∘show is the identity on
  normalised text; diff segments rebuild both sides; applying ``draft(a, b)`` to *a* gives *b*;
  inserting and deleting articles and items (legal style) keeps the labels continuous.

CI runs every property at a modest count (derandomised, so a run is reproducible). The long
campaign is :func:`test_fuzz_campaign` (marked ``slow``): its count per target comes from
``POLICYDIFF_FUZZ_EXAMPLES`` (default 50, the reduced count CI runs), e.g.::

    POLICYDIFF_FUZZ_EXAMPLES=20000 python -m pytest -m slow tests/test_properties.py
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydiff.compare.diff import diff_documents
from policydiff.compare.textdiff import rebuild, segments
from policydiff.crossref.amend import apply_items
from policydiff.errors import PolicyDiffError
from policydiff.history.noticefile import parse_notice
from policydiff.importing import import_text
from policydiff.model import Document, Kind, Provision
from policydiff.model.plaintext import path_label, to_text
from policydiff.notice.address import parse_address, resolve
from policydiff.notice.ops import DeleteProvision, DeleteText, InsertText, Item, Operation, Position
from policydiff.notice.parse import parse_wording
from policydiff.storage import docfile, yamlio
from policydiff.storage.sources import decode_source
from policydiff.zh.numbering import int_to_zh
from tests.conftest import SMALL_ADMIN, SMALL_LEGAL, doc_from_text

try:
    from policydiff.compare.draft import draft
except ImportError:  # pragma: no cover - draft is built in parallel
    draft = None  # type: ignore[assignment]

#: Examples per property in CI.
CI = 60
#: Examples per fuzz target in the campaign (CI runs it at this reduced count).
CAMPAIGN = int(os.environ.get("POLICYDIFF_FUZZ_EXAMPLES", "50"))
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def ci(examples: int = CI) -> Callable[[Any], Any]:
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None, suppress_health_check=_QUIET)


# --- arbitrary input ----------------------------------------------------------------------------

#: Pieces of regulations and notices, so that random text reaches deep into the parsers.
TOKENS = (
    "第", "条", "款", "项", "目", "点", "章", "节", "编", "之", "一", "二", "三", "十", "百", "千", "零", "两",
    "（", "）", "(", ")", "“", "”", "‘", "’", "。", "；", "：", "，", "、", "\n", "\n\n", " ", "\u3000", "\t",
    "1", "2", "9", ".", "．", "将", "改为", "修改为", "删去", "删除", "增加", "新增", "作为", "在", "后", "前", "中",
    "句", "段", "自然段", "序言", "名称", "章名", "末尾", "条首", "# ", "## ", "<!-- INFO END -->", "<!--", "-->",
    "甲", "乙", "示例", "本办法", "规定", "办法", "通知", "决定", "关于", "修改", "如下：", "附件", "印发", "《", "》",
    "相应", "原第", "调整为", "条文顺序作相应调整", "特此通知。", "2021年5月21日", "〔2021〕6号", "- 1 -",
    "\r", "\r\n", "\ufeff", "\x00", "\u200b", "{{", "}}", "<script>", "&", "一、", "（一）", "1.", "（1）",
)  # fmt: skip
WORDING = st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=80).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=200), WORDING)
DOCS = (doc_from_text(SMALL_LEGAL), doc_from_text(SMALL_ADMIN))


def quietly(call: Callable[[], Any]) -> Any:
    """The result of *call*, or None when it raises a PolicyDiffError (anything else fails the test)."""
    try:
        return call()
    except PolicyDiffError:
        return None


def fuzz_import_bytes(raw: bytes) -> None:
    decoded = quietly(lambda: decode_source(raw, "x.txt"))
    if decoded is not None:
        fuzz_import_text(decoded[0])


def fuzz_import_text(text: str) -> None:
    for name in ("x.txt", "x.md"):
        quietly(lambda name=name: import_text(text, slug="x", name=name))  # type: ignore[misc]


def fuzz_notice(text: str) -> None:
    notice = quietly(lambda: parse_wording(text, "n.txt"))
    if notice is not None:
        for doc in DOCS:
            quietly(lambda doc=doc: apply_items(doc, notice.items))  # type: ignore[misc]


def fuzz_address(words: str) -> None:
    address = quietly(lambda: parse_address(words))
    if address is not None:
        for doc in DOCS:
            quietly(lambda doc=doc: resolve(doc, address))  # type: ignore[misc]


def fuzz_yaml(text: str) -> None:
    data = quietly(lambda: yamlio.load(text, "f.yaml"))
    if data is not None:
        quietly(lambda: docfile.parse_document(data, text, "f.yaml"))
        quietly(lambda: parse_notice(data, text, "f.yaml"))


# Structured notices as a hand-edited notice.yaml can hold them: every field of the schema, with
# values of its type (and now and then of another), through parse_notice and then apply.
ADDRESSES = st.sampled_from(
    ["第一条", "第二条", "第二条第（一）项", "第二条第二款", "第三条", "第九条", "二、（二）1.", "第二条第（二）项",
     "名称", "序言", "第一章", "第一章章名", "第一条第一句", "第二条第三款", "第一段", "", "第二条条首", "末尾"]
) | WORDING  # fmt: skip
WORDS = st.sampled_from(["甲", "乙", "示例", "本办法", "适用", "。", "“", ""]) | st.text(max_size=6)
PARAGRAPHS = st.lists(WORDS, min_size=1, max_size=3)
OPS = ("replace_text", "delete_text", "insert_text", "replace_provision", "insert_provision", "delete_provision",
       "renumber", "rename", "resequence", "check")  # fmt: skip
FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "address": ADDRESSES,
    "parent": ADDRESSES,
    "old": WORDS | PARAGRAPHS,
    "new": WORDS,
    "text": WORDS,
    "occurrence": st.integers(1, 3),
    "every": st.booleans(),
    "position": st.sampled_from(["end", "start", "before", "after"]),
    "anchor": WORDS,
    "assumed": st.booleans(),
    "paragraphs": PARAGRAPHS,
    "kind": st.sampled_from(["编", "章", "节", "条", "款", "项", "目", "点"]),
    "number": st.sampled_from(["第二条", "第一条之一", "第（二）项", "第3点", "第二款", "二", ""]) | WORDS,
    "heading": WORDS,
    "renumber": st.booleans(),
    "to": st.sampled_from(["第二条", "第10点", "第（三）项"]) | WORDS,
    "unit": st.sampled_from(["编", "章", "节", "条"]),
}
OPERATION = st.fixed_dictionaries(
    {"op": st.sampled_from(OPS)}, optional={k: v | st.integers() if k == "new" else v for k, v in FIELDS.items()}
)
NOTICE_DATA = st.fixed_dictionaries(
    {
        "format": st.just("policydiff/notice/1"),
        "items": st.lists(
            st.fixed_dictionaries(
                {
                    "label": st.sampled_from(["1", "2", "一"]),
                    "wording": WORDS,
                    "operations": st.lists(OPERATION, max_size=3),
                }
            ),
            max_size=3,
        ),
    },
    optional={"issued": st.sampled_from(["2021-05-21", "2021-02-30"]), "number": WORDS},
)


def fuzz_structured(data: dict[str, Any]) -> None:
    text = yamlio.dump(data)
    notice = quietly(lambda: parse_notice(yamlio.load(text, "n.yaml"), text, "n.yaml"))
    if notice is not None:
        for doc in DOCS:
            quietly(lambda doc=doc: apply_items(doc, notice.items))  # type: ignore[misc]


def fuzz_segments(pair: tuple[str, str]) -> None:
    old, new = pair
    parts = segments(old, new)
    assert (rebuild(parts, "old"), rebuild(parts, "new")) == (old, new)


@ci()
@given(
    st.binary(max_size=300)
    | ANY_TEXT.map(lambda t: t.encode("utf-8"))
    | WORDING.map(_gb18030 := lambda t: t.encode("gb18030", "replace"))
)
def test_importing_any_bytes_raises_only_policydiff_errors(raw: bytes) -> None:
    fuzz_import_bytes(raw)


@ci()
@given(ANY_TEXT)
def test_importing_any_text_raises_only_policydiff_errors(text: str) -> None:
    fuzz_import_text(text)


@ci()
@given(ANY_TEXT)
def test_any_notice_wording_parses_and_applies_or_raises_a_policydiff_error(text: str) -> None:
    fuzz_notice(text)


@ci()
@given(ANY_TEXT | ADDRESSES)
def test_any_address_resolves_or_raises_a_policydiff_error(words: str) -> None:
    fuzz_address(words)


@ci()
@given(NOTICE_DATA)
def test_any_structured_notice_applies_or_raises_a_policydiff_error(data: dict[str, Any]) -> None:
    fuzz_structured(data)


@ci()
@given(ANY_TEXT)
def test_any_yaml_text_loads_or_raises_a_policydiff_error(text: str) -> None:
    fuzz_yaml(text)


@ci()
@given(st.tuples(ANY_TEXT, ANY_TEXT))
def test_diff_segments_of_any_two_texts_rebuild_both(pair: tuple[str, str]) -> None:
    fuzz_segments(pair)


# --- generated documents ------------------------------------------------------------------------

#: Characters for generated words: no numerals, no label or date characters, no marks.
HAN = "甲乙丙丁戊己庚辛壬癸工作制度管理应当依法单位人员规范监督检查落实责任"
PHRASE = st.text(alphabet=HAN, min_size=1, max_size=10)
SENTENCE = st.lists(PHRASE, min_size=1, max_size=3).map("，".join)
HEADING = st.text(alphabet=HAN, min_size=2, max_size=8)
TITLES = ("示例办法", "示例管理规定", "示例实施细则", "示例工作制度")


@dataclasses.dataclass
class Spec:
    """A document as nested lists, rendered to normalised text with labels from positions.

    ``body`` holds chapters (legal style, possibly none) of articles; an article is
    ``(text, items, paragraphs)``; an item is its text. Administrative documents use
    the same shape: articles are ``一、`` headings, items ``（一）``, paragraphs under the article.
    """

    legal: bool
    title: str
    chapters: list[str]  # headings; empty: no chapters
    articles: list[list[tuple[str, list[str], list[str]]]]  # per chapter (one group without chapters)

    def text(self) -> str:
        lines = [self.title]
        number = 0
        for c, group in enumerate(self.articles):
            if self.chapters:
                lines.append(f"第{int_to_zh(c + 1)}章 {self.chapters[c]}")
            for words, items, paragraphs in group:
                number += 1
                lines.extend(self._article(number, words, items, paragraphs))
        return "".join(line + "\n" for line in lines)

    def _article(self, n: int, words: str, items: list[str], paragraphs: list[str]) -> list[str]:
        # An administrative article is a heading: short words, no marks.
        lines = [
            f"第{int_to_zh(n)}条 {words}" + ("：" if items else "。") if self.legal else f"{int_to_zh(n)}、{words}"
        ]
        for k, text in enumerate(items):
            lines.append(f"（{int_to_zh(k + 1)}）{text}" + ("。" if k == len(items) - 1 else "；"))
        return lines + [p + "。" for p in paragraphs]


@st.composite
def specs(draw: st.DrawFn, legal: bool | None = None) -> Spec:
    is_legal = draw(st.booleans()) if legal is None else legal
    article = st.tuples(
        HEADING if not is_legal else SENTENCE,
        st.lists(SENTENCE, max_size=3),
        st.lists(SENTENCE, max_size=2) if is_legal else st.lists(SENTENCE, min_size=1, max_size=2),
    )
    chapters = draw(st.lists(HEADING, max_size=3)) if is_legal else []
    groups = max(len(chapters), 1)
    articles = [draw(st.lists(article, min_size=1, max_size=4)) for _ in range(groups)]
    return Spec(is_legal, draw(st.sampled_from(TITLES)), chapters, articles)


def imported(spec: Spec) -> Document:
    doc, _ = import_text(spec.text(), slug="g", name="g.txt")
    return doc


@ci(100)
@given(specs())
def test_import_then_show_is_the_identity_on_normalised_text(spec: Spec) -> None:
    text = spec.text()
    assert to_text(imported(spec)) == text


def _nested_walk(p: Provision) -> Iterator[Provision]:
    yield p
    for child in p.children:
        yield from _nested_walk(child)


@ci(50)
@given(specs())
def test_a_walk_is_the_preorder_of_the_tree(spec: Spec) -> None:
    """Document and provision walks (a stack) give the order of the recursive definition."""
    doc = imported(spec)
    assert list(doc.walk()) == [q for p in doc.provisions for q in _nested_walk(p)]
    for p in doc.provisions:
        assert list(p.walk()) == list(_nested_walk(p))


def mutated(draw: st.DrawFn, spec: Spec) -> Spec:
    """*spec* with a few random edits: words changed, articles and items added or removed."""
    new = dataclasses.replace(spec, chapters=list(spec.chapters), articles=[list(g) for g in spec.articles])
    for _ in range(draw(st.integers(1, 3))):
        group = new.articles[draw(st.integers(0, len(new.articles) - 1))]
        at = draw(st.integers(0, len(group) - 1))
        words, items, paragraphs = group[at]
        action = draw(st.sampled_from(["words", "item", "drop-item", "add", "drop"]))
        if action == "words":
            group[at] = (words + draw(PHRASE), items, paragraphs)
        elif action == "item":
            group[at] = (words, [*items, draw(SENTENCE)], paragraphs)
        elif action == "drop-item" and items:
            group[at] = (words, items[:-1], paragraphs)
        elif action == "add":
            fresh: tuple[str, list[str], list[str]] = (
                draw(SENTENCE if new.legal else HEADING),
                [],
                [] if new.legal else [draw(SENTENCE)],
            )
            group.insert(at, fresh)
        elif action == "drop" and len(group) > 1:
            del group[at]
    return new


@st.composite
def pairs(draw: st.DrawFn) -> tuple[Document, Document]:
    spec = draw(specs())
    other = draw(st.sampled_from(["mutated", "independent"]))
    second = mutated(draw, spec) if other == "mutated" else draw(specs(legal=spec.legal))
    return imported(spec), imported(second)


@ci(100)
@given(pairs())
def test_diff_segments_rebuild_both_sides(pair: tuple[Document, Document]) -> None:
    old, new = pair
    changes = diff_documents(old, new)
    ids = {c.id for c in changes}
    for change in changes:
        if change.segments:
            assert rebuild(change.segments, "old") == change.old_text
            assert rebuild(change.segments, "new") == change.new_text
        if change.kind == "added":
            assert change.old_text is None and change.new_text is not None
        if change.kind == "deleted":
            assert change.new_text is None and change.old_text is not None
    # Every provision whose own lines differ is reported.
    before = {p.id: path_label(old, p.id) for p in old.walk()}
    after = {p.id: path_label(new, p.id) for p in new.walk()}
    assert set(before) ^ set(after) <= ids
    assert (old.title != new.title) == ("" in ids)


@pytest.mark.skipif(draft is None, reason="policydiff.compare.draft is not there yet")
@ci(30)
@given(pairs())
def test_applying_the_drafted_notice_gives_the_new_version(pair: tuple[Document, Document]) -> None:
    old, new = pair
    notice = quietly(lambda: draft(old, new))
    if notice is None:
        return  # a change no wording reproduces: a DraftError, allowed
    applied = apply_items(old, parse_wording(notice, "draft").items).document
    assert to_text(applied) == to_text(new), notice


def continuous(doc: Document) -> bool:
    """Articles numbered 1…n through the document; every other numbered kind 1…m under its parent."""
    articles = [p.num.value for p in doc.walk() if p.kind is Kind.ARTICLE and p.num and not p.num.sub]
    if articles != list(range(1, len(articles) + 1)):
        return False

    def siblings(children: tuple[Provision, ...]) -> bool:
        for kind in {c.kind for c in children} - {Kind.ARTICLE, Kind.PARAGRAPH, Kind.PREAMBLE}:
            nums = [c.num.value for c in children if c.kind is kind and c.num and not c.num.sub]
            if nums != list(range(1, len(nums) + 1)):
                return False
        return all(siblings(c.children) for c in children)

    return siblings(doc.provisions)


@st.composite
def renumbering_notices(draw: st.DrawFn) -> tuple[Document, str]:
    spec = draw(specs(legal=True))
    doc = imported(spec)
    count = sum(len(g) for g in spec.articles)
    with_items = [n + 1 for n, (_, items, _) in enumerate(a for g in spec.articles for a in g) if items]
    forms = ["insert-article", "delete-article"] + (["insert-item", "delete-item"] if with_items else [])
    form = draw(st.sampled_from(forms))
    zh = int_to_zh
    if form == "insert-article":
        k = draw(st.integers(1, count + 1))
        chapterless = not spec.chapters or k == 1 or k == count + 1
        if chapterless:
            return doc, f"1.增加一条，作为第{zh(k)}条：“{draw(SENTENCE)}。”\n"
        return doc, f"1.在第{zh(k - 1)}条后增加一条，作为第{zh(k)}条：“{draw(SENTENCE)}。”\n"
    if form == "delete-article":
        k = draw(st.integers(1, count))
        return doc, f"1.删去第{zh(k)}条。\n2.条文顺序作相应调整。\n"
    article = draw(st.sampled_from(with_items))
    items = len(next(items for n, (_, items, _) in enumerate(a for g in spec.articles for a in g) if n + 1 == article))
    if form == "insert-item":
        k = draw(st.integers(1, items + 1))
        return doc, f"1.在第{zh(article)}条中增加一项，作为第{zh(k)}项：“{draw(SENTENCE)}；”\n"
    k = draw(st.integers(1, items))
    moves = "".join(f"；将第{zh(article)}条第{zh(n + 1)}项改为第{zh(n)}项" for n in range(k, items))
    return doc, f"1.删去第{zh(article)}条第{zh(k)}项{moves}。\n"


@ci(100)
@given(renumbering_notices())
def test_inserting_and_deleting_provisions_keeps_labels_continuous(case: tuple[Document, str]) -> None:
    doc, wording = case
    assert continuous(doc)
    result = apply_items(doc, parse_wording(wording, "n.txt").items).document
    assert continuous(result), to_text(result)


# --- regressions: what the fuzzing found, as it found it --------------------------------------


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("第一句", "第一句 does not say which provision's 句 it means"),  # was an AssertionError
        ("条首", "条首 does not say which provision's 条首 it means"),
        ("末尾", "末尾 does not say which provision it means"),
        ("章名", "章名 does not say which provision it means"),  # was a KeyError
    ],
)
def test_an_address_of_no_provision_is_an_error(words: str, message: str) -> None:
    with pytest.raises(PolicyDiffError) as info:
        resolve(DOCS[0], parse_address(words))
    assert info.value.message == message


def test_a_chapter_heading_address_is_the_chapter() -> None:
    assert resolve(DOCS[0], parse_address("第一章章名")).id == "c1"


@pytest.mark.parametrize(
    "text",
    [
        "\U0007c655’\x7f\x00\U000a6031<!-- INFO END -->",  # the marker inside a line: was StopIteration
        "# \n1.将第一条中的“甲”改为“乙”。\n",  # a bare '#' title line: was StopIteration
    ],
)
def test_a_notice_mentioning_the_markdown_markers_is_read_as_text(text: str) -> None:
    fuzz_notice(text)


def test_yaml_the_round_trip_loader_refuses_is_still_a_located_error() -> None:
    # The C loader accepts the tab the round-trip loader (used to locate errors) refuses: was a ScannerError.
    text = "A»¦\t节："
    with pytest.raises(PolicyDiffError) as info:
        docfile.parse_document(yamlio.load(text, "f.yaml"), text, "f.yaml")
    assert str(info.value).startswith("f.yaml")


@pytest.mark.parametrize(
    ("op", "message"),
    [
        (DeleteText("", "甲"), "item 1: delete_text names no provision (its address is empty)"),  # was a KeyError
        (
            InsertText("第一条", "甲", Position("before")),  # was an AssertionError
            "item 1: 第一条: position before needs an anchor: the words to insert before",
        ),
        (DeleteProvision("名称"), "item 1: delete_provision cannot act on the title (名称)"),  # was a KeyError
    ],
)
def test_a_structured_operation_missing_a_field_is_an_error(op: Operation, message: str) -> None:
    with pytest.raises(PolicyDiffError) as info:
        apply_items(DOCS[0], [Item("1", "", (op,))])
    assert info.value.message == message


def test_an_item_addressing_what_an_earlier_item_deleted_is_an_error() -> None:
    notice = parse_wording("1.删去第一条。\n2.将第一条中的“示例”改为“例子”。\n", "n.txt")  # was a KeyError
    with pytest.raises(PolicyDiffError) as info:
        apply_items(DOCS[0], notice.items)
    assert info.value.message == "item 2: 第一条: an earlier operation of this notice deleted it"


# --- the campaign -------------------------------------------------------------------------------

FUZZ: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]] = {
    "import-bytes": (st.binary(max_size=2000) | ANY_TEXT.map(lambda t: t.encode("utf-8")), fuzz_import_bytes),
    "import-text": (ANY_TEXT, fuzz_import_text),
    "import-generated": (specs().map(lambda s: s.text()), fuzz_import_text),
    "notice": (ANY_TEXT, fuzz_notice),
    "address": (ANY_TEXT | ADDRESSES, fuzz_address),
    "structured-notice": (NOTICE_DATA, fuzz_structured),
    "yaml": (ANY_TEXT, fuzz_yaml),
    "segments": (st.tuples(ANY_TEXT, ANY_TEXT), fuzz_segments),
}


@pytest.mark.slow
@pytest.mark.parametrize("target", list(FUZZ))
def test_fuzz_campaign(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    strategy, fuzz = FUZZ[target]
    count = 0

    def counted(value: Any) -> None:
        nonlocal count
        count += 1
        fuzz(value)

    run = settings(max_examples=CAMPAIGN, deadline=None, database=None, suppress_health_check=_QUIET)
    run(given(strategy)(counted))()
    if "POLICYDIFF_FUZZ_EXAMPLES" in os.environ:  # the campaign's figures
        with capsys.disabled():
            print(f"\n{target}: {count} inputs")
