"""A notice in structured form, and the data of its YAML file (schema ``notice.schema.json``).

The structured form is what gets applied. It keeps each item's exact wording next
to the operations read from it, and marks every choice the parser made that the
wording does not state (``assumed: true``, with a comment in the file), so a person
can review it, correct it and commit the correction. Reading that file back (validated
against the schema) is :func:`policydiff.history.noticefile.parse_notice`: the engine reads no
files.

:class:`Notice` and :class:`Clause` are named tuples rather than frozen dataclasses (immutable and
compared by value all the same): their classes are made at every start of a command that reads a
history, a dataclass's for some 0.5 ms more each.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from policydiff.notice.ops import (
    Item,
    Operation,
    Position,
    op_assumptions,
)
from policydiff.zh.digests import sha256
from policydiff.zh.lazyre import lazy
from policydiff.zh.lexicon import HAN

if TYPE_CHECKING:  # ruamel.yaml is imported only when the fast writer declines a notice
    from ruamel.yaml.comments import CommentedMap

FORMAT = "policydiff/notice/1"
SCHEMA_NAME = "notice.schema.json"
META = ("number", "title", "issuer", "recipients", "decided", "adopted", "issued", "effective",
         "unamended_effective", "effect_rule", "target")  # fmt: skip
ASSUMED_NOTE = "the wording does not say where: check it, and set position to start, end, before or after (with anchor)"


class Clause(NamedTuple):
    """A sentence of a notice that changes no text: its kind and words."""

    kind: str
    text: str


class Notice(NamedTuple):
    """An amendment notice: metadata, clauses that change no text, and items."""

    items: tuple[Item, ...]
    number: str | None = None
    title: str | None = None
    issuer: str | None = None
    recipients: str | None = None
    decided: dt.date | None = None
    adopted: dt.date | None = None
    issued: dt.date | None = None
    effective: dt.date | None = None
    unamended_effective: dt.date | None = None
    effect_rule: str | None = None
    target: str | None = None
    clauses: tuple[Clause, ...] = ()

    @property
    def date(self) -> dt.date | None:
        """The date the notice's changes take effect: stated, else issued, else adopted."""
        return self.effective or self.issued or self.adopted or self.decided


def identity(notice: Notice) -> tuple[str, ...]:
    """What makes *notice* the same instrument as another: its document number (spaces ignored),
    or, when it has none (NPC decisions usually have none), its title, date and a digest of its
    items' wording."""
    if notice.number:
        return ("number", re.sub(r"\s+", "", notice.number))
    date = notice.date.isoformat() if notice.date else ""
    return ("wording", re.sub(r"\s+", "", notice.title or ""), date, wording_digest(notice))


def wording_digest(notice: Notice) -> str:
    """A digest (SHA-256, hex) of the notice's items: their labels and wording, in order."""
    text = "\n".join(f"{item.label}\t{item.wording}" for item in notice.items)
    return sha256(text.encode("utf-8")).hexdigest()


def describe(notice: Notice) -> str:
    """The notice as a message names it: ``notice 示办〔2021〕1号``, or by title and date."""
    if notice.number:
        return f"notice {notice.number}"
    title = f"notice “{notice.title}”" if notice.title else "the notice without a number or title"
    return f"{title} of {notice.date.isoformat()}" if notice.date else title


class Commented(dict[str, Any]):
    """A mapping of the notice's data whose values may carry an end-of-line comment in the file
    (:attr:`comments`, the text by key): what ``policydiff.storage.yamlwrite`` writes with no
    ruamel.yaml ``CommentedMap``, whose import every process that kept a notice paid (issue 19)."""

    __slots__ = ("comments",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.comments: dict[str, str] = {}


def notice_data(notice: Notice) -> CommentedMap:
    """Data for the YAML file as ruamel.yaml writes it: :func:`notice_plain` with each
    :class:`Commented` mapping made a ``CommentedMap`` carrying its comments."""
    data: CommentedMap = as_ruamel(notice_plain(notice))
    return data


def as_ruamel(data: Any) -> Any:
    """*data* with each :class:`Commented` mapping made a ``CommentedMap`` (its comments added with
    ``yaml_add_eol_comment``), for ruamel.yaml to write."""
    if type(data) is list:
        return [as_ruamel(item) for item in data]
    if type(data) is dict:
        return {key: as_ruamel(value) for key, value in data.items()}
    if type(data) is not Commented:
        return data
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap((key, as_ruamel(value)) for key, value in data.items())
    for key, text in data.comments.items():
        out.yaml_add_eol_comment(text, key)
    return out


def notice_plain(notice: Notice) -> Commented:
    """Plain data for the YAML file, keys in a fixed order, assumptions commented."""
    data = Commented(format=FORMAT)
    for key in META:
        value = getattr(notice, key)
        if value is not None:
            data[key] = value.isoformat() if isinstance(value, dt.date) else value
    if notice.clauses:
        data["clauses"] = [{"kind": c.kind, "text": c.text} for c in notice.clauses]
    data["items"] = [_item_data(item) for item in notice.items]
    return data


def _item_data(item: Item) -> dict[str, Any]:
    return {"label": item.label, "wording": item.wording, "operations": [op_data(op) for op in item.operations]}


def op_data(op: Operation) -> Commented:
    """*op* as the structured notice stores it (``op`` first; defaults and None left out)."""
    out = Commented(op=op.op)
    defaults = op._field_defaults
    for name, value in zip(op._fields, op, strict=True):
        if name == "op" or value is None or (name in defaults and value == defaults[name]):
            continue
        # A position is a tuple too: it is checked first, so it becomes its keys, never a list.
        if isinstance(value, Position):
            _position_data(out, value)
        else:
            out[name] = list(value) if isinstance(value, tuple) else value
    notes = op_assumptions(op)
    if notes and "assumed" not in out:
        # Every choice the wording does not state is a visible field a reviewer can see.
        out["assumed"] = True
        out.comments["assumed"] = f"{notes[0]}; review it"
    return out


def _position_data(out: Commented, position: Position) -> None:
    out["position"] = position.where
    if position.anchor is not None:
        out["anchor"] = position.anchor
    if position.assumed:
        out["assumed"] = True
        out.comments["assumed"] = ASSUMED_NOTE


_STATE = "中华人民共和国"
_KIND = lazy(f"{HAN}+")


def short_title(notice: Notice) -> str:
    """The notice's short title, as one names it before one of its items.

    ``中华人民共和国宪法修正案`` → ``宪法修正案`` (the state's name dropped);
    ``关于重新修订印发《……》的通知`` → ``通知`` (a 关于……的X title is named by its kind, the
    Chinese words after its last 的); no title → ``""``.
    """
    title = (notice.title or "").strip()
    if title.startswith("关于"):
        kind = _KIND.match(title.rpartition("的")[2])
        return kind.group() if kind else ""
    return title.removeprefix(_STATE)


def item_name(notice: Notice, label: str) -> str:
    """The notice's item *label* named as the notice names it, apart from any provision's name.

    The short title, then the label as the notice writes it: a label that carries its
    own unit (the constitution's amendments, ``第三十二条``) as it is; an item numbered
    ``1.`` as ``第1点`` (the word such notices use for their Arabic-numbered entries); an
    item numbered ``一、`` as ``第一项``. ``宪法修正案第三十二条``, ``通知第1点``.
    """
    if label.startswith("第"):
        own = label
    elif label.isascii() and label.isdigit():
        own = f"第{label}点"
    else:
        own = f"第{label}项"
    return short_title(notice) + own
