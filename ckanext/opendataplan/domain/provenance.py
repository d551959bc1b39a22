"""Which figure stands, and why: the provenance of a commitment's current figure.

A commitment's current figure is its latest by the date it speaks of (ties: the one
entered last). A meeting's figure therefore stands only while nothing newer speaks of a
later day; when it does not, the reader is told which figure stands and where it came
from: computed from the activities, set by hand, or reported at a later meeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

REPORT, EDIT, RECOMPUTE = "report", "edit", "recompute"
SOURCES = (REPORT, EDIT, RECOMPUTE)


@dataclass(frozen=True)
class Figure:
    """A figure of a commitment's history: its value, the day it speaks of, where it came
    from (``report``, ``edit``, ``recompute``) and, for a report, which one."""

    progress: int
    date: dt.date
    source: str
    report: str | None = None
    key: str | None = None  # the history row it is, to tell two equal figures apart


@dataclass(frozen=True)
class Standing:
    """Whether a meeting's figure is the current one, and if not, the one that is."""

    stands: bool
    meeting: Figure | None
    current: Figure | None


def _same(one: Figure, other: Figure) -> bool:
    """The same figure: the same row of the history, or the same meeting's figure."""
    if one.key is not None and one.key == other.key:
        return True
    return (
        one.source == other.source == REPORT
        and one.report is not None
        and (one.report == other.report)
    )


def standing(meeting: Figure, current: Figure | None) -> Standing:
    """A meeting's figure against the current figure: it stands when it is that figure,
    or when the figure that stands says the same (readers see the meeting's value)."""
    stands = current is None or _same(meeting, current) or meeting.progress == current.progress
    return Standing(stands=stands, meeting=meeting, current=current)


def outranks(current: Figure | None, meeting_date: dt.date) -> bool:
    """Whether a figure already in the history will stay current over a meeting's new
    figure: it speaks of a later day (a figure of the same day is outranked by the
    meeting's, entered last)."""
    return current is not None and current.date > meeting_date


def last_report(figures: list[Figure]) -> Figure | None:
    """The latest figure a meeting reported (figures oldest first, as the history reads)."""
    reported = [figure for figure in figures if figure.source == REPORT]
    return reported[-1] if reported else None


def differs(current: Figure | None, reported: Figure | None) -> bool:
    """Whether the committee's last figure is not the value readers see: both are shown."""
    if current is None or reported is None or _same(current, reported):
        return False
    return current.progress != reported.progress
