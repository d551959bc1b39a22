"""Actions of the plugin (every name starts with ``opendataplan_``), and the checks it
chains to CKAN's package_create and package_update."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from .. import access, history, reports, rollup
from . import schema, validators
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
    "package_create",
    "package_update",
    "package_patch",
    "package_delete",
    "package_revise",
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


# CKAN reads these before any validator runs (in its auth functions and converters):
# what is not an id, a name or text there is refused here, on its field.
REFERENCES = ("id", "name", "owner_org", "type")


def _refuse_bad_shapes(data_dict: dict) -> None:
    errors = validators.repeating_field_errors(data_dict)
    for key in REFERENCES:
        if data_dict.get(key) not in (None, "") and access.reference(data_dict[key]) is None:
            errors[key] = [tk._("Enter an id or a name")]
    tags = data_dict.get("tag_string")
    if tags is not None and not (isinstance(tags, str) and access.is_clean_text(tags)):
        errors["tag_string"] = [tk._("Enter text")]
    if errors:
        raise tk.ValidationError(errors)


@tk.chained_action
def package_create(original: Any, context: dict, data_dict: dict) -> Any:
    _refuse_bad_shapes(data_dict or {})
    return original(context, data_dict)


@tk.chained_action
def package_update(original: Any, context: dict, data_dict: dict) -> Any:
    """Also package_patch and package_revise, which end in package_update."""
    data_dict = data_dict or {}
    stored = access.package(data_dict.get("id"))
    _refuse_bad_shapes({"type": stored.type, **data_dict} if stored else data_dict)
    reports.remember(context, stored)
    return original(context, data_dict)


@tk.chained_action
def package_patch(original: Any, context: dict, data_dict: dict) -> Any:
    _refuse_bad_shapes({"id": (data_dict or {}).get("id")})
    return original(context, data_dict)


@tk.chained_action
def package_delete(original: Any, context: dict, data_dict: dict) -> Any:
    _refuse_bad_shapes({"id": (data_dict or {}).get("id")})
    return original(context, data_dict)


@tk.chained_action
def package_revise(original: Any, context: dict, data_dict: dict) -> Any:
    match = (data_dict or {}).get("match")
    name_or_id = (data_dict or {}).get("match__id") or (
        (match.get("id") or match.get("name")) if isinstance(match, dict) else None
    )
    if name_or_id is not None and access.reference(name_or_id) is None:
        raise tk.ValidationError({"match": [tk._("Enter an id or a name")]})
    return original(context, data_dict)


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
    plan = access.package(data["id"], "plan")
    if plan is None or plan.state != "active":
        raise tk.ObjectNotFound(tk._("Plan not found"))
    _check_visible("opendataplan_plan_progress", context, plan.id, tk._("Plan not found"))

    visible = rollup.counted_commitments(
        rollup.plan_commitments(plan.id), plan.private, plan.owner_org
    )
    if data.get("as_of"):
        visible = _as_of(visible, data["as_of"])
    figures = rollup.plan_figures(visible)
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
        "as_of": data["as_of"].isoformat() if data.get("as_of") else None,
        **figures,
        "commitments": [{field: c[field] for field in fields} for c in visible],
    }


def _check_visible(auth: str, context: dict, package_id: str, not_found: str) -> None:
    """What the user may not see answers exactly like what does not exist."""
    try:
        tk.check_access(auth, context, {"id": package_id})
    except tk.NotAuthorized as error:
        raise tk.ObjectNotFound(not_found) from error


def _as_of(commitments: list[dict[str, Any]], day: dt.date) -> list[dict[str, Any]]:
    """The commitments as they stood on ``day``; those with no figure by then are left out."""
    snapshots = history.as_of([c["id"] for c in commitments], day)
    bands = rollup.bands()
    return [
        dict(zip(("progress", "completion_level"), history.figures(snapshots[c["id"]], bands)))
        | {key: value for key, value in c.items() if key not in ("progress", "completion_level")}
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
    commitment = access.package(data["id"], "commitment")
    if commitment is None:
        raise tk.ObjectNotFound(tk._("Commitment not found"))
    _check_visible(
        "opendataplan_progress_history", context, commitment.id, tk._("Commitment not found")
    )
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
