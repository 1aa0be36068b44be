"""The cyclic collector of a policydiff process (policydiff.cli.collector): off while it starts."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _after(*calls: str) -> str:
    """``gc.isenabled()`` and whether anything is frozen, after *calls* in a fresh process."""
    code = "import gc\nfrom policydiff.cli import collector\n" + "\n".join(calls) + "\n"
    code += "print(gc.isenabled(), gc.get_freeze_count() > 0)\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(
    ("calls", "state"),
    [
        (["collector.pause()"], "False False\n"),
        (["collector.pause()", "collector.resume('build')"], "True True\n"),
        (["collector.pause()", "collector.resume('apply')"], "False False\n"),
        (["collector.resume('build')"], "True False\n"),  # not paused by the entry point: left as it is
        (["gc.disable()", "collector.pause()", "collector.resume('build')"], "False False\n"),  # the caller's choice
        (["collector.pause()", "collector.restore()"], "True False\n"),  # no command started: as it was
        (["collector.pause()", "collector.resume('apply')", "collector.restore()"], "True False\n"),
        (["collector.pause()", "collector.resume('build')", "collector.restore()"], "True True\n"),
        (["gc.disable()", "collector.pause()", "collector.restore()"], "False False\n"),
        # The console script turned it off to import the command line, and hands the pause over.
        (["gc.disable()", "collector.pause(was_on=True)", "collector.resume('build')"], "True True\n"),
        (["gc.disable()", "collector.pause(was_on=True)", "collector.pause()", "collector.restore()"], "True False\n"),
        (["gc.disable()", "collector.pause(was_on=False)", "collector.resume('build')"], "False False\n"),
    ],
)
def test_the_collector_is_back_on_when_a_command_starts_unless_it_is_apply(calls: list[str], state: str) -> None:
    assert _after(*calls) == state


def test_the_entry_point_turns_it_on_for_the_command_and_leaves_it_as_it_found_it() -> None:
    """On at the end in every case; frozen (what start-up made) only where a command turned it on."""
    code = (
        "import gc, sys\nfrom policydiff.cli import main\nsys.argv = ['policydiff', *sys.argv[1:]]\n"
        "import atexit\n"
        "atexit.register(lambda: print(gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr))\nmain()\n"
    )
    for args, frozen in ((["--version"], False), (["check", "--help"], True), (["apply", "--help"], False)):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert (out.returncode, out.stderr) == (0, f"True {frozen}\n"), args
