"""What a commitment's summary keeps of its activities: how many there are, and those
not yet completed (the only ones that can be late), each with the end date of its own,
so that which are late on a given day is a comparison of dates (the rule itself is
:func:`flags.late_activity`, the same for both ways)."""

from __future__ import annotations

from typing import Any

from .checks import as_date
from .numbers import as_finite


def activities(milestones: Any) -> list[dict[str, Any]]:
    """Every activity (a mapping) of ``milestones``."""
    return [m for m in milestones if isinstance(m, dict)] if isinstance(milestones, list) else []


def activities_due(milestones: Any) -> list[dict[str, Any]]:
    """``{position, title, end_date, progress}`` of each activity below 100 % (or with no
    progress), ``position`` its place among the commitment's milestones."""
    due = []
    for position, milestone in enumerate(milestones if isinstance(milestones, list) else []):
        if not isinstance(milestone, dict):
            continue
        value = as_finite(milestone.get("progress"))
        if value is not None and value >= 100:
            continue
        title = milestone.get("title") or ""
        due.append(
            {
                "position": position,
                "title": title if isinstance(title, str) else str(title),
                "end_date": as_date(milestone.get("end_date")),
                "progress": value,
            }
        )
    return due
