"""The structured notice file: exact YAML, round trip, located errors."""

from __future__ import annotations

import dataclasses

import pytest

from policydiff import crossref
from policydiff.errors import SchemaError
from policydiff.history import store
from policydiff.history.noticefile import parse_notice
from policydiff.importing import ImportResult, structure, structure_rules
from policydiff.model import Kind
from policydiff.notice import address, apply, ops, quotes, record, sequence, tree
from policydiff.notice.record import notice_data
from policydiff.storage import yamlio
from tests.test_history import fjwy_notice


def test_round_trip() -> None:
    for notice in (fjwy_notice(stated=True), fjwy_notice(stated=False)):
        text = yamlio.dump(notice_data(notice))
        assert parse_notice(yamlio.load(text, "n.yaml"), text, "n.yaml") == notice


#: Made at every start of a command that applies or reads a notice: named tuples, whose classes
#: cost a fraction of a dataclass's to make (issue 19). A dataclass here again is a deliberate choice.
RECORDS = (
    ops.Position, ops.ReplaceText, ops.DeleteText, ops.InsertText, ops.ReplaceProvision,
    ops.InsertProvision, ops.DeleteProvision, ops.Renumber, ops.Rename, ops.Resequence, ops.Check,
    ops.Item, record.Clause, record.Notice, store.EventRef, crossref.Step, crossref.Reference,
    crossref.Dangling, crossref.Rewrite, address.Step, address.Address, address.Target,
    sequence.Event, quotes.Quote, apply.Applied, ImportResult, structure_rules.KindRule,
    structure_rules.SequenceBreak,
)  # fmt: skip
#: The mutable working state of the same commands: plain classes with ``__slots__`` (same reason).
WORKING = (tree.Node, tree.WorkTree, apply._Run, structure._Node, structure._Builder)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_records_are_named_tuples(cls: type) -> None:
    assert issubclass(cls, tuple)
    assert cls.__bases__ == (tuple,)
    assert not dataclasses.is_dataclass(cls)
    assert cls._fields  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", WORKING, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_working_state_is_plain_slotted_classes(cls: type) -> None:
    assert cls.__bases__ == (object,)
    assert "__slots__" in vars(cls)
    assert "__dict__" not in vars(cls)
    assert not dataclasses.is_dataclass(cls)


def test_a_working_node_is_equal_only_to_itself() -> None:
    a = tree.Node("a1", Kind.ARTICLE, None, None, "甲。")
    b = tree.Node("a1", Kind.ARTICLE, None, None, "甲。")
    assert a == a
    assert a != b
    assert a.children == [] and a.children is not b.children


def test_items_are_equal_whatever_rules_read_them() -> None:
    op = ops.Rename("第一章", "总则")
    read = ops.Item("1", "将第一章章名修改为“总则”", (op,), rules=("rename a chapter",))
    kept = ops.Item("1", "将第一章章名修改为“总则”", (op,))
    assert read == kept
    assert (read != kept) is False  # tuple.__ne__ would count the rules
    assert hash(read) == hash(kept)
    assert read != kept._replace(label="2")
    # Unlike a bare tuple, an item equals only an item.
    assert read != ("1", "将第一章章名修改为“总则”", (op,), None, (), ("rename a chapter",))


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
