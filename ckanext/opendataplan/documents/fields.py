"""A package's fields as document blocks, in its scheming schema's order: what the
plan's template and the commitment card list, each value written out in words in the
document's language (choices by their labels, dates in words, percentages)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import multilingual, packages, percent
from ckanext.opendataplan.documents.structure import Block, Heading, Paragraph, Table

# Fields shown in a document's header or not written out at all.
HEADER_FIELDS = {
    "title",
    "title_translated",
    "name",
    "notes",
    "owner_org",
    "plan",
    "plan_kind",
    "period_start",
    "period_end",
    "version_status",
    "number",
    "start_date",
    "end_date",
    "progress",
    "completion_level",
    "weight",
    "tag_string",
}
# The IRM's own assessment is not the government's document: it is in the IRM export.
IRM_PREFIX = "irm_"


def schema_fields(package_type: str) -> list[dict[str, Any]]:
    return tk.h.scheming_get_dataset_schema(package_type)["dataset_fields"]


def field_names(package_type: str) -> tuple[str, ...]:
    return tuple(field["field_name"] for field in schema_fields(package_type))


def label(field: dict[str, Any]) -> str:
    return tk.h.scheming_language_text(field["label"])


def value_text(field: dict[str, Any], value: Any, lang: str) -> str:
    """A stored value in words."""
    if value in (None, "", [], {}):
        return ""
    preset = field.get("preset") or ""
    if "multilingual" in preset:
        return multilingual.pick(value, lang)
    if field.get("choices") or field.get("choices_helper"):
        return _choice_text(field, value)
    if "date" in preset:
        return tk.h.opendataplan_format_date(value)
    if preset == "opendataplan_percent":
        return percent.isolated(value, lang)
    return str(value)


def _choice_text(field: dict[str, Any], value: Any) -> str:
    labels = {
        str(choice["value"]): tk.h.scheming_language_text(choice["label"])
        for choice in tk.h.scheming_field_choices(field) or []
    }
    chosen = packages.load_json(value)
    values = chosen if isinstance(chosen, list) else [chosen]
    return tk._(", ").join(labels.get(str(item), str(item)) for item in values)


def table(field: dict[str, Any], rows: Any, lang: str) -> Table | None:
    """A repeating field as a table, one row per item, a column per subfield in use."""
    rows = [row for row in packages.load_json(rows) or [] if isinstance(row, dict)]
    if not rows:
        return None
    subfields = [
        sub
        for sub in field["repeating_subfields"]
        if any(row.get(sub["field_name"]) for row in rows)
    ]
    return Table(
        header=tuple(label(sub) for sub in subfields),
        rows=tuple(
            tuple(value_text(sub, row.get(sub["field_name"]), lang) for sub in subfields)
            for row in rows
        ),
    )


def sections(
    package_type: str, package: dict[str, Any], lang: str, skip: Iterable[str] = ()
) -> list[Block]:
    """Each field the package fills, as a titled section in the schema's order (a plan's
    only those of its kind of plan)."""
    skipped = HEADER_FIELDS | set(skip)
    blocks: list[Block] = []
    for field in schema_fields(package_type):
        name = field["field_name"]
        hidden = "display_snippet" in field and field["display_snippet"] is None
        if name in skipped or name.startswith(IRM_PREFIX) or hidden:
            continue
        if not tk.h.opendataplan_field_applies(field, package):
            continue
        blocks += section(field, package.get(name), lang)
    return blocks


def section(field: dict[str, Any], value: Any, lang: str, level: int = 3) -> list[Block]:
    if field.get("repeating_subfields"):
        rows = table(field, value, lang)
        return [Heading(label(field), level), rows] if rows else []
    text = value_text(field, value, lang)
    return [Heading(label(field), level), Paragraph(text)] if text else []
