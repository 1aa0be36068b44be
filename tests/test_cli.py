"""The command line through click's CliRunner: exact output, exit codes, nothing written on error."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff import __version__
from policydiff.cli import cli
from tests.conftest import FIXTURES

GOLDEN = FIXTURES / "golden"
SEEDS = FIXTURES / "seeds"


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"policydiff, version {__version__}\n")


@pytest.mark.parametrize("name", ["before.txt", "after.txt"])
def test_import_then_show_gives_the_golden_text_back(tmp_path: Path, name: str) -> None:
    source = GOLDEN / "fjwy-2021" / name
    code, out, err = run(tmp_path, "import", str(source), "--id", "fjwy", "--date", "2021-03-12")
    assert (code, err) == (0, "")
    assert out == "documents/fjwy/document.yaml: 中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法 (" + (
        "44 provisions)\n" if name == "before.txt" else "45 provisions)\n"
    )
    code, out, _ = run(tmp_path, "show", "fjwy", "--format", "text")
    assert code == 0
    assert out == source.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_seeds_import_to_their_golden_text(tmp_path: Path, prefix: str) -> None:
    code, _, _ = run(tmp_path, "import", str(seed(prefix)), "--id", f"seed{prefix}")
    assert code == 0
    code, out, _ = run(tmp_path, "show", f"seed{prefix}")
    assert out == (GOLDEN / "import-seeds" / f"{prefix}.txt").read_text(encoding="utf-8")


def test_show_yaml_is_the_stored_document(tmp_path: Path) -> None:
    run(tmp_path, "import", str(GOLDEN / "fjwy-2021" / "before.txt"), "--id", "fjwy")
    code, out, _ = run(tmp_path, "show", "fjwy", "--format", "yaml")
    stored = (tmp_path / "documents/fjwy/document.yaml").read_text(encoding="utf-8")
    assert code == 0
    assert out == stored.split("\n", 1)[1]


def test_split_imports_each_document_and_reports_boundaries(tmp_path: Path) -> None:
    # Part 3 of the compilation skips items (五) to (七) (see the test below): allowed here, to see all boundaries.
    code, out, _ = run(tmp_path, "import", "--split", str(seed("003")), "--id", "c003", "--allow-problems")
    assert code == 0
    assert out.splitlines()[-1] == (
        "documents/c003-8/document.yaml: 推荐网络意识形态安全方案总结八 (lines 83-127, title; 43 provisions)"
    )
    assert [line.split(":")[0] for line in out.splitlines()] == [
        f"documents/c003-{n}/document.yaml" for n in range(1, 9)
    ]


def test_split_refuses_only_the_part_with_problems(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "import", "--split", str(seed("003")), "--id", "c003")
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()] == [
        f"documents/c003-{n}/document.yaml" for n in (1, 2, 4, 5, 6, 7, 8)
    ]
    source = seed("003")
    assert err.splitlines() == [
        f"{source}: warning: 1 line(s) before the title kept as cover material",
        "documents/c003-3/document.yaml:39:5: PD301 numbering gap: (八) follows (四); (五) to (七) are missing",
        f"{source}: not imported: 1 problem in documents/c003-3/document.yaml; --allow-problems imports it anyway",
        f"{source}: warning: line 53 joined to the line before it, which stops mid-sentence",
        f"{source}: warning: line 62 joined to the line before it, which stops mid-sentence",
    ]  # the file's lines (on 49a027a each part's own: line 5 twice)
    assert not (tmp_path / "documents" / "c003-3").exists()


def test_folder_import_reports_a_bad_file_and_imports_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text((GOLDEN / "import-seeds" / "001.txt").read_text(encoding="utf-8"))
    (folder / "empty.txt").write_bytes(b"")
    repo = tmp_path / "repo"
    code, out, err = run(repo, "import", str(folder))
    assert code == 2
    assert err == f"{folder / 'empty.txt'}: file is empty\n"
    assert (
        out
        == "documents/good/document.yaml: 中共大同师范高等专科学校委员会网络意识形态工作责任制实施细则 (33 provisions)\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "{f}: file is empty"),
        (b"\x00\x01binary\x00", "{f}:1:1: binary file (contains NUL bytes), not text"),
        (b"\xff\xfe\xfa\xfb\xfc\n", "{f}:1:1: cannot decide the encoding: neither UTF-8 nor GB18030"),
    ],
)
def test_bad_sources_exit_2_and_write_nothing(tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    repo = tmp_path / "repo"
    code, out, err = run(repo, "import", str(source), "--id", "x")
    assert (code, out, err) == (2, "", message.format(f=source) + "\n")
    assert not repo.exists()


@pytest.mark.parametrize("slug", ["../evil", "a/b", "/etc"])
def test_bad_slug_is_a_usage_error(tmp_path: Path, slug: str) -> None:
    code, out, err = run(tmp_path, "import", str(GOLDEN / "import-seeds" / "001.txt"), "--id", slug)
    assert (code, out) == (2, "")
    assert err == (
        f"policydiff: invalid document id {slug!r}: use one folder name without '/', '\\', spaces or a leading '.'\n"
    )
    assert files(tmp_path) == []


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    source = str(GOLDEN / "import-seeds" / "001.txt")
    run(tmp_path, "import", source, "--id", "x")
    before = (tmp_path / "documents/x/document.yaml").read_bytes()
    code, _, err = run(tmp_path, "import", str(GOLDEN / "import-seeds" / "002.txt"), "--id", "x")
    assert (code, err) == (2, "policydiff: document 'x' already exists: documents/x\n")
    assert (tmp_path / "documents/x/document.yaml").read_bytes() == before


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(
        tmp_path, "import", str(GOLDEN / "import-seeds" / "001.txt"), "--id", "x", "--date", "2021-13-01"
    )
    assert code == 2
    assert err.splitlines()[-1] == "Error: Invalid value: '2021-13-01' is not a date in the form YYYY-MM-DD"
    assert files(tmp_path) == []


def _stored(tmp_path: Path) -> Path:
    run(tmp_path, "import", str(GOLDEN / "import-seeds" / "001.txt"), "--id", "x")
    return tmp_path / "documents/x/document.yaml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("slug: x", "slug: [x", "documents/x/document.yaml:4:6: YAML syntax error: did not find expected ',' or ']'"),
        (
            "  - id: a2\n    kind: article\n",
            "  - id: a2\n",
            "documents/x/document.yaml:19:5: provision 'a2' has no 'kind'",
        ),
        ("  - id: a2\n", "  - id: a1\n", "documents/x/document.yaml:19:5: duplicate provision id 'a1'"),
    ],
)
def test_invalid_yaml_gives_one_located_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _stored(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, err = run(tmp_path, "show", "x")
    assert (code, out, err) == (2, "", message + "\n")


def test_show_missing_document(tmp_path: Path) -> None:
    (tmp_path / "documents").mkdir()  # a repository: without documents/ the folder is refused first
    assert run(tmp_path, "show", "nope") == (2, "", "policydiff: no document 'nope' in documents/\n")


def test_list(tmp_path: Path) -> None:
    run(tmp_path, "import", str(seed("001")), "--id", "x")
    code, out, _ = run(tmp_path, "list")
    assert (code, out) == (
        0,
        "x\t中共大同师范高等专科学校委员会网络意识形态工作责任制实施细则  同师党字（2020）42号  (33 provisions)  现行有效\n",
    )


def test_the_entry_point_leaves_the_shutdown_no_collection_to_run(tmp_path: Path) -> None:
    """Python's shutdown collects over every object still alive (some 8 ms after a warm diff); the
    entry point freezes them once the command is over, its output written and its exit code set."""
    code = (
        "import gc, sys\nfrom policydiff.__main__ import main\nsys.argv = ['policydiff', 'list']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
        "print('left to collect', len(gc.get_objects()) < 10)"
    )
    (tmp_path / "documents").mkdir()
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-2:] == ["exit 0", "left to collect True"]


def _program(tmp_path: Path, before: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = f"import sys\n{before}\nfrom policydiff.__main__ import program\nsys.argv = ['policydiff', *{list(args)!r}]\nprogram()\n"
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)


#: Run before the console script in the tests below: says when the process leaves by ``os._exit``.
_SPY = "import os\n_exit = os._exit\ndef spy(code):\n    os.write(1, b'os._exit %d\\n' % code)\n    _exit(code)\nos._exit = spy"


def test_the_console_script_leaves_without_the_shutdown_when_nothing_waits(tmp_path: Path) -> None:
    """The output flushed first, the exit code kept, and Python's shutdown skipped."""
    (tmp_path / "documents").mkdir()
    out = _program(tmp_path, _SPY, "diff", "nope", "v1", "v2")
    assert (out.returncode, out.stdout, out.stderr) == (
        2,
        "os._exit 2\n",
        "policydiff: no document 'nope' in documents/\n",
    )
    out = _program(tmp_path, _SPY, "--version")
    assert (out.returncode, out.stdout, out.stderr) == (0, f"policydiff, version {__version__}\nos._exit 0\n", "")


def test_the_console_script_leaves_by_the_shutdown_when_an_exit_handler_waits(tmp_path: Path) -> None:
    """An exit handler (a temporary folder's cleanup, say): Python's shutdown runs, and runs it."""
    (tmp_path / "documents").mkdir()
    out = _program(tmp_path, _SPY + "\nimport atexit\natexit.register(print, 'handler ran')", "--version")
    assert (out.returncode, out.stdout, out.stderr) == (0, f"policydiff, version {__version__}\nhandler ran\n", "")


def test_the_console_script_leaves_by_the_shutdown_when_the_output_cannot_be_flushed(tmp_path: Path) -> None:
    """Standard output whose last flush fails (a pipe closed meanwhile): Python's shutdown flushes
    it again and reports it as it always does (exit 120), rather than the command's output being lost
    in silence."""
    (tmp_path / "documents").mkdir()
    broken = (
        "import io\nclass Broken(io.StringIO):\n    def flush(self):\n"
        "        back = sys._getframe().f_back\n"
        "        if back is None or back.f_code.co_name == '_nothing_waits': raise BrokenPipeError\n"
        "sys.stdout = Broken()"
    )
    out = _program(tmp_path, _SPY + "\n" + broken, "--version")
    assert (out.returncode, out.stdout) == (120, "")
    assert out.stderr.splitlines()[-1] == "BrokenPipeError: "


def test_the_console_script_imports_the_command_line_with_the_collector_paused() -> None:
    """The command line's import makes no garbage worth collecting (some 2 ms of collections): the
    console script's entry point pauses the collector for it, then leaves it on as it was."""
    config = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["scripts"] == {"policydiff": "policydiff.__main__:program"}
    code = (
        "import gc, sys\n"
        "early = []\n"
        "def seen(phase, info):\n"
        "    if phase == 'start' and not hasattr(sys.modules.get('policydiff.cli'), 'main'):\n"
        "        early.append(info['generation'])\n"
        "gc.callbacks.append(seen)\n"
        "sys.argv = ['policydiff', '--version']\n"
        "from policydiff.__main__ import main\n"
        "early.clear()\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
        "print('collections while importing', early, 'collecting', gc.isenabled())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[1:] == ["exit 0", "collections while importing [] collecting True"]
