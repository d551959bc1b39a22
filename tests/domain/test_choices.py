"""Every list of choices has one source, scheming's schema: the domain's constants that
name the same values (the rules need them without CKAN) are held equal to it here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ckanext.opendataplan.domain import (
    indicators,
    irm,
    meetings,
    participation,
    progress,
    reminders,
)

SCHEMAS = Path(__file__).resolve().parents[2] / "ckanext" / "opendataplan" / "schemas"

# (constant, schema, field (dotted: a repeating subfield), whether the order counts too)
HELD = [
    ("participation.OGP_VALUES", participation.OGP_VALUES, "commitment", "ogp_values", True),
    ("irm.VALUE_COLUMNS (IRM's order)", irm.VALUE_COLUMNS, "commitment", "ogp_values", False),
    ("irm.SPECIFICITY", irm.SPECIFICITY, "commitment", "irm_specificity", True),
    ("irm.POTENTIAL_IMPACT", irm.POTENTIAL_IMPACT, "commitment", "irm_potential_impact", True),
    (
        "irm.OPENED_GOVERNMENT",
        irm.OPENED_GOVERNMENT,
        "commitment",
        "irm_did_it_open_government",
        True,
    ),
    ("irm.STARRED", irm.STARRED, "commitment", "irm_starred", True),
    (
        "progress.COMPLETION_LEVELS",
        progress.COMPLETION_LEVELS,
        "progress_report",
        "updates.completion_level",
        True,
    ),
    ("reminders.FREQUENCIES", tuple(reminders.FREQUENCIES), "plan", "reporting_frequency", True),
    ("indicators.SOURCES", indicators.SOURCES, "commitment", "indicators.source", True),
    (
        "meetings.ACTIVITY_STATUSES",
        meetings.ACTIVITY_STATUSES,
        "commitment",
        "milestones.status",
        True,
    ),
]


def schema_values(schemas: dict[str, Any], dataset_type: str, path: str) -> tuple[str, ...]:
    fields = schemas[dataset_type]["dataset_fields"]
    *parents, name = path.split(".")
    for parent in parents:
        fields = next(f for f in fields if f["field_name"] == parent)["repeating_subfields"]
    field = next(f for f in fields if f["field_name"] == name)
    return tuple(choice["value"] for choice in field["choices"])


def mismatches(schemas: dict[str, Any], held: list[tuple]) -> list[str]:
    found = []
    for label, constant, dataset_type, path, ordered in held:
        values = schema_values(schemas, dataset_type, path)
        same = tuple(constant) == values if ordered else sorted(constant) == sorted(values)
        if not same:
            found.append(f"{label} != {dataset_type}.{path} {values}")
    return found


def load_schemas() -> dict[str, Any]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in SCHEMAS.glob("*.yaml")
        if path.stem != "presets"
    }


def test_domain_constants_equal_the_schemas():
    assert mismatches(load_schemas(), HELD) == []


def test_the_check_sees_a_seeded_mismatch():
    schemas = load_schemas()
    field = next(
        f for f in schemas["commitment"]["dataset_fields"] if f["field_name"] == "ogp_values"
    )
    field["choices"].append({"value": "seeded", "label": "Seeded"})
    assert [m.split(" != ")[0] for m in mismatches(schemas, HELD)] == [
        "participation.OGP_VALUES",
        "irm.VALUE_COLUMNS (IRM's order)",
    ]
