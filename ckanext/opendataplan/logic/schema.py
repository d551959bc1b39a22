"""Schemas of the plugin's actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def plan_progress(not_empty: Validator, ignore_missing: Validator) -> Schema:
    from . import item_validators as v

    return {"id": [not_empty, v.reference], "as_of": [ignore_missing, v.as_date]}


@validator_args
def progress_history(not_empty: Validator, default: Validator) -> Schema:
    from . import item_validators as v

    return {"id": [not_empty, v.reference], "include_withdrawn": [default(False), v.as_bool]}


@validator_args
def inventory_item(
    not_empty: Validator,
    ignore_missing: Validator,
    ignore: Validator,
    default: Validator,
    one_of: Validator,
) -> Schema:
    from ..domain import inventory as rules
    from . import item_validators as v

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
        "restriction": [default("none"), one_of(rules.RESTRICTIONS)],
        "restriction_other": optional_text,
        "demand": [default(0), v.bounded_int(0, rules.MAX_DEMAND)],
        "datarequests": [ignore_missing, v.as_list, v.datarequest_ids],
        "quality": [ignore_missing, v.quality],
        "update_frequency": [ignore_missing, one_of(rules.UPDATE_FREQUENCIES)],
        "planned_publication_date": [ignore_missing, v.as_date],
        "publication_status": [default("candidate"), one_of(rules.PUBLICATION_STATUSES)],
        "commitment": [ignore_missing, v.commitment_reference],
        "milestone": [ignore_missing, v.bounded_int(1, rules.MAX_ACTIONS)],
        "dataset": [ignore_missing, v.dataset_reference],
        "__after": [v.item_checks],
        "__extras": [ignore],
        "__junk": [ignore],
    }


@validator_args
def item_id(not_empty: Validator) -> Schema:
    from . import item_validators as v

    return {"id": [not_empty, v.reference]}


@validator_args
def item_list(not_empty: Validator, ignore_missing: Validator, one_of: Validator) -> Schema:
    from ..domain import inventory as rules
    from . import item_validators as v

    return {
        "inventory": [not_empty, v.reference],
        "q": [ignore_missing, v.line],
        "publication_status": [ignore_missing, one_of(rules.PUBLICATION_STATUSES)],
        "limit": [ignore_missing, v.bounded_int(0, rules.MAX_ITEMS)],
        "offset": [ignore_missing, v.bounded_int(0, rules.MAX_ITEMS)],
    }
