"""Inventories: their items are edited by those who may edit the inventory, and seen by
those who may see it (items with a legal impediment are filtered in the actions)."""

from __future__ import annotations

from typing import Any

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


def _inventory_auth(permission: str, anonymous: bool = False) -> Any:
    def auth(context: Context, data_dict: DataDict) -> AuthResult:
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
