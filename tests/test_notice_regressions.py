"""Regressions of issue 13: wording the engine refused or crashed on, with the exact result now.

- ``将第一条中的“甲”删去。`` was cut before its rule could read it (wording not understood);
- an address through a 分编 ended in a raw ``KeyError: '分编'``;
- self-references (本条例, 本规定, 本实施细则, …) were read by one part of the parser and not by another;
- a 款 ending in ``：`` deleted alone took the articles after a lead-in (found by the draft round trip).
"""

from __future__ import annotations

import pytest

from policydiff.crossref.amend import apply_items
from policydiff.crossref.find import references
from policydiff.model.plaintext import to_text
from policydiff.notice.address import parse_address
from policydiff.notice.ops import DeleteText, ReplaceProvision, ReplaceText
from policydiff.notice.rules import parse_item
from tests.conftest import doc_from_text

CODE = "民法典\n第一编 总则\n第一分编 通则\n第一章 一般规定\n第一条 甲。\n第二条 乙。\n第二分编 其他\n第二章 附则\n第三条 丙丁。\n"


def test_words_deleted_object_first_are_read() -> None:
    item = parse_item("1", "将第一条中的“甲”删去。")
    assert (item.operations, item.rules) == ((DeleteText("第一条", "甲"),), ("delete words",))
    applied = apply_items(doc_from_text("规定\n第一条 甲乙。\n"), [item])
    assert to_text(applied.document) == "规定\n第一条 乙。\n"


def test_an_address_through_a_subpart_resolves() -> None:
    items = [
        parse_item("1", "将第一编第一分编第一章第一条修改为：“丁。”"),
        parse_item("2", "将第一编第二分编第二章第三条中的“丙”删去。"),
    ]
    assert items[0].operations == (ReplaceProvision("第一编第一分编第一章第一条", ("丁。",)),)
    applied = apply_items(doc_from_text(CODE), items)
    assert to_text(applied.document) == CODE.replace("第一条 甲。", "第一条 丁。").replace("丙丁。", "丁。")
    assert applied.warnings == ()


@pytest.mark.parametrize(
    "self_reference",
    ["本法", "本条例", "本规定", "本办法", "本细则", "本实施细则", "本解释", "本决定", "本规则", "本文"],
)
def test_every_self_reference_is_read_by_rules_addresses_and_references(self_reference: str) -> None:
    item = parse_item("1", f"将{self_reference}第三条中的“甲”修改为“乙”。")
    assert item.operations == (ReplaceText("第三条", "甲", "乙"),)
    assert str(parse_address(f"{self_reference}第三条第二款")) == "第三条第二款"
    doc = doc_from_text(f"规定\n第一条 依照{self_reference}第二条处理。\n第二条 乙。\n")
    found = [(r.words, r.scope) for r in references(doc)]
    assert found == [(f"{self_reference}第二条", self_reference)]


def test_a_lead_in_paragraph_ending_in_a_colon_is_deleted_alone() -> None:
    doc = doc_from_text("解释\n为了示例，解释如下：\n第一条 甲。\n第二条 乙。\n")
    applied = apply_items(doc, [parse_item("1", "删去第一段。")])
    assert to_text(applied.document) == "解释\n第一条 甲。\n第二条 乙。\n"


NOTICE = "关于修改《示例办法》的通知\n经研究，对《示例办法》作如下修改：\n{items}\n特此通知。\n"


@pytest.mark.parametrize(
    ("typed", "quoted"),
    [("“甲”", "甲"), ("「甲」", "甲"), ('"甲"', "甲"), ("「甲『乙』丙」", "甲‘乙’丙")],
    ids=["full-width", "corner brackets", "straight", "nested corner brackets"],
)
def test_quotations_in_every_typed_form_are_read(typed: str, quoted: str) -> None:
    from policydiff.notice.parse import parse_wording

    notice = parse_wording(NOTICE.format(items=f"1.将第三条中的{typed}修改为“丁”。"), "n.txt")
    assert [i.operations for i in notice.items] == [(ReplaceText("第三条", quoted, "丁"),)]


def test_items_labelled_with_parenthesised_figures_are_items() -> None:
    from policydiff.notice.parse import parse_wording

    notice = parse_wording(NOTICE.format(items="（1）删去第三条。\n（2）删去第五条。"), "n.txt")
    assert [(i.label, i.rules) for i in notice.items] == [
        ("（1）", ("delete provisions",)),
        ("（2）", ("delete provisions",)),
    ]


@pytest.mark.parametrize(
    ("wording", "message"),
    [
        (
            "将附件修改为：“甲。”",
            "附件: an attachment (附件) is not part of the stored text: keep it as a document of its own",
        ),
        (
            "将附录修改为：“甲。”",
            "附录: an appendix (附录) is not part of the stored text: keep it as a document of its own",
        ),
        ("将题注修改为：“甲。”", "题注: the 题注 is not part of the stored text; edit the document's metadata"),
    ],
)
def test_what_the_stored_text_does_not_hold_is_refused_with_what_to_do(wording: str, message: str) -> None:
    from policydiff.notice.apply import ApplyError

    with pytest.raises(ApplyError) as caught:
        apply_items(doc_from_text("规定\n第一条 甲。\n"), [parse_item("1", wording)])
    assert caught.value.message == f"item 1: {message}"
