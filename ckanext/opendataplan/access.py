"""Who may edit what: the rules the auth functions and validators share."""

from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

EDITING_ROLES = ("editor", "admin")


def is_org_admin(org_id: str | None, user: str | None) -> bool:
    return bool(org_id and user) and (
        authz.is_sysadmin(user) or authz.users_role_for_group_or_org(org_id, user) == "admin"
    )


def plan_owner_org(plan_id: str | None) -> str | None:
    plan = model.Package.get(plan_id) if plan_id else None
    return plan.owner_org if plan and plan.type == "plan" else None


def can_edit_commitment(lead_org: str | None, plan_id: str | None, user: str | None) -> bool:
    """Editors and admins of the lead institution, and admins of the plan's organization."""
    if not user:
        return False
    if authz.is_sysadmin(user):
        return True
    if lead_org and authz.users_role_for_group_or_org(lead_org, user) in EDITING_ROLES:
        return True
    return is_org_admin(plan_owner_org(plan_id), user)


def is_member(org_id: str | None, user: str | None) -> bool:
    """Members of the institution in any role, and sysadmins: they see restricted items."""
    if not user:
        return False
    if authz.is_sysadmin(user):
        return True
    return bool(org_id) and authz.users_role_for_group_or_org(org_id, user) is not None


def current_user_name() -> str | None:
    user = tk.current_user
    return user.name if user and user.is_authenticated else None
