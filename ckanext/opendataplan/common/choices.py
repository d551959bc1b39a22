"""Lists of choices: scheming's schemas are the one source. Python reads a field's
choices here, through scheming's helpers; the domain's constants that name the same
values are held equal to the schemas by ``tests/domain/test_choices.py``."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def labels(dataset_type: str, field_name: str) -> dict[str, str]:
    """``{value: label}`` of a field's choices in the visitor's language, in the
    schema's order; ``field_name`` may name a repeating subfield (``budget_lines.
    funding_source``)."""
    schema = tk.h.scheming_get_dataset_schema(dataset_type) or {}
    fields = schema.get("dataset_fields", [])
    *parents, name = field_name.split(".")
    for parent in parents:
        found = tk.h.scheming_field_by_name(fields, parent) or {}
        fields = found.get("repeating_subfields", [])
    field = tk.h.scheming_field_by_name(fields, name) or {}
    return {
        choice["value"]: tk.h.scheming_language_text(choice["label"])
        for choice in field.get("choices", [])
    }
