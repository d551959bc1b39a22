"""Schemas of the inventory actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.opendataplan.common import validators as v
from ckanext.opendataplan.domain import inventory as inventory_rules
from ckanext.opendataplan.inventory import validators as iv


@validator_args
def inventory_item(
    not_empty: Validator,
    ignore_missing: Validator,
    ignore: Validator,
    default: Validator,
    one_of: Validator,
) -> Schema:

    optional_text = [ignore_missing, v.line]
    return {
        "inventory": [not_empty, v.reference],
        "reference": optional_text,
        "title": [v.required_texts],
        "description": [ignore_missing, v.texts],
        "producing_unit": optional_text,
        "theme": optional_text,
        "formats": [ignore_missing, v.as_list],
        "electronic": [default(False), v.as_bool],
        "open_format": [default(False), v.as_bool],
        "restriction": [default("none"), one_of(list(inventory_rules.RESTRICTIONS))],
        "restriction_other": optional_text,
        "demand": [default(0), v.bounded_int(0, inventory_rules.MAX_DEMAND)],
        "datarequests": [ignore_missing, v.as_list, iv.datarequest_ids],
        "quality": [ignore_missing, iv.quality],
        "update_frequency": [ignore_missing, one_of(list(inventory_rules.UPDATE_FREQUENCIES))],
        "planned_publication_date": [ignore_missing, v.as_date],
        "publication_status": [
            default("candidate"),
            one_of(list(inventory_rules.PUBLICATION_STATUSES)),
        ],
        "commitment": [ignore_missing, iv.commitment_reference],
        "milestone": [ignore_missing, v.bounded_int(1, inventory_rules.MAX_ACTIONS)],
        "dataset": [ignore_missing, iv.dataset_reference],
        "__after": [iv.item_checks],
        "__extras": [ignore],
        "__junk": [ignore],
    }


@validator_args
def item_id(not_empty: Validator) -> Schema:

    return {"id": [not_empty, v.reference]}


@validator_args
def by_inventory(ignore_missing: Validator, ignore: Validator) -> Schema:
    """The export and the import: an inventory (one not found answers so before anything
    else), and the import's file (read and checked whole by the import)."""
    return {
        "__before": [iv.inventory_found],
        "inventory": [v.reference],
        "upload": [ignore_missing],
        "__extras": [ignore],
        "__junk": [ignore],
    }


@validator_args
def item_change(not_empty: Validator, keep_extras: Validator) -> Schema:
    """An update: the item's id; the fields it changes are checked with the stored ones
    (:func:`inventory_item`), once the item is found."""
    return {"id": [not_empty, v.reference], "__extras": [keep_extras]}


@validator_args
def item_list(not_empty: Validator, ignore_missing: Validator, one_of: Validator) -> Schema:

    return {
        "inventory": [not_empty, v.reference],
        "q": [ignore_missing, v.line],
        "publication_status": [ignore_missing, one_of(list(inventory_rules.PUBLICATION_STATUSES))],
        "limit": [ignore_missing, v.bounded_int(0, inventory_rules.MAX_ITEMS)],
        "offset": [ignore_missing, v.bounded_int(0, inventory_rules.MAX_ITEMS)],
    }
