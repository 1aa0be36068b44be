"""Drafting notices: applying draft(a, b) to a gives b, on real amendments and random edits."""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydiff.compare.diff import diff_documents
from policydiff.compare.draft import DraftError, draft
from policydiff.crossref import renumber_references
from policydiff.crossref.amend import apply_items
from policydiff.importing.markdown import parse_markdown
from policydiff.model import Document, Family, Kind, Provision
from policydiff.model.plaintext import to_text
from policydiff.notice.parse import parse_wording
from policydiff.zh.numbering import Num, int_to_zh
from tests.conftest import FIXTURES, SMALL_ADMIN, SMALL_LEGAL, doc_from_text
from tests.test_cli import run
from tests.test_history import FJWY, fjwy_notice

ROOT = Path(__file__).parent.parent

CORPUS = [
    "宪法相关法/国歌法(2017-09-01).md",
    "经济法/印花税法(2021-06-10).md",
    "DLC/广东地方法规/地方性法规/广东/广东省散居少数民族权益保障条例(2022-11-30).md",
    "DLC/重庆地方法规/地方性法规/重庆/重庆市长江防护林体系管理条例(2019-05-31).md",
    "司法解释/最高人民法院关于审理交通肇事刑事案件具体应用法律若干问题的解释(2000-11-15).md",
    "行政法规/关于爱国卫生运动委员会及其办事机构若干问题的规定(1980-05-09).md",
    "行政法规/地质资料管理条例(2017-03-01).md",
]
OUTLINE = (Kind.PART, Kind.SUBPART, Kind.CHAPTER, Kind.SECTION, Kind.PREAMBLE)
# Words the random edits insert: phrases, clause marks and a quotation inside the text.
WORDS = ["加强管理", "依法", "，", "。", "各级人民政府", "“四个意识”", "和", "应当", "（试行）", "不得", "、", "；"]


def applied(old: Document, notice: str) -> str:
    return to_text(apply_items(old, parse_wording(notice, "draft").items).document)


def round_trip(old: Document, new: Document) -> str:
    notice = draft(old, new)
    assert applied(old, notice) == to_text(new), notice
    return notice


def fjwy_versions() -> tuple[Document, Document]:
    before = doc_from_text((FJWY / "before.txt").read_text(encoding="utf-8"), "fjwy")
    return before, apply_items(before, fjwy_notice().items).document


@functools.cache
def documents() -> tuple[Document, ...]:
    seeds = [
        doc_from_text((FIXTURES / "golden/import-seeds" / f"{n}.txt").read_text(encoding="utf-8"))
        for n in ("001", "002")
    ]
    corpus = [
        parse_markdown((FIXTURES / "corpus" / rel).read_text(encoding="utf-8"), slug="c", name=rel)[0] for rel in CORPUS
    ]
    return (*fjwy_versions(), *seeds, *corpus)


# --- the golden amendment ---------------------------------------------------------------------


def test_fjwy_notice_applies_back_to_the_amended_text() -> None:
    before, after = fjwy_versions()
    notice = round_trip(before, after)
    assert applied(before, notice) == (FJWY / "after.txt").read_text(encoding="utf-8")
    lines = notice.splitlines()
    assert lines[0] == "关于修改《中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法》的决定"
    assert lines[2].startswith("1.在本文第三条第（二）项第一段末尾增加“各成员单位应牢牢坚持党性原则，")
    assert "7.在本文第四条第（二）项第2点中，将“半年”改为“年”。" in lines
    assert lines[-1].startswith("11.在本文第四条第（三）项中，新增“贯彻党中央关于网络意识形态工作的决策部署")
    assert lines[-1].endswith("作为第9点，原第9点调整为第10点。")


def test_the_reverse_notice_applies_too() -> None:
    before, after = fjwy_versions()
    round_trip(after, before)


def test_no_change_is_refused() -> None:
    """Failed on 49a027a: the same text gave a notice of no items, which ``apply`` refuses."""
    doc = doc_from_text(SMALL_ADMIN)
    with pytest.raises(DraftError) as caught:
        draft(doc, doc, names=("v1", "v1"))
    assert (str(caught.value), caught.value.exit_code) == ("v1 and v1 are the same text: there is nothing to draft", 1)


# --- legal style ------------------------------------------------------------------------------


def legal() -> Document:
    return doc_from_text(SMALL_LEGAL)


def edit(doc: Document, pid: str, fn: Callable[[Provision], Provision | None]) -> Document:
    """*doc* with provision *pid* replaced by fn(p), or removed if fn returns None."""

    def fix(children: tuple[Provision, ...]) -> tuple[Provision, ...]:
        out = []
        for p in children:
            q = fn(p) if p.id == pid else p._replace(children=fix(p.children))
            out.extend([q] if q is not None else [])
        return tuple(out)

    return doc._replace(provisions=fix(doc.provisions))


def renumbered(doc: Document, kind: Kind, shift: Callable[[Num], Num]) -> Document:
    def fix(p: Provision) -> Provision:
        num = shift(p.num) if p.kind is kind and p.num else p.num
        return p._replace(num=num, children=tuple(fix(c) for c in p.children))

    return doc._replace(provisions=tuple(fix(p) for p in doc.provisions))


def test_legal_words_deleting_an_article_and_resequencing() -> None:
    old = legal()
    new = renumbered(edit(old, "a1", lambda p: None), Kind.ARTICLE, lambda n: Num(n.value - 1) if n.value > 1 else n)
    notice = round_trip(old, new)
    assert notice.splitlines()[2:] == ["一、删去第一条。", "二、条文顺序作相应调整。"]


def test_legal_words_an_inserted_article_with_a_zhi_number() -> None:
    old = legal()
    article = Provision("new", Kind.ARTICLE, Num(1, 1), text="本办法所称示例，是指示例。")

    notice = round_trip(old, insert_beside(old, "a1", article, after=True))
    assert notice.splitlines()[2] == "一、在第一条后增加一条，作为第一条之一：“本办法所称示例，是指示例。”。"


def test_legal_words_items_and_paragraphs() -> None:
    old = legal()
    new = edit(old, "a2-i1", lambda p: None)
    new = edit(new, "a2-i2", lambda p: p._replace(num=Num(1)))
    new = edit(new, "a2-p2", lambda p: p._replace(text="前款规定以外的，不适用本办法。"))
    notice = round_trip(old, new)
    assert "一、删去第二条第一项；将第二条第二项改为第一项。" in notice
    assert "二、在第二条第二款中“用”后增加“本办法”。" in notice


def test_a_change_no_wording_reproduces_is_an_error() -> None:
    old = doc_from_text(SMALL_ADMIN)
    new = edit(old, "a2-i2-pt1", lambda p: p._replace(text="宣传部负责‘宣传’。"))
    with pytest.raises(DraftError, match=re.escape("二、（二）1.")):
        draft(old, new)


# --- random edits of real documents -----------------------------------------------------------


def pick(data: st.DataObject, items: list[Provision]) -> Provision:
    return items[data.draw(st.integers(0, len(items) - 1))]


def words(data: st.DataObject) -> str:
    return "".join(data.draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)))


def edit_text(data: st.DataObject, doc: Document) -> Document:
    """Insert, delete or replace words in one provision's text (or heading), never across a quotation mark."""
    # Not a provision this test added: a new one must end in a mark, or the notice would add one.
    p = pick(data, [p for p in doc.walk() if (p.text or p.heading) and not p.id.startswith("new")])
    field = "text" if p.text else "heading"
    text: str = getattr(p, field)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 8)))
    while any(mark in text[start:end] for mark in "“”"):
        end -= 1
    new = text[:start] + data.draw(st.sampled_from(["", words(data)])) + text[end:]
    if not new.strip() or new == text or (field == "heading" and not new[-1:].strip("。；")):
        return doc
    return edit(doc, p.id, lambda q: q._replace(**{field: new}))


def siblings(doc: Document, p: Provision) -> tuple[Provision, ...]:
    parent = next((q for q in doc.walk() if p in q.children), None)
    return parent.children if parent else doc.provisions


def shift_after(doc: Document, p: Provision, by: int) -> Document:
    """Renumber the provisions of *p*'s kind that follow it: its siblings, or every later article of a legal text."""
    if p.num is None:
        return doc
    global_ = p.kind is Kind.ARTICLE and doc.numbering.family is Family.LEGAL
    pool = [q for q in doc.walk() if q.kind is p.kind] if global_ else list(siblings(doc, p))
    after = {q.id for q in pool[pool.index(p) + 1 :] if q.kind is p.kind and q.num and q.num.value >= p.num.value}
    for pid in after:
        doc = edit(doc, pid, lambda q: q._replace(num=Num(q.num.value + by, q.num.sub)))  # type: ignore[union-attr]
    return doc


def add_provision(data: st.DataObject, doc: Document) -> Document:
    """A new provision next to one of its kind (not a headed one): numbered in place, later ones move up."""
    # Not at the top level: a notice names the provision it adds a paragraph to.
    candidates = [p for p in doc.walk() if p.kind not in OUTLINE and p.heading is None and p.text]
    candidates = [p for p in candidates if p.num is not None or p not in doc.provisions]
    template = pick(data, candidates)
    mark = template.text[-1] if template.text and template.text[-1] in "。；" else "。"  # type: ignore[index]
    # A new paragraph goes before a paragraph or last: the parser has no 在第N段后增加一段.
    after = data.draw(st.booleans()) and (template.num is not None or siblings(doc, template)[-1] is template)
    zhi = after and template.kind is Kind.ARTICLE and doc.numbering.family is Family.LEGAL and data.draw(st.booleans())
    num = template.num
    if num is not None:
        num = Num(num.value, 1) if zhi else Num(num.value + 1) if after else num
    fresh = Provision(
        f"new{sum(1 for _ in doc.walk())}", template.kind, num, text=words(data).strip("，、；。") + "示例" + mark
    )
    if zhi and any(q.kind is Kind.ARTICLE and q.num == num for q in doc.walk()):
        return doc
    if not zhi:
        doc = shift_after(doc, template, 1)
        if not after and num is not None:
            doc = edit(doc, template.id, lambda q: q._replace(num=Num(q.num.value + 1, q.num.sub)))  # type: ignore[union-attr]
    return insert_beside(doc, template.id, fresh, after)


def insert_beside(doc: Document, pid: str, fresh: Provision, after: bool) -> Document:
    def fix(children: tuple[Provision, ...]) -> tuple[Provision, ...]:
        out: list[Provision] = []
        for p in children:
            p = p._replace(children=fix(p.children))
            out.extend(([p, fresh] if after else [fresh, p]) if p.id == pid else [p])
        return tuple(out)

    return doc._replace(provisions=fix(doc.provisions))


def delete_provision(data: st.DataObject, doc: Document) -> Document:
    """A provision deleted; later ones of its kind move down."""
    candidates = [p for p in doc.walk() if p.kind not in OUTLINE and (p.num is None or not p.num.sub)]
    p = pick(data, candidates)
    if any(q.kind is p.kind and q.num and p.num and q.num.value == p.num.value and q.num.sub for q in doc.walk()):
        return doc  # it has 之 articles after it
    return edit(shift_after(doc, p, -1), p.id, lambda q: None)


def move_provision(data: st.DataObject, doc: Document) -> Document:
    """A numbered provision moved among its siblings; the numbers stay in order."""
    p = pick(data, [p for p in doc.walk() if p.num is not None and p.kind not in OUTLINE])
    family = list(siblings(doc, p))
    same = [q for q in family if q.kind is p.kind]
    to = data.draw(st.integers(0, len(same) - 1))
    if any(q.num and q.num.sub for q in same):
        return doc  # 将第一条改为第一条之一: the parser reads no 之 number in a renumbering
    numbers = [q.num for q in same]
    same.remove(p)
    same.insert(to, p)
    slots = iter(q._replace(num=n) for q, n in zip(same, numbers, strict=True))
    reordered = tuple(next(slots) if q.kind is p.kind else q for q in family)
    parent = next((q for q in doc.walk() if p in q.children), None)
    if parent is None:
        return doc._replace(provisions=reordered)
    return edit(doc, parent.id, lambda q: q._replace(children=reordered))


EDITS = [edit_text, edit_text, edit_text, add_provision, delete_provision, move_provision]


@dataclasses.dataclass
class Scripted:
    """Stands for hypothesis's data: the draws of a failing example, replayed in order."""

    draws: list[object]

    def draw(self, strategy: object, label: str | None = None) -> Any:
        return self.draws.pop(0)


def quotes_elided(notice: str) -> list[str]:
    return [re.sub(r"“[^”]*”", "“…”", line) for line in notice.splitlines()[2:]]


# 重庆市长江防护林体系管理条例 keeps every article in 第八章, the old chapters' titles being
# paragraphs among them. A new 第一条 moved down past such a paragraph takes a later article's
# place: each article between crosses a paragraph, which no renumbering does.
CROSSING = {
    21: ["一、在第二十条后增加一条，作为第二十一条：“…”。", "二、删去第二十一条。",
         "三、在第八章中增加一条，作为第二十二条：“…”。", "四、条文顺序作相应调整。"],
    # 第三十八条 refers to 第三十条, which keeps its number: the reference must not follow the one deleted.
    30: ["一、在第二十条后增加一条，作为第二十一条：“…”。", "二、删去第二十一条。",
         "三、在第二十三条后增加一条，作为第二十五条：“…”。", "四、删去第二十四条。",
         "五、在第二十九条后增加一条，作为第三十二条：“…”。", "六、删去第三十条。",
         "七、在第八章中增加一条，作为第三十三条：“…”。", "八、条文顺序作相应调整。"],
}  # fmt: skip


@pytest.mark.parametrize("to", sorted(CROSSING))
def test_articles_moved_past_an_unnumbered_paragraph_are_deleted_and_added_anew(to: int) -> None:
    old = documents()[7]
    new = add_provision(Scripted([1, False, ["加强管理"]]), old)  # type: ignore[arg-type]
    new = renumber_references(old, move_provision(Scripted([0, to]), new))  # type: ignore[arg-type]
    assert quotes_elided(round_trip(old, new)) == CROSSING[to]


def last_two_first(doc: Document) -> Document:
    """第四十四条 then 第四十三条 moved first: each stretch of articles between two old chapter
    titles hands its last article on to the next, the last stretch its two to the first."""
    return move_provision(Scripted([50, 0]), move_provision(Scripted([49, 0]), doc))  # type: ignore[arg-type]


def renumbering(shift: int, first: int, last: int) -> list[str]:
    return [f"将第{int_to_zh(n)}条改为第{int_to_zh(n + shift)}条" for n in range(first, last + 1)]


def test_articles_moved_round_the_stretches_between_paragraphs_are_sorted_back() -> None:
    old = documents()[7]
    notice = round_trip(old, renumber_references(old, last_two_first(old)))
    moves = ["将第四十四条改为第一条", "将第四十三条改为第二条", *renumbering(2, 1, 42)]
    assert notice.splitlines()[2:] == ["一、" + "；".join(moves) + "。"]


def test_an_article_added_after_one_sorted_into_another_stretch_is_placed_by_its_number() -> None:
    old = documents()[7]
    new = last_two_first(old)
    new = shift_after(new, next(p for p in new.walk() if p.id == "a44"), 1)
    new = insert_beside(new, "a44", Provision("new", Kind.ARTICLE, Num(2), text="加强管理示例。"), after=True)
    notice = round_trip(old, renumber_references(old, new))
    added = "在第八章中增加一条，作为第二条：“加强管理示例。”"
    moves = [added, "将第四十三条改为第三条", *renumbering(3, 1, 42)]
    assert notice.splitlines()[2:] == ["一、" + "；".join(moves) + "。", "二、将第四十四条改为第一条。"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_edits_of_real_documents_round_trip(data: st.DataObject) -> None:
    old = documents()[data.draw(st.integers(0, len(documents()) - 1), label="document")]
    new = old
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        new = data.draw(st.sampled_from(EDITS), label="edit")(data, new)
    new = renumber_references(old, new)  # as a new version would: references follow the renumbering
    if to_text(new) == to_text(old):  # the edits left no trace: refused, not drafted
        with pytest.raises(DraftError, match="there is nothing to draft"):
            draft(old, new)
        return
    try:
        round_trip(old, new)
    except (DraftError, AssertionError) as exc:
        changes = [(c.kind, c.old_address, c.new_address, c.old_text, c.new_text) for c in diff_documents(old, new)]
        raise AssertionError(f"{old.title}: {changes}") from exc


def test_draft_of_the_same_text_is_refused(tmp_path: Path) -> None:
    """Failed on 49a027a: ``draft SLUG v1 v1`` printed a decision of no items and exited 0,
    although ``apply`` refuses such a notice."""
    shutil.copytree(ROOT / "documents" / "fjwy-network-ideology", tmp_path / "documents" / "fjwy-network-ideology")
    message = "policydiff: {} and {} are the same text: there is nothing to draft\n"
    assert run(tmp_path, "draft", "fjwy-network-ideology", "v1", "v1") == (1, "", message.format("v1", "v1"))
    assert run(tmp_path, "draft", "fjwy-network-ideology", "v2", "2021-06-01") == (
        1,
        "",
        message.format("v2", "2021-06-01"),
    )
