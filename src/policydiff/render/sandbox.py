"""The sandbox every template runs in, and what a template may do.

A policy repository's ``templates/`` is content: anyone who can open a pull request can
change it, and CI builds the site from it. So a template is treated as untrusted code:

- it runs in Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`: it can read
  the context it is given (attributes and items not starting with ``_``), call its
  methods and Jinja's filters and tests, but reaches no Python internals
  (``cycler.__init__.__globals__`` is refused) and modifies no list, dict or set;
- it is read only from a regular file inside the repository's ``templates/`` folder (a
  symbolic link, or a ``templates/`` that is one, is refused, so no template reads a file
  elsewhere); names climbing out with ``../`` are not found;
- it is stopped when it runs longer than :data:`TIME_LIMIT` seconds or makes something
  too big: ``range`` counts at most :data:`MAX_RANGE` numbers, ``*`` repeats text or a
  list to at most :data:`MAX_SIZE` elements, ``**`` makes numbers of at most
  :data:`MAX_BITS` bits, and (on Linux) the process may grow by at most
  :data:`MAX_MEMORY` bytes while a template renders, whatever makes the memory:
  ``'x'.center(10**9)``, a ``join`` of a long list, a string doubled in a loop.

The built-in templates run in the same sandbox (they extend and include each other and
are extended by the repository's). jinja2 is imported only when something is rendered.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import signal
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policydiff.errors import PolicyDiffError

#: Seconds a template may render for (wall-clock time).
TIME_LIMIT = 5.0
#: The most numbers ``range`` gives a template (Jinja's own sandbox limit).
MAX_RANGE = 100_000
#: The most characters or elements ``*`` may make.
MAX_SIZE = 1_000_000
#: The largest number ``**`` may make, in bits.
MAX_BITS = 100_000
#: How much more address space (bytes) the process may take while a template renders.
MAX_MEMORY = 256 << 20


class TemplateError(PolicyDiffError):
    """A template that is missing or fails to render."""


class TemplateRefusedError(TemplateError):
    """A template file that is not a regular file inside ``templates/`` (a symbolic link)."""


class TemplateLimitError(TemplateError):
    """A template that ran out of time or made something too big."""


_deadline = threading.local()


def check_time() -> None:
    """Raise :class:`TemplateLimitError` when the template rendering now has run out of time."""
    end = getattr(_deadline, "end", None)
    if end is not None and time.monotonic() > end:
        raise TemplateLimitError(f"still running after {TIME_LIMIT:g} s, the time a template may take")


@contextlib.contextmanager
def time_limit() -> Iterator[None]:
    """Render within :data:`TIME_LIMIT`: checked at every call, attribute and number a template
    takes, and (in the main thread) by a timer that interrupts loops doing neither."""
    started = time.monotonic()
    _deadline.end = started + TIME_LIMIT
    timer = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if timer:
        previous = signal.signal(signal.SIGALRM, _alarm)
        earlier, interval = signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT + 0.1)
    try:
        yield
    finally:
        _deadline.end = None
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
            if earlier:  # a caller's timer runs on (and rings at once if it was due meanwhile)
                left = max(earlier - (time.monotonic() - started), 0.001)
                signal.setitimer(signal.ITIMER_REAL, left, interval)


@contextlib.contextmanager
def memory_limit() -> Iterator[None]:
    """Let the process grow by at most :data:`MAX_MEMORY` bytes of address space while rendering.

    One limit covers every way a template can make something big, where the size checks
    of this module each cover one. The soft ``RLIMIT_AS`` is lowered for the rendering and
    put back after it (a process may raise its soft limit again up to the hard one); an
    allocation past it raises :class:`MemoryError`, which :func:`limits` reports. Where the
    address space cannot be read or limited (not Linux), nothing is changed.
    """
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        yield
        return
    wanted = size + MAX_MEMORY
    if any(0 <= limit <= wanted for limit in (soft, hard)):  # already tighter: leave it
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def limits() -> Iterator[None]:
    """Render within the time limit and the memory limit; running out of memory is a
    :class:`TemplateLimitError`."""
    try:
        with memory_limit(), time_limit():
            yield
    except MemoryError as exc:  # keeps the template's frames, which name its line
        message = f"needed more than {MAX_MEMORY >> 20:,} MiB of memory, the most a template may take"
        raise TemplateLimitError(message).with_traceback(exc.__traceback__) from None


def _alarm(signum: int, frame: object) -> None:
    if getattr(_deadline, "end", None) is not None:
        _deadline.end = time.monotonic() - 1
        check_time()


class _Numbers:
    """A range that checks the time as it counts."""

    def __init__(self, numbers: range) -> None:
        self.numbers = numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self) -> Iterator[int]:
        for n in self.numbers:
            check_time()
            yield n


def safe_range(*args: int) -> _Numbers:
    """``range`` for templates: at most :data:`MAX_RANGE` numbers, counted within the time limit."""
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:  # more than sys.maxsize
        count = MAX_RANGE + 1
    if count > MAX_RANGE:
        shown = ", ".join(str(a) for a in args)
        raise TemplateLimitError(f"range({shown}) is too long: a template may count at most {MAX_RANGE:,} numbers")
    return _Numbers(numbers)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_SIZE:
                raise TemplateLimitError(f"a repetition of {len(seq) * times:,} elements: at most {MAX_SIZE:,}")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and _bits(left, right) > MAX_BITS:
        raise TemplateLimitError(f"{left} ** {right} is too big: a template's numbers have at most {MAX_BITS:,} bits")


def _bits(base: int, exponent: int) -> float:
    """About how many bits ``base ** exponent`` has (0 when it stays small or is a fraction)."""
    return exponent * math.log2(abs(base)) if abs(base) > 1 and exponent > 0 else 0.0


@functools.cache
def sandbox_class() -> Any:
    """The sandboxed environment class (jinja2 imported on first use)."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Sandbox(ImmutableSandboxedEnvironment):
        """Jinja's immutable sandbox, with the time limit and the size limits of this module."""

        intercepted_binops = frozenset({"*", "**"})

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.globals["range"] = safe_range

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            check_time()
            return super().call(__context, __obj, *args, **kwargs)

        def getattr(self, obj: Any, attribute: str) -> Any:
            check_time()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            check_time()
            return super().getitem(obj, argument)

    return Sandbox


@functools.cache
def _loader_class() -> Any:
    import jinja2

    class Utf8Loader(jinja2.FileSystemLoader):
        """A file loader whose undecodable template is a :class:`TemplateError` naming it; with
        ``regular_only``, a template that is not a regular file inside the folder is refused."""

        def __init__(self, folder: Path, regular_only: bool) -> None:
            super().__init__(folder)
            self.folder = folder
            self.regular_only = regular_only

        def get_source(self, environment: Any, template: str) -> Any:
            if self.regular_only:
                _check_regular(self.folder, template)
            try:
                return super().get_source(environment, template)
            except UnicodeDecodeError as exc:
                raise TemplateError(f"{template}: template is not valid UTF-8 (byte {exc.start + 1})") from None

    return Utf8Loader


def loader(folder: Path, *, regular_only: bool = False) -> Any:
    """A loader of the templates in *folder*; *regular_only*: only regular files, no links."""
    return _loader_class()(folder, regular_only)


def _check_regular(folder: Path, name: str) -> None:
    """Refuse *name* in *folder* when *folder*, a folder on the way or the file is a symbolic link,
    or the file is no regular file; a name that is not there is left to the loader (not found)."""
    from jinja2.loaders import split_template_path

    parts = split_template_path(name)  # TemplateNotFound for ../
    path = str(folder)
    for k, part in enumerate(["", *parts]):
        path = os.path.join(path, part) if part else path
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return
        what = "the templates folder" if k == 0 else f"templates/{'/'.join(parts[:k])}"
        if stat.S_ISLNK(mode):
            raise TemplateRefusedError(f"template {name!r} refused: {what} is a symbolic link; {_RULE}")
        if k == len(parts) and not stat.S_ISREG(mode):
            raise TemplateRefusedError(f"template {name!r} refused: {what} is not a regular file; {_RULE}")


_RULE = "templates are read only from regular files inside templates/"
