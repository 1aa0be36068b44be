"""The replay cache (policydiff.history.cache): what it gives is what replaying gives, byte for byte;
an entry that is not whole, or not of the files as they are, is ignored and written again; it can
be turned off; it lives outside the repository; a warm read imports neither YAML nor the engine."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policydiff import __version__, history
from policydiff.cli import cli
from policydiff.history import cache
from policydiff.storage.repo import Repository
from tests.conftest import file_tree

ROOT = Path(__file__).parent.parent
BUILTIN = sorted(p.parent.name for p in (ROOT / "documents").glob("*/document.yaml"))
FJWY_NOTICE = ROOT / "documents" / "fjwy-network-ideology" / "events" / "001-amend" / "notice.txt"
DIFF_FORMATS = (["--format", "term"], ["--format", "term", "--color", "always"], ["--format", "json"],
                ["--format", "md"], ["--format", "html"], ["--format", "docx"])  # fmt: skip


def invoke(root: Path, *args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.fixture(scope="module")
def builtin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "documents", root / "documents")
    return root


@pytest.fixture
def amended(tmp_path: Path) -> Path:
    """A repository whose one event applies an instrument kept in notices/ (the fjwy notice)."""
    (tmp_path / "documents" / "fjwy").mkdir(parents=True)
    shutil.copy(ROOT / "documents" / "fjwy-network-ideology" / "document.yaml", tmp_path / "documents" / "fjwy")
    assert invoke(tmp_path, "apply", "fjwy", str(FJWY_NOTICE))[0] == 0
    return tmp_path


def reading_commands(root: Path, slug: str) -> list[list[str]]:
    """diff (every format, first to last and the last amendment), show --at (every version, by
    number and by date), blame and log, on *slug*."""
    replayed = history.replayed(Repository(root), slug)
    last = len(replayed)
    pairs = {("v1", f"v{last}"), (f"v{max(last - 1, 1)}", f"v{last}")}
    out = [["diff", slug, old, new, *fmt] for old, new in sorted(pairs) for fmt in DIFF_FORMATS]
    days = sorted({v.date.isoformat() for v in replayed if v.date is not None})
    out += [["show", slug, "--at", at] for at in [f"v{n}" for n in range(1, last + 1)] + days]
    out += [["show", slug], ["show", slug, "--dates"], ["show", slug, "--at", "v1", "--format", "md"]]
    out += [["blame", slug], ["blame", slug, "--json"], ["blame", slug, "--at", "v1"]]
    return [*out, ["log", slug], ["log", slug, "--json"]]


def entries(folder: Path) -> list[str]:
    replay = folder / cache.REPLAY
    return sorted(p.name for p in replay.iterdir()) if replay.is_dir() else []


def no_replay() -> list[object]:
    raise AssertionError("replayed although the cache holds the history")


@pytest.mark.parametrize("slug", BUILTIN)
def test_cached_output_is_the_uncached_output_byte_for_byte(
    builtin: Path, slug: str, replay_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for args in reading_commands(builtin, slug):
        shutil.rmtree(replay_cache)
        uncached = invoke(builtin, "--no-cache", *args)
        assert entries(replay_cache) == []
        cold = invoke(builtin, *args)
        assert len(entries(replay_cache)) == 1
        with monkeypatch.context() as patched:
            patched.setattr(history, "replayed", no_replay)
            warm = invoke(builtin, *args)
        assert uncached[0] in (0, 1), (args, uncached)
        assert cold == uncached, args
        assert warm == uncached, args


def test_cached_versions_equal_the_replayed_ones(builtin: Path) -> None:
    repo = Repository(builtin)
    for slug in BUILTIN:
        replayed = history.replayed(repo, slug)
        assert history.versions(repo, slug) == replayed  # cold: replayed and written
        warm = history.versions(repo, slug)
        assert warm == replayed
        assert [v.event.folder for v in warm if v.event] == [v.event.folder for v in replayed if v.event]
        assert [v.event.notice.items[0].rules for v in warm if v.event] == [
            v.event.notice.items[0].rules for v in replayed if v.event
        ]  # a field equality does not compare


def test_an_entry_of_format_1_is_removed_when_the_new_one_is_written(builtin: Path, replay_cache: Path) -> None:
    """Format 1 wrote the same name with ``.json``: the first replay after an upgrade takes it away."""
    entry = cache.entry_path(Repository(builtin), "prc-constitution")
    old = entry.with_suffix(".json")
    old.parent.mkdir(parents=True)
    old.write_bytes(b'{"format": 1}\n[]')
    invoke(builtin, "diff", "prc-constitution", "v1", "v2")
    assert (entry.is_file(), old.exists()) == (True, False)


def test_the_cache_is_outside_the_repository(builtin: Path, replay_cache: Path) -> None:
    before = file_tree(builtin)
    for args in (["log", "prc-constitution"], ["log", "prc-constitution"], ["diff", "fjwy-network-ideology", "v1", "v2"]):  # fmt: skip
        invoke(builtin, *args)
    assert file_tree(builtin) == before
    assert len(entries(replay_cache)) == 2


CORRUPTIONS = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": lambda raw: b"",
    "garbage": lambda raw: b"\x00\xffnot an entry at all\n{[",
    "a byte changed": lambda raw: raw.replace(b"\xe7\xac\xac", b"\xe7\xac\xad", 1),  # 第 → 笭 in the data
    "no header": lambda raw: raw.partition(b"\n")[2],
    "a header of two fields": lambda raw: b" ".join(_header(raw)[:2]) + b"\n" + raw.partition(b"\n")[2],
    "wrong key": lambda raw: _with_header(raw, key=b"0" * 64),
    "wrong format": lambda raw: _with_header(raw, fmt=f"policydiff-replay/{cache.FORMAT + 1}".encode()),
    "data that is not marshal's": lambda raw: _signed(raw, b"\x00\xffnot marshal"),
    "data of the wrong shape": lambda raw: _entry({"provisions": [["x"]], "versions": "v1"}, raw),
    "a child missing from the table": lambda raw: _entry(_dangling(raw), raw),
    "an impossible number": lambda raw: _entry(_zero_number(raw), raw),
    "a notice missing a field": lambda raw: _entry(_notice_changed(raw, lambda n: n.pop("title")), raw),
}


def _header(raw: bytes) -> list[bytes]:
    """The fields of an entry's first line: its format, its key, the digest of the rest."""
    return raw.partition(b"\n")[0].split(b" ")


def _with_header(raw: bytes, *, fmt: bytes | None = None, key: bytes | None = None) -> bytes:
    old_fmt, old_key, digest = _header(raw)
    return b" ".join((fmt or old_fmt, key or old_key, digest)) + b"\n" + raw.partition(b"\n")[2]


def _signed(raw: bytes, body: bytes) -> bytes:
    """*raw*'s header with *body* and the digest of *body*: an entry whose checksum holds."""
    import hashlib

    fmt, key, _ = _header(raw)
    return b" ".join((fmt, key, hashlib.blake2b(body).hexdigest().encode())) + b"\n" + body


def _data(raw: bytes) -> Any:
    """The packed history in an entry (after its instruments and their digest), its tuples made lists to edit."""
    return _lists(marshal.loads(raw.partition(b"\n")[2])[2])


def _lists(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value


def _entry(data: object, raw: bytes) -> bytes:
    """An entry whose checksum holds for *data*: only its shape is wrong."""
    nids, nids_digest, _ = marshal.loads(raw.partition(b"\n")[2])
    return _signed(raw, marshal.dumps([nids, nids_digest, data]))


def _dangling(raw: bytes) -> object:
    data = _data(raw)
    data["provisions"][-1][6] = [len(data["provisions"]) + 5]
    return data


def _zero_number(raw: bytes) -> object:
    data = _data(raw)
    row = next(r for r in data["provisions"] if r[2] is not None)
    row[2] = 0
    return data


def _notice_changed(raw: bytes, change: Callable[[dict[str, Any]], object]) -> object:
    """The entry's data with *change* made to the notice of its first event."""
    data = _data(raw)
    change(next(v[3] for v in data["versions"] if v[3] is not None)[2])
    return data


def test_a_damaged_notice_in_an_entry_is_a_miss_when_asked_for(builtin: Path, replay_cache: Path) -> None:
    """An event's notice is decoded when first asked for (a warm diff never asks): a notice whose
    fields are there but whose items are of the wrong shape is found then, and is a miss like any
    other damage: the entry is dropped, the notice taken from a replay, the output the uncached one."""
    args = ("diff", "prc-constitution", "v1", "v6")
    expected = invoke(builtin, *args)
    expected_log = invoke(builtin, "--no-cache", "log", "prc-constitution")
    assert expected_log[0] == 0
    entry = cache.entry_path(Repository(builtin), "prc-constitution")
    raw = entry.read_bytes()
    entry.write_bytes(_entry(_notice_changed(raw, lambda n: n.update(items=[["x"]])), raw))
    assert invoke(builtin, *args) == expected  # the notices are never decoded
    assert invoke(builtin, "log", "prc-constitution") == expected_log
    assert not entry.exists()  # dropped, not trusted
    assert invoke(builtin, "log", "prc-constitution") == expected_log
    assert entry.read_bytes() == raw  # written again by that replay


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_a_corrupt_entry_is_ignored_and_written_again(
    builtin: Path, replay_cache: Path, corruption: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("diff", "prc-constitution", "v1", "v6", "--format", "json")
    expected = invoke(builtin, "--no-cache", *args)
    invoke(builtin, *args)
    entry = cache.entry_path(Repository(builtin), "prc-constitution")
    good = entry.read_bytes()
    entry.write_bytes(CORRUPTIONS[corruption](good))
    assert invoke(builtin, *args) == expected  # replayed: no traceback, the same output
    assert entry.read_bytes() == good  # written again
    with monkeypatch.context() as patched:
        patched.setattr(history, "replayed", no_replay)
        assert invoke(builtin, *args) == expected


def test_an_entry_of_another_version_of_policydiff_is_replaced(builtin: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repository(builtin)
    entry = cache.entry_path(repo, "fjwy-network-ideology")
    with monkeypatch.context() as patched:
        patched.setattr(cache, "__version__", "0.1.0")
        history.versions(repo, "fjwy-network-ideology")
        old = entry.read_bytes()
    assert history.versions(repo, "fjwy-network-ideology") == history.replayed(repo, "fjwy-network-ideology")
    assert entry.read_bytes() != old
    assert _header(entry.read_bytes())[1] == cache.source_key(repo, "fjwy-network-ideology").encode()
    assert __version__ != "0.1.0"


def test_changed_code_changes_the_key(builtin: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repository(builtin)
    key = cache.source_key(repo, "prc-constitution")
    monkeypatch.setattr(cache, "replay_code_digest", lambda: "edited")
    assert cache.source_key(repo, "prc-constitution") != key


def test_the_code_digest_covers_every_module_a_replay_runs(builtin: Path) -> None:
    """The digest stats the package's own modules and the layers a replay may import: history and
    those below it in the layers contract, every one of them. A replay of every built-in document
    (the cache off) runs no policydiff module outside them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    below = [name.removeprefix("policydiff.") for name in layers[layers.index("policydiff.history") :]]
    assert sorted(cache.REPLAY_LAYERS) == sorted(below)
    code = (
        "import sys\nfrom pathlib import Path\nfrom policydiff import history\nfrom policydiff.storage.repo import Repository\n"
        f"repo = Repository(Path({str(builtin)!r}))\n"
        f"for slug in {BUILTIN!r}:\n    history.replayed(repo, slug)\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('policydiff'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    outside = [m for m in out if m.count(".") and m.split(".")[1] not in (*cache.REPLAY_LAYERS, "errors")]
    assert "policydiff.notice.apply" in out and outside == []


def test_an_edit_above_history_changes_the_package_digest_not_the_replays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check records (app layer) are keyed by every file of the package; the replay's by the
    files it can run. Edited copies of the package stand in for an edited checkout."""
    package = tmp_path / "policydiff"
    shutil.copytree(Path(cache.__file__).parent.parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_PACKAGE", package)
    digests = (cache.code_digest.__wrapped__, cache.replay_code_digest.__wrapped__)  # not the kept ones
    before = [d() for d in digests]
    (package / "app" / "check.py").write_text("# edited\n", encoding="utf-8")
    after_app = [d() for d in digests]
    (package / "notice" / "apply.py").write_text("# edited\n", encoding="utf-8")
    after_notice = [d() for d in digests]
    assert after_app[0] != before[0] and after_app[1] == before[1]
    assert after_notice[0] != after_app[0] and after_notice[1] != after_app[1]


def test_an_edited_event_is_replayed(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "documents" / "fjwy-network-ideology", tmp_path / "documents" / "fjwy")
    notice = tmp_path / "documents" / "fjwy" / "events" / "001-amend" / "notice.yaml"
    invoke(tmp_path, "log", "fjwy")
    text = notice.read_text("utf-8")
    notice.write_text(text.replace("number: 闽卫院委宣〔2021〕6 号", "number: 闽卫院委宣〔2021〕7 号"), "utf-8")
    code, out, err = invoke(tmp_path, "log", "fjwy")
    assert (code, err) == (0, "")
    v2 = out.decode().splitlines()[1]
    assert v2.startswith("v2  2021-05-21  amend   现行有效  闽卫院委宣〔2021〕7 号  关于重新修订印发")
    assert invoke(tmp_path, "--no-cache", "log", "fjwy") == (code, out, err)


def test_an_edited_instrument_is_replayed(amended: Path) -> None:
    code, out, _ = invoke(amended, "log", "fjwy")
    assert "  关于重新修订印发《" in out.decode()
    (part,) = (amended / "notices").glob("*/part-1.yaml")
    part.write_text(part.read_text("utf-8").replace("title: 关于重新修订印发", "title: 关于修订印发"), "utf-8")
    code, out, err = invoke(amended, "log", "fjwy")
    assert (code, err) == (0, "")
    v2 = out.decode().splitlines()[1]
    assert v2.startswith("v2  2021-05-21  amend   现行有效  闽卫院委宣〔2021〕6 号  关于修订印发《")
    assert invoke(amended, "--no-cache", "log", "fjwy") == (code, out, err)


def test_a_removed_instrument_is_an_error_not_a_cached_text(amended: Path) -> None:
    invoke(amended, "log", "fjwy")
    (folder,) = (amended / "notices").iterdir()
    shutil.rmtree(folder)
    code, out, err = invoke(amended, "log", "fjwy")
    assert (code, out) == (2, b"")
    missing = (
        "no part-1.yaml in notices/2021-05-21-闽卫院委宣〔2021〕6号/: the instrument this event applies is missing"
    )
    assert err == f"policydiff: {missing}\n"


def test_an_amendment_applied_after_a_read_is_seen(amended: Path, tmp_path: Path) -> None:
    """apply writes a new event: the next read replays the new history."""
    assert invoke(amended, "log", "fjwy")[1].decode().count("\n") == 2
    second = tmp_path / "second.txt"
    second.write_text(
        "关于修改《中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法》的通知\n"
        "2022年1月1日\n一、将第一条修改为：“为了示例。”\n", "utf-8",
    )  # fmt: skip
    code, _, err = invoke(amended, "apply", "fjwy", str(second))
    assert (code, err) == (0, "")
    code, out, _ = invoke(amended, "log", "fjwy")
    assert out.decode().count("\n") == 3
    assert invoke(amended, "--no-cache", "log", "fjwy")[1] == out


@pytest.mark.parametrize("setting", ["--no-cache", "POLICYDIFF_NO_CACHE=1", "POLICYDIFF_NO_CACHE=yes"])
def test_the_cache_can_be_turned_off(
    builtin: Path, replay_cache: Path, setting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = [setting] if setting.startswith("--") else []
    if not options:
        monkeypatch.setenv(*setting.split("="))
    code, out, _ = invoke(builtin, *options, "log", "prc-constitution")
    assert code == 0
    assert out.decode().startswith("v1  1982-12-04  enact ")
    assert entries(replay_cache) == []
    assert os.environ.get("POLICYDIFF_NO_CACHE") == (None if options else setting.split("=")[1])


def test_an_empty_or_zero_setting_leaves_the_cache_on(
    builtin: Path, replay_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for value in ("", "0"):
        monkeypatch.setenv("POLICYDIFF_NO_CACHE", value)
        shutil.rmtree(replay_cache, ignore_errors=True)
        assert invoke(builtin, "log", "seed003-part8")[0] == 0
        assert len(entries(replay_cache)) == 1


def test_the_cache_folder_defaults_to_the_users_cache_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("POLICYDIFF_CACHE_DIR")
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("policydiff"))


@pytest.mark.skipif(sys.platform != "linux", reason="the folder is computed without platformdirs on Linux only")
@pytest.mark.parametrize(
    ("xdg", "home"),
    [
        ("/x/cache", "/home/u"), ("/x/cache/", "/home/u"), ("/x//cache", None), (None, "/home/u"),
        (None, "/home/u/"), ("", "/home/u"), (None, "/"), ("relative", "/home/u"), ("  ", "/home/u"),
        (None, "relative"), (None, None),
    ],
)  # fmt: skip
def test_the_users_cache_folder_is_platformdirs_one(
    xdg: str | None, home: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.delenv("POLICYDIFF_CACHE_DIR")
    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    try:
        expected = Path(platformdirs.user_cache_dir("policydiff"))
    except RuntimeError:  # no home at all for this platformdirs: ours says the same
        with pytest.raises(RuntimeError):
            cache.cache_dir()
        return
    assert cache.cache_dir() == expected


def test_finding_the_users_cache_folder_imports_neither_platformdirs_nor_openssl(tmp_path: Path) -> None:
    """Failed on 28b7ea0: ``platformdirs.unix`` imports ``tempfile`` (shutil, bz2, lzma, random) and
    ``hashlib`` OpenSSL, some 8 ms of every warm diff."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom policydiff.history import cache\n"
        "cache.entry_path(cache.Repository(Path(sys.argv[1])), 'x')\n"
        "print(sorted({'platformdirs', 'tempfile', 'hashlib', '_hashlib'} & set(sys.modules)))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("POLICYDIFF_CACHE_DIR", "XDG_CACHE_HOME")}
    env["HOME"] = str(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout == "[]\n"


def test_a_cache_folder_that_cannot_be_written_is_no_error(
    builtin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", "utf-8")
    monkeypatch.setenv("POLICYDIFF_CACHE_DIR", str(blocker / "cache"))
    args = ("diff", "prc-constitution", "v4", "v5")
    assert invoke(builtin, *args) == invoke(builtin, "--no-cache", *args)
    assert invoke(builtin, *args)[0] == 1
    assert blocker.read_text("utf-8") == "not a folder\n"


def test_reading_from_the_cache_imports_neither_yaml_nor_the_engine(builtin: Path, replay_cache: Path) -> None:
    """Warm, diff, show --at, blame and log read no YAML, validate nothing and apply nothing: of the
    notice package only the records of a notice (ops, record) are imported, and only by the commands
    that show an event's notice (blame, log): an entry's notices are decoded when asked for."""
    code = (
        "import sys\n"
        "from policydiff.cli import cli\n"
        "try:\n"
        "    cli(sys.argv[1:], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('ruamel', 'yaml', 'jsonschema', 'fastjsonschema', 'policydiff.crossref', 'policydiff.importing',\n"
        "         'policydiff.storage.yamlio', 'policydiff.storage.docfile', 'policydiff.history.store')\n"
        "found = [m for m in sys.modules if m.startswith(heavy) or m.startswith('policydiff.notice.')]\n"
        "print(sorted(found), file=sys.stderr)\n"
    )
    records = "['policydiff.notice.ops', 'policydiff.notice.record']\n"
    for args, expected in ((["diff", "prc-constitution", "v1", "v6"], "[]\n"),
                           (["show", "prc-constitution", "--at", "2000-01-01"], "[]\n"),
                           (["blame", "prc-constitution"], records), (["log", "prc-constitution"], records)):  # fmt: skip
        command = [sys.executable, "-c", code, "--root", str(builtin), *args]
        cold = subprocess.run(command, capture_output=True, text=True, check=True)
        assert "policydiff.notice.apply" in cold.stderr  # the first run replays
        warm = subprocess.run(command, capture_output=True, text=True, check=True)
        assert warm.stderr == expected, args
        shutil.rmtree(replay_cache / cache.REPLAY)


def test_recording_an_event_writes_no_entry(amended: Path, replay_cache: Path) -> None:
    """apply replays the history before its event: an entry of it would be stale at once."""
    assert entries(replay_cache) == []
    assert invoke(amended, "log", "fjwy")[0] == 0
    assert len(entries(replay_cache)) == 1


def test_a_sealed_file_is_read_back_whole_or_not_at_all(tmp_path: Path) -> None:
    """The replay cache's entries, the kept programs and check's record are written and read so."""
    path = tmp_path / "kind" / "entry.bin"
    data = {"a": [1, "二", None, (True, 2)], "b": {}}
    cache.write_sealed(path, "policydiff-test/1 key", data)
    raw = path.read_bytes()
    assert raw.startswith(b"policydiff-test/1 key ") and raw.count(b"\n") >= 1
    assert cache.read_sealed(path, "policydiff-test/1 key") == data
    assert cache.read_sealed(path, "policydiff-test/1 other") is None  # another key
    assert cache.read_sealed(path, "policydiff-test/2 key") is None  # another format
    for damaged in (raw[:-1], raw[:-1] + bytes([raw[-1] ^ 1]), b"", raw.partition(b"\n")[2]):
        path.write_bytes(damaged)
        assert cache.read_sealed(path, "policydiff-test/1 key") is None
    assert cache.read_sealed(tmp_path / "missing.bin", "policydiff-test/1 key") is None
    assert [p.name for p in path.parent.iterdir()] == ["entry.bin"]  # no temporary file left
