"""What a meeting's submission must pass before anything is written: its shape, its
plan, each commitment whose activities it changes, those changes, and the minutes."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import plugins as lib_plugins

from ckanext.opendataplan.common import access, packages, validators
from ckanext.opendataplan.domain import meetings
from ckanext.opendataplan.meetings import schema
from ckanext.opendataplan.reports import validators as report_validators

RowErrors = dict[int, dict[str, Any]]


@dataclass
class Checked:
    """A submission that passed: the plan, the new activities of each commitment the
    meeting changed, and the minutes file."""

    plan: Any
    activities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # commitment id: its row
    minutes: Any = None


def read_rows(data_dict: dict[str, Any]) -> dict[str, Any]:
    """``updates`` given as JSON text (a multipart call, which sends the minutes, carries
    text fields only) read as the rows it holds; anything else as given."""
    updates = data_dict.get("updates")
    if isinstance(updates, str) and updates.strip():
        with contextlib.suppress(ValueError, RecursionError):  # nested past Python's limit
            return {**data_dict, "updates": json.loads(updates)}
    return dict(data_dict)


def shape_errors(data_dict: dict[str, Any]) -> dict[str, list[str]]:
    """Rows given as anything but lists of objects, or too many (before CKAN's schema,
    which would refuse them untranslated)."""
    limit = int(tk.config.get("ckanext.opendataplan.rows_max"))
    updates = data_dict.get("updates")
    if updates in (None, ""):
        return {}
    if not isinstance(updates, list) or not all(isinstance(row, dict) for row in updates):
        return {"updates": [tk._("Give a list of rows")]}
    for row in [updates, *(row.get("activities") or [] for row in updates)]:
        if not isinstance(row, list) or not all(isinstance(item, dict) for item in row):
            return {"updates": [tk._("Give a list of rows")]}
        if len(row) > limit:
            return {"updates": [tk._("At most %(count)s rows") % {"count": limit}]}
    return {}


def plan_to_report(reference: Any, context: dict[str, Any]) -> Any:
    """The plan, if the user may edit it; else "not found", like a plan that does not
    exist."""
    plan = access.visible_package(reference, context, "plan")
    if plan is None or not access.can("package_update", context.get("user"), plan.id):
        raise tk.ObjectNotFound(tk._("Plan not found"))
    return plan


def _editable_commitment(reference: Any, plan: Any, context: dict[str, Any]) -> Any:
    commitment = access.visible_package(reference, context, "commitment")
    if commitment is None or commitment.extras.get("plan") != plan.id:
        return None
    return commitment if access.can("package_update", context.get("user"), commitment.id) else None


def _activity_errors(problems: meetings.Problems, count: int) -> list[dict[str, list[str]]]:
    rows: list[dict[str, list[str]]] = [{} for _ in range(count)]
    for index, found in problems.items():
        rows[index] = {name: [tk._(message)] for name, message in found.items()}
    return rows


def activities(
    updates: list[dict[str, Any]], checked: Checked, context: dict[str, Any], errors: RowErrors
) -> None:
    """Into ``checked``: each commitment's activities after the meeting, for each row
    whose changes change something; each refused row's errors into ``errors``. A
    commitment the user may not edit (or see, or of another plan) is refused like one
    that does not exist."""
    plan = checked.plan
    for index, update in enumerate(updates):
        changes = update.get("activities") or []
        if not changes:
            continue
        commitment = _editable_commitment(update.get("commitment"), plan, context)
        if commitment is None:
            message = tk._("Not a commitment of this plan: %s") % access.shown(
                update.get("commitment")
            )
            errors.setdefault(index, {})["commitment"] = [message]
            continue
        stored = packages.load_json(commitment.extras.get("milestones")) or []
        stored = [row for row in stored if isinstance(row, dict)]
        after, problems = meetings.apply_changes(stored, changes)
        if problems:
            errors.setdefault(index, {})["activities"] = _activity_errors(problems, len(changes))
        elif meetings.differs(stored, after):
            checked.activities[commitment.id] = after
            checked.rows[commitment.id] = index
            update["progress"] = meetings.figure_after(stored, after, update.get("progress"))


def minutes_errors(upload: Any) -> list[str]:
    """The minutes file's problem, if any (type by name and content, size)."""
    if upload in (None, "") or not getattr(upload, "filename", None):
        return [] if upload in (None, "") else [tk._("Attach the minutes as a file")]
    stream = upload.stream
    head = stream.read(8)
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    limit = int(tk.config.get("ckanext.opendataplan.minutes_max_bytes"))
    problem = meetings.minutes_problem(upload.filename, head, size, limit)
    if problem:
        return [tk._(problem)]
    if not _storable_name(upload.filename):
        return [
            tk._("The file's name is too long or has characters that cannot be kept: rename it")
        ]
    return []


def _storable_name(filename: str) -> bool:
    """The name becomes the minutes' resource name and address: one line of text."""
    try:
        validators.opendataplan_address(filename)
    except tk.Invalid:
        return False
    return True


def as_error_dict(rows: RowErrors, count: int, others: dict[str, Any]) -> dict[str, Any]:
    """CKAN's error shape: ``updates`` as one entry per row (empty when the row is fine)."""
    found = dict(others)
    if rows:
        found["updates"] = [rows.get(index, {}) for index in range(count)]
    return found


def report_dict(data: dict[str, Any], plan: Any) -> dict[str, Any]:
    """The report the meeting publishes: its fields, its rows without their activities,
    and the form's marks (the form asks before publishing a figure that won't be
    current)."""
    report = {"type": "progress_report", "plan": plan.id}
    report.update({name: data[name] for name in schema.REPORT_FIELDS if name in data})
    report["updates"] = [
        {name: row[name] for name in schema.UPDATE_FIELDS if name in row}
        for row in data.get("updates") or []
    ]
    if data.get("form"):
        report[report_validators.FORM_MARK] = "1"
        if data.get("confirm_not_current"):
            report[report_validators.CONFIRM] = "1"
    return report


def report_errors(context: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """The report's own errors, found without writing (its type's validation, as
    ``package_create`` runs it): shown with the meeting's others at once."""
    plugin = lib_plugins.lookup_package_plugin("progress_report")
    check = {"user": context.get("user"), "model": model, "session": model.Session}
    schema_ = plugin.create_package_schema()
    _data, errors = lib_plugins.plugin_validate(plugin, check, report, schema_, "package_create")
    return errors


def merged(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Two error dicts as one; ``updates`` merged row by row."""
    found = {**second, **first}
    rows = [first.get("updates"), second.get("updates")]
    if all(isinstance(r, list) for r in rows):
        count = max(len(rows[0]), len(rows[1]))
        padded = [r + [{}] * (count - len(r)) for r in rows]
        found["updates"] = [{**b, **a} for a, b in zip(*padded)]
    return found


_SAID = ("progress", "completion_level", "narrative", "challenges", "remaining_activities")


def untouched(row: dict[str, Any], index: int, checked: Checked, errors: RowErrors) -> bool:
    """A row that says nothing: no figure, no words, no activity changed (a commitment the
    meeting did not speak of, one with no figure yet among them): left out of the report,
    never an error."""
    spoken = index in errors or index in checked.rows.values()
    return not spoken and all(row.get(name) in (None, "") for name in _SAID)


def spread(found: dict[str, Any], kept: list[int], count: int) -> dict[str, Any]:
    """Errors given for the rows ``kept`` (by their position among them) put back on the
    rows as posted."""
    rows = found.get("updates")
    if not isinstance(rows, list) or len(rows) != len(kept):
        return found
    placed: list[Any] = [{} for _ in range(count)]
    for position, index in enumerate(kept):
        placed[index] = rows[position]
    return {**found, "updates": placed}
