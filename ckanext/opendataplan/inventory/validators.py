"""Validators of inventory items, used by the item schema, and of the inventory item a
dataset comes from.

Lookups of commitments and datasets are memoised in the context, so that an import of
thousands of rows naming the same few commitments asks the database once for each."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.opendataplan.common import access, packages
from ckanext.opendataplan.common.validators import Key
from ckanext.opendataplan.domain import inventory as inventory_rules
from ckanext.opendataplan.inventory import records

_CACHE = "opendataplan_lookups"


# Context key: the datasets and commitments the items being written are already tied to;
# keeping a tie needs no new right (and a private one stays tied).
ALREADY_LINKED = "opendataplan_already_linked"


def _lookup(context: dict, reference: Any, package_type: str) -> model.Package | None:
    """A package of this type the user may see, or that the item is already tied to, by
    name or id (the package and whether the user may see it memoised per context; what
    the item is tied to is the caller's, per item)."""
    package, visible = _found(context, reference, package_type)
    if package is None or not (visible or package.id in context.get(ALREADY_LINKED, ())):
        return None
    return package


def _found(context: dict, reference: Any, package_type: str) -> tuple[model.Package | None, bool]:
    cache = context.setdefault(_CACHE, {})
    key = (package_type, access.reference(reference))
    if key not in cache:
        package = access.package(key[1], package_type)
        seen = package is not None and access.visible_package(package.id, context, package_type)
        cache[key] = (package, bool(seen))
    return cache[key]


def hidden_from_user(context: dict, package_id: str, package_type: str) -> bool:
    """Whether the user may not see this package (it exists)."""
    package, visible = _found(context, package_id, package_type)
    return package is not None and not visible


def inventory_found(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """Before any field: an inventory that does not exist answers "not found"."""
    if records.get_inventory(data.get(("inventory",))) is None:
        raise tk.ObjectNotFound(tk._("Inventory not found"))


def quality(value: Any) -> int:
    try:
        return inventory_rules.check_quality(value)
    except (TypeError, ValueError) as error:
        raise tk.Invalid(tk._("Quality is a whole number from 1 to 5")) from error


def commitment_reference(value: Any, context: dict) -> str:
    package = _lookup(context, value, "commitment")
    if package is None:
        raise tk.Invalid(tk._("Commitment not found: %s") % access.shown(value))
    return package.id


def dataset_reference(value: Any, context: dict) -> str:
    """A dataset the user may see; tying an item to it anew needs the right to edit it,
    since its page then says where it comes from."""
    package = _lookup(context, value, "dataset")
    if package is None:
        raise tk.Invalid(tk._("Dataset not found: %s") % access.shown(value))
    already = package.id in context.get(ALREADY_LINKED, ())
    if not already and not access.can("package_update", context.get("user"), package.id):
        raise tk.Invalid(tk._("Only those who may edit the dataset may tie it to an item"))
    return package.id


def datarequest_ids(value: list[str], context: dict) -> list[str]:
    """Links to requests of ckanext-datarequests, when that plugin is enabled."""
    if not value:
        return value
    if not p.plugin_loaded("datarequests"):
        raise tk.Invalid(tk._("Linking to data requests needs the datarequests plugin"))
    for request_id in value:
        try:
            tk.get_action("datarequest_show")({"ignore_auth": True}, {"id": request_id})
        except tk.ObjectNotFound as error:
            raise tk.Invalid(tk._("Data request not found: %s") % request_id) from error
    return value


def item_checks(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """Rules between fields, once each field is valid on its own."""
    if any(messages for messages in errors.values()):
        return
    item = {field[0]: value for field, value in data.items() if len(field) == 1}
    for field, message in inventory_rules.check_item(item):
        errors.setdefault((field,), []).append(tk._(message))
    milestone = item.get("milestone")
    if milestone and item.get("commitment"):
        commitment = _lookup(context, item["commitment"], "commitment")
        milestones = packages.load_json(commitment.extras.get("milestones")) if commitment else None
        count = len(milestones) if isinstance(milestones, list) else 0
        if not 1 <= int(milestone) <= count:
            errors.setdefault(("milestone",), []).append(
                tk._("This commitment has no action number %s") % milestone
            )


def opendataplan_inventory_item_reference(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """The inventory item a dataset comes from. Tying a dataset to an item publishes the
    item: it needs the right to edit the item's inventory, an item free of any legal
    impediment, and an item no other dataset has taken."""

    value = data.get(key)
    if value in (None, "", missing):
        return
    item = records.get_item(value)
    stored = access.package(data.get(("id",)))
    kept = stored is not None and item is not None and item.dataset_id in (None, stored.id)
    if kept and stored.extras.get("inventory_item") == item.id:
        return  # the tie is not changing: it needs no new right
    user = context.get("user")
    if item is None or not records.can_see(item, user):
        raise tk.Invalid(tk._("Inventory item not found"))
    data[key] = item.id
    if not access.can("package_update", user, item.inventory_id):
        raise tk.Invalid(tk._("Only those who may edit the inventory may publish its items"))
    if item.restriction != "none":
        raise tk.Invalid(tk._("An item with a legal impediment cannot be published"))
    taken = access.package(item.dataset_id) if item.dataset_id else None
    if taken is not None and (stored is None or taken.id != stored.id):
        raise tk.Invalid(tk._("This item already has its dataset: %s") % taken.name)
