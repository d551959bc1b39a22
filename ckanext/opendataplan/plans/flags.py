"""The flags shown on a commitment: no progress since its last report, and its overdue
activities."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.opendataplan.common import packages, search_batch
from ckanext.opendataplan.domain import flags
from ckanext.opendataplan.progress import history


def decorate_flags(commitment: dict[str, Any]) -> None:
    """``flags``: no progress since the last report, and the overdue activities."""
    commitment["flags"] = {
        "no_progress_since_last_report": flags.no_progress_since_last_report(
            history.report_values(commitment["id"])
        ),
        "overdue_activities": flags.overdue_activities(
            commitment.get("milestones") or [], dt.date.today(), _undated_end(commitment)
        ),
    }


def _undated_end(commitment: dict[str, Any]) -> Any:
    """The commitment's end, or its plan's when it has none (read only then)."""
    if commitment.get("end_date") or not commitment.get("plan"):
        return commitment.get("end_date")
    plan_id = commitment["plan"]
    plan = search_batch.memoized(
        ("plan_period_end", plan_id),
        lambda: packages.with_fields("plan", ("period_end",), ids=[plan_id]),
    )
    return flags.undated_end(None, next(iter(plan.values()), {}).get("period_end"))
