"""Repository templates are untrusted: they run in a sandbox (issue 15, item 8).

A policy repository's ``templates/`` is content anyone can change in a pull request, and CI
builds the site from it. Each hostile template is tried through ``policydiff render`` and
``policydiff build``: code execution, a file read through a symbolic link, an endless loop.
Each stops with one line on stderr and exit code 2, and runs nothing.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from policydiff.render import sandbox
from tests.test_cli import run

ROOT = Path(__file__).parent.parent
SLUG = "fjwy-network-ideology"
EXEC = "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}\n"
REFUSED = "template refused by the sandbox: access to attribute '__init__' of 'type' object is unsafe."
RULE = "templates are read only from regular files inside templates/"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with one built-in document and an empty ``templates/``, and a secret beside it;
    the working directory (where ``touch PWNED`` would write)."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "documents" / SLUG, root / "documents" / SLUG)
    (root / "templates").mkdir()
    (tmp_path / "secret.txt").write_text("root:x:0:0:secret\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _render(root: Path, name: str) -> tuple[int, str, str]:
    return run(root, "render", SLUG, "--template", name)


def _build(root: Path) -> tuple[int, str, str]:
    return run(root, "build", "-o", str(root / "site"), "--jobs", "1", "--quiet")


def test_code_execution_is_refused_by_render(repo: Path) -> None:
    """Failed on commit d126d35: the template ran ``touch PWNED`` (os.popen through cycler's globals)."""
    (repo / "templates" / "document.txt.j2").write_text(EXEC, encoding="utf-8")
    assert _render(repo, "document.txt.j2") == (2, "", f"policydiff: document.txt.j2:1: {REFUSED}\n")
    assert not (repo / "PWNED").exists()


def test_code_execution_is_refused_by_build(repo: Path) -> None:
    """Failed on commit d126d35: the repository's index template ran a shell command on ``build``."""
    (repo / "templates" / "index.html.j2").write_text(EXEC, encoding="utf-8")
    assert _build(repo) == (2, "", f"policydiff: index.html.j2:1: {REFUSED}\n")
    assert not (repo / "PWNED").exists()
    assert not (repo / "site" / "index.html").exists()


def test_a_template_cannot_change_what_it_is_given(repo: Path) -> None:
    """The sandbox is the immutable one: a template's list stays as it was given."""
    (repo / "templates" / "page.txt.j2").write_text("{{ provisions.append(1) }}\n", encoding="utf-8")
    unsafe = "template refused by the sandbox: access to attribute 'append' of 'list' object is unsafe."
    assert _render(repo, "page.txt.j2") == (2, "", f"policydiff: page.txt.j2:1: {unsafe}\n")


def test_a_symlinked_template_is_refused_by_render(repo: Path) -> None:
    """Failed on commit d126d35: ``templates/leak.txt.j2 -> ../secret.txt`` printed the file."""
    (repo / "templates" / "leak.txt.j2").symlink_to(repo.parent / "secret.txt")
    expected = f"policydiff: template 'leak.txt.j2' refused: templates/leak.txt.j2 is a symbolic link; {RULE}\n"
    assert _render(repo, "leak.txt.j2") == (2, "", expected)


def test_a_template_including_a_symlink_is_refused(repo: Path) -> None:
    (repo / "templates" / "leak.txt.j2").symlink_to(repo.parent / "secret.txt")
    (repo / "templates" / "page.txt.j2").write_text("{% include 'leak.txt.j2' %}\n", encoding="utf-8")
    expected = f"policydiff: template 'leak.txt.j2' refused: templates/leak.txt.j2 is a symbolic link; {RULE}\n"
    assert _render(repo, "page.txt.j2") == (2, "", expected)


def test_a_symlinked_folder_of_templates_is_refused(repo: Path) -> None:
    (repo / "templates" / "etc").symlink_to(repo.parent, target_is_directory=True)
    expected = f"policydiff: template 'etc/secret.txt' refused: templates/etc is a symbolic link; {RULE}\n"
    assert _render(repo, "etc/secret.txt") == (2, "", expected)


def test_a_symlinked_templates_folder_is_refused(repo: Path) -> None:
    (repo / "templates").rmdir()
    (repo.parent / "elsewhere").mkdir()
    shutil.copy(repo.parent / "secret.txt", repo.parent / "elsewhere" / "secret.txt")
    (repo / "templates").symlink_to(repo.parent / "elsewhere", target_is_directory=True)
    expected = f"policydiff: template 'secret.txt' refused: the templates folder is a symbolic link; {RULE}\n"
    assert _render(repo, "secret.txt") == (2, "", expected)


def test_a_template_that_is_no_regular_file_is_refused(repo: Path) -> None:
    """A named pipe would block the reader for ever."""
    import os

    os.mkfifo(repo / "templates" / "pipe.txt.j2")
    expected = f"policydiff: template 'pipe.txt.j2' refused: templates/pipe.txt.j2 is not a regular file; {RULE}\n"
    assert _render(repo, "pipe.txt.j2") == (2, "", expected)


def test_a_symlinked_template_is_refused_by_build(repo: Path) -> None:
    """Failed on commit d126d35: a symlinked index template put the file it names on the site."""
    (repo / "templates" / "index.html.j2").symlink_to(repo.parent / "secret.txt")
    expected = f"policydiff: template 'index.html.j2' refused: templates/index.html.j2 is a symbolic link; {RULE}\n"
    assert _build(repo) == (2, "", expected)
    assert not (repo / "site" / "index.html").exists()


STOPPED = "template stopped: still running after 0.5 s, the time a template may take"
RANGE = "{% for i in range(10**12) %}{{ i }}{% endfor %}\n"
RANGE_STOPPED = "template stopped: range(1000000000000) is too long: a template may count at most 100,000 numbers"


def test_a_huge_range_stops_render(repo: Path) -> None:
    """Failed on commit d126d35: ``range(10**12)`` printed numbers for ever (here: ran out of time)."""
    (repo / "templates" / "document.txt.j2").write_text(RANGE, encoding="utf-8")
    assert _render(repo, "document.txt.j2") == (2, "", f"policydiff: document.txt.j2:1: {RANGE_STOPPED}\n")


def test_a_huge_range_stops_build(repo: Path) -> None:
    """Failed on commit d126d35: the index template's endless loop hung ``build``."""
    (repo / "templates" / "index.html.j2").write_text(RANGE, encoding="utf-8")
    assert _build(repo) == (2, "", f"policydiff: index.html.j2:1: {RANGE_STOPPED}\n")


LOOPS = {
    "ranges": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
    "data": "{% for a in provisions %}" * 8 + "{% endfor %}" * 8 + "\n",  # no call: the timer stops it
}


@pytest.mark.parametrize("loop", LOOPS)
def test_a_long_loop_stops_at_the_time_limit(repo: Path, monkeypatch: pytest.MonkeyPatch, loop: str) -> None:
    """Failed on commit d126d35: both loops ran for hours (10^10 and 44^8 turns)."""
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.5)
    (repo / "templates" / "document.txt.j2").write_text(LOOPS[loop], encoding="utf-8")
    start = time.monotonic()
    expected = f"policydiff: document.txt.j2:1: {STOPPED}\n"
    assert _render(repo, "document.txt.j2") == (2, "", expected)
    assert time.monotonic() - start < 3


def test_a_long_loop_stops_build_at_the_time_limit(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.5)
    (repo / "templates" / "docpage.html.j2").write_text(LOOPS["data"], encoding="utf-8")
    expected = f"policydiff: docpage.html.j2:1: {STOPPED}\n"
    assert _build(repo) == (2, "", expected)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ 'x' * 10**10 }}", "a repetition of 10,000,000,000 elements: at most 1,000,000"),
        ("{{ [1, 2] * 10**9 }}", "a repetition of 2,000,000,000 elements: at most 1,000,000"),
        ("{{ 2 ** 1000000 }}", "2 ** 1000000 is too big: a template's numbers have at most 100,000 bits"),
    ],
)
def test_what_a_template_makes_is_limited(repo: Path, source: str, message: str) -> None:
    (repo / "templates" / "page.txt.j2").write_text(source + "\n", encoding="utf-8")
    assert _render(repo, "page.txt.j2") == (2, "", f"policydiff: page.txt.j2:1: template stopped: {message}\n")


MEMORY = "needed more than 256 MiB of memory, the most a template may take"


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="the memory limit needs Linux's /proc")
@pytest.mark.parametrize(
    "source",
    [
        "{{ 'x'.center(10**9) }}",
        "{{ 'x'|center(10**9) }}",
        "{{ '%*s' % (10**9, 'a') }}",
        "{{ (['x' * 1000000] * 1000) | join }}",
        "{% set ns = namespace(x='a') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
    ],
)
def test_what_a_template_makes_is_limited_in_memory(repo: Path, source: str) -> None:
    """Failed on commit 202e150: each took 1 GB or more (the doubling loop until the machine ran out)."""
    (repo / "templates" / "page.txt.j2").write_text("title\n" + source + "\n", encoding="utf-8")
    assert _render(repo, "page.txt.j2") == (2, "", f"policydiff: page.txt.j2:2: template stopped: {MEMORY}\n")


def test_the_memory_limit_is_put_back(repo: Path) -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    (repo / "templates" / "page.txt.j2").write_text("{{ 'x'.center(10**9) }}\n", encoding="utf-8")
    assert _render(repo, "page.txt.j2")[0] == 2
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len(bytearray(300 << 20)) == 300 << 20  # more than a template may take, outside one


def test_the_alarm_is_put_back(repo: Path) -> None:
    """Rendering leaves no timer running and the SIGALRM handler as it found it."""
    import signal

    before = signal.getsignal(signal.SIGALRM)
    (repo / "templates" / "page.txt.j2").write_text("{{ document.title }}\n", encoding="utf-8")
    assert _render(repo, "page.txt.j2") == (0, "中共福建卫生职业技术学院委员会网络意识形态工作责任制实施办法\n", "")
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_callers_timer_runs_on(repo: Path) -> None:
    import signal

    rang: list[int] = []
    before = signal.signal(signal.SIGALRM, lambda signum, frame: rang.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 100.0)
        (repo / "templates" / "page.txt.j2").write_text("{{ document.title }}\n", encoding="utf-8")
        assert _render(repo, "page.txt.j2")[0] == 0
        left, interval = signal.getitimer(signal.ITIMER_REAL)
        assert 90 < left <= 100 and interval == 0 and rang == []
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def test_build_does_not_read_through_a_link_in_templates(repo: Path) -> None:
    """Failed on commit d126d35: ``build`` walked and hashed every file below ``templates/root -> /``
    (the whole file system) before rendering anything, and stopped with a traceback on /proc/1/cwd."""
    import subprocess
    import sys

    (repo / "templates" / "root").symlink_to("/", target_is_directory=True)
    command = [sys.executable, "-m", "policydiff", "build", "-o", "site", "--jobs", "1", "--quiet"]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert (
        done.stdout == "built 12 pages for 1 document in site/ (1 rendered, 0 unchanged; 12 pages written, 0 deleted)\n"
    )


def test_the_template_digest_sees_where_a_link_points(repo: Path) -> None:
    from policydiff.site.buildcache import settings

    link = repo / "templates" / "extra"
    link.symlink_to(repo.parent / "one", target_is_directory=True)
    first = settings(repo)
    link.unlink()
    link.symlink_to(repo.parent / "two", target_is_directory=True)
    assert settings(repo) != first
    link.unlink()
    assert settings(repo) != first
