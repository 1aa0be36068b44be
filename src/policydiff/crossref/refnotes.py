"""References whose meaning a notice changes without touching them: said, never rewritten.

:func:`policydiff.crossref.rewrites` makes the references of untouched provisions follow a
renumbering. Two kinds it cannot rewrite still change meaning, and :func:`changed_meaning`
says each: a reference to a provision the notice deleted (``第一条第二款`` names the next 款
once the second is gone) and a relative one whose neighbour changed (``前款`` after the 款
before it is deleted, or a new one is added before it).
"""

from __future__ import annotations

from policydiff import crossref
from policydiff.crossref.find import Found, find_kept
from policydiff.model import Document


def changed_meaning(
    before: Document,
    amended: Document,
    followed: Document,
    found: Found | None = None,
    indexes: tuple[crossref.Index, crossref.Index] | None = None,
) -> list[str]:
    """One note per reference in a provision the notice left untouched (the same text in
    *before* and *amended*) that, once references follow the renumbering (*followed*), names
    another provision than it did, or none. *found*: the references already found (by
    :func:`policydiff.crossref.rewrites` of *before* and *amended*, and before), by id and text;
    *indexes*: the :class:`~policydiff.crossref.Index` of *before* and of *followed*, if the caller
    has them."""
    old, new = indexes or (crossref.Index(before), crossref.Index(followed))
    untouched = {p.id for p in amended.walk() if p.text and old.by_id.get(p.id, p).text == p.text}
    notes = []
    for p in followed.walk():
        if p.id not in untouched or p.id not in old.by_id or not p.text:
            continue
        text = old.by_id[p.id].text or ""
        was = find_kept(found, p.id, text)
        now = was if p.text == text else find_kept(found, p.id, p.text)  # the same text: the same references
        for ref, ref_now in zip(was, now, strict=False) if len(was) == len(now) else ():
            named, names = crossref.targets(old, ref)[-1:], crossref.targets(new, ref_now)[-1:]
            if named and named != names:
                gone = " (deleted)" if named[0] not in new.by_id else ""
                notes.append(
                    f"reference in {p.id} changes meaning: “{ref.words}” named {named[0]}{gone}, "
                    f"now {names[0] if names else 'nothing'}"
                )
    return notes
