"""The 题注 (headnote) of a consolidated text: its history in one parenthesis under the title.

``（1982年12月4日第五届全国人民代表大会第五次会议通过　1982年12月4日全国人民代表大会公告公布施行　根据1988年
4月12日第七届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》、……和2018年3月11日……通过的
《中华人民共和国宪法修正案》修正）``

:func:`headnote` writes it from a document's versions (:class:`policydiff.history.Version`), up to
one of them, from what the history records and nothing else:

* **the enactment**: the enacted text's metadata notes (:attr:`Metadata.notes`, the corpus lines
  ``1982年12月4日 第五届全国人民代表大会第五次会议通过``, kept verbatim by import; the space after the
  date is dropped), else its ``adopted``/``issued``/``effective`` dates with its ``issuer`` and
  ``number``. A note that states a change (an imported consolidated text lists the amendments
  already in it) is kept in its place: ``…通过的《…》`` as one of a list, others as written, with
  根据 before an instrument named in 《》;
* **each event**: the notice's date, title, number and the meeting named in its ``adoption``
  clause (``（1988年4月12日第七届全国人民代表大会第一次会议通过）``, recorded by the notice parser).
  An event is an amendment (修正, 修改) unless its ``kind`` is ``revise`` (修订).

Parts are separated by a full-width space (U+3000); dates are written without zero padding.
When the history gives no date for the enacted text or for an event (or a note it cannot read),
there is no headnote (None): never a plausible but wrong one.

The form depends on the family of the document, chosen by :data:`FAMILIES`, the first whose test
matches the words of the document (its issuer, number, notes and title, and its notices' issuers
and adoption clauses):

============= ==================================== ============================================
family        chosen when the words name            each change is written
============= ==================================== ============================================
spc           最高人民法院, 最高人民检察院            根据{date}{meeting}《关于修改〈…〉的决定》修正
state-council 国务院                                 根据{date}《国务院关于修改〈…〉的决定》修订
npc           全国人民代表大会                       根据{date}{meeting}《关于修改〈…〉的决定》修正;
                                                    for a document amended by 修正案 (宪法, 刑法):
                                                    根据A、B和C修正, each {date}{meeting}通过的《…》
institutional anything else (a university, an office) 根据{date}《…的通知》（{number}）修改
============= ==================================== ============================================

A 修订 by the body itself is written without 根据 (``2005年10月27日第十届…会议修订``; State
Council: ``2018年12月18日中华人民共和国国务院令第707号修订``). When a document has had more than one
change of a kind, each says which (第一次修正, 第二次修正), counting the changes its notes state.
An institutional document has no official form: policydiff writes ``{date}{issuer}印发（{number}）``
(without the date when only the day it is in force from is known, which follows as
``{date}起施行``), then each notice as above: ``（中共福建卫生职业技术学院委员会印发　2021年3月12日起施行
根据2021年5月21日《关于重新修订印发〈…〉的通知》（闽卫院委宣〔2021〕6号）修改）``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policydiff.model import Document
from policydiff.notice.record import Notice
from policydiff.zh.numbering import int_to_zh

if TYPE_CHECKING:
    from policydiff.history import Version

#: What separates the parts of a headnote.
SEP = "\u3000"
_DATE = r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
_NOTE = re.compile(rf"{_DATE}[ \u3000]*(?P<rest>.*?)[ \u3000）)]*")
_NOTE_SPLIT = re.compile(r"[ \u3000]+(?=\d{4}年\d{1,2}月\d{1,2}日)")
_LISTED = re.compile(r"(?P<meeting>[^《》]*?)通过的《(?P<title>[^《》]+(?:《[^《》]*》[^《》]*)*)》")
_MEETING = re.compile(rf"{_DATE}[ \u3000]*(?P<meeting>[^（）()，。\s]*?会议)(?:通过|批准)")


def date_zh(day: dt.date) -> str:
    """A date as official texts write it: ``1982年12月4日`` (no zero padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True, slots=True)
class Listed:
    """One instrument of a list (``{date}{meeting}通过的《{title}》``), joined as 根据A、B和C修正."""

    date: dt.date
    meeting: str
    title: str

    def words(self) -> str:
        return f"{date_zh(self.date)}{self.meeting}通过的《{self.title}》"


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded event, as a family needs it."""

    date: dt.date
    notice: Notice
    revise: bool

    @property
    def meeting(self) -> str:
        """The meeting that adopted it, from its adoption clause; else its issuer; else nothing."""
        for clause in self.notice.clauses:
            if clause.kind == "adoption":
                found = _MEETING.search(clause.text)
                if found and _day(found) == self.date:
                    return found["meeting"]
        return self.notice.issuer or ""


#: A part of the headnote: written out, or one instrument of a list.
Part = str | Listed


@dataclass(frozen=True, slots=True)
class History:
    """What the headnote is written from: the enacted text, its notes read, the changes after it."""

    document: Document
    notes: tuple[Part, ...]  # the enactment and the changes the enacted text's notes state, in order
    changes: tuple[Change, ...]

    @property
    def words(self) -> str:
        """The words a family is recognised by."""
        meta = self.document.meta
        said = [meta.issuer or "", meta.number or "", *meta.notes, self.document.title]
        for change in self.changes:
            said += [change.notice.issuer or "", *(c.text for c in change.notice.clauses if c.kind == "adoption")]
        return "\n".join(said)

    def counted(self, word: str, extra: int) -> Callable[[], str]:
        """An ordinal for each further change called *word* (第一次, 第二次…), when there are several
        (*extra* of them recorded as events, besides those the notes state)."""
        stated = sum(1 for p in self.notes if isinstance(p, str) and re.search(rf"{word}(?:，[^，]*)?$", p))
        total, seen = stated + extra, [stated]

        def ordinal() -> str:
            seen[0] += 1
            return f"第{int_to_zh(seen[0])}次" if total > 1 else ""

        return ordinal


def headnote(versions: Sequence[Version], upto: int | None = None) -> str | None:
    """The headnote of version *upto* (default: the last) of the document whose *versions* are
    given, enacted text first; None when the history does not date it."""
    if not versions:
        return None
    shown = [v for v in versions if upto is None or v.number <= upto]
    base = shown[0].document
    notes = _notes(base)
    if notes is None:
        return None
    changes: list[Change] = []
    for v in shown[1:]:
        if v.event is None:
            continue
        day = _event_date(v.event.notice)
        if day is None:
            return None
        changes.append(Change(day, v.event.notice, getattr(v.event, "kind", "amend") == "revise"))
    history = History(base, notes, tuple(changes))
    for _name, matches, write in FAMILIES:
        if matches(history):
            parts = write(history)
            return None if parts is None else f"（{SEP.join(_joined(parts))}）"
    return None  # pragma: no cover - the last family matches every document


def family(versions: Sequence[Version]) -> str | None:
    """The name of the family whose form :func:`headnote` writes for *versions* (None: no history)."""
    if not versions or (notes := _notes(versions[0].document)) is None:
        return None
    changes = tuple(Change(dt.date.min, v.event.notice, False) for v in versions[1:] if v.event is not None)
    history = History(versions[0].document, notes, changes)
    return next(name for name, matches, _ in FAMILIES if matches(history))


def _event_date(notice: Notice) -> dt.date | None:
    return notice.adopted or notice.decided or notice.issued or notice.effective


def _day(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _notes(doc: Document) -> tuple[Part, ...] | None:
    """The enacted text's notes as parts; None when one cannot be read or nothing is dated."""
    parts: list[Part] = []
    for note in doc.meta.notes:
        for piece in _NOTE_SPLIT.split(note.strip()):
            match = _NOTE.fullmatch(piece.strip())
            day = _day(match) if match else None
            if match is None or day is None or not match["rest"]:
                return None
            rest = match["rest"]
            listed = _LISTED.fullmatch(rest)
            if listed:
                parts.append(Listed(day, listed["meeting"], listed["title"]))
            elif "《" in rest and re.search(r"修正|修订|修改", rest):
                parts.append(f"根据{date_zh(day)}{rest}")
            else:
                parts.append(f"{date_zh(day)}{rest}")
    if doc.meta.notes:
        return tuple(parts)
    return () if any((doc.meta.adopted, doc.meta.issued, doc.meta.effective)) else None


def _joined(parts: Sequence[Part]) -> list[str]:
    """Runs of listed instruments joined as 根据A、B和C修正; other parts as they are."""
    out: list[str] = []
    run: list[Listed] = []
    for part in [*parts, ""]:
        if isinstance(part, Listed):
            run.append(part)
            continue
        if run:
            words = [r.words() for r in run]
            head = "、".join(words[:-1])
            out.append(f"根据{head}和{words[-1]}修正" if head else f"根据{words[0]}修正")
            run = []
        if part:
            out.append(part)
    return out


def _inner(title: str) -> str:
    """A title quoted inside 《》: its own 《》 become 〈〉."""
    return title.replace("《", "〈").replace("》", "〉")


def _without_issuer(title: str) -> str:
    """``全国人民代表大会常务委员会关于修改…的决定`` as a headnote names it: ``关于修改…的决定``."""
    at = title.find("关于")
    return title[at:] if at > 0 else title


def _enacted(doc: Document, adopted_verb: str) -> list[Part]:
    """The enactment from the metadata fields, when there are no notes: what is known, no more."""
    meta, parts = doc.meta, list[Part]()
    issuer = meta.issuer or ""
    if meta.adopted:
        parts.append(f"{date_zh(meta.adopted)}{issuer}{adopted_verb}")
    if meta.issued and meta.issued != meta.adopted:
        parts.append(f"{date_zh(meta.issued)}{meta.number or ('' if meta.adopted else issuer)}公布")
    if meta.effective and meta.effective not in (meta.adopted, meta.issued):
        parts.append(f"{date_zh(meta.effective)}起施行")
    return parts


def _start(h: History, adopted_verb: str = "通过") -> list[Part]:
    return list(h.notes) if h.document.meta.notes else _enacted(h.document, adopted_verb)


# --- the families -------------------------------------------------------------------------------


def _spc(h: History) -> list[Part] | None:
    """司法解释: 根据{date}{meeting}《关于修改〈…〉的决定》修正; a re-adoption {date}{meeting}修订."""
    parts = _start(h)
    amended = h.counted("修正", sum(not c.revise for c in h.changes))
    revised = h.counted("修订", sum(c.revise for c in h.changes))
    for c in h.changes:
        if c.revise:
            parts.append(f"{date_zh(c.date)}{c.meeting}{revised()}修订")
        else:
            parts.append(
                f"根据{date_zh(c.date)}{c.meeting}《{_inner(_without_issuer(c.notice.title or ''))}》{amended()}修正"
            )
    return parts


def _state_council(h: History) -> list[Part] | None:
    """行政法规: 根据{date}《国务院关于修改〈…〉的决定》修订; a re-issue {date}{国务院令第N号}修订."""
    meta = h.document.meta
    if meta.notes:
        parts = list(h.notes)
    else:
        parts = [f"{date_zh(day)}{meta.number or meta.issuer or '国务院'}公布" for day in (meta.issued,) if day]
        parts += [f"{date_zh(meta.effective)}起施行" for _ in (1,) if meta.effective and meta.effective != meta.issued]
        if not parts:
            parts = _enacted(h.document, "通过")
    ordinal = h.counted("修订", len(h.changes))
    for c in h.changes:
        day = date_zh(c.notice.issued or c.date)
        if c.revise:
            parts.append(f"{day}{c.notice.number or c.notice.issuer or ''}{ordinal()}修订")
        else:
            parts.append(f"根据{day}《{_inner(c.notice.title or '')}》{ordinal()}修订")
    return parts


def _npc(h: History) -> list[Part] | None:
    """法律, 宪法: 根据{date}{meeting}《关于修改〈…〉的决定》第一次修正, a revision {date}{meeting}修订; a
    document amended by 修正案 lists its instruments: 根据{date}{meeting}通过的《…》、…和…修正."""
    parts = _start(h)
    listed = any(isinstance(p, Listed) for p in h.notes) or any(
        re.fullmatch(r".+修正案(?:[（(][^（）()]+[）)])?", c.notice.title or "") for c in h.changes
    )
    amended = h.counted("修正", sum(not c.revise for c in h.changes))
    revised = h.counted("修订", sum(c.revise for c in h.changes))
    for c in h.changes:
        if c.revise:
            parts.append(f"{date_zh(c.date)}{c.meeting}{revised()}修订")
        elif listed:
            parts.append(Listed(c.date, c.meeting, c.notice.title or ""))
        else:
            title = _inner(_without_issuer(c.notice.title or ""))
            parts.append(f"根据{date_zh(c.date)}{c.meeting}《{title}》{amended()}修正")
    return parts


def _institutional(h: History) -> list[Part] | None:
    """A university's or an office's document (no official form): {issuer}（{number}）, the day it
    was issued (印发) or is in force from (起施行), then 根据{date}《…的通知》（{number}）修改."""
    meta = h.document.meta
    if meta.notes:
        parts = list(h.notes)
    else:
        number = f"（{_squeezed(meta.number)}）" if meta.number else ""
        if meta.issued:
            parts = [f"{date_zh(meta.issued)}{meta.issuer or ''}印发{number}"]
        else:
            parts = [f"{meta.issuer}印发{number}"] if meta.issuer else []
        if meta.effective and meta.effective != meta.issued:
            parts.append(f"{date_zh(meta.effective)}起施行")
        if not meta.issued and not meta.effective:
            parts.append(f"{date_zh(meta.adopted)}通过" if meta.adopted else "")
    amended = h.counted("修改", sum(not c.revise for c in h.changes))
    revised = h.counted("修订", sum(c.revise for c in h.changes))
    for c in h.changes:
        day = date_zh(c.notice.issued or c.date)
        number = f"（{_squeezed(c.notice.number)}）" if c.notice.number else ""
        verb = f"{revised()}修订" if c.revise else f"{amended()}修改"
        parts.append(f"根据{day}《{_inner(c.notice.title or '')}》{number}{verb}")
    return [p for p in parts if p]


def _squeezed(text: str) -> str:
    """A document number without the spaces a source typed in it: ``闽卫院委宣〔2021〕6号``."""
    return re.sub(r"\s+", "", text)


def _names(*words: str) -> Callable[[History], bool]:
    def matches(h: History) -> bool:
        return any(word in h.words for word in words)

    return matches


#: The families, tried in order: name, test, writer. The last matches every document.
FAMILIES: tuple[tuple[str, Callable[[History], bool], Callable[[History], list[Part] | None]], ...] = (
    ("spc", _names("最高人民法院", "最高人民检察院"), _spc),
    ("state-council", _names("国务院"), _state_council),
    ("npc", _names("全国人民代表大会"), _npc),
    ("institutional", lambda h: True, _institutional),
)

__all__ = ["FAMILIES", "SEP", "date_zh", "family", "headnote"]
