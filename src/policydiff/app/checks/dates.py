"""Dates: in order (PD701) and consistent with the notice's effect rule (PD702).

In order: a document or notice is adopted (or decided) no later than it is issued and than it
takes effect, and every event takes effect no earlier than the version it amends. The effect
rule (未修订的条款自 2021年3月12日起实施，修订的条款自本文件发文之日起实施) and a
commencement clause (本决定自公布之日起施行) say when provisions take effect; the dates of the
structured notice must say the same.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from policydiff.app.checks.context import DocumentCheck, EventFiles, PathPart
from policydiff.zh import lexicon
from policydiff.zh.numbering import date_of

_PAIRS = (("decided", "issued"), ("adopted", "issued"), ("decided", "effective"), ("adopted", "effective"))
_DATE_KEYS = ("effective", "issued", "adopted", "decided")
_D = lexicon.DATE
_UNAMENDED = re.compile(rf"未(?:修订|修改|修正)的(?:条款|部分|内容)?\s*自\s*{_D}")
_ON_ISSUE = re.compile(
    r"(?<!未)(?:修订|修改|修正)的(?:条款|部分|内容)?\s*自(?:本文件|本决定|本通知)?(?:发文|公布|发布|印发)之日起"
)
_COMMENCES = re.compile(rf"^本(?:修正案|决定|通知|规定|办法|解释|细则)自\s*{_D}\s*起(?:施行|实施|生效)")


def in_order(ctx: DocumentCheck) -> None:
    """PD701: dates within the document, within each notice, and from event to event."""
    if ctx.document is None:
        return
    meta = ctx.document.meta
    for path, message in _pairs(meta, ["meta"]):
        ctx.report(ctx.file, path, "PD701", message)
    last, last_name = meta.effective or meta.issued or meta.adopted, "the enacted text"
    for event in ctx.events:
        notice = event.notice
        if notice is None:
            continue
        for path, message in _pairs(notice, []):
            ctx.report(event.notice_file, path, "PD701", message)
        if notice.date is not None and last is not None and notice.date < last:
            key = next(k for k in _DATE_KEYS if getattr(notice, k) is not None)
            message = (
                f"event {event.name} takes effect {notice.date.isoformat()}, before {last_name} ({last.isoformat()})"
            )
            ctx.report(event.notice_file, [key], "PD701", message)
        last, last_name = notice.date or last, f"event {event.name}"


def _pairs(record: Any, prefix: list[PathPart]) -> Iterator[tuple[list[PathPart], str]]:
    for early, late in _PAIRS:
        a, b = getattr(record, early, None), getattr(record, late, None)
        if a is not None and b is not None and b < a:
            yield [*prefix, late], f"{late} {b.isoformat()} is before {early} {a.isoformat()}"


def effect_rule(ctx: DocumentCheck) -> None:
    """PD702: the dates of each notice against its effect rule and commencement clause."""
    meta = ctx.document.meta if ctx.document else None
    previous = (meta.effective or meta.issued or meta.adopted) if meta else None
    for event in ctx.events:
        if event.notice is None:
            continue
        for path, message in _effect_problems(event, previous):
            ctx.report(event.notice_file, path, "PD702", message)
        previous = event.notice.date or previous


def _effect_problems(event: EventFiles, previous: dt.date | None) -> Iterator[tuple[list[PathPart], str]]:
    notice = event.notice
    assert notice is not None
    rule = notice.effect_rule or ""
    commencement = " ".join(c.text for c in notice.clauses if c.kind == "commencement")
    unamended = date_of(_UNAMENDED.search(rule))
    rule_says = f"the effect rule puts the unamended provisions in force from {unamended}"
    if unamended is not None and notice.unamended_effective != unamended:
        yield ["unamended_effective"], f"{rule_says}; unamended_effective is {_iso(notice.unamended_effective)}"
    elif unamended is not None and previous is not None and unamended != previous:
        yield ["effect_rule"], f"{rule_says}, but the version this notice amends is in force from {previous}"
    if _ON_ISSUE.search(rule) and notice.effective and notice.issued and notice.effective != notice.issued:
        said = f"the effect rule puts the amended provisions in force on the day of issue ({notice.issued})"
        yield ["effective"], f"{said}; effective is {notice.effective}"
    stated = date_of(_COMMENCES.search(commencement))
    if stated is not None and notice.date != stated:
        yield ["effective"], f"the commencement clause says {stated}; notice.yaml takes effect {_iso(notice.date)}"


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else "not given"
