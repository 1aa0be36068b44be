"""The structured notice file: exact YAML, round trip, located errors."""

from __future__ import annotations

import pytest

from policydiff.errors import SchemaError
from policydiff.history.noticefile import parse_notice
from policydiff.notice.record import notice_data
from policydiff.storage import yamlio
from tests.test_history import fjwy_notice


def test_round_trip() -> None:
    for notice in (fjwy_notice(stated=True), fjwy_notice(stated=False)):
        text = yamlio.dump(notice_data(notice))
        assert parse_notice(yamlio.load(text, "n.yaml"), text, "n.yaml") == notice


def test_assumed_positions_are_visible_fields_with_a_comment() -> None:
    text = yamlio.dump(notice_data(fjwy_notice(stated=False)))
    item2 = text.split("  - label: '2'\n", 1)[1].split("  - label: '3'\n", 1)[0]
    assert item2.splitlines()[2:] == [
        "      - op: insert_text",
        "        address: 第三条第（二）项第1点",
        "        text: 加强对涉及信息内容的网络行为管理，加强对从事新闻信息服务、具有媒体属性和舆论动员功能的网络平台的审批以及日常监管，对账号实行分级分类管理",
        "        position: end",
        "        assumed: true  # the wording does not say where: check it, and set position to start, end, before or after (with anchor)",
    ]
    assert text.count("assumed: true") == 8


def test_stated_positions_are_written_with_their_anchor() -> None:
    text = yamlio.dump(notice_data(fjwy_notice(stated=True)))
    assert "        position: before\n        anchor: 推进网络空间法治化\n" in text
    assert "        position: start\n" in text
    assert text.count("assumed: true") == 6


def test_incomplete_operation_is_a_located_error() -> None:
    text = yamlio.dump(notice_data(fjwy_notice())).replace("        address: 第四条第（二）项第2点\n", "", 1)
    with pytest.raises(SchemaError) as info:
        parse_notice(yamlio.load(text, "n.yaml"), text, "n.yaml")
    assert (
        str(info.value)
        == "n.yaml:55:9: item 7: operation replace_text is incomplete: 1 required positional argument: 'address'"
    )


def test_unknown_operation_is_a_schema_error() -> None:
    text = yamlio.dump(notice_data(fjwy_notice())).replace("op: renumber", "op: renumbre", 1)
    with pytest.raises(SchemaError) as info:
        parse_notice(yamlio.load(text, "n.yaml"), text, "n.yaml")
    assert str(info.value) == (
        "n.yaml:91:9: items/10/operations/1/op: 'renumbre' is not one of ['replace_text', 'delete_text', "
        "'insert_text', 'replace_provision', 'insert_provision', 'delete_provision', 'renumber', 'rename', 'resequence', 'check']"
    )
