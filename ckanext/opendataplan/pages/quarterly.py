"""Change since the previous quarter, for the country-wide pages (overview, scorecards,
late page) and their CSV and JSON: each institution's figure at the end of the quarter
before the day shown, and the change since."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.opendataplan.domain import periods, progress
from ckanext.opendataplan.progress import rollup

# The columns each institution row gains, in the CSV's order.
COLUMNS = ["previous_quarter_end", "previous_quarter_progress", "change_since_previous_quarter"]


Earlier = tuple[dt.date, dict[str, int | None]]


def previous_figures(commitments: list[dict[str, Any]], day: dt.date) -> Earlier:
    """The end of the quarter before ``day``'s, and each commitment's progress then
    (``None``: not reported), from the history (one query)."""
    earlier = [{"id": c["id"]} for c in commitments]
    end = periods.previous_quarter_end(day)
    rollup.figures_on(earlier, end)
    return end, {c["id"]: c["progress"] for c in earlier}


def institution_change(commitments: list[dict[str, Any]], earlier: Earlier) -> dict[str, Any]:
    """An institution's average then (over its reported commitments then) and the change
    in points to its average now (``None`` when either is not reported)."""
    now = progress.coverage((c["progress"], None) for c in commitments)["progress"]
    end, figures = earlier
    then = progress.coverage((figures.get(c["id"]), None) for c in commitments)["progress"]
    return change(end, then, now)


def change(end: dt.date, then: int | None, now: int | None) -> dict[str, Any]:
    """The columns of :data:`COLUMNS`: the average at ``end``, the change in points to
    the average now (``None`` when either is not reported)."""
    return {
        "previous_quarter_end": end.isoformat(),
        "previous_quarter_progress": then,
        "change_since_previous_quarter": periods.points(then, now),
    }


def summed_change(end: dt.date, then: progress.Sums | None, now: int | None) -> dict[str, Any]:
    """:func:`change` with the figures at ``end`` as sums (none: nothing then)."""
    earlier = progress.summed_coverage([then])["progress"] if then else None
    return change(end, earlier, now)
