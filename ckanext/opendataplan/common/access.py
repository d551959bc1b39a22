"""Who may see and edit what: the rules the auth functions, validators and pages share.

References to other objects (a plan, a commitment, an item, an institution) arrive from
users as anything at all; :func:`reference` keeps only what can be an id or a name, so
that a list, a NUL byte or a lone surrogate is "not found", never a database error.
"""

from __future__ import annotations

import json
import re
from typing import Any

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.opendataplan.common import compat

EDITING_ROLES = ("editor", "admin")
# A draft (CKAN's "Unpublish") is shown to those who may edit it, as CKAN's package_show
# auth decides; the figures' actions answer for it like for an active one.
SHOWN_STATES = ("active", "draft")
MAX_REFERENCE_LENGTH = 100  # CKAN's longest name; ids are 36


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def is_clean_text(value: str) -> bool:
    """No NUL byte and no lone surrogate: what PostgreSQL and UTF-8 can store."""
    return _UNSTORABLE.search(value) is None


def reference(value: Any) -> str | None:
    """``value`` if it can be the id or name of something, else ``None``."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_REFERENCE_LENGTH:
        return None
    return value if is_clean_text(value) else None


def shown(value: Any, limit: int = 100) -> str:
    """A value as an error message may quote it: short, and printable."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    cleaned = "".join(char for char in text[:limit] if char.isprintable() and is_clean_text(char))
    return cleaned + ("…" if len(text) > limit else "")


def package(value: Any, package_type: str | None = None) -> model.Package | None:
    """The active (or draft) package named or identified by ``value``, of this type."""
    ref = reference(value)
    found = model.Package.get(ref) if ref else None
    if found is None or found.state == "deleted":
        return None
    if package_type is not None and found.type != package_type:
        return None
    return found


def organization(value: Any) -> model.Group | None:
    ref = reference(value)
    group = model.Group.get(ref) if ref else None
    return group if group is not None and group.is_organization else None


def can(permission: str, user: str | None, package_id: str) -> bool:
    """Whether ``user`` passes ``permission`` (``package_show``, ``package_update``)."""
    try:
        tk.check_access(permission, {"user": user or ""}, {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def visible_package(
    value: Any, context: dict[str, Any], package_type: str | None = None
) -> model.Package | None:
    """The package if the context's user may see it: what a user may not see answers
    exactly like what does not exist. The user's own rights count even when the action
    itself is called with ``ignore_auth`` (internal calls act as the site user)."""
    found = package(value, package_type)
    if found is None or found.state != "active":
        return None
    return found if _readable(found, context.get("user")) else None


def _readable(row: model.Package, user: str | None) -> bool:
    """An active public package is readable by anyone (CKAN's ``package_show``); a
    private one, by the users CKAN's check lets by."""
    return not row.private or can("package_show", user, row.id)


def visible_packages(
    values: list[Any], context: dict[str, Any], package_type: str
) -> dict[str, model.Package]:
    """:func:`visible_package` for many references at once, ``{reference: package}``:
    one query, and an authorization check for the private ones only."""
    refs = {ref for ref in map(reference, values) if ref}
    if not refs:
        return {}
    rows = (
        compat.with_extras(model.Session.query(model.Package))  # their plan is read next
        .filter(
            sa.or_(model.Package.id.in_(refs), model.Package.name.in_(refs)),
            model.Package.type == package_type,
            model.Package.state == "active",
        )
        .all()
    )
    by_id = {row.id: row for row in rows}
    by_name = {row.name: row for row in rows}
    user = context.get("user")
    found = {ref: by_id.get(ref) or by_name.get(ref) for ref in refs}
    return {ref: row for ref, row in found.items() if row is not None and _readable(row, user)}


def is_org_admin(org_id: str | None, user: str | None) -> bool:
    return bool(org_id and user) and (
        authz.is_sysadmin(user) or authz.users_role_for_group_or_org(org_id, user) == "admin"
    )


def plan_owner_org(plan_id: str | None) -> str | None:
    plan = package(plan_id, "plan")
    return plan.owner_org if plan is not None else None


def can_edit_commitment(lead_org: str | None, plan_id: str | None, user: str | None) -> bool:
    """Editors and admins of the lead institution, and admins of the plan's organization."""
    if not user:
        return False
    if authz.is_sysadmin(user):
        return True
    if lead_org and authz.users_role_for_group_or_org(lead_org, user) in EDITING_ROLES:
        return True
    return is_org_admin(plan_owner_org(plan_id), user)


def is_coordinating_body(org_id: str | None) -> bool:
    """Organizations the portal lists in ``ckanext.opendataplan.coordinating_bodies``:
    their admins may name any institution as a commitment's lead."""
    group = organization(org_id)
    listed = set(tk.aslist(tk.config.get("ckanext.opendataplan.coordinating_bodies")))
    return group is not None and bool({group.id, group.name} & listed)


def may_name_any_lead(plan_org: str | None, user: str | None) -> bool:
    """Sysadmins, and the admins of a coordinating body for the plans it owns."""
    if not user:
        return False
    return authz.is_sysadmin(user) or (
        is_org_admin(plan_org, user) and is_coordinating_body(plan_org)
    )


def can_add_commitment(plan_id: str, lead_org: str | None, user: str | None) -> bool:
    """Joining a plan: a coordinating body's admins (for any lead institution), and the
    plan organization's editors and admins with an institution they edit as lead."""
    plan_org = plan_owner_org(plan_id)
    if not user or plan_org is None:
        return False
    if may_name_any_lead(plan_org, user):
        return True
    lead = organization(lead_org)
    return (
        lead is not None
        and authz.users_role_for_group_or_org(plan_org, user) in EDITING_ROLES
        and (lead.id == plan_org or authz.users_role_for_group_or_org(lead.id, user) == "admin")
    )


def may_assess_irm(user: str | None) -> bool:
    """Sysadmins and the users named in ``ckanext.opendataplan.irm_assessors``: they set
    the IRM's own assessment of commitments."""
    if not user:
        return False
    if authz.is_sysadmin(user):
        return True
    account = model.User.get(user)
    named = set(tk.aslist(tk.config.get("ckanext.opendataplan.irm_assessors")))
    return account is not None and bool({account.id, account.name} & named)


def is_member(org_id: str | None, user: str | None) -> bool:
    """Members of the institution in any role, and sysadmins: they see restricted items."""
    if not user:
        return False
    if authz.is_sysadmin(user):
        return True
    return bool(org_id) and authz.users_role_for_group_or_org(org_id, user) is not None


def viewer_name() -> str | None:
    """The user a request is answered for; none outside a request (the CLI, jobs)."""
    from flask import has_request_context

    return current_user_name() if has_request_context() else None


def current_user_name() -> str | None:
    user = tk.current_user
    return user.name if user and user.is_authenticated else None


def check_visible(auth: str, context: dict[str, Any], package_id: str, not_found: str) -> None:
    """What the user may not see answers exactly like what does not exist."""
    try:
        tk.check_access(auth, context, {"id": package_id})
    except tk.NotAuthorized as error:
        raise tk.ObjectNotFound(not_found) from error
