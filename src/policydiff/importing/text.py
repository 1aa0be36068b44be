"""Importing a regulation from plain text, as Word and PDF extractors give it.

The pipeline is a chain of small pure functions:

1. :func:`clean_lines` drops what the extractor added (page numbers, blank lines).
2. :func:`wrap_width`, :func:`join_wrapped` and :func:`join_stray_breaks` undo hard wrapping:
   one paragraph per line.
3. :func:`split_parts` separates the cover material (issuer, document number,
   签发人, covering notice, date lines, the ``…印发`` trailer) from the title and
   the body, and :func:`read_metadata` turns the cover into :class:`Metadata`.
4. :func:`~policydiff.importing.stray_labels.join_stray_labels` joins a body line
   that a line break started with a stray number label to the line before it.
5. :func:`policydiff.importing.structure.build_document` builds the tree.

Steps 1 and 2 live in :mod:`policydiff.importing.unwrap`; their functions and
:class:`Line` are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from policydiff.errors import Location, SourceError
from policydiff.importing.stray_labels import join_stray_labels
from policydiff.importing.structure import build_document
from policydiff.importing.unwrap import (
    DATE,
    DATE_LINE,
    STRIP,
    Line,
    clean_lines,
    join_stray_breaks,
    join_wrapped,
    title_like,
    undecided_break,
    wrap_width,
)
from policydiff.model import Document, Metadata
from policydiff.zh import lexicon
from policydiff.zh.numbering import date_of, parse_label

__all__ = [
    "NO_BODY",
    "NO_TEXT",
    "NO_TITLE",
    "ONLY_COVER",
    "Front",
    "Parts",
    "Role",
    "parse_text",
    "read_metadata",
    "split_parts",
    "title_of",
    "unwrapped",
]

#: The messages of the :class:`SourceError` a text without title or body raises.
NO_TEXT = "no text to import: only blank lines and page numbers"
ONLY_COVER = "no regulation text: only cover material (document number, dates, signatures)"
NO_TITLE = "no title: expected the regulation's name (a short line without sentence marks) before its text"
NO_BODY = "no provisions: nothing follows the title"

_TRAILER = re.compile(rf".*?{DATE}\s*印发")
# 经2021年5月12日党委会讨论通过; （2018年3月11日第十三届全国人民代表大会第一次会议通过）
_ADOPTED = re.compile(rf"{DATE}[^，。；（）()]{{0,30}}?(?:{'|'.join(lexicon.ADOPTION_VERBS)})")
_ADOPTION_NOTE = re.compile(r"[（(][^（）()]{4,300}(?:通过|公布|修正|修订)[^（）()]{0,200}[）)]")
_NUMBER = re.compile(lexicon.DOC_NUMBER)
_SIGNER = re.compile(r"签发人\s*[：:]\s*(?P<name>\S.*)")
_ATTACHMENT = re.compile(r"附\s*件\s*\d*\s*[：:]?")
_NOTE = re.compile(r"[（(][^（）()]{1,20}[）)]")
_NOTICE_ENDS = ("通知", "决定", "通报", "批复", "函")
# A title is complete once it names its kind of instrument, perhaps with a note: …办法（试行）.
_TITLE_DONE = re.compile(
    r"(?:法|条例|办法|规定|细则|决定|决议|规则|解释|通知|意见|方案|标准|制度|"
    r"规范|纲要|章程|准则|安排|批复|答复|公告|纪要|指引|指南|守则)(?:[（(][^（）()]{1,6}[）)])?$"
)
_REVISION_SUFFIXES = ("（修订）", "（修订稿）", "(修订)")
_CJK_SPACE = re.compile(rf"(?<={lexicon.CHINESE_CHARACTER})\s+(?={lexicon.CHINESE_CHARACTER})")


class Role(StrEnum):
    """What a paragraph of the opening cover material is."""

    ISSUER = "issuer"
    NUMBER = "number"
    SIGNER = "signer"
    NOTICE = "notice"
    RECIPIENTS = "recipients"
    LETTER = "letter"
    COVER = "cover"


Front = tuple[tuple[Role, Line], ...]


@dataclass(frozen=True, slots=True)
class Parts:
    """A text split into opening cover material (each paragraph with its role), title, body and closing cover."""

    front: Front
    title: tuple[Line, ...]
    body: tuple[Line, ...]
    back: tuple[Line, ...]


def parse_text(text: str, *, slug: str, name: str, title: str | None = None) -> tuple[Document, tuple[str, ...]]:
    """Import decoded *text* (named *name* in messages) as document *slug*.

    Returns the document and the warnings: what the importer assumed or dropped.
    A text without a body, or without a title when no *title* is given, is a
    :class:`SourceError`; with *title*, a text that has no title line is all body.
    """
    lines, wrap, paragraphs, warnings = unwrapped(text)
    parts = split_parts(paragraphs, name, untitled=title is not None)
    if wrap is None:
        _refuse_undecided(lines, parts.body, text, name)
    found, title_note = _title(parts.title) if parts.title else (title or "", [])
    warnings.extend(title_note)
    body, stray = join_stray_labels(parts.body)
    warnings.extend(stray)
    doc = build_document([p.text for p in body], slug=slug, title=found, meta=read_metadata(parts))
    return doc, tuple(warnings)


def unwrapped(text: str) -> tuple[list[Line], int | None, list[Line], list[str]]:
    """Steps 1 and 2 of the pipeline: the cleaned lines, the wrap width (None when not
    hard-wrapped), the paragraphs, and the warnings saying what was dropped or joined."""
    lines, dropped = clean_lines(text)
    warnings: list[str] = []
    if dropped:
        warnings.append(f"removed {dropped} page-number line{'s' if dropped > 1 else ''}")
    wrap = wrap_width(lines)
    if wrap is not None:
        warnings.append(f"hard-wrapped text (lines about {wrap // 2} characters wide): lines joined into paragraphs")
        paragraphs = join_wrapped(lines, wrap)
    else:
        paragraphs, joined = join_stray_breaks(lines)
        warnings.extend(f"line {no} joined to the line before it, which stops mid-sentence" for no in joined)
    return lines, wrap, paragraphs, warnings


def title_of(lines: Sequence[Line]) -> str:
    """The title that title lines make (spaces inside it and a revision mark such as （修订） dropped)."""
    return _title(lines)[0]


def _refuse_undecided(lines: Sequence[Line], body: Sequence[Line], text: str, name: str) -> None:
    """Refuse a short text whose body has a line that stops mid-sentence (:func:`undecided_break`):
    joining the next line to it, or keeping it a paragraph, could each make the wrong provisions."""
    found = undecided_break(lines, body)
    if found is None:
        return
    stops, goes_on = found
    column = len(text.split("\n")[stops.no - 1].rstrip(STRIP + "\r"))
    tail, head = stops.text[-8:], goes_on.text[:8]
    raise SourceError(
        f"line {stops.no} stops mid-sentence (“…{tail}”) and line {goes_on.no} goes on (“{head}…”): a text this "
        f"short does not show whether it is hard-wrapped; join the two lines, or end line {stops.no} with its mark",
        Location(name, stops.no, column),
    )


def split_parts(paragraphs: Sequence[Line], name: str, *, untitled: bool = False) -> Parts:
    """Split paragraphs into cover material, title and body; a :class:`SourceError` if one is missing.

    Cover material comes first (issuer, number, 签发人, covering notice with its
    recipients, letter, signature and date) and last (date lines, the ``…印发``
    trailer, notes such as ``（此件不予公开）``). The title is the run of short
    lines without sentence marks that follows the cover; the body is the rest.
    """
    if not paragraphs:
        raise SourceError(NO_TEXT, Location(name))
    back = _back_matter(paragraphs)
    rest = paragraphs[: len(paragraphs) - len(back)]
    front, start, end = _title_span(rest)
    if start == len(rest):
        raise SourceError(ONLY_COVER, Location(name))
    if end == start and untitled:
        return Parts((), (), tuple(rest), tuple(back))
    if end == start:
        raise SourceError(NO_TITLE, Location(name, rest[start].no))
    # A law's adoption note, or an order's number, stands between its title and its text.
    body = end
    while body < len(rest) and (_ADOPTION_NOTE.fullmatch(rest[body].text) or _NUMBER.fullmatch(rest[body].text)):
        body += 1
    if body == len(rest):
        raise SourceError(NO_BODY, Location(name, rest[end - 1].no))
    front += tuple((Role.NUMBER if _NUMBER.fullmatch(p.text) else Role.COVER, p) for p in rest[end:body])
    return Parts(front, tuple(rest[start:end]), tuple(rest[body:]), tuple(back))


def _title_span(paragraphs: Sequence[Line]) -> tuple[Front, int, int]:
    front, start = _front_matter(paragraphs)
    end = _title_end(paragraphs, start)
    if end == start and front and front[-1][0] is Role.NOTICE:
        # A regulation named 关于…的决定 is its own title, not a covering notice.
        own = sum(1 for role, _ in front if role is Role.NOTICE)
        front, start = front[:-own], start - own
        end = _title_end(paragraphs, start)
    return front, start, end


def _title_end(paragraphs: Sequence[Line], start: int) -> int:
    # The title runs on until it names a kind of instrument (…办法, …条例); after
    # that only a repetition of it belongs to it, not a heading such as 总则.
    end, title = start, ""
    while end < len(paragraphs) and title_like(paragraphs[end].text):
        part = _squeeze(paragraphs[end].text)
        if _TITLE_DONE.search(title) and part != title:
            break
        title = title if part == title else title + part
        end += 1
    return end


def _squeeze(text: str) -> str:
    # Repeated titles differ in spacing and in the 、 between joint issuers.
    return re.sub(r"[\s、]+", "", text)


def _back_matter(paragraphs: Sequence[Line]) -> list[Line]:
    back: list[Line] = []
    for line in reversed(paragraphs):
        text = line.text
        signature = bool(back) and title_like(text) and DATE_LINE.fullmatch(back[0].text) is not None
        note = _NOTE.fullmatch(text) is not None and parse_label(text) is None
        if not (signature or note or DATE_LINE.fullmatch(text) or _TRAILER.fullmatch(text) or text.startswith("抄送")):
            break
        back.insert(0, line)
    return back


def _front_matter(paragraphs: Sequence[Line]) -> tuple[Front, int]:
    front: list[tuple[Role, Line]] = []
    number_at = next((i for i, p in enumerate(paragraphs[:6]) if _NUMBER.fullmatch(p.text)), -1)
    i = 0
    while i < len(paragraphs):
        step = _front_step(paragraphs, i, number_at, front)
        if not step:
            break
        front.extend(step)
        i += len(step)
    return tuple(front), i


def _front_step(paragraphs: Sequence[Line], i: int, number_at: int, seen: list[tuple[Role, Line]]) -> Front:
    # One piece of cover material starting at paragraph i, or () where the cover ends.
    line = paragraphs[i]
    text = line.text
    if _NUMBER.fullmatch(text):
        return ((Role.NUMBER, line),)
    if _SIGNER.fullmatch(text):
        return ((Role.SIGNER, line),)
    issuer_like = title_like(text) and not _TITLE_DONE.search(_squeeze(text))
    if issuer_like and (i < number_at or (text.endswith("文件") and number_at < 0)):
        return ((Role.ISSUER, line),)
    if _ATTACHMENT.fullmatch(text):
        return ((Role.COVER, line),)
    if text.startswith("关于"):
        return tuple((Role.NOTICE, p) for p in _notice_title(paragraphs, i))
    if any(role is Role.NOTICE for role, _ in seen) and _is_recipients(text):
        letter = _letter(paragraphs, i + 1)
        return ((Role.RECIPIENTS, line), *((Role.LETTER, p) for p in letter)) if letter else ()
    return ()


def _notice_title(paragraphs: Sequence[Line], i: int) -> list[Line]:
    # A covering notice's title, possibly broken over a few short lines.
    for end in range(i + 1, min(i + 4, len(paragraphs)) + 1):
        text = paragraphs[end - 1].text
        if "。" in text:
            return []
        if text.endswith(_NOTICE_ENDS):
            return list(paragraphs[i:end])
    return []


def _is_recipients(text: str) -> bool:
    return text.endswith(("：", ":")) and len(text) <= 80 and "。" not in text


def _letter(paragraphs: Sequence[Line], i: int) -> list[Line]:
    # The covering letter runs from its recipients to its date line.
    for end in range(i, len(paragraphs)):
        if DATE_LINE.fullmatch(paragraphs[end].text):
            return list(paragraphs[i : end + 1])
    return []


def _title(lines: Sequence[Line]) -> tuple[str, list[str]]:
    # PDF breaks and letter-spacing put spaces inside a title; Chinese has none.
    title, notes = "", []
    for line in lines:
        part = _CJK_SPACE.sub("", line.text)
        if _squeeze(part) == _squeeze(title):  # a page header or a web page repeating the title
            notes.append(f"title: line {line.no} repeats the title and was dropped")
        else:
            title += part
    for suffix in _REVISION_SUFFIXES:
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)], [*notes, f"title: dropped the revision mark {suffix}"]
    return title, notes


def read_metadata(parts: Parts) -> Metadata:
    """The metadata that the cover material states; the cover lines themselves are kept verbatim."""
    by_role: dict[Role, list[str]] = {role: [] for role in Role}
    for role, line in parts.front:
        by_role[role].append(line.text)
    letter, back = by_role[Role.LETTER], [line.text for line in parts.back]
    signer = _SIGNER.fullmatch(by_role[Role.SIGNER][0]) if by_role[Role.SIGNER] else None
    return Metadata(
        number=_first(by_role[Role.NUMBER]),
        issuer=_issuer(by_role[Role.ISSUER]) or _signature(letter) or _signature(back),
        signer=signer["name"].strip() if signer else None,
        adopted=_adopted([*letter, *by_role[Role.COVER]]),
        issued=_issued(letter, back),
        covering_notice=_CJK_SPACE.sub("", "".join(by_role[Role.NOTICE])) or None,
        recipients=_first(by_role[Role.RECIPIENTS], strip="：:"),
        cover=(*letter, *by_role[Role.COVER], *back),
    )


def _first(texts: Sequence[str], strip: str = "") -> str | None:
    return texts[0].rstrip(strip) if texts else None


def _issuer(texts: Sequence[str]) -> str | None:
    joined = _CJK_SPACE.sub("", "".join(texts)).strip(STRIP)
    return joined.removesuffix("文件").strip(STRIP) or None


def _signature(texts: Sequence[str]) -> str | None:
    # The name signed just above a date line.
    for before, after in pairwise(texts):
        if title_like(before) and DATE_LINE.fullmatch(after):
            return before
    return None


def _adopted(texts: Sequence[str]) -> dt.date | None:
    for text in texts:
        match = _ADOPTED.search(text)
        if match:
            return date_of(match)
    return None


def _issued(letter: Sequence[str], back: Sequence[str]) -> dt.date | None:
    # The letter's own date first, then a closing date line, then the 印发 trailer.
    for texts, pattern in ((letter, DATE_LINE), (back, DATE_LINE), (back, _TRAILER)):
        for text in texts:
            match = pattern.fullmatch(text)
            if match:
                return date_of(match)
    return None
