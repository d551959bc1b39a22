"""Geometry of the server-rendered charts (Gantt timeline, history line, level donut).

Coordinates are in a 0-1000 wide box; right-to-left pages get the mirror image, so
time runs the way the page reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .checks import FIRST_YEAR, LAST_YEAR, as_date
from .numbers import as_finite

WIDTH = 1000.0


@dataclass
class Bar:
    label: str
    start: dt.date
    end: dt.date
    x: float
    width: float
    progress: int | None
    overdue: bool


@dataclass
class Tick:
    label: str
    x: float


def _span(start: dt.date, end: dt.date) -> float:
    return max((end - start).days, 1)


def _drawable(day: dt.date) -> bool:
    """Dates of plans that people follow; a year 1 or 9999 typed by mistake is left out
    of the chart (its table still lists the item), not drawn over ten thousand years."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def _x(day: dt.date, start: dt.date, span: float, rtl: bool) -> float:
    x = (day - start).days / span * WIDTH
    return WIDTH - x if rtl else x


def gantt(
    items: Iterable[dict[str, Any]], today: dt.date, rtl: bool = False
) -> dict[str, Any] | None:
    """Bars for items with ``title``/``activity``, ``start_date``, ``end_date`` and an
    optional ``progress``; ``None`` when no item has both dates."""
    dated = []
    for item in items:
        start, end = as_date(item.get("start_date")), as_date(item.get("end_date"))
        if start and end and _drawable(start) and _drawable(end):
            dated.append((item, start, max(start, end)))
    if not dated:
        return None
    first = min(start for _, start, _ in dated).replace(day=1)
    last = max(end for _, _, end in dated)
    span = _span(first, last + dt.timedelta(days=1))
    bars = []
    for item, start, end in dated:
        left = _x(start, first, span, rtl)
        right = _x(end + dt.timedelta(days=1), first, span, rtl)
        number = as_finite(item.get("progress"))
        progress = None if number is None else int(number)
        bars.append(
            Bar(
                label=item.get("title") or item.get("activity") or "",
                start=start,
                end=end,
                x=min(left, right),
                width=abs(right - left),
                progress=progress,
                overdue=end < today and (progress or 0) < 100,
            )
        )
    ticks = [
        Tick(str(year), _x(dt.date(year, 1, 1), first, span, rtl))
        for year in range(first.year + 1, last.year + 1)
    ]
    today_x = _x(today, first, span, rtl) if first <= today <= last else None
    return {"bars": bars, "ticks": ticks, "today_x": today_x, "start": first, "end": last}


def history_line(
    points: Sequence[tuple[dt.date, int]], rtl: bool = False, height: float = 100.0
) -> dict[str, Any] | None:
    """A polyline of progress over time (0 % at the bottom, 100 % at the top)."""
    if not points:
        return None
    first, last = points[0][0], points[-1][0]
    span = _span(first, last) if last > first else 1.0
    coords = []
    for day, value in points:
        x = _x(day, first, span, rtl) if last > first else WIDTH / 2
        coords.append((round(x, 1), round(height - value / 100 * height, 1)))
    return {"points": coords, "polyline": " ".join(f"{x},{y}" for x, y in coords)}


def donut(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Arcs of a donut on a circle of circumference 100: ``dash`` and ``offset`` each."""
    total = sum(counts.values())
    arcs, done = [], 0.0
    for level, count in counts.items():
        if not count:
            continue
        share = count / total * 100
        arcs.append(
            {"level": level, "count": count, "dash": round(share, 2), "offset": round(25 - done, 2)}
        )  # 25: start at twelve o'clock
        done += share
    return arcs
