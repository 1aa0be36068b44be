"""Recording amendments: events on disk, replay, all-or-nothing, order."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from policydiff import history
from policydiff.errors import FailedError, Location
from policydiff.history import writing
from policydiff.model.plaintext import to_text
from policydiff.notice.ops import Position
from policydiff.notice.record import Notice
from policydiff.notice.rules import parse_item
from policydiff.storage import yamlio
from policydiff.storage.fsutil import WriteError
from policydiff.storage.repo import Repository
from tests.conftest import FIXTURES, doc_from_text

FJWY = FIXTURES / "golden" / "fjwy-2021"


def fjwy_notice(stated: bool = True) -> Notice:
    items = []
    for line in (FJWY / "notice.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"(\d+)\.(.*)", line)
        if match:
            items.append(parse_item(match.group(1), match.group(2)))
    if stated:
        items[5] = _positioned(items[5], Position("start"))
        items[7] = _positioned(items[7], Position("before", "推进网络空间法治化"))
    return Notice(tuple(items), number="闽卫院委宣〔2021〕6 号", issued=dt.date(2021, 5, 21))


def _positioned(item, position):  # type: ignore[no-untyped-def]
    op = item.operations[0]._replace(position=position)
    return item._replace(operations=(op,), assumptions=())


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    repo = Repository(tmp_path)
    doc = doc_from_text((FJWY / "before.txt").read_text(encoding="utf-8"), "fjwy")
    doc = doc._replace(meta=doc.meta._replace(effective=dt.date(2021, 3, 12)))
    repo.create(doc)
    return repo


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_record_then_replay_gives_the_amended_text(repo: Repository) -> None:
    writing.record_amendment(repo, "fjwy", fjwy_notice(), "wording")
    assert to_text(history.current(repo, "fjwy")) == (FJWY / "after.txt").read_text(encoding="utf-8")
    folder = repo.root / "documents/fjwy/events/001-amend"
    assert sorted(p.name for p in folder.iterdir()) == ["event.yaml"]
    assert (folder / "event.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../../../.policydiff/schemas/event.schema.json\n"
        "format: policydiff/event/1\nnotice: 2021-05-21-闽卫院委宣〔2021〕6号\npart: 1\n"
    )
    kept = repo.root / "notices" / "2021-05-21-闽卫院委宣〔2021〕6号"
    assert sorted(p.name for p in kept.iterdir()) == ["notice.txt", "part-1.yaml"]
    assert (kept / "notice.txt").read_text(encoding="utf-8") == "wording"
    versions = history.versions(repo, "fjwy")
    assert [(v.number, v.date) for v in versions] == [(1, dt.date(2021, 3, 12)), (2, dt.date(2021, 5, 21))]


def test_preview_writes_nothing(repo: Repository) -> None:
    before = snapshot(repo.root)
    applied = writing.preview_amendment(repo, "fjwy", fjwy_notice())
    assert to_text(applied.document) == (FJWY / "after.txt").read_text(encoding="utf-8")
    assert snapshot(repo.root) == before


def test_same_notice_twice_is_refused(repo: Repository) -> None:
    writing.record_amendment(repo, "fjwy", fjwy_notice(), None)
    before = snapshot(repo.root)
    with pytest.raises(FailedError) as info:
        writing.record_amendment(repo, "fjwy", fjwy_notice(), None)
    assert str(info.value) == "notice 闽卫院委宣〔2021〕6 号 is already applied (event 001-amend)"
    assert snapshot(repo.root) == before


def test_out_of_date_order_is_refused(repo: Repository) -> None:
    writing.record_amendment(repo, "fjwy", fjwy_notice(), None)
    older = fjwy_notice()._replace(number="X〔2021〕1 号", issued=dt.date(2021, 4, 1))
    with pytest.raises(FailedError) as info:
        writing.record_amendment(repo, "fjwy", older, None)
    assert str(info.value) == (
        "notice dated 2021-04-01 is older than the current version (2021-05-21); apply notices in date order"
    )


def test_failing_item_leaves_the_repository_untouched(repo: Repository) -> None:
    bad = parse_item("12", "在本文第四条第（九）项中，增加“甲”。")
    notice = fjwy_notice()._replace(items=(*fjwy_notice().items, bad))
    before = snapshot(repo.root)
    with pytest.raises(FailedError) as info:
        writing.record_amendment(repo, "fjwy", notice, None)
    assert str(info.value) == "item 12: 第四条第（九）项 not found; 第四条 has （一）、（二）、（三）"
    assert snapshot(repo.root) == before


def test_a_failed_write_leaves_no_staging_folder(repo: Repository) -> None:
    # The schemas are written before the event is staged: a failure there takes nothing back.
    schemas = repo.root / ".policydiff" / "schemas"
    for path in schemas.iterdir():
        path.unlink()
    schemas.rmdir()
    schemas.write_text("in the way\n", encoding="utf-8")
    before = snapshot(repo.root)
    with pytest.raises(WriteError) as info:
        writing.record_amendment(repo, "fjwy", fjwy_notice(), "wording")
    assert str(info.value) == f"{schemas}/document.schema.json: cannot write: {schemas}: File exists"
    assert snapshot(repo.root) == before
    assert [p.name for p in (repo.root / "documents" / "fjwy").iterdir()] == ["document.yaml"]


def test_a_failed_notice_write_leaves_no_staging_folder(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, data: object, schema_ref: str | None = None) -> None:
        raise WriteError("cannot write: No space left on device", Location(str(path)))

    monkeypatch.setattr(yamlio, "write", full)
    before = snapshot(repo.root)
    with pytest.raises(WriteError):
        writing.record_amendment(repo, "fjwy", fjwy_notice(), "wording")
    assert snapshot(repo.root) == before
    # Not even the events/ folder made for it (issue 15, item 1: on d126d35 an empty one was left).
    assert not (repo.root / "documents" / "fjwy" / "events").exists()


def test_what_a_killed_recording_left_is_ignored_then_removed(repo: Repository) -> None:
    events = repo.root / "documents" / "fjwy" / "events"
    staged = events / ".001-amend.k1ll3d_x.staging"
    staged.mkdir(parents=True)
    (staged / ".notice.yaml.abcdefgh.tmp").write_text("items: [", encoding="utf-8")
    assert history.events(repo, "fjwy") == []
    assert len(history.versions(repo, "fjwy")) == 1
    writing.record_amendment(repo, "fjwy", fjwy_notice(), None)
    assert sorted(p.name for p in events.iterdir()) == ["001-amend"]
    assert sorted(p.name for p in (events / "001-amend").iterdir()) == ["event.yaml"]


def test_an_event_is_immutable_and_makes_its_notice_once() -> None:
    """An event given a function makes its notice when first asked, once; no field can be set or
    deleted; copied and pickled, it is an equal event holding the notice made."""
    import copy
    import pickle

    made: list[Notice] = []

    def make() -> Notice:
        made.append(Notice(title="关于修改某办法的决定", items=()))
        return made[-1]

    event = history.Event(1, Path("events/0001"), make)
    assert made == []
    assert event.notice is event.notice and len(made) == 1
    with pytest.raises(AttributeError, match=r"^cannot assign to field 'seq': an Event is immutable$"):
        event.seq = 2  # type: ignore[misc]
    with pytest.raises(AttributeError, match=r"^cannot delete field 'kind': an Event is immutable$"):
        del event.kind  # type: ignore[misc]
    assert copy.copy(event) == pickle.loads(pickle.dumps(event)) == event
    assert repr(event).startswith("Event(seq=1, folder=PosixPath('events/0001'), notice=Notice(")
