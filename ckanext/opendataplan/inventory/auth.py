"""Inventories: their items are edited by those who may edit the inventory, and seen by
those who may see it (items with a legal impediment are filtered in the actions)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.opendataplan.inventory import records


def _inventory_id(data_dict: DataDict) -> str | None:

    if data_dict.get("inventory"):
        package = records.get_inventory(data_dict["inventory"])
        return package.id if package is not None else None
    item = records.get_item(data_dict.get("id"))
    return item.inventory_id if item is not None else None


def _on_inventory(permission: str, context: Context, data_dict: DataDict) -> AuthResult:
    inventory_id = _inventory_id(data_dict or {})
    if inventory_id is None:
        return {"success": False, "msg": tk._("Inventory not found")}
    try:
        tk.check_access(permission, {"user": context.get("user")}, {"id": inventory_id})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not allowed on this inventory")}
    return {"success": True}


def opendataplan_inventory_item_create(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may edit the inventory."""
    return _on_inventory("package_update", context, data_dict)


def opendataplan_inventory_item_update(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may edit the inventory."""
    return _on_inventory("package_update", context, data_dict)


def opendataplan_inventory_item_delete(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may edit the inventory."""
    return _on_inventory("package_update", context, data_dict)


def opendataplan_inventory_import(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may edit the inventory."""
    return _on_inventory("package_update", context, data_dict)


def opendataplan_inventory_item_promote(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may edit the inventory."""
    return _on_inventory("package_update", context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_inventory_item_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the inventory."""
    return _on_inventory("package_show", context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_inventory_item_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the inventory."""
    return _on_inventory("package_show", context, data_dict)


@tk.auth_allow_anonymous_access
def opendataplan_inventory_export(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the inventory."""
    return _on_inventory("package_show", context, data_dict)
