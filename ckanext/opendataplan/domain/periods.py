"""Change over time: a commitment's change between two meetings, and an institution's
change since the end of the previous quarter (what a reader compares)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from .checks import as_date
from .flags import late_activities
from .progress import COMPLETE


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the calendar quarter ``day`` falls in."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def previous_quarter_end(day: dt.date) -> dt.date:
    """The last day of the quarter before the one ``day`` falls in: the date an
    institution's figure is compared with."""
    return quarter_start(day) - dt.timedelta(days=1)


def has_ended(period_end: Any, day: dt.date) -> bool:
    """Whether a plan whose period ends on ``period_end`` (a date or ISO text; none: not
    said) has ended by ``day``: its last day is before it. A plan ends after its last day."""
    end = as_date(period_end)
    return end is not None and end < day


def points(before: int | None, after: int | None) -> int | None:
    """The change in points; ``None`` when either side is not reported (a first figure
    is not a gain over nothing)."""
    if before is None or after is None:
        return None
    return after - before


def change(
    before: tuple[int | None, str | None], after: tuple[int | None, str | None]
) -> dict[str, Any]:
    """What moved between two ``(progress, level)`` figures: ``points``,
    ``newly_reported`` (no figure before, one after) and ``newly_complete``."""
    return {
        "before": before[0],
        "after": after[0],
        "points": points(before[0], after[0]),
        "newly_reported": before[0] is None and after[0] is not None,
        "newly_complete": after[1] == COMPLETE and before[1] != COMPLETE,
    }


def moved(row: dict[str, Any]) -> bool:
    """Whether a :func:`change` (with its ``newly_late``) says anything happened."""
    return bool(
        row["points"] or row["newly_reported"] or row["newly_complete"] or row.get("newly_late")
    )


def newly_late(
    milestones: Iterable[dict[str, Any]], since: dt.date, until: dt.date, undated_end: Any = None
) -> list[str]:
    """Titles of the activities late on ``until`` that were not late yet on ``since``
    (their end date fell in between and they are below 100 % as entered now)."""
    milestones = list(milestones)
    before = {a["title"] for a in late_activities(milestones, since, undated_end)}
    return [
        activity["title"]
        for activity in late_activities(milestones, until, undated_end)
        if activity["title"] not in before
    ]


def deltas(figures: Sequence[int | None]) -> list[int]:
    """The change from each figure to the next, the first counted from 0: what a
    reader adds up period by period (their sum is the last figure reported)."""
    changes, last = [], 0
    for value in figures:
        if value is None:
            continue
        changes.append(value - last)
        last = value
    return changes
