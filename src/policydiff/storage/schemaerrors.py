"""The errors the compiled schemas raise, in place of fastjsonschema's: importing fastjsonschema
builds its code generators (some 3 ms in every process that loads a document) for two classes
that are raised only on data the schema refuses.

Like fastjsonschema's, both are :class:`ValueError`: :func:`policydiff.storage.docfile.validate`
takes any of them as "not valid" and has jsonschema decide and explain, so which class a compiled
schema raises changes no verdict and no message. They are internal (never shown, never raised out of
:func:`~policydiff.storage.docfile.validate`), hence not subclasses of
:class:`~policydiff.errors.PolicyDiffError`. :mod:`policydiff.storage.schemacode` writes the compiled
modules to import these under fastjsonschema's names.
"""

from __future__ import annotations

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
