"""JSON Schemas compiled to Python by :mod:`policydiff.schemacode` (generated: do not edit)."""
