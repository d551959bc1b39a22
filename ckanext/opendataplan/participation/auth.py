"""Who may take part in a plan's co-creation: anyone who may see the plan reads it;
signed-in users propose, support, comment and report abuse; the plan's body (those who
may edit the plan: its organization's admins and editors) and sysadmins respond,
moderate and close the consultation report. The actions call these with ``plan``, the
plan's id, once they have found it."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.opendataplan.common import access


def _on_plan(permission: str, context: Context, data_dict: DataDict) -> bool:
    plan_id = access.reference((data_dict or {}).get("plan"))
    return bool(plan_id) and access.can(permission, context.get("user"), plan_id)


def _reader(context: Context, data_dict: DataDict) -> AuthResult:
    if _on_plan("package_show", context, data_dict):
        return {"success": True}
    return {"success": False, "msg": tk._("Plan not found")}


def _participant(context: Context, data_dict: DataDict) -> AuthResult:
    if model.User.get(context.get("user") or "") is None:
        return {"success": False, "msg": tk._("Sign in to take part")}
    return _reader(context, data_dict)


def _plan_body(context: Context, data_dict: DataDict) -> AuthResult:
    if _on_plan("package_update", context, data_dict):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the plan's body may do this")}


@tk.auth_allow_anonymous_access
def opendataplan_proposal_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the plan."""
    return _reader(context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_proposal_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the plan."""
    return _reader(context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_comment_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the plan."""
    return _reader(context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_consultation_report(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the plan."""
    return _reader(context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_proposal_create(context: Context, data_dict: DataDict) -> AuthResult:
    """A signed-in user who may see the plan."""
    return _participant(context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_proposal_support(context: Context, data_dict: DataDict) -> AuthResult:
    """A signed-in user who may see the plan."""
    return _participant(context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_proposal_report_abuse(context: Context, data_dict: DataDict) -> AuthResult:
    """A signed-in user who may see the plan."""
    return _participant(context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_comment_create(context: Context, data_dict: DataDict) -> AuthResult:
    """A signed-in user who may see the plan."""
    return _participant(context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_comment_report_abuse(context: Context, data_dict: DataDict) -> AuthResult:
    """A signed-in user who may see the plan."""
    return _participant(context, data_dict)


def opendataplan_proposal_respond(context: Context, data_dict: DataDict) -> AuthResult:
    """The plan's body (who may edit the plan) and sysadmins."""
    return _plan_body(context, data_dict)


def opendataplan_proposal_hide(context: Context, data_dict: DataDict) -> AuthResult:
    """The plan's body (who may edit the plan) and sysadmins."""
    return _plan_body(context, data_dict)


def opendataplan_comment_respond(context: Context, data_dict: DataDict) -> AuthResult:
    """The plan's body (who may edit the plan) and sysadmins."""
    return _plan_body(context, data_dict)


def opendataplan_comment_hide(context: Context, data_dict: DataDict) -> AuthResult:
    """The plan's body (who may edit the plan) and sysadmins."""
    return _plan_body(context, data_dict)


def opendataplan_consultation_close(context: Context, data_dict: DataDict) -> AuthResult:
    """The plan's body (who may edit the plan) and sysadmins."""
    return _plan_body(context, data_dict)
