"""Flags read from a commitment's history and its milestones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from .checks import as_date
from .progress import as_number


def no_progress_since_last_report(report_values: Sequence[int]) -> bool:
    """The same progress in the last two reports (in meeting order)."""
    return len(report_values) >= 2 and report_values[-1] == report_values[-2]


def overdue_activities(milestones: Iterable[dict[str, Any]], today: dt.date) -> list[str]:
    """Titles of the activities past their end date and below 100%."""
    overdue = []
    for milestone in milestones:
        end = as_date(milestone.get("end_date"))
        value = as_number(milestone.get("progress"))
        done = value is not None and value >= 100
        if end and end < today and not done:
            overdue.append(milestone.get("title") or "")
    return overdue
