"""The header of a notice's wording: the source's title and metadata, and the dates and issuer they state.

:func:`source` splits the corpus Markdown (``# title``, metadata lines up to ``<!-- INFO END -->``)
from its body, or cleans raw PDF text with :mod:`policydiff.importing.text`. :func:`meta_dates`
and :func:`issuer` read the metadata lines and adoption notes that :func:`~.wording.read_notice`
collects; :data:`DATE` finds a date written in figures or Chinese numerals, and
:func:`policydiff.zh.numbering.date_of` reads it.
"""

from __future__ import annotations

import datetime as dt

from policydiff.importing.unwrap import Line, clean_lines, join_stray_breaks, join_wrapped, wrap_width
from policydiff.zh import lexicon
from policydiff.zh.lazyre import lazy
from policydiff.zh.numbering import date_of

_INFO_END = lexicon.INFO_END
DATE = lazy(lexicon.DATE)
DECIDED = lazy(DATE.pattern + rf"[^，。；]{{0,20}}?(?:{'|'.join(lexicon.ADOPTION_VERBS)}|决定)")
_BODY = lazy(r"第[一二三四五六七八九十]+届(全国人民代表大会(?:常务委员会)?)")


def source(text: str) -> tuple[str | None, list[str], list[Line]]:
    # (Markdown title, Markdown metadata lines, body paragraphs with their source lines)
    raw = [(no, line.strip()) for no, line in enumerate(text.split("\n"), start=1)]
    at = None
    if text.lstrip("\ufeff \n").startswith("# ") or _INFO_END in text:
        # None when the marker is only mentioned inside a line, or the title line is a bare "#".
        at = next((i for i, (_, t) in enumerate(raw) if t.lstrip("\ufeff").startswith("# ") or t == _INFO_END), None)
    if at is None:
        lines, _dropped = clean_lines(text)
        wrap = wrap_width(lines)
        return None, [], join_wrapped(lines, wrap) if wrap is not None else join_stray_breaks(lines)[0]
    end = next((i for i, (_, t) in enumerate(raw) if t == _INFO_END), at)
    meta = [t for i, (_, t) in enumerate(raw[:end]) if t and i != at]
    body = [Line(no, t.lstrip("# ")) for no, t in raw[end + 1 :] if t.lstrip("# ") and not t.startswith("<!--")]
    return (raw[at][1].lstrip("\ufeff")[2:].strip() if at < end else None), meta, body


def meta_dates(lines: list[str]) -> dict[str, dt.date | None]:
    # Markdown metadata (…会议通过, …施行, …公布施行) and an adoption note （…通过）.
    found: dict[str, dt.date | None] = {}
    for text in lines:
        date = date_of(DATE.search(text))
        for key, word in (("adopted", "通过"), ("effective", "施行"), ("issued", "公布")):
            if word in text and date is not None:
                found[key] = date
        if "会议" in text and "通过" not in text and date is not None:
            found.setdefault("adopted", date)
    return found


def issuer(title: str | None, notes: list[str]) -> str | None:
    # 最高人民法院关于修改… names its issuer; an NPC adoption line names the adopting body.
    if title and title.find("关于") > 0:
        return title[: title.find("关于")]
    body = next((m for m in (_BODY.search(t) for t in notes) if m), None)
    return body[1] if body else None
