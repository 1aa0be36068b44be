"""A stateful property test over a repository (hypothesis ``RuleBasedStateMachine``).

Random sequences of import (valid and invalid), apply (valid, invalid, the same notice twice,
a notice for another document, a notice dated before the text), hand edits of a document's
YAML within the schema, check and build. The invariants:

- a command that exits non-zero changed nothing in the repository;
- no command writes outside the repository's folder;
- whenever ``check`` is clean, every reading command (show, log, blame, diff, render, textconv)
  succeeds on every document: check clean means every command works.

CI runs ``POLICYDIFF_STATE_EXAMPLES`` examples (default 500); the slow mark's campaign more.
"""

from __future__ import annotations

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
READERS = [["show", "{slug}"], ["log", "{slug}"], ["blame", "{slug}"], ["diff", "{slug}", "v1", "v1"]]


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
        if "site" not in p.relative_to(root).parts[:1]
    }


class Repository(RuleBasedStateMachine):
    """A policy repository driven through the command line."""

    @initialize()
    def start(self) -> None:
        self.outer = Path(tempfile.mkdtemp(prefix="pd-state-"))
        self.root = self.outer / "repo"
        self.root.mkdir()
        self.notices = self.outer / "notices"
        self.notices.mkdir()
        self.slugs: set[str] = set()
        self.runner = CliRunner()

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
        if kind in ("missing", "other", "early") or key not in self.slugs:
            assert result.exit_code != 0, (kind, result.output)

    @rule(key=st.sampled_from(sorted(TEXTS)))
    def hand_edit(self, key: str) -> None:
        path = self.root / "documents" / key / "document.yaml"
        if path.is_file():  # an edit within the schema: the words of the last article
            path.write_text(path.read_text(encoding="utf-8").replace("施行。", "实施。"), encoding="utf-8")

    @rule()
    def build(self) -> None:
        self._run("build", "-o", str(self.root / "site"), "--quiet", "--jobs", "1")

    @invariant()
    def check_clean_means_every_command_works(self) -> None:
        if not hasattr(self, "root"):
            return
        if self._run("check").exit_code != 0:
            return
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
