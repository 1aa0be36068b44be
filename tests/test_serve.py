"""``policydiff serve``: built, served on 127.0.0.1 only, rebuilt on a change without a restart,
ended cleanly by Ctrl-C. The command runs in a subprocess on a copy of the built-in documents/."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.app.serve import watched
from policydiff.cli import cli

ROOT = Path(__file__).parent.parent
SLUG = "fjwy-network-ideology"
OLD = "着眼培养担当民族复兴大任的时代新人。"
NEW = "着眼培养担当民族复兴大任的时代新人和接班人。"
TIMEOUT_S = 30


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def _wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    pytest.fail(f"not within {TIMEOUT_S} s: {what}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    """``policydiff serve --port 0`` in a copy of documents/; yields the process, the URL and the root."""
    shutil.copytree(ROOT / "documents", tmp_path / "documents")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "policydiff", "serve", "-o", "site", "--port", "0"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.fullmatch(r"built 62 pages in site/; serving (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)\n", line)
        assert found, line + (process.stderr.read() if process.poll() is not None and process.stderr else "")
        yield process, found.group(1), tmp_path
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_a_change_of_a_provision_is_served_without_a_restart(served: tuple[subprocess.Popen[str], str, Path]) -> None:
    process, url, root = served
    page = f"{url}{SLUG}/index.html"
    assert OLD in _get(page)
    source = root / "documents" / SLUG / "document.yaml"
    text = source.read_text("utf-8")
    assert text.count(OLD) == 1
    source.write_text(text.replace(OLD, NEW), "utf-8")
    _wait_for(lambda: NEW in _get(page), "the page shows the new text")
    assert OLD not in _get(page)
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 130
    assert process.stdout is not None and process.stderr is not None
    assert (
        process.stdout.read()
        == f"rebuilt after a change of documents/{SLUG}/document.yaml: 1 rendered, 4 pages written\n"
    )
    assert process.stderr.read() == "policydiff: interrupted\n"


def _outward_address() -> str | None:
    """This machine's address on its default route (no packet is sent), or None if it has only loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_it_listens_on_loopback_only(served: tuple[subprocess.Popen[str], str, Path]) -> None:
    process, url, _ = served
    port = int(url.rsplit(":", 1)[1].rstrip("/"))
    assert _get(url + "index.html").startswith("<!DOCTYPE html>")
    address = _outward_address()
    if address is not None:
        with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
            pass
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 143


@pytest.mark.parametrize(
    ("option", "error"),
    [
        (
            "--host",
            "Error: No such option '--host'. (Did you mean one of: '--port', '--root'?)",
        ),  # --root: accepted after the command too
        ("--bind", "Error: No such option '--bind'."),
    ],
)
def test_there_is_no_option_for_another_host(option: str, error: str) -> None:
    result = CliRunner().invoke(cli, ["serve", option, "0.0.0.0"])
    assert (result.exit_code, result.output.splitlines()[-1]) == (2, error)


def test_only_the_sources_are_watched(tmp_path: Path) -> None:
    assert [watched(tmp_path, str(tmp_path / p)) for p in [
        "documents/a/document.yaml", "notices/n/notice.txt", "templates/index.html.j2", "site/index.html",
        "documents/.a.swp", "README.md", "documents",
    ]] == [True, True, True, False, False, False, False]  # fmt: skip
