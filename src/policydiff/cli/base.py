"""The ``policydiff`` command group and the helpers its commands share.

The commands live in the other modules of this package (documents, notices, checking), which
import the group from here and register on it. The group imports a command's module only when
the command is looked up (:data:`COMMAND_MODULES`), so that ``policydiff --version`` imports no
command and ``policydiff check`` only the module of ``check``; :mod:`policydiff.cli` holds the
entry point.

This module only parses arguments, calls the library, prints and sets the exit
code: 0 success, 1 findings or a failed operation, 2 usage or input error. Every
:class:`~policydiff.errors.PolicyDiffError` becomes one line on stderr; a
traceback means a bug in policydiff.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from policydiff import __version__

if TYPE_CHECKING:
    from policydiff.errors import PolicyDiffError

P = ParamSpec("P")
R = TypeVar("R")


def _fail(message: str, code: int) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn policydiff's errors into one line on stderr and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            # Imported here, not at the top: ``--version`` and ``--help`` never need it.
            from policydiff.errors import PolicyDiffError

            if not isinstance(exc, PolicyDiffError):
                raise
            _fail(error_line(exc), exc.exit_code)
            raise AssertionError("unreachable") from None

    return wrapper


def error_line(exc: PolicyDiffError) -> str:
    """``file:line:col: message`` when the error has a place, else ``policydiff: message``."""
    text = str(exc)
    return text if str(exc.location) else f"policydiff: {text}"


class Report:
    """Standard output for a command that changes the repository: what it did, line by line.

    A reader may close the pipe before the report ends (``policydiff apply … | head -1``).
    The change is made by then, or is still being made (import goes on to the next file), so
    a closed output is not a failure: the rest of the report is dropped, the command runs to
    its end and keeps its exit code, and :meth:`close` says once on stderr that lines were lost.
    """

    def __init__(self, color: bool | None = None) -> None:
        self.closed = False
        self.color = color  # None: click's own choice (styles stripped when stdout is not a terminal)

    def line(self, text: str) -> None:
        """Print *text* and a new line, unless the output is closed."""
        if self.closed:
            return
        try:
            click.echo(text, color=self.color)
        except BrokenPipeError:
            self.closed = True
            with contextlib.suppress(OSError, ValueError):  # the buffered rest goes nowhere at exit
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                os.close(devnull)

    def close(self) -> None:
        """Say on stderr that the report was cut short, when it was."""
        if self.closed:
            click.echo(
                "policydiff: standard output was closed early: the rest of this report was not printed", err=True
            )


@contextlib.contextmanager
def stdout_report(color: bool | None = None) -> Iterator[Report]:
    """A :class:`Report` for a command's output, closed at the end of the block."""
    out = Report(color)
    try:
        yield out
    finally:
        out.close()


def repo_of(ctx: click.Context, *, existing: bool = True) -> Any:
    """The policy repository named by --root; a usage error (exit 2) when it has no documents/ folder.

    Every command that reads or changes documents takes it so; ``existing=False`` only where
    no repository is needed (import, which makes documents/; an output file checked by
    ``notice parse``).
    """
    from policydiff.errors import UsageError
    from policydiff.storage.repo import DOCUMENTS, Repository

    repo = Repository(Path(ctx.obj["root"]))
    if existing and not repo.documents_dir.is_dir():
        raise UsageError(f"no {DOCUMENTS}/ folder in {repo.root}: not a policy repository")
    return repo


def _root_here(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.obj["root"] = value  # the group's dict, shared with every subcommand's context


def root_option() -> click.Option:
    """``--root DIR`` after the command name (``policydiff list --root DIR``): the same setting
    as the group's ``--root``, which it overrides. :func:`policydiff.cli.main` adds it to every
    command."""
    return click.Option(
        ["--root"],
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=_root_here,
        help="The policy repository (the folder holding documents/); also accepted before the command.",
    )


def add_root_option(command: click.Command) -> None:
    """Give *command* (or every command of a group, and of its subgroups) :func:`root_option`."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_root_option(sub)
    elif not any(p.name == "root" for p in command.params):
        command.params.append(root_option())


#: Each command's module in this package, imported when the command is looked up: a command
#: (``--version`` above all) pays only for its own module's imports.
COMMAND_MODULES = {
    "apply": "notices", "blame": "documents", "build": "publish", "check": "checking",
    "diff": "documents", "draft": "documents", "import": "documents", "init": "publish",
    "list": "documents", "log": "documents", "notice": "notices", "notices": "instruments",
    "render": "documents", "repeal": "lifecycle", "revise": "lifecycle", "serve": "publish",
    "show": "documents", "textconv": "checking",
}  # fmt: skip


class LazyGroup(click.Group):
    """The top-level group: a command's module (:data:`COMMAND_MODULES`) is imported on lookup,
    and the command then gets ``--root`` after its name and its ``--help`` example."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prepared: set[str] = set()

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(f"policydiff.cli.{COMMAND_MODULES[cmd_name]}")
        command = super().get_command(ctx, cmd_name)
        if command is not None and cmd_name not in self.prepared:
            from policydiff.cli.examples import add_examples

            self.prepared.add(cmd_name)
            add_root_option(command)  # every command takes --root after its name too
            add_examples(command, cmd_name)  # and ends its --help with an example
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        collector = sys.modules.get("policydiff.cli.collector")  # not loaded: not started by the entry point
        if collector is not None:
            collector.resume(name or "")  # the command starts: start-up is over
        return name, command, rest


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policydiff")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default="the current directory",
    help="The policy repository (the folder holding documents/); also accepted after the command.",
)
@click.option(
    "--no-cache", is_flag=True,
    help="Replay every history from its files, the replay cache (kept in the user's cache folder) neither read "
    "nor written; also POLICYDIFF_NO_CACHE=1.",
)  # fmt: skip
@click.pass_context
def cli(ctx: click.Context, root: Path, no_cache: bool) -> None:
    """Keep regulations as structured text, apply amendment notices exactly, and
    show any version, diff or comparison table."""
    ctx.obj = {"root": root}
    if no_cache:
        from policydiff.history.cache import disabled

        ctx.with_resource(disabled())  # until the command ends


COLOR_CHOICES = ("auto", "always", "never")


def color_option() -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``--color auto|always|never``, as :func:`use_color` reads it."""
    return click.option(
        "--color",
        "color",
        type=click.Choice(COLOR_CHOICES),
        default="auto",
        show_default=True,
        help="Colour: auto (when stdout is a terminal and NO_COLOR is unset or empty), always (into a pager: "
        "| less -R), never.",
    )


def use_color(choice: str, *, terminal: bool | None = None) -> bool:
    """Whether to colour: *choice* always or never, or auto, which colours a terminal unless NO_COLOR
    is set to a non-empty value (no-color.org: an empty NO_COLOR does not disable colour)."""
    if choice != "auto":
        return choice == "always"
    if terminal is None:
        terminal = sys.stdout.isatty()
    return terminal and not os.environ.get("NO_COLOR")


def counted(count: int, noun: str) -> str:
    """``1 page``, ``2 pages``: the plural only when *count* is not 1."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def parse_date(value: str | None) -> dt.date | None:
    """A --date value as a date; a usage error (exit 2) when it is not YYYY-MM-DD."""
    if value is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):  # fromisoformat also takes 2021-W01-1
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


class NoProgress:
    """A stand-in for the progress bar when there is nothing to show."""

    def __enter__(self) -> Callable[[], None]:
        return lambda: None

    def __exit__(self, *exc: object) -> None:
        return None


def progress(total: int, label: str = "importing") -> Any:
    """A progress bar on stderr, only when stderr is a terminal and there is more than one step."""
    if total < 2 or not sys.stderr.isatty():
        return NoProgress()
    return _richprogress(total, label)


@contextlib.contextmanager
def _richprogress(total: int, label: str) -> Iterator[Callable[[], None]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from policydiff.cli.terminal import unwrapped

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    console = Console(file=unwrapped(sys.stderr))  # rich moves the cursor: the terminal itself
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)
