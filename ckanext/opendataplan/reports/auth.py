"""Auth functions of progress reports and the progress history."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.opendataplan.common import access


def refused(message: str) -> AuthResult:
    return {"success": False, "msg": message}


def report_edit(next_auth: Any, context: Context, data_dict: DataDict, package: Any) -> AuthResult:
    """A report is edited by those who may edit its plan, and may only be moved to a plan
    they may edit too: exactly the create rule."""
    plan_ids = {package.extras.get("plan")}
    if "plan" in (data_dict or {}):
        plan_ids.add(data_dict.get("plan"))
    for plan_id in plan_ids:
        refusal = report_plan_refusal(context, plan_id)
        if refusal:
            return refusal
    return next_auth(context, data_dict)


def report_plan_refusal(context: Context, plan_reference: Any) -> AuthResult | None:
    plan = access.package(plan_reference, "plan")
    if plan is None:
        return None  # the plan validator names the missing plan
    if access.can("package_update", context.get("user"), plan.id):
        return None
    return refused(tk._("Only those who may edit the plan may report on it"))


@tk.auth_allow_anonymous_access
def opendataplan_progress_history(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the commitment may see its history."""
    tk.check_access("package_show", context, data_dict)
    return {"success": True}
