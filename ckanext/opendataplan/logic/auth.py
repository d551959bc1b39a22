"""Auth functions: commitments are edited by their lead institution's editors and by
the admins of the organization that owns their plan (the coordinating body), by no one
else. Everything else falls through to CKAN's own rules."""

from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import access


def _stored_commitment(context: dict, data_dict: dict) -> Any:
    package = context.get("package") or model.Package.get((data_dict or {}).get("id"))
    return package if package is not None and package.type == "commitment" else None


def _commitment_decision(user: str | None, lead_org: str | None, plan_id: str | None) -> dict:
    if access.can_edit_commitment(lead_org, plan_id, user):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._(
            "Only the lead institution's editors and the plan's "
            "coordinators may edit this commitment"
        ),
    }


def _commitment_edit(next_auth: Any, context: dict, data_dict: dict) -> dict:
    package = _stored_commitment(context, data_dict)
    if package is None:
        return next_auth(context, data_dict)
    return _commitment_decision(context.get("user"), package.owner_org, package.extras.get("plan"))


@tk.chained_auth_function
def package_update(next_auth: Any, context: dict, data_dict: dict) -> dict:
    return _commitment_edit(next_auth, context, data_dict)


@tk.chained_auth_function
def package_delete(next_auth: Any, context: dict, data_dict: dict) -> dict:
    return _commitment_edit(next_auth, context, data_dict)


@tk.chained_auth_function
def package_create(next_auth: Any, context: dict, data_dict: dict | None) -> dict:
    """A commitment joins a plan through the plan's own institution: its admins may name
    any lead institution, its editors only their own."""
    data_dict = data_dict or {}
    if data_dict.get("type") == "progress_report":
        return _report_create(next_auth, context, data_dict)
    if data_dict.get("type") != "commitment" or authz.is_sysadmin(context.get("user")):
        return next_auth(context, data_dict)
    plan = model.Package.get(data_dict["plan"]) if data_dict.get("plan") else None
    plan_org = access.plan_owner_org(plan.id) if plan is not None else None
    if plan_org is None:
        return next_auth(context, data_dict)  # the plan validator names the missing plan
    user = context.get("user")
    if access.is_org_admin(plan_org, user):
        return {"success": True}
    lead = data_dict.get("owner_org")
    lead_id = model.Group.get(lead).id if lead and model.Group.get(lead) else lead
    if lead_id == plan_org and authz.users_role_for_group_or_org(plan_org, user) == "editor":
        return {"success": True}
    return {"success": False, "msg": tk._("Only the plan's institution may add commitments to it")}


def _report_create(next_auth: Any, context: dict, data_dict: dict) -> dict:
    """A progress report is entered by those who may edit its plan."""
    plan = model.Package.get(data_dict["plan"]) if data_dict.get("plan") else None
    if plan is not None and plan.type == "plan":
        try:
            tk.check_access("package_update", {"user": context.get("user")}, {"id": plan.id})
        except tk.NotAuthorized:
            return {
                "success": False,
                "msg": tk._("Only those who may edit the plan may report on it"),
            }
    return next_auth(context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_progress_history(context: dict, data_dict: dict) -> dict:
    """Whoever may see the commitment may see its history."""
    tk.check_access("package_show", context, data_dict)
    return {"success": True}


@tk.auth_allow_anonymous_access
def opendataplan_plan_progress(context: dict, data_dict: dict) -> dict:
    """Whoever may see the plan may see its progress."""
    tk.check_access("package_show", context, data_dict)
    return {"success": True}


# Inventories: their items are edited by those who may edit the inventory, and seen by
# those who may see it (items with a legal impediment are filtered in the actions).


def _inventory_id(data_dict: dict) -> str | None:
    from .. import inventory

    if data_dict.get("inventory"):
        package = inventory.get_inventory(data_dict["inventory"])
        return package.id if package is not None else None
    item = inventory.get_item(data_dict.get("id"))
    return item.inventory_id if item is not None else None


def _on_inventory(permission: str, context: dict, data_dict: dict) -> dict:
    inventory_id = _inventory_id(data_dict or {})
    if inventory_id is None:
        return {"success": False, "msg": tk._("Inventory not found")}
    try:
        tk.check_access(permission, {"user": context.get("user")}, {"id": inventory_id})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not allowed on this inventory")}
    return {"success": True}


def _inventory_auth(permission: str, anonymous: bool = False) -> Any:
    def auth(context: dict, data_dict: dict) -> dict:
        return _on_inventory(permission, context, data_dict)

    return tk.auth_allow_anonymous_access(auth) if anonymous else auth


opendataplan_inventory_item_create = _inventory_auth("package_update")
opendataplan_inventory_item_update = _inventory_auth("package_update")
opendataplan_inventory_item_delete = _inventory_auth("package_update")
opendataplan_inventory_import = _inventory_auth("package_update")
opendataplan_inventory_item_promote = _inventory_auth("package_update")
opendataplan_inventory_item_show = _inventory_auth("package_show", anonymous=True)
opendataplan_inventory_item_list = _inventory_auth("package_show", anonymous=True)
opendataplan_inventory_export = _inventory_auth("package_show", anonymous=True)
