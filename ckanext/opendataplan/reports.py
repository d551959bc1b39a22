"""Publishing and withdrawing progress reports: snapshots in the history, and the
commitments' current values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import history, rollup
from .domain import history as history_flags
from .domain import progress
from .domain.rules import as_date

# Context key telling the commitment hooks that a report, not an editor, sets the value.
FROM_REPORT = "opendataplan_report"


def _set_commitment(commitment_id: str, value: int, level: str, report_id: str) -> None:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"ignore_auth": True, "user": site_user["name"], FROM_REPORT: report_id}
    level_field = progress.NO_EVIDENCE if level == progress.NO_EVIDENCE else ""
    tk.get_action("package_patch")(
        context, {"id": commitment_id, "progress": value, "completion_level": level_field}
    )


def _restore(commitment_ids: list[str], report_id: str) -> None:
    """Give each commitment back the value it had before the report."""
    for commitment_id in commitment_ids:
        previous = history.latest(commitment_id)
        if previous is not None:
            _set_commitment(commitment_id, previous.progress, previous.completion_level, report_id)


def withdraw(report_id: str) -> None:
    _restore(history.withdraw_report(report_id), report_id)


def publish(report: dict[str, Any], user_id: str | None) -> None:
    """Append a snapshot per update and set the commitments' values (again, on an edit)."""
    previously = set(history.withdraw_report(report["id"]))
    updates = report.get("updates") or [] if report.get("state") == "active" else []
    _restore(sorted(previously - {u["commitment"] for u in updates}), report["id"])
    meeting = as_date(report.get("meeting_date")) or dt.date.today()
    for update in updates:
        value = int(update["progress"])
        level = update.get("completion_level") or progress.completion_level(value, rollup.bands())
        history.record(
            update["commitment"],
            meeting,
            value,
            level,
            history.REPORT,
            report_id=report["id"],
            user_id=user_id,
        )
        _set_commitment(update["commitment"], value, level, report["id"])


def record_edit(context: dict[str, Any], commitment: dict[str, Any]) -> None:
    """A direct save of a commitment: appended when its progress or level changed."""
    if context.get(FROM_REPORT):
        return
    value, level = rollup.commitment_figures(commitment)
    last = history.latest(commitment["id"])
    if last is not None and (last.progress, last.completion_level) == (value, level):
        return
    user = model.User.get(context.get("user") or "")
    source = history.RECOMPUTE if commitment.get("milestones") else history.EDIT
    history.record(
        commitment["id"], dt.date.today(), value, level, source, user_id=user.id if user else None
    )


def decorate_flags(commitment: dict[str, Any]) -> None:
    """``flags``: no progress since the last report, and the overdue activities."""
    commitment["flags"] = {
        "no_progress_since_last_report": history_flags.no_progress_since_last_report(
            history.report_values(commitment["id"])
        ),
        "overdue_activities": history_flags.overdue_activities(
            commitment.get("milestones") or [], dt.date.today()
        ),
    }
