"""What an editor has to update, beyond the reminders' own rules (domain/reminders.py):
a commitment with no figure since its plan's last meeting, an inventory item whose
publication is due, and the order the page lists its sections in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .checks import as_date

# The sections of the page, the most urgent first (each institution lists only the
# sections it has something in).
OVERDUE, DUE, STALE, NO_PROGRESS, REPORTING = (
    "overdue",
    "due",
    "stale",
    "no_progress",
    "reporting",
)
RESPONSES, PUBLICATION, DRAFTS = "responses", "publication", "drafts"
SECTIONS = (OVERDUE, DUE, STALE, NO_PROGRESS, REPORTING, RESPONSES, PUBLICATION, DRAFTS)


def no_figure_since_meeting(last_figure: Any, last_meeting: Any) -> bool:
    """A commitment has no figure since its plan's last meeting: the meeting did not
    report it and nothing was recorded since (or it has never had a figure)."""
    meeting = as_date(last_meeting)
    if meeting is None:
        return False
    figure = as_date(last_figure)
    return figure is None or figure < meeting


def publication_due(status: Any, planned: Any, today: dt.date, days_ahead: int) -> bool:
    """An inventory item planned for publication by ``days_ahead`` days from today (or
    already past its planned date) and not published yet."""
    day = as_date(planned)
    return status == "planned" and (day is None or day <= today + dt.timedelta(days=days_ahead))
