"""The wording of an amendment notice: header, numbered items and clauses that change no text.

:func:`read_notice` takes raw PDF text (hard wraps and page numbers, cleaned with
:mod:`policydiff.importing.text`; the re-issued text after a lone ``附件`` line goes to
``attachment``), one paragraph per line, or the corpus Markdown (``# title``, metadata lines
such as ``2020年12月26日 第十三届…会议通过`` / ``2022年1月1日 施行`` up to ``<!-- INFO END -->``).

**Items** start at a label (``1.`` ``1．`` ``9、`` ``一、`` ``第三十二条 ``) with the expected
next number (the first is 1, or any article number: constitution amendments continue their
numbering) outside every open quotation. Quote depth runs across paragraphs; ``“`` opening a
paragraph inside a quotation reopens it (NPC style); court texts just leave it open. An item
keeps the paragraphs inside its quotations, later paragraphs with an edit of their own
(``增加一款作为第四款：“…”``) and content lines after a paragraph ending in ``：`` (2018
第五十二条). ``text`` is without the label. A notice without numbering (刑法修正案（二）,（十）)
has **one** item, label ``""``, number None: all its wording between lead-in and closing
clauses. Decisions on several documents have parts headed ``一、修改《…》``, numbered afresh.

**Clause kinds** (:data:`CLAUSE_KINDS`): ``lead-in`` (…作如下修改：, 修订内容如下：),
``commencement`` (本修正案自…起施行; a numbered one keeps its number in ``text``),
``republication`` (…重新公布), ``effect-rule`` (未修订的条款自…起实施), ``disapplication``
(…不再适用), ``attachment`` (附件：…), ``closing`` (特此通知, 请…遵照执行, 抄送, …印发,
（此件不予公开）) and ``unknown``: wording that is neither, kept so it is never lost.
A name above a date line is the signature (``issuer``, ``issued``). Adoption notes and metadata
lines saying who adopted or issued the notice (``（…第七届全国人民代表大会第一次会议通过）``) are
kept verbatim in ``adoption``; the structured notice records them as ``adoption`` clauses (the
headnote of a consolidated text names the meeting from them).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from policydiff.errors import InputError, Location
from policydiff.importing.unwrap import Line
from policydiff.notice import header
from policydiff.notice import parts as parts_
from policydiff.notice.clause_kinds import clause_kind, normalise_marks
from policydiff.notice.quotes import CLOSE, OPEN, QuoteError, find_quotes
from policydiff.zh import lexicon
from policydiff.zh.lazyre import lazy
from policydiff.zh.numbering import Label, LabelStyle, date_of, parse_label

#: The message of the :class:`InputError` for a notice without wording.
EMPTY = "empty notice: no wording to read"


@dataclass(frozen=True, slots=True)
class ItemText:
    """One item: its label as printed (``"1"``, ``"一"``, ``"第三十二条"``, ``""``), number, wording, line."""

    label: str
    number: int | None
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Clause:
    """A paragraph that changes no text; ``kind`` is one of :data:`CLAUSE_KINDS`."""

    kind: str
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class NoticePart:
    """The items amending one document; ``heading`` and ``target`` only in multi-document decisions."""

    heading: str | None
    target: str | None
    items: tuple[ItemText, ...]


@dataclass(frozen=True, slots=True)
class NoticeText:
    """A notice's wording: header fields, parts with their items, clauses and attached text."""

    title: str | None
    number: str | None
    issuer: str | None
    recipients: str | None
    decided: dt.date | None
    issued: dt.date | None
    adopted: dt.date | None
    effective: dt.date | None
    effect_rule: str | None
    targets: tuple[str, ...]
    parts: tuple[NoticePart, ...]
    clauses: tuple[Clause, ...]
    attachment: str | None
    #: The adoption notes and metadata lines that say who adopted or issued it, verbatim
    #: (``（1988年4月12日第七届全国人民代表大会第一次会议通过）``): the meeting a headnote names.
    adoption: tuple[str, ...] = ()


_NUMBER = lazy(lexicon.DOC_NUMBER)
_ADOPTION_NOTE = lazy(r"[（(][^（）()]{4,200}(?:通过|公布)[^（）()]{0,100}[）)]")
_NOTICE_KINDS = ("通知", "决定", "通报", "批复", "函", "意见", "公告")
_SENTENCE_MARK = lazy(r"[。，,；;：:、“”]")
_EDIT = lazy(r"[“”]|修改|修订|修正|增加|增写|新增|删去|删除|改为|作为|调整|合并|补充|相应")
_INSTRUCTION = lazy(r"将|在|删去|删除|增加|增写|新增|原第|宪法|刑法|本修正案|本决定")
_ATTACHED = lazy(r"附\s*件\s*\d*")
#: Item labels; （一） numbers the items of a part (一、对《X》作出修改 then （一）删去第十三条…).
_ITEM_STYLES = (
    LabelStyle.ARABIC_DOT,
    LabelStyle.ARABIC_COMMA,
    LabelStyle.ZH_COMMA,
    LabelStyle.ZH_PAREN,
    LabelStyle.ARABIC_PAREN,
    LabelStyle.ARTICLE,
)


def read_notice(text: str, name: str) -> NoticeText:
    """Read the wording of a notice (decoded *text* with LF newlines, named *name* in errors).

    An empty text is an :class:`InputError`; quotation marks that do not balance within an
    item or clause are a :class:`QuoteError` at the line where that item or clause starts.
    """
    title, meta, body = header.source(normalise_marks(text))
    if not body:
        raise InputError(EMPTY, Location(name))
    reader = _Reader(parts=[_Part(None, None)], title=title, notes=meta)
    reader.read(body[reader.read_front(body) :])
    notice = reader.notice()
    units = [(i.line, i.text) for p in notice.parts for i in p.items] + [(c.line, c.text) for c in notice.clauses]
    for line, wording in sorted(units):
        try:
            find_quotes(wording)
        except QuoteError as err:
            raise err.at(Location(name, line)) from err
    return notice


def _name_like(text: str) -> bool:
    return len(text) <= 60 and not _SENTENCE_MARK.search(text) and _item_label(text) is None


def _recipients_like(text: str) -> bool:
    ends = text.endswith(("：", ":")) and len(text) <= 80
    return ends and "。" not in text and "如下" not in text and _EDIT.search(text) is None


_FRONT_CLAUSES = ("promulgation", "signature")
_ORGAN = lazy(rf"{lexicon.ISSUING_BODY}$")


def _issuer_before_title(body: list[Line], i: int) -> bool:
    # 西安市人民代表大会常务委员会 above the decision's title: the red header naming the issuer.
    text = body[i].text
    later = (clause_kind(line.text) == "title" for line in body[i + 1 : i + 4])
    return _name_like(text) and _ORGAN.search(text) is not None and any(later)


def _title_at(body: list[Line], i: int) -> tuple[str, int] | None:
    # A covering notice's title 关于…的通知, over up to three lines; or a short name line.
    if clause_kind(body[i].text) == "title":
        return body[i].text, 1
    if not body[i].text.startswith("关于"):
        return (body[i].text, 1) if _name_like(body[i].text) else None
    for n in range(1, min(3, len(body) - i) + 1):
        joined = "".join(line.text for line in body[i : i + n])
        if "。" in joined:
            return None
        if joined.endswith(_NOTICE_KINDS):
            return joined, n
    return None


@dataclass(slots=True)
class _Item:
    label: str
    number: int | None
    line: int
    paras: list[str]
    block: bool = False  # a paragraph ended in ：, so unquoted content lines follow

    def add(self, text: str, depth: int) -> None:
        self.paras.append(text)
        self.block = self.block or (depth == 0 and text.endswith(("：", ":")))


@dataclass(slots=True)
class _Part:
    heading: str | None
    target: str | None
    items: list[_Item] = field(default_factory=list)

    def freeze(self) -> NoticePart:
        items = (ItemText(i.label, i.number, "\n".join(i.paras), i.line) for i in self.items)
        return NoticePart(self.heading, self.target, tuple(items))


@dataclass(slots=True)
class _Reader:
    parts: list[_Part]
    title: str | None = None
    notes: list[str] = field(default_factory=list)  # metadata lines and adoption notes
    number: str | None = None
    issuer: str | None = None
    recipients: str | None = None
    issued: dt.date | None = None
    attachment: str | None = None
    clauses: list[Clause] = field(default_factory=list)
    depth: int = 0
    current: _Item | None = None
    style: LabelStyle | None = None
    expected: int = 1
    closed: bool = False

    def read_front(self, body: list[Line]) -> int:
        """Read number, red-header issuer, title, adoption note and recipients; where the body starts."""
        i = 0
        while i < len(body):
            text = body[i].text
            kind = clause_kind(text)
            if _NUMBER.fullmatch(text) or kind == "number":
                self.number = self.number or text.strip("（()） ")
            elif _ADOPTION_NOTE.fullmatch(text) or kind == "adoption":
                self.notes.append(text)
            elif kind in _FRONT_CLAUSES:
                self.clauses.append(Clause(kind, text, body[i].no))
            elif self.title is None and _issuer_before_title(body, i):
                self.issuer = text
            elif self.title is None and text.endswith("文件") and _name_like(text):
                self.issuer = text.removesuffix("文件").strip()
            elif self.title is None and (found := _title_at(body, i)):
                self.title, i = found[0], i + found[1] - 1
            elif self.title and self.recipients is None and _recipients_like(text):
                self.recipients = text.rstrip("：:")
            else:
                return i
            i += 1
        return i

    def read(self, body: list[Line]) -> None:
        """Read the body paragraphs, up to the attached text after a lone 附件 line."""
        for i, line in enumerate(body):
            if self.depth == 0 and self.clauses and _ATTACHED.fullmatch(line.text) and i + 1 < len(body):
                self.attachment = "\n".join(p.text for p in body[i + 1 :])
                return
            before = 0 if self.depth and self._never_closed(line) else self.depth
            self.depth = _depth_after(line.text, before)
            if before:
                self._inside_quote(line)
            elif not (self._part_heading(line) or self._numbered(line)):
                self._unlabelled(line, body[i + 1].text if i + 1 < len(body) else None)

    def _never_closed(self, line: Line) -> bool:
        # The next item's label and an instruction inside an open quotation: the quotation
        # was never closed. The item ends here, so the error names the item that left it open.
        label = _item_label(line.text)
        if label is None or self.style is None or not self._expected(label):
            return False
        return _INSTRUCTION.match(line.text[label.end :].lstrip(" \u3000")) is not None

    def _inside_quote(self, line: Line) -> None:
        if self.current is not None:
            self.current.add(line.text, self.depth)
        elif self.clauses:
            last = self.clauses[-1]
            self.clauses[-1] = Clause(last.kind, f"{last.text}\n{line.text}", last.line)
        else:
            self._clause("unknown", line)

    def _part_heading(self, line: Line) -> bool:
        label = parse_label(line.text)
        number = sum(1 for p in self.parts if p.heading) + 1
        if label is None or label.style is not LabelStyle.ZH_COMMA or label.num.value != number:
            return False
        match = parts_.HEADING.fullmatch(line.text[label.end :].strip())
        if match is not None and match["bare"] and _INSTRUCTION.search(match["bare"]):
            match = None  # 一、删去第十条规定: an item, not a title
        if match is not None:
            self.parts.append(_Part(line.text, match["t"] or match["bare"]))
            self.style, self.expected, self.current, self.closed = None, 1, None, False
        return match is not None

    def _numbered(self, line: Line) -> bool:
        label = _item_label(line.text)
        if label is None or not self._expected(label):
            return False
        rest = line.text[label.end :].lstrip(" \u3000")
        self.style, self.expected = label.style.canonical, label.num.value + 1
        kind = _clause_kind(_unquoted(rest))
        # 一、对21部行政法规的部分条款予以修改。 names no provision: a lead-in, though labelled
        # (增加一节，作为第七节，内容如下： names one and is an item).
        if kind is not None and (kind != "lead-in" or not re.search(r"第|“", rest)):
            self._clause(kind, line)
        else:
            printed = label.text if label.style is LabelStyle.ARTICLE else label.text.rstrip(".．、")
            self._start(_Item(printed, label.num.value, line.no, []), rest)
        return True

    def _expected(self, label: Label) -> bool:
        if self.style is None:
            return self.current is None and (label.style is LabelStyle.ARTICLE or label.num.value == 1)
        return label.style.canonical is self.style and label.num.value == self.expected

    def _unlabelled(self, line: Line, nxt: str | None) -> None:
        kind = _clause_kind(_unquoted(line.text))
        if kind == "issuer" and self.issuer is None:  # the issuing body's name, above or below the text
            self.issuer = line.text
        elif kind == "recipients" and self.recipients is None:  # 各会员单位：
            self.recipients = line.text.rstrip("：:")
        elif kind is not None and not (kind == "lead-in" and self.parts[-1].items):  # 内容如下： in an item
            self._clause(kind, line)
        elif self._signature(line, nxt):
            return
        elif self.current is not None and (self.current.block or _EDIT.search(line.text)):
            self.current.add(line.text, self.depth)
        elif self.current is None and not self.parts[-1].items and not self.closed and _EDIT.search(line.text):
            self._start(_Item("", None, line.no, []), line.text)
        else:
            self._clause("unknown", line)

    def _signature(self, line: Line, nxt: str | None) -> bool:
        if header.DATE.fullmatch(line.text):
            self.issued = self.issued or date_of(header.DATE.fullmatch(line.text))
            return True
        if self.closed and nxt is not None and header.DATE.fullmatch(nxt) and _name_like(line.text):
            self.issuer = line.text
            return True
        return False

    def _start(self, item: _Item, text: str) -> None:
        item.add(text, self.depth)
        self.parts[-1].items.append(item)
        self.current = item

    def _clause(self, kind: str, line: Line) -> None:
        self.clauses.append(Clause(kind, line.text, line.no))
        self.current = None
        self.closed = self.closed or kind not in ("lead-in", "unknown")

    def notice(self) -> NoticeText:
        """The records read so far."""
        parts = _regrouped(tuple(p.freeze() for p in self.parts if p.items or p.heading or len(self.parts) == 1))
        dates = header.meta_dates(self.notes)
        lead_in = next((c.text for c in self.clauses if c.kind == "lead-in"), "")
        commencement = next((c.text for c in self.clauses if c.kind == "commencement"), "")
        return NoticeText(
            title=self.title,
            number=self.number,
            issuer=self.issuer or header.issuer(self.title, self.notes),
            recipients=self.recipients,
            decided=date_of(header.DECIDED.search(lead_in)),
            issued=self.issued or dates.get("issued"),
            adopted=dates.get("adopted"),
            effective=date_of(header.DATE.search(commencement)) or dates.get("effective"),
            effect_rule=_effect_rule(self.clauses),
            targets=_targets(self.title, lead_in, parts),
            parts=parts,
            clauses=tuple(self.clauses),
            attachment=self.attachment,
            adoption=tuple(n for n in self.notes if _ADOPTION_NOTE.fullmatch(n) or clause_kind(n) == "adoption"),
        )


def _regrouped(parts: tuple[NoticePart, ...]) -> tuple[NoticePart, ...]:
    # 一、将《X》第七条…；二、删去《Y》第七条。: one-line parts, one per document named.
    if len(parts) != 1 or parts[0].heading is not None:
        return parts
    items = parts[0].items
    groups = parts_.one_line_parts([item.text for item in items])
    if groups is None:
        return parts
    return tuple(NoticePart(None, g.target, tuple(items[n] for n in g.items)) for g in groups)


def _item_label(text: str) -> Label | None:
    label = parse_label(text)
    # Variants (1．, １．) count as their main style, so 1. and 2． number one list.
    if label is None or label.style.canonical not in _ITEM_STYLES or label.num.sub:
        return None
    # A constitution amendment's 第三十二条 is followed by a space; 第六条第一款… is an address.
    if label.style is LabelStyle.ARTICLE and not text[label.end : label.end + 1].isspace():
        return None
    return label


def _clause_kind(text: str) -> str | None:
    return clause_kind(text)


def _depth_after(text: str, depth: int) -> int:
    """Quote depth after *text* when *depth* quotations were open before it (NPC reopening kept)."""
    for i, ch in enumerate(text):
        if ch == OPEN and not (i == 0 and depth):
            depth += 1
        elif ch == CLOSE:
            depth = max(depth - 1, 0)
    return depth


def _unquoted(text: str) -> str:
    # The paragraph without its quotations (marks and quoted text).
    out, depth = [], 0
    for ch in text:
        depth += (ch == OPEN) - (ch == CLOSE and depth > 0)
        if depth == 0 and ch not in (OPEN, CLOSE):
            out.append(ch)
    return "".join(out)


def _effect_rule(clauses: list[Clause]) -> str | None:
    # The parts of the effect-rule sentence that say which provisions take effect when.
    rule = next((c.text for c in clauses if c.kind == "effect-rule"), None)
    if rule is None:
        return None
    pieces = [p for p in re.split(r"[，。；]", rule) if re.search(r"条款.*自.*起(?:施行|实施|生效)", p)]
    return "，".join(pieces) or rule


def _targets(title: str | None, lead_in: str, parts: tuple[NoticePart, ...]) -> tuple[str, ...]:
    # Part targets, else 对《…》 in the lead-in, else 修改《…》 in the title; else the law a
    # 修正案 is named after (中华人民共和国刑法修正案（十一） amends 中华人民共和国刑法).
    named = [p.target for p in parts if p.target]
    if named:
        return tuple(named)
    for text, pattern in ((lead_in, r"对《([^《》]+)》"), (title or "", r"(?:修改|修订|修正|印发)《([^《》]+)》")):
        found = re.findall(pattern, text)
        if found:
            return tuple(dict.fromkeys(found))
    law = re.fullmatch(r"(.+?)修正案(?:[（(][^（）()]*[）)])?", title or "")
    return (law[1],) if law else ()
