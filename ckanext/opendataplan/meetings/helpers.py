"""What the meeting form and the report page read."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import access, packages
from ckanext.opendataplan.reports import helpers as report_helpers

_TOP_FIELDS = ("meeting_date", "meeting_mode", "place", "agreed_points", "minutes", "plan")


def opendataplan_meeting_commitments(plan_id: str) -> list[dict[str, Any]]:
    """The plan's commitments the editor may see, by number, with their current figure,
    their activities (``milestones``) and whether the editor may change them."""
    commitments = report_helpers.opendataplan_report_commitments(plan_id)
    ids = [c["id"] for c in commitments]
    stored = packages.with_fields("commitment", ("milestones",), ids=ids) if ids else {}
    user = access.viewer_name()
    rows = []
    for commitment in commitments:
        activities = packages.load_json(stored.get(commitment["id"], {}).get("milestones"))
        rows.append(
            {
                **commitment,
                "activities": [a for a in activities or [] if isinstance(a, dict)],
                "editable": access.can("package_update", user, commitment["id"]),
            }
        )
    return rows


def _labels() -> dict[str, str]:
    return {
        "meeting_date": tk._("Meeting date"),
        "meeting_mode": tk._("Meeting mode"),
        "place": tk._("Place"),
        "agreed_points": tk._("Agreed points"),
        "minutes": tk._("Minutes"),
        "plan": tk._("Plan"),
        "commitment": tk._("Commitment"),
        "progress": tk._("Progress"),
        "completion_level": tk._("Completion level"),
        "narrative": tk._("What was done"),
        "challenges": tk._("Challenges"),
        "remaining_activities": tk._("Remaining activities and their new dates"),
        "activities": tk._("Activities"),
        "status": tk._("Status"),
        "index": tk._("Activity"),
    }


def _first(messages: Any) -> str:
    if isinstance(messages, str):
        return messages
    if isinstance(messages, dict):
        return next((_first(m) for m in messages.values() if m), "")
    return next((_first(m) for m in messages or [] if m), "")


def _row_problems(index: int, row: dict[str, Any], name: str) -> list[dict[str, str]]:
    labels = _labels()
    found = []
    for field, messages in row.items():
        if field == "activities" and isinstance(messages, list):
            for number, activity in enumerate(messages):
                if not isinstance(activity, dict):
                    continue
                for sub, sub_messages in activity.items():
                    label = f"{name}: {labels['activities']} {number + 1}, {labels.get(sub, sub)}"
                    anchor = f"updates-{index}-activities-{number}-{sub}"
                    found.append(
                        {"label": label, "message": _first(sub_messages), "anchor": anchor}
                    )
            continue
        if field == "activities":
            label = f"{name}: {labels['activities']}"
            anchor = f"updates-{index}-commitment"
            found.append({"label": label, "message": _first(messages), "anchor": anchor})
            continue
        label = f"{name}: {labels.get(field, field)}"
        anchor = f"updates-{index}-{field}"
        found.append({"label": label, "message": _first(messages), "anchor": anchor})
    return found


def opendataplan_meeting_errors(
    errors: dict[str, Any], commitments: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """The error summary of the meeting form: each field in error, those of a row named
    by its commitment ("Commitment 4: Progress"), linked to its input."""
    labels = _labels()
    summary = [
        {"label": labels[name], "message": _first(errors[name]), "anchor": f"field-{name}"}
        for name in _TOP_FIELDS
        if errors.get(name)
    ]
    for index, row in enumerate(errors.get("updates") or []):
        if not isinstance(row, dict) or not row:
            if isinstance(row, str):
                summary.append({"label": labels["commitment"], "message": row, "anchor": ""})
            continue
        number = commitments[index]["number"] if index < len(commitments) else index + 1
        name = tk._("Commitment {number}").format(number=number)
        summary.extend(_row_problems(index, row, name))
    known = {*_TOP_FIELDS, "updates"}
    for name, messages in errors.items():
        if name not in known and messages:
            summary.append({"label": name, "message": _first(messages), "anchor": ""})
    return summary


def opendataplan_report_minutes(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's files (its minutes): name, link (on this portal), size, date."""
    found = []
    for resource in report.get("resources") or []:
        if resource.get("url_type") == "upload":
            filename = (resource.get("url") or "").rsplit("/", 1)[-1]
            url = tk.h.url_for(
                "progress_report_resource.download",
                id=report["name"],
                resource_id=resource["id"],
                filename=filename,
            )
        else:
            url = resource.get("url")
        found.append(
            {
                "name": resource.get("name") or resource.get("url"),
                "url": url,
                "size": resource.get("size"),
                "format": resource.get("format"),
                "date": (resource.get("created") or "")[:10],
            }
        )
    return found


def opendataplan_minutes_max_bytes() -> int:
    """The largest minutes file the meeting form accepts, in bytes."""
    return int(tk.config.get("ckanext.opendataplan.minutes_max_bytes"))
