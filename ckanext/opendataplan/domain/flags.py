"""Flags read from a commitment's history and its milestones."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any

from .checks import as_date
from .numbers import as_finite


def no_progress_since_last_report(report_values: Sequence[int]) -> bool:
    """The same progress in the last two reports (in meeting order)."""
    return len(report_values) >= 2 and report_values[-1] == report_values[-2]


def late_activities(
    milestones: Iterable[dict[str, Any]], today: dt.date, undated_end: Any = None
) -> list[dict[str, Any]]:
    """The activities past their end date and below 100%: ``title``, ``end_date``,
    ``days_overdue`` (days since the end date), ``progress`` (None: not reported) and
    ``dated`` (False: the activity has no end date of its own and is due at
    ``undated_end``, its commitment's or its plan's end)."""
    late = []
    for milestone in milestones:
        if not isinstance(milestone, dict):
            continue
        own_end = as_date(milestone.get("end_date"))
        found = late_activity(
            milestone.get("title") or "",
            own_end,
            own_end or as_date(undated_end),
            as_finite(milestone.get("progress")),
            today,
        )
        if found is not None:
            late.append(found)
    return late


def late_activity(
    title: Any, own_end: dt.date | None, end: dt.date | None, value: float | None, today: dt.date
) -> dict[str, Any] | None:
    """One activity as :func:`late_activities` lists it, from its title, the end date of
    its own, the date it is due and its progress; ``None`` when it is not late."""
    if not (end and end < today and not (value is not None and value >= 100)):
        return None
    return {
        "title": title,
        "end_date": end,
        "days_overdue": (today - end).days,
        # floor: 99.6 % is not shown as a late 100 %
        "progress": None if value is None else max(0, math.floor(value)),
        "dated": own_end is not None,
    }


def overdue_activities(
    milestones: Iterable[dict[str, Any]], today: dt.date, undated_end: Any = None
) -> list[str]:
    """Titles of the activities past their end date and below 100%."""
    return [activity["title"] for activity in late_activities(milestones, today, undated_end)]


def undated_end(commitment_end: Any, plan_end: Any) -> Any:
    """When an activity without an end date of its own is due: with its commitment, or
    else with its plan."""
    return commitment_end or plan_end
