"""Storage: the policy repository on disk, its YAML files and their schemas, and safe writes.

:mod:`.repo` (the repository and its documents), :mod:`.docfile` (a document's YAML, validated
by the JSON Schemas in ``schemas/``, compiled ahead of time by :mod:`.schemacode`),
:mod:`.yamlio` (reading and writing YAML: :mod:`.yamlblock` reads policydiff's own layout,
:mod:`.yamlfast` other YAML through libyaml, ruamel.yaml decides the rest; :mod:`.yamlwrite`
writes the layout, sharing :mod:`.yamlplain` with the reader), :mod:`.sources` (decoding text
files), :mod:`.lock` (one writer at a time) and :mod:`.fsutil` (atomic writes).
"""
