"""Actions of the plugin; every name starts with ``opendataplan_``."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from .. import rollup
from . import schema


@tk.side_effect_free
def opendataplan_plan_progress(context: dict, data_dict: dict) -> dict[str, Any]:
    """A plan's progress, its commitments per completion level, and each commitment.

    :param id: the plan's id or name
    :returns: ``progress``, ``commitment_count``, ``levels`` (count per level) and
        ``commitments`` (``name``, ``title``, ``number``, ``progress``, ``completion_level``)
    """
    data, errors = tk.navl_validate(data_dict, schema.plan_progress(), context)
    if errors:
        raise tk.ValidationError(errors)
    plan = context["model"].Package.get(data["id"])
    if not plan or plan.type != "plan" or plan.state != "active":
        raise tk.ObjectNotFound(tk._("Plan not found"))
    tk.check_access("opendataplan_plan_progress", context, {"id": plan.id})

    commitments = rollup.plan_commitments(plan.id)
    figures = rollup.plan_figures(commitments)
    visible = [c for c in commitments if not c["private"] or _can_read(context, c["id"])]
    fields = ("id", "name", "title", "title_translated", "number", "progress", "completion_level")
    return {
        "id": plan.id,
        "name": plan.name,
        **figures,
        "commitments": [{field: c[field] for field in fields} for c in visible],
    }


def _can_read(context: dict, package_id: str) -> bool:
    try:
        tk.check_access("package_show", {"user": context.get("user")}, {"id": package_id})
    except tk.NotAuthorized:
        return False
    return True
