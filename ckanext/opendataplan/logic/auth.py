"""Auth functions: commitments are edited by their lead institution's editors and by
the admins of the organization that owns their plan (the coordinating body), by no one
else. Everything else falls through to CKAN's own rules."""

from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk

from .. import access


def _stored(context: dict, data_dict: dict) -> Any:
    return context.get("package") or access.package((data_dict or {}).get("id"))


def _refused(message: str) -> dict:
    return {"success": False, "msg": message}


def _commitment_edit(context: dict, data_dict: dict, package: Any) -> dict:
    """Editing a commitment, and moving it: leaving its plan needs the right to edit that
    plan, joining another the right to add commitments to it."""
    user = context.get("user")
    if not access.can_edit_commitment(package.owner_org, package.extras.get("plan"), user):
        return _refused(
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
        return _refused(tk._("Only those who may edit the plan may take a commitment out of it"))
    lead = data_dict.get("owner_org") or package.owner_org
    if not access.can_add_commitment(target.id, lead, user):
        return _refused(tk._("Only the plan's institution may add commitments to it"))
    return {"success": True}


def _report_edit(next_auth: Any, context: dict, data_dict: dict, package: Any) -> dict:
    """A report is edited by those who may edit its plan, and may only be moved to a plan
    they may edit too: exactly the create rule."""
    plan_ids = {package.extras.get("plan")}
    if "plan" in (data_dict or {}):
        plan_ids.add(data_dict.get("plan"))
    for plan_id in plan_ids:
        refusal = _report_plan_refusal(context, plan_id)
        if refusal:
            return refusal
    return next_auth(context, data_dict)


def _report_plan_refusal(context: dict, plan_reference: Any) -> dict | None:
    plan = access.package(plan_reference, "plan")
    if plan is None:
        return None  # the plan validator names the missing plan
    if access.can("package_update", context.get("user"), plan.id):
        return None
    return _refused(tk._("Only those who may edit the plan may report on it"))


def _edit(next_auth: Any, context: dict, data_dict: dict) -> dict:
    package = _stored(context, data_dict)
    if package is not None and package.type == "commitment":
        return _commitment_edit(context, data_dict or {}, package)
    if package is not None and package.type == "progress_report":
        return _report_edit(next_auth, context, data_dict, package)
    return next_auth(context, data_dict)


@tk.chained_auth_function
def package_update(next_auth: Any, context: dict, data_dict: dict) -> dict:
    return _edit(next_auth, context, data_dict)


@tk.chained_auth_function
def package_delete(next_auth: Any, context: dict, data_dict: dict) -> dict:
    return _edit(next_auth, context, {"id": (data_dict or {}).get("id")})


@tk.chained_auth_function
def package_create(next_auth: Any, context: dict, data_dict: dict | None) -> dict:
    """A commitment joins a plan through the plan's own institution: its admins may name
    any lead institution, its editors only their own."""
    data_dict = data_dict or {}
    if data_dict.get("type") == "progress_report":
        refusal = _report_plan_refusal(context, data_dict.get("plan"))
        return refusal or next_auth(context, data_dict)
    if data_dict.get("type") != "commitment" or authz.is_sysadmin(context.get("user")):
        return next_auth(context, data_dict)
    plan = access.package(data_dict.get("plan"), "plan")
    if plan is None:
        return next_auth(context, data_dict)  # the plan validator names the missing plan
    if access.can_add_commitment(plan.id, data_dict.get("owner_org"), context.get("user")):
        return {"success": True}
    return _refused(tk._("Only the plan's institution may add commitments to it"))


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
