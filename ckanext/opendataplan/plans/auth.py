"""Auth functions: commitments are edited by their lead institution's editors and by
the admins of the organization that owns their plan (the coordinating body), by no one
else; reports by those who may edit their plan. Everything else falls through to
CKAN's own rules."""

from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.opendataplan.common import access
from ckanext.opendataplan.reports.auth import refused, report_edit, report_plan_refusal


def _stored(context: Context, data_dict: DataDict) -> Any:
    return context.get("package") or access.package((data_dict or {}).get("id"))


def _commitment_edit(context: Context, data_dict: DataDict, package: Any) -> AuthResult:
    """Editing a commitment, and moving it: leaving its plan needs the right to edit that
    plan, joining another the right to add commitments to it."""
    user = context.get("user")
    if not access.can_edit_commitment(package.owner_org, package.extras.get("plan"), user):
        return refused(
            tk._(
                "Only the lead institution's editors and the plan's "
                "coordinators may edit this commitment"
            )
        )
    target = access.package(data_dict.get("plan"), "plan")
    current = package.extras.get("plan")
    if target is None or target.id == current or authz.is_sysadmin(user):
        return {"success": True}  # no move (an unknown plan is refused on its field)
    if (
        current
        and access.package(current, "plan")
        and not access.can("package_update", user, current)
    ):
        return refused(tk._("Only those who may edit the plan may take a commitment out of it"))
    lead = data_dict.get("owner_org") or package.owner_org
    if not access.can_add_commitment(target.id, lead, user):
        return refused(tk._("Only the plan's institution may add commitments to it"))
    return {"success": True}


def _edit(next_auth: Any, context: Context, data_dict: DataDict) -> AuthResult:
    package = _stored(context, data_dict)
    if package is not None and package.type == "commitment":
        return _commitment_edit(context, data_dict or {}, package)
    if package is not None and package.type == "progress_report":
        return report_edit(next_auth, context, data_dict, package)
    return next_auth(context, data_dict)


@tk.chained_auth_function
def package_update(next_auth: Any, context: Context, data_dict: DataDict) -> AuthResult:
    return _edit(next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_show(next_auth: Any, context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may edit a commitment may see it: the admins of its plan's organization
    see a private commitment of their plan led by another body (``package_patch`` reads
    the commitment before it updates it)."""
    result = next_auth(context, data_dict)
    if result.get("success"):
        return result
    package = _stored(context, data_dict)
    user = context.get("user")
    if (
        package is not None
        and package.type == "commitment"
        and package.state == "active"
        and access.can_edit_commitment(package.owner_org, package.extras.get("plan"), user)
    ):
        return {"success": True}
    return result


@tk.chained_auth_function
def package_delete(next_auth: Any, context: Context, data_dict: DataDict) -> AuthResult:
    return _edit(next_auth, context, {"id": (data_dict or {}).get("id")})


@tk.chained_auth_function
def package_create(next_auth: Any, context: Context, data_dict: DataDict | None) -> AuthResult:
    """A commitment joins a plan through the plan's own institution: its admins may name
    any lead institution, its editors only their own."""
    data_dict = data_dict or {}
    if data_dict.get("type") == "progress_report":
        refusal = report_plan_refusal(context, data_dict.get("plan"))
        return refusal or next_auth(context, data_dict)
    if data_dict.get("type") != "commitment" or authz.is_sysadmin(context.get("user")):
        return next_auth(context, data_dict)
    plan = access.package(data_dict.get("plan"), "plan")
    if plan is None:
        return next_auth(context, data_dict)  # the plan validator names the missing plan
    if access.can_add_commitment(plan.id, data_dict.get("owner_org"), context.get("user")):
        return {"success": True}
    return refused(tk._("Only the plan's institution may add commitments to it"))


@tk.auth_allow_anonymous_access
def opendataplan_plan_progress(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the plan may see its progress."""
    tk.check_access("package_show", context, data_dict)
    return {"success": True}
