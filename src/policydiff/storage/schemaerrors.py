"""The errors the compiled schemas raise, in place of fastjsonschema's: importing fastjsonschema
builds its code generators (some 3 ms in every process that loads a document) for two classes
that are raised only on data the schema refuses. And their ``Decimal``, in place of the
``decimal`` module's (see :class:`Decimal`).

Like fastjsonschema's, both are :class:`ValueError`: :func:`policydiff.storage.docfile.validate`
takes any of them as "not valid" and has jsonschema decide and explain, so which class a compiled
schema raises changes no verdict and no message. They are internal (never shown, never raised out of
:func:`~policydiff.storage.docfile.validate`), hence not subclasses of
:class:`~policydiff.errors.PolicyDiffError`. :mod:`policydiff.storage.schemacode` writes the compiled
modules to import these under fastjsonschema's names.
"""

from __future__ import annotations

import sys
from typing import Any


class RefusedValueError(ValueError):
    """One value the schema refuses (the arguments of fastjsonschema's ``JsonSchemaValueException``)."""

    def __init__(
        self, message: str, value: Any = None, name: str | None = None, definition: Any = None, rule: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.value = value
        self.name = name
        self.definition = definition
        self.rule = rule


class RefusedValuesError(ValueError):
    """Several refused values at once (``JsonSchemaValuesException``: only when ``fast_fail`` is off)."""

    def __init__(self, errors: list[RefusedValueError]) -> None:
        self.message = "; ".join(error.message for error in errors)
        super().__init__(self.message)
        self.errors = errors


class _DecimalCheck(type):
    def __instancecheck__(cls, value: Any) -> bool:
        decimal = sys.modules.get("decimal")
        return decimal is not None and isinstance(value, decimal.Decimal)


class Decimal(metaclass=_DecimalCheck):
    """What the compiled schemas' number checks ask ``isinstance(value, Decimal)`` of, without
    importing ``decimal`` (some 1 ms in every process that validates a file): a value is an
    instance when it is a ``decimal.Decimal``, which it can only be once ``decimal`` is imported."""
