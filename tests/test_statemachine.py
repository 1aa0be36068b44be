"""A stateful property test over a repository (hypothesis ``RuleBasedStateMachine``).

Random sequences of import (valid and invalid), apply (valid, invalid, the same notice twice,
a notice for another document, a notice dated before the text, a notice for a repealed
document), hand edits of a document's YAML within the schema, check and build; revise (a
re-issued text, with or without its instrument; dated before the current version, or after a
repeal: refused), repeal (with or without its instrument; twice, or dated before the current
version: refused) and apply NOTICE with no document named (a decision in two headed parts, one
per document of the repository: all or nothing). The invariants:

- a command that exits non-zero changed nothing in the repository;
- no command writes outside the repository's folder;
- a revise, repeal or apply NOTICE that succeeds in a repository that ``check`` found clean
  leaves it clean;
- whenever ``check`` is clean, every reading command (show, log, blame, diff, render, textconv,
  list) succeeds on every document: check clean means every command works.

CI runs ``POLICYDIFF_STATE_EXAMPLES`` examples (default 500); the slow mark's campaign more.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from policydiff.cli import cli

TEXTS = {
    "a": "甲管理办法\n第一条 为了规范甲事项的管理，制定本办法。\n第二条 本办法适用于甲单位。\n第三条 本办法自发布之日起施行。\n",
    "b": "乙实施细则\n第一条 为了实施乙规定，制定本细则。\n第二条 乙单位负责组织实施。\n第三条 本细则由乙单位负责解释。\n",
}
BAD_TEXT = "\n\n   \n"
NOTICES = {
    "replace": "关于修改《{title}》的通知\n经研究，对《{title}》作如下修改：\n1.将第二条中的“单位”修改为“部门”。\n",
    "insert": "关于修改《{title}》的通知\n经研究，对《{title}》作如下修改：\n1.在第三条后增加一条，作为第四条：“新的规定。”\n",
    "missing": "关于修改《{title}》的通知\n经研究，对《{title}》作如下修改：\n1.将第九条修改为：“不存在。”\n",
    "other": "关于修改《丙办法》的通知\n经研究，对《丙办法》作如下修改：\n1.将第二条中的“单位”修改为“部门”。\n",
    "early": "关于修改《{title}》的通知\n1.将第二条中的“单位”修改为“部门”。\n特此通知。\n某单位\n1999年1月1日\n",
}
TITLES = {"a": "甲管理办法", "b": "乙实施细则"}
#: Texts as re-issued: the words the notices and the decision change are kept, so they still apply.
REVISED = {
    "a": "甲管理办法\n第一条 为了规范甲事项的管理，制定本办法。\n第二条 本办法适用于甲单位和甲机构。\n"
    "第三条 甲单位应当建立管理制度。\n第四条 本办法自发布之日起施行。\n",
    "b": "乙实施细则\n第一条 为了实施乙规定，制定本细则。\n第二条 乙单位负责组织实施。\n第三条 本细则自印发之日起施行。\n",
}
#: The instrument of a revision or a repeal: only its header is read.
INSTRUMENT = (
    "某单位关于{what}《{title}》的通知\n某发〔{year}〕{n}号\n各部门：\n现予{what}。\n特此通知。\n某单位\n{date}\n"
)
#: A decision amending both documents in headed parts, undated (so that no date order refuses it).
DECISION = (
    "某单位关于修改《甲管理办法》等两件制度的决定\n\n经研究，决定对下列制度作如下修改：\n\n"
    "一、修改《甲管理办法》\n将第一条中的“规范”修改为“加强”。\n\n"
    "二、修改《乙实施细则》\n将第二条中的“负责组织”修改为“统一组织”。\n\n本决定自发布之日起施行。\n"
)
START = dt.date(2020, 1, 1)
READERS = [["show", "{slug}"], ["log", "{slug}"], ["blame", "{slug}"], ["diff", "{slug}", "v1", "v1"]]


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
        if "site" not in p.relative_to(root).parts[:1]
    }


class Repository(RuleBasedStateMachine):
    """A policy repository driven through the command line."""

    @initialize(imported=st.lists(st.sampled_from(sorted(TEXTS)), unique=True))
    def start(self, imported: list[str]) -> None:
        """An empty repository, or one with some documents imported already (so that a six-step
        run reaches revise, repeal and the decision with documents to act on)."""
        self.outer = Path(tempfile.mkdtemp(prefix="pd-state-"))
        self.root = self.outer / "repo"
        self.root.mkdir()
        self.notices = self.outer / "notices"
        self.notices.mkdir()
        self.slugs: set[str] = set()
        self.runner = CliRunner()
        self.dated: dict[str, dt.date] = {}  # the date of each document's current version
        self.repealed: set[str] = set()
        self.decided: set[str] = set()  # the documents the decision's part was applied to
        self.numbers = 0  # instrument numbers given out
        self.clean = True  # check's verdict after the last step
        self.stays_clean = False  # the last step must leave check clean
        self.verified: dict[str, bytes | None] | None = None  # the files the invariant last checked
        for key in imported:
            self.import_document(key, force=False)

    def teardown(self) -> None:
        shutil.rmtree(self.outer, ignore_errors=True)

    def _run(self, *args: str) -> Any:
        before = _snapshot(self.root)
        outside = sorted(p.name for p in self.outer.iterdir())
        result = self.runner.invoke(cli, ["--root", str(self.root), *args])
        assert isinstance(result.exception, SystemExit | None), (args, result.exception)
        if result.exit_code != 0:
            assert _snapshot(self.root) == before, (args, result.output)
        assert sorted(p.name for p in self.outer.iterdir()) == outside, args
        return result

    @rule(key=st.sampled_from(sorted(TEXTS)), force=st.booleans())
    def import_document(self, key: str, force: bool) -> None:
        source = self.notices / f"{key}.txt"
        source.write_text(TEXTS[key], encoding="utf-8")
        result = self._run("import", str(source), "--id", key, "--date", "2020-01-01", *(["--force"] if force else []))
        if result.exit_code == 0:
            self.slugs.add(key)
            self.dated[key] = START
            self.repealed.discard(key)
            self.decided.discard(key)

    @rule()
    def import_nothing(self) -> None:
        source = self.notices / "empty.txt"
        source.write_text(BAD_TEXT, encoding="utf-8")
        assert self._run("import", str(source), "--id", "empty").exit_code == 2

    @rule(key=st.sampled_from(sorted(TEXTS)), kind=st.sampled_from(sorted(NOTICES)), dry=st.booleans())
    def apply(self, key: str, kind: str, dry: bool) -> None:
        notice = self.notices / f"{kind}-{key}.txt"
        notice.write_text(NOTICES[kind].format(title=TITLES[key]), encoding="utf-8")
        result = self._run("apply", key, str(notice), *(["--dry-run"] if dry else []))
        if kind in ("missing", "other", "early") or key not in self.slugs or key in self.repealed:
            assert result.exit_code != 0, (kind, result.output)

    @rule(key=st.sampled_from(sorted(TEXTS)))
    def hand_edit(self, key: str) -> None:
        path = self.root / "documents" / key / "document.yaml"
        if path.is_file():  # an edit within the schema: the words of the last article
            path.write_text(path.read_text(encoding="utf-8").replace("施行。", "实施。"), encoding="utf-8")

    def _instrument(self, what: str, key: str, when: dt.date, again: bool) -> list[str]:
        """``--by FILE``: an instrument numbered anew, or (*again*) by the last number given out."""
        if not again or self.numbers == 0:
            self.numbers += 1
        day = f"{when.year}年{when.month}月{when.day}日"
        text = INSTRUMENT.format(what=what, title=TITLES[key], year=when.year, n=self.numbers, date=day)
        path = self.notices / f"{what}-{self.numbers}.txt"
        path.write_text(text, encoding="utf-8")
        return ["--by", str(path)]

    def _ok_after(self, result: Any) -> None:
        """A command that succeeded in a clean repository leaves it clean (the invariant's check)."""
        self.stays_clean = result.exit_code == 0 and self.clean

    @rule(
        key=st.sampled_from(sorted(TEXTS)), days=st.integers(-400, 800), by=st.booleans(), again=st.booleans(),
        dry=st.booleans(),
    )  # fmt: skip
    def revise(self, key: str, days: int, by: bool, again: bool, dry: bool) -> None:
        source = self.notices / f"revised-{key}.txt"
        source.write_text(REVISED[key], encoding="utf-8")
        when = self.dated.get(key, START) + dt.timedelta(days=days)
        instrument = self._instrument("印发修订后的", key, when, again) if by else ["--date", when.isoformat()]
        result = self._run("revise", key, str(source), *instrument, *(["--dry-run"] if dry else []))
        if key not in self.slugs or key in self.repealed or days < 0:
            assert result.exit_code != 0, (key, days, result.output)
        elif self.clean and not (by and again):
            assert result.exit_code == 0, (key, days, result.output)
        if result.exit_code == 0 and not dry:
            self.dated[key] = when
        self._ok_after(result)

    @rule(key=st.sampled_from(sorted(TEXTS)), days=st.integers(-400, 800), by=st.booleans(), again=st.booleans())
    def repeal(self, key: str, days: int, by: bool, again: bool) -> None:
        when = self.dated.get(key, START) + dt.timedelta(days=days)
        instrument = self._instrument("废止", key, when, again) if by else ["--date", when.isoformat()]
        result = self._run("repeal", key, *instrument)
        if key not in self.slugs or key in self.repealed or days < 0:
            assert result.exit_code != 0, (key, days, result.output)
        elif self.clean and not (by and again):
            assert result.exit_code == 0, (key, days, result.output)
        if result.exit_code == 0:
            self.repealed.add(key)
            self.dated[key] = when
        self._ok_after(result)

    @rule(dry=st.booleans())
    def apply_decision(self, dry: bool) -> None:
        """``apply NOTICE``: a decision naming both documents by title, no slug given."""
        decision = self.notices / "decision.txt"
        decision.write_text(DECISION, encoding="utf-8")
        result = self._run("apply", str(decision), *(["--dry-run"] if dry else []))
        present = self.slugs & set(TEXTS)
        if not present or present & self.repealed or present <= self.decided:
            assert result.exit_code != 0, (present, result.output)
        if result.exit_code == 0 and not dry:
            self.decided |= present
        self._ok_after(result)

    @rule()
    def build(self) -> None:
        self._run("build", "-o", str(self.root / "site"), "--quiet", "--jobs", "1")

    @invariant()
    def check_clean_means_every_command_works(self) -> None:
        if not hasattr(self, "root"):
            return
        state = _snapshot(self.root)
        if state == self.verified:  # unchanged since the last step (a refusal, a dry run): verified already
            self.stays_clean = False
            return
        self.verified = state
        check = self._run("check")
        assert check.exit_code == 0 or not self.stays_clean, check.output
        self.clean, self.stays_clean = check.exit_code == 0, False
        if not self.clean:
            return
        assert self._run("list").exit_code == 0
        for slug in sorted(self.slugs):
            for args in READERS:
                result = self._run(*(a.format(slug=slug) for a in args))
                assert result.exit_code == 0, (args, slug, result.output)
            textconv = self._run("textconv", str(self.root / "documents" / slug / "document.yaml"))
            assert textconv.exit_code == 0


Repository.TestCase.settings = settings(
    max_examples=int(os.environ.get("POLICYDIFF_STATE_EXAMPLES", "500")),
    stateful_step_count=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestRepository = Repository.TestCase


@pytest.mark.slow
def test_a_longer_campaign() -> None:
    """The slow mark's campaign: ``POLICYDIFF_STATE_CAMPAIGN`` examples (default 1,000; CI runs it too)."""
    case = Repository.TestCase
    case.settings = settings(case.settings, max_examples=int(os.environ.get("POLICYDIFF_STATE_CAMPAIGN", "1000")))
    case().runTest()
