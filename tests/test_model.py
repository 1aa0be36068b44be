from __future__ import annotations

import datetime as dt
import json
import pickle
from typing import Any

import pytest

from policydiff.app.amend import _plain  # the --json stages' encoder: no model record reaches it through a command yet
from policydiff.model import LEGAL, Document, Kind, LabelFormat, Metadata, Numbering, Provision
from policydiff.zh.numbering import LabelStyle, Num


@pytest.mark.parametrize(
    ("cls", "fields"),
    [
        (LabelFormat, ("style", "sep")),
        (Numbering, ("family", "formats")),
        (Provision, ("id", "kind", "num", "heading", "text", "children", "sep")),
        (
            Metadata,
            (
                "number",
                "issuer",
                "signer",
                "adopted",
                "issued",
                "effective",
                "covering_notice",
                "recipients",
                "source",
                "notes",
                "cover",
            ),
        ),
        (Document, ("slug", "title", "numbering", "provisions", "meta")),
    ],
)
def test_the_records_are_named_tuples_with_their_fields_in_order(cls: Any, fields: tuple[str, ...]) -> None:
    assert issubclass(cls, tuple)
    assert cls._fields == fields


def _doc() -> Document:
    item = Provision("a1-i1", Kind.ITEM, Num(1), text="甲；")
    article = Provision("a1", Kind.ARTICLE, Num(1), text="为了示例：", children=(item,))
    return Document("demo", "示例办法", LEGAL, (article,), Metadata(effective=dt.date(2021, 3, 12)))


def test_a_record_changes_by_replace_and_keeps_its_class() -> None:
    doc = _doc()
    changed = doc._replace(meta=doc.meta._replace(number="X〔2021〕1 号"))
    assert type(changed) is Document
    assert type(changed.meta) is Metadata
    assert (changed.meta.number, changed.meta.effective, changed.title) == (
        "X〔2021〕1 号",
        dt.date(2021, 3, 12),
        "示例办法",
    )
    assert LEGAL.with_format(Kind.ARTICLE, LabelFormat(LabelStyle.ARTICLE, "")).format_for(Kind.ARTICLE) == LabelFormat(
        LabelStyle.ARTICLE, ""
    )
    assert repr(doc.provisions[0].children[0]) == (
        "Provision(id='a1-i1', kind=<Kind.ITEM: 'item'>, num=Num(value=1, sub=0), heading=None, text='甲；', "
        "children=(), sep=None)"
    )


def test_a_document_pickles_to_its_classes() -> None:  # what the spawned workers of check and build get
    doc = _doc()
    back = pickle.loads(pickle.dumps(doc))
    assert back == doc
    assert (type(back), type(back.provisions[0]), type(back.numbering), type(back.meta)) == (
        Document,
        Provision,
        Numbering,
        Metadata,
    )


def test_the_json_stages_give_a_provision_as_an_object_not_an_array() -> None:
    article = _doc().provisions[0]
    text = json.dumps(_plain(article), ensure_ascii=False)
    assert text == (
        '{"id": "a1", "kind": "article", "num": {"value": 1, "sub": 0}, "heading": null, "text": "为了示例：", '
        '"children": [{"id": "a1-i1", "kind": "item", "num": {"value": 1, "sub": 0}, "heading": null, '
        '"text": "甲；", "children": [], "sep": null}], "sep": null}'
    )
    meta = json.dumps(_plain(Metadata(effective=dt.date(2021, 3, 12), notes=("经研究同意",))), ensure_ascii=False)
    assert meta == (
        '{"number": null, "issuer": null, "signer": null, "adopted": null, "issued": null, '
        '"effective": "2021-03-12", "covering_notice": null, "recipients": null, "source": null, '
        '"notes": ["经研究同意"], "cover": []}'
    )
