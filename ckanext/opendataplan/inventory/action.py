"""Actions on inventory items. An item with a legal impediment is answered as "not
found" to those who may not see it, so that its existence does not leak either."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.opendataplan.common import transaction
from ckanext.opendataplan.inventory import promotion, records, schema, spreadsheet, workbook
from ckanext.opendataplan.inventory import validators as item_validators
from ckanext.opendataplan.model import InventoryItem, inventory_item


def _inventory(data_dict: dict) -> model.Package:
    package = records.get_inventory(data_dict.get("inventory"))
    if package is None:
        raise tk.ObjectNotFound(tk._("Inventory not found"))
    return package


def _visible_item(context: Context, data_dict: DataDict) -> InventoryItem:
    """The item of ``data_dict["id"]`` (an id, as the schemas leave it)."""
    item = records.get_item(data_dict["id"])
    if item is None or not records.can_see(item, context.get("user")):
        raise tk.ObjectNotFound(tk._("Inventory item not found"))
    return item


def _whole_item(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """An update's item as it will be, the stored fields with the changed ones, checked
    whole: the rules tie fields together, and the rights a dataset or commitment needs
    depend on whether the item is already tied to it (which the action input alone does
    not say)."""
    data, errors = tk.navl_validate(data_dict, schema.inventory_item(), context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def _check_reference(inventory_id: str, reference: str, item_id: str | None = None) -> None:
    if inventory_item.reference_taken(inventory_id, reference, item_id):
        raise tk.ValidationError(
            {"reference": [tk._("Another item of this inventory has this reference")]}
        )


def _saved(context: dict, item: InventoryItem) -> dict[str, Any]:
    model.Session.flush()
    records.link_dataset(item)
    records.reindex(item.inventory_id)
    transaction.commit(context)
    return records.as_dict(item, context.get("user"))


@validate(schema.inventory_item)
def opendataplan_inventory_item_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Add an item to an inventory.

    :param inventory: the inventory's id or name
    :param title: ``{lang: text}`` (or text in the portal's default language)
    :param reference: unique in the inventory (default: the next number)
    :param restriction: ``none``, ``personal_data``, ``security``, ``third_party_rights``
        or ``other`` (then ``restriction_other`` says what)
    :param publication_status: ``not_eligible``, ``candidate`` (default), ``planned``
        (needs ``planned_publication_date``) or ``published`` (needs ``dataset``)
    :returns: the item, with ``priority_score`` and ``priority_breakdown``

    Other fields: description, producing_unit, theme, formats, electronic, open_format,
    demand, datarequests, quality (1-5), update_frequency, commitment, milestone.
    """
    package = _inventory(data_dict)
    tk.check_access("opendataplan_inventory_item_create", context, {"inventory": package.id})
    reference = data_dict.get("reference") or records.next_reference(package.id)
    _check_reference(package.id, reference)
    item = InventoryItem(inventory_id=package.id, **records.column_values(data_dict))
    item.reference = reference
    model.Session.add(item)
    return _saved(context, item)


@validate(schema.item_change)
def opendataplan_inventory_item_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Change an item; fields not given keep their value.

    :param id: the item's id
    """
    item = _visible_item(context, data_dict)
    tk.check_access("opendataplan_inventory_item_update", context, {"id": item.id})
    given = {key: value for key, value in data_dict.items() if key != "id"}
    context[item_validators.ALREADY_LINKED] = {item.dataset_id, item.commitment_id}
    data = _whole_item(context, {**records.as_input(item), **given, "inventory": item.inventory_id})
    reference = data.get("reference") or item.reference
    _check_reference(item.inventory_id, reference, item.id)
    for column, value in records.column_values(data).items():
        setattr(item, column, value)
    item.reference = reference
    return _saved(context, item)


@validate(schema.item_id)
def opendataplan_inventory_item_delete(context: Context, data_dict: DataDict) -> None:
    """Remove an item from its inventory; a dataset published from it stays.

    :param id: the item's id
    """
    item = _visible_item(context, data_dict)
    tk.check_access("opendataplan_inventory_item_delete", context, {"id": item.id})
    model.Session.delete(item)
    model.Session.flush()
    records.reindex(item.inventory_id)
    transaction.commit(context)


@tk.side_effect_free
@validate(schema.item_id)
def opendataplan_inventory_item_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """An item, with its priority score and breakdown.

    :param id: the item's id
    """
    item = _visible_item(context, data_dict)
    tk.check_access("opendataplan_inventory_item_show", context, {"id": item.id})
    return records.as_dict(item, context.get("user"))


@tk.side_effect_free
@validate(schema.item_list)
def opendataplan_inventory_item_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """An inventory's items the user may see, highest priority first.

    :param inventory: the inventory's id or name
    :param q: only items whose reference or title contains this text
    :param publication_status: only items of this status
    :param limit: at most this many items (default: all)
    :param offset: skip this many items first
    """
    package = _inventory(data_dict)
    tk.check_access("opendataplan_inventory_item_list", context, {"inventory": package.id})
    query = inventory_item.filtered(
        records.visible_items(package, context.get("user")),
        data_dict.get("q"),
        data_dict.get("publication_status"),
    )
    offset, limit = data_dict.get("offset") or 0, data_dict.get("limit")
    return records.ranked_page(query, offset, limit, context.get("user"))[1]


@tk.side_effect_free
@validate(schema.by_inventory)
def opendataplan_inventory_export(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The items the user may see, as the import template's columns and rows.

    Text that a spreadsheet would run as a formula is made inert with a leading ``'``,
    which the import takes off again.

    :param inventory: the inventory's id or name
    :returns: ``columns`` and ``rows`` (lists of cells)
    """
    package = _inventory(data_dict)
    tk.check_access("opendataplan_inventory_export", context, {"inventory": package.id})
    user = context.get("user")
    items = records.as_dicts(records.visible_items(package, user).all(), user)
    return workbook.table(items)


@validate(schema.by_inventory)
def opendataplan_inventory_import(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Create and update items from an XLSX or CSV file in the template's columns.

    Rows are matched to items by ``reference``. The file is checked whole first: if any
    cell is wrong, nothing is written and every problem is reported.

    :param inventory: the inventory's id or name
    :param upload: the file
    :returns: ``created`` and ``updated``, the numbers of items
    :raises ValidationError: with ``upload``: every problem found, each with ``row``,
        ``column`` and ``message`` (``row`` is empty when the file itself is unreadable)
    """
    package = _inventory(data_dict)
    tk.check_access("opendataplan_inventory_import", context, {"inventory": package.id})
    try:
        sheet = spreadsheet.read(data_dict.get("upload"))
    except spreadsheet.FileProblem as problem:
        raise tk.ValidationError({"upload": [problem.as_dict()]}) from None
    return spreadsheet.import_rows(package, sheet, context)


@validate(schema.item_id)
def opendataplan_inventory_item_promote(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Create a draft dataset from an item, linked both ways and tied to its commitment.

    :param id: the item's id
    :returns: the draft dataset
    """
    item = _visible_item(context, data_dict)
    tk.check_access("opendataplan_inventory_item_promote", context, {"id": item.id})
    return promotion.promote(context, item)
