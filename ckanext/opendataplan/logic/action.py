"""Actions of the plugin; every name starts with ``opendataplan_``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from .. import history, rollup
from . import schema
from .inventory_action import (
    opendataplan_inventory_export,
    opendataplan_inventory_import,
    opendataplan_inventory_item_create,
    opendataplan_inventory_item_delete,
    opendataplan_inventory_item_list,
    opendataplan_inventory_item_promote,
    opendataplan_inventory_item_show,
    opendataplan_inventory_item_update,
)

__all__ = [
    "opendataplan_plan_progress",
    "opendataplan_progress_history",
    "opendataplan_inventory_item_create",
    "opendataplan_inventory_item_update",
    "opendataplan_inventory_item_delete",
    "opendataplan_inventory_item_show",
    "opendataplan_inventory_item_list",
    "opendataplan_inventory_import",
    "opendataplan_inventory_export",
    "opendataplan_inventory_item_promote",
]


@tk.side_effect_free
def opendataplan_plan_progress(context: dict, data_dict: dict) -> dict[str, Any]:
    """A plan's progress, its commitments per completion level, and each commitment.

    :param id: the plan's id or name
    :param as_of: an ISO date: answer as the plan stood that day, from the history
    :returns: ``progress``, ``commitment_count``, ``levels`` (count per level) and
        ``commitments`` (``name``, ``title``, ``number``, ``progress``, ``completion_level``,
        ``start_date``, ``end_date``)
    """
    data, errors = tk.navl_validate(data_dict, schema.plan_progress(), context)
    if errors:
        raise tk.ValidationError(errors)
    plan = context["model"].Package.get(data["id"])
    if not plan or plan.type != "plan" or plan.state != "active":
        raise tk.ObjectNotFound(tk._("Plan not found"))
    tk.check_access("opendataplan_plan_progress", context, {"id": plan.id})

    commitments = rollup.plan_commitments(plan.id)
    if data.get("as_of"):
        commitments = _as_of(commitments, data["as_of"].date())
    figures = rollup.plan_figures(commitments)
    visible = [c for c in commitments if not c["private"] or _can_read(context, c["id"])]
    fields = (
        "id",
        "name",
        "title",
        "title_translated",
        "number",
        "progress",
        "completion_level",
        "start_date",
        "end_date",
    )
    return {
        "id": plan.id,
        "name": plan.name,
        "as_of": data["as_of"].date().isoformat() if data.get("as_of") else None,
        **figures,
        "commitments": [{field: c[field] for field in fields} for c in visible],
    }


def _can_read(context: dict, package_id: str) -> bool:
    try:
        tk.check_access("package_show", {"user": context.get("user")}, {"id": package_id})
    except tk.NotAuthorized:
        return False
    return True


def _as_of(commitments: list[dict[str, Any]], day: dt.date) -> list[dict[str, Any]]:
    """The commitments as they stood on ``day``; those with no figure by then are left out."""
    snapshots = history.as_of([c["id"] for c in commitments], day)
    return [
        {
            **c,
            "progress": snapshots[c["id"]].progress,
            "completion_level": snapshots[c["id"]].completion_level,
        }
        for c in commitments
        if c["id"] in snapshots
    ]


@tk.side_effect_free
def opendataplan_progress_history(context: dict, data_dict: dict) -> list[dict[str, Any]]:
    """A commitment's progress history, in date order.

    :param id: the commitment's id or name
    :param include_withdrawn: also the snapshots of deleted reports (default false)
    :returns: snapshots with ``date``, ``progress``, ``completion_level``, ``source``
        (``report``, ``edit``, ``recompute``), ``report`` (the report's name),
        ``withdrawn`` and ``recorded_at``
    """
    data, errors = tk.navl_validate(data_dict, schema.progress_history(), context)
    if errors:
        raise tk.ValidationError(errors)
    commitment = context["model"].Package.get(data["id"])
    if commitment is None or commitment.type != "commitment":
        raise tk.ObjectNotFound(tk._("Commitment not found"))
    tk.check_access("opendataplan_progress_history", context, {"id": commitment.id})
    rows = history.snapshots(commitment.id, data["include_withdrawn"])
    report_ids = {row.report_id for row in rows if row.report_id}
    names = (
        dict(
            context["model"]
            .Session.query(context["model"].Package.id, context["model"].Package.name)
            .filter(context["model"].Package.id.in_(report_ids))
        )
        if report_ids
        else {}
    )
    return [history.as_dict(row, names) for row in rows]
