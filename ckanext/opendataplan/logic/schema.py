"""Schemas of the plugin's actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator


@validator_args
def plan_progress(
    not_empty: Validator, unicode_safe: Validator, ignore_missing: Validator, isodate: Validator
) -> Schema:
    return {"id": [not_empty, unicode_safe], "as_of": [ignore_missing, isodate]}


@validator_args
def progress_history(
    not_empty: Validator,
    unicode_safe: Validator,
    boolean_validator: Validator,
    default: Validator,
) -> Schema:
    return {
        "id": [not_empty, unicode_safe],
        "include_withdrawn": [default(False), boolean_validator],
    }


@validator_args
def inventory_item(
    not_empty: Validator,
    ignore_missing: Validator,
    ignore: Validator,
    unicode_safe: Validator,
    strip_value: Validator,
    default: Validator,
    one_of: Validator,
    natural_number_validator: Validator,
    int_validator: Validator,
) -> Schema:
    from ..domain import inventory as rules
    from . import item_validators as v

    optional_text = [ignore_missing, unicode_safe, strip_value]
    return {
        "inventory": [not_empty, unicode_safe],
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
        "demand": [default(0), natural_number_validator],
        "datarequests": [ignore_missing, v.as_list, v.datarequest_ids],
        "quality": [ignore_missing, v.quality],
        "update_frequency": [ignore_missing, one_of(rules.UPDATE_FREQUENCIES)],
        "planned_publication_date": [ignore_missing, v.as_date],
        "publication_status": [default("candidate"), one_of(rules.PUBLICATION_STATUSES)],
        "commitment": [ignore_missing, unicode_safe, v.commitment_reference],
        "milestone": [ignore_missing, int_validator],
        "dataset": [ignore_missing, unicode_safe, v.dataset_reference],
        "__after": [v.item_checks],
        "__extras": [ignore],
        "__junk": [ignore],
    }


@validator_args
def item_id(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe]}


@validator_args
def item_list(
    not_empty: Validator,
    unicode_safe: Validator,
    ignore_missing: Validator,
    natural_number_validator: Validator,
) -> Schema:
    return {
        "inventory": [not_empty, unicode_safe],
        "q": [ignore_missing, unicode_safe],
        "publication_status": [ignore_missing, unicode_safe],
        "limit": [ignore_missing, natural_number_validator],
        "offset": [ignore_missing, natural_number_validator],
    }
