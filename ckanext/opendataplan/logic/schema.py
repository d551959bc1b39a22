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
