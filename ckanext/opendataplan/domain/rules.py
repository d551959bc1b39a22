"""Consistency rules of plans, commitments and milestones.

Each check returns a list of ``(field, message)`` problems; messages are marked with
``N_`` so that the CKAN layer translates them in the user's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Union

DateLike = Union[dt.date, str, None]
Problem = tuple[str, str]

MILESTONE_STATUSES = ("not_started", "in_progress", "complete")
PLAN_KINDS = ("institutional_annual", "national_open_data", "ogp_national", "ogp_local")
INDICATOR_SOURCES = ("manual", "portal_datasets", "portal_publishers", "portal_reuses")


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    return message


def as_date(value: DateLike) -> dt.date | None:
    """A date from a date, a datetime or an ISO string; ``None`` if empty or unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def check_period(start: DateLike, end: DateLike, end_field: str = "end_date") -> list[Problem]:
    start_date, end_date = as_date(start), as_date(end)
    if start_date and end_date and end_date < start_date:
        return [(end_field, N_("The end date is before the start date"))]
    return []


def _as_number(value: Any) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def check_milestone(milestone: Mapping[str, Any]) -> list[Problem]:
    problems = check_period(milestone.get("start_date"), milestone.get("end_date"))
    progress = _as_number(milestone.get("progress"))
    status = milestone.get("status")
    if status == "complete" and progress is not None and progress < 100:
        problems.append(("progress", N_("A complete milestone must be at 100%")))
    if status and status != "complete" and progress == 100:
        problems.append(("status", N_("A milestone at 100% must be marked complete")))
    return problems


def check_ogp_local_languages(plan_kind: str, languages: set[str]) -> list[Problem]:
    """An OGP Local plan is written in Arabic and English, as its handbook requires."""
    if plan_kind == "ogp_local" and not {"ar", "en"} <= languages:
        return [("title_translated", N_("An OGP Local plan needs its title in Arabic and English"))]
    return []
