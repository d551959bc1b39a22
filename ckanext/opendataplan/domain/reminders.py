"""Which reminders are due today: a milestone ending soon, a milestone that became
overdue, a plan's reporting date near, a commitment with no progress since the last
report. Each reminder has a key that names it for good (its milestone's end date
included, so a rescheduled milestone is reminded of again); whoever was sent a key is
never sent it again."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .checks import as_date
from .flags import late_activities, no_progress_since_last_report
from .numbers import as_finite

MILESTONE_DUE = "milestone_due"
MILESTONE_OVERDUE = "milestone_overdue"
REPORT_DUE = "report_due"
NO_PROGRESS = "no_progress"
KINDS = (MILESTONE_OVERDUE, MILESTONE_DUE, NO_PROGRESS, REPORT_DUE)

# Months between two progress reports, by reporting frequency.
FREQUENCIES = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


@dataclass(frozen=True)
class Reminder:
    kind: str
    plan: str  # the plan's id
    commitment: str | None  # the commitment's id (None: about the plan)
    date: dt.date  # the milestone's end, the reporting date, the last report's date
    milestone: str = ""  # the milestone's title
    facts: tuple[tuple[str, Any], ...] = field(default=())  # e.g. (("progress", 72),)

    @property
    def key(self) -> str:
        """What names this reminder for good, as a short digest (titles can be long)."""
        parts = (self.kind, self.plan, self.commitment or "", self.milestone, self.date.isoformat())
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def milestone_reminders(
    plan: str,
    commitment: str,
    milestones: Iterable[Any],
    today: dt.date,
    days_ahead: int,
    lookback: int,
    undated_end: Any = None,
) -> list[Reminder]:
    """Milestones below 100 % that end within ``days_ahead`` days, and those that became
    overdue within the last ``lookback`` days (older ones were reminded of then, or
    belong to a past the reminders did not know: not news)."""
    rows = [m for m in milestones if isinstance(m, dict)]
    found = [
        Reminder(MILESTONE_OVERDUE, plan, commitment, late["end_date"], late["title"])
        for late in late_activities(rows, today, undated_end)
        if late["days_overdue"] <= lookback
    ]
    for milestone in rows:
        end = as_date(milestone.get("end_date")) or as_date(undated_end)
        if end is None or not today <= end <= today + dt.timedelta(days=days_ahead):
            continue
        if _done(milestone):
            continue
        found.append(Reminder(MILESTONE_DUE, plan, commitment, end, milestone.get("title") or ""))
    return found


def _done(milestone: dict[str, Any]) -> bool:
    value = as_finite(milestone.get("progress"))
    return milestone.get("status") == "complete" or (value is not None and value >= 100)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def next_reporting_date(
    next_meeting: Any,
    last_report: Any,
    frequency: Any,
    period: tuple[Any, Any],
    today: dt.date,
) -> dt.date | None:
    """The plan's next reporting date: the next steering meeting when it is set and to
    come; else the last report (or the plan's start) plus the reporting frequency, up to
    the plan's end (``period`` is its start and end)."""
    meeting = as_date(next_meeting)
    if meeting is not None and meeting >= today:
        return meeting
    months = FREQUENCIES.get(frequency) if isinstance(frequency, str) else None
    start = as_date(last_report) or as_date(period[0])
    if months is None or start is None:
        return None
    due = add_months(start, months)
    while due < today:  # a missed date: the next one of the rhythm
        due = add_months(due, months)
    end = as_date(period[1])
    return None if end is not None and due > end else due


def report_reminder(
    plan: str, reporting_date: dt.date | None, today: dt.date, days_ahead: int
) -> list[Reminder]:
    if reporting_date is None or not today <= reporting_date <= today + dt.timedelta(
        days=days_ahead
    ):
        return []
    return [Reminder(REPORT_DUE, plan, None, reporting_date)]


def no_progress_reminder(
    plan: str,
    commitment: str,
    report_values: Sequence[int],
    last_report: dt.date | None,
    today: dt.date,
    lookback: int,
) -> list[Reminder]:
    """The last two reports gave the same figure, the last one recently."""
    if last_report is None or (today - last_report).days > lookback:
        return []
    if not no_progress_since_last_report(report_values):
        return []
    facts = (("progress", report_values[-1]),)
    return [Reminder(NO_PROGRESS, plan, commitment, last_report, facts=facts)]


def grouped(reminders: Iterable[Reminder]) -> list[tuple[str, list[Reminder]]]:
    """By kind, most urgent first (overdue, due, no progress, reporting), each by date."""
    found: dict[str, list[Reminder]] = {kind: [] for kind in KINDS}
    for reminder in reminders:
        found[reminder.kind].append(reminder)
    return [
        (kind, sorted(items, key=lambda r: (r.date, r.milestone)))
        for kind, items in found.items()
        if items
    ]
