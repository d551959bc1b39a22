"""What the plugin's create and edit pages read."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.scheming.helpers import scheming_get_dataset_schema, scheming_language_text

from ckanext.opendataplan.common import access, multilingual
from ckanext.opendataplan.domain import progress
from ckanext.opendataplan.forms import rows

BUTTONS = {rows.ADD, rows.PREVIEW}  # submit buttons that save nothing: never an error


def opendataplan_own_form(package_type: str | None) -> bool:
    """Whether the type is edited on the plugin's own form (opendataplan/form/); the
    others, CKAN's dataset among them, keep CKAN's and scheming's form exactly."""
    return package_type in rows.TYPES


def opendataplan_form_rows(field_name: str, data: dict[str, Any]) -> list[int]:
    """The rows to show of a repeating section: those stored, else those posted (after
    a validation error), plus one when its "add a row" button was pressed. Empty at first."""
    stored = data.get(field_name)
    indexes = rows.row_indexes(data, field_name)
    if not indexes and isinstance(stored, list):
        indexes = list(range(len(stored)))
    if data.get(rows.ADD) == field_name:
        indexes.append(max(indexes, default=-1) + 1)
    return indexes


def opendataplan_form_adding(data: dict[str, Any]) -> bool:
    """Whether the page answers an "add a row" or "compute the figure" button (no error
    to show then)."""
    return any(data.get(button) not in (None, "") for button in BUTTONS)


def opendataplan_form_figure(data: dict[str, Any]) -> dict[str, Any]:
    """The figure a save of the commitment form records, by the domain's roll-up rule
    (``domain/progress.py``): ``progress`` (``None``: not reported) and how many
    activities it stands on (those with a progress; none: the figure set by hand)."""
    milestones = rows.row_values(data, "milestones")
    return {
        "progress": progress.reported_progress(milestones, data.get("progress")),
        "counted": len(progress.milestone_parts(milestones)),
    }


def opendataplan_error_summary(errors: dict[str, Any], dataset_type: str) -> list[dict[str, str]]:
    """Each field in error, in the form's order: its label, its first message and the
    id of its input, for the summary at the top of the form."""
    schema = scheming_get_dataset_schema(dataset_type) or {}
    summary = []
    for field in schema.get("dataset_fields", []):
        name = field["field_name"]
        messages = errors.get(name)
        if not messages or name in BUTTONS:
            continue
        summary.append(
            {
                "label": scheming_language_text(field.get("label")) or name,
                "message": _first_message(messages),
                "anchor": "field-" + name,
            }
        )
    known = {field["field_name"] for field in schema.get("dataset_fields", [])} | BUTTONS
    for name, messages in errors.items():
        if name not in known and messages:
            summary.append({"label": name, "message": _first_message(messages), "anchor": ""})
    return summary


def _first_message(messages: Any) -> str:
    """The first message of a field's errors: text, or the first of a row's fields."""
    if isinstance(messages, str):
        return messages
    if isinstance(messages, dict):
        return next((_first_message(m) for m in messages.values() if m), "")
    for message in messages if isinstance(messages, list) else []:
        if message:
            return _first_message(message)
    return tk._("Check this field")


def opendataplan_form_texts(field_name: str, data: dict[str, Any]) -> dict[str, str]:
    """The ``<field>-<lang>`` inputs as they were posted, after a refused save."""
    texts = {}
    for lang in multilingual.content_languages():
        value = data.get(f"{field_name}-{lang}")
        if isinstance(value, str) and value:
            texts[lang] = value
    return texts


def opendataplan_institution_choices(current: str | None) -> list[dict[str, str]]:
    """The institutions the user may publish in (and the current one, always)."""
    available = tk.h.organizations_available("create_dataset")
    choices = [{"value": org["id"], "text": org["display_name"]} for org in available]
    if current and current not in {org["id"] for org in available}:
        found = access.organization(current)
        if found is not None:
            choices.append({"value": found.id, "text": found.display_name})
    return choices


def opendataplan_max_weight() -> int:
    """The heaviest weight an activity may have (``domain/progress.py``), for the
    figure the commitment form's script computes as the activities are typed."""
    return progress.MAX_WEIGHT
