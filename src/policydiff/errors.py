"""The one error root of policydiff.

Every error a user can cause is a :class:`PolicyDiffError`. Each carries where it
happened (a file with line and column, or a notice item) so the command line can
print it as one line, ``file:line:col: message``, and exit with :attr:`exit_code`
(2 for bad input or usage, 1 for a failed operation such as an amendment that does
not apply).
"""

from __future__ import annotations

from typing import NamedTuple


class Location(NamedTuple):
    """Where an error is: a file, optionally a 1-based line and column, or a notice item.

    A named tuple rather than a frozen dataclass: immutable and compared by value all the same, and
    its class is made at every start of every command, a dataclass's for some 0.5 ms more."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    item: str | None = None

    def __str__(self) -> str:
        parts = [self.file] if self.file else []
        if self.file and self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        if self.item:
            parts.append(f"item {self.item}")
        return ":".join(parts)


class PolicyDiffError(Exception):
    """Root of every error policydiff raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location or Location()

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries (policydiff.parallel); keep the location and the class.
        return (_rebuild, (type(self), self.message, self.location))

    def at(self, location: Location) -> PolicyDiffError:
        """The same error placed at *location* (used when a caller knows the file)."""
        return type(self)(self.message, location)


def _rebuild(cls: type[PolicyDiffError], message: str, location: Location) -> PolicyDiffError:
    error = cls.__new__(cls)
    PolicyDiffError.__init__(error, message, location)
    return error


class UsageError(PolicyDiffError):
    """A command was called wrongly: a bad slug, a missing document, a bad option value."""


class InputError(PolicyDiffError):
    """A file cannot be read as what it should be: empty, binary, undecodable."""


class NumberingError(PolicyDiffError):
    """A numeral or label that is not valid Chinese legal numbering."""


class YamlError(PolicyDiffError):
    """A YAML file that is not well-formed YAML or not allowed YAML (aliases, tags)."""


class SchemaError(PolicyDiffError):
    """A YAML file that is well-formed but breaks the document or notice schema."""


class SourceError(PolicyDiffError):
    """A source text that cannot be imported as a regulation."""


class FailedError(PolicyDiffError):
    """An operation that was understood but could not be carried out (exit 1)."""

    exit_code = 1
