"""Schema of the IRM assessment action."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError, missing
from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.opendataplan.domain import irm

Key = tuple[Any, ...]


def assessment_choice(scale: tuple[str, ...]) -> Validator:
    """One of ``scale``; empty (``""`` or ``None``) clears the field, left out keeps it."""

    def validator(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
        value = data.get(key)
        if value is missing:
            data.pop(key, None)
            raise StopOnError
        if value in (None, ""):
            data[key] = ""
        elif not (isinstance(value, str) and value in scale):
            errors[key].append(tk._("Choose one of: %s") % ", ".join(scale))

    return validator


@validator_args
def irm_assessment(ignore_missing: Validator, ignore: Validator) -> Schema:
    """The commitment (found by the action: one the user may not see is "not found") and
    the IRM's fields."""
    return {
        "id": [ignore_missing],
        **{name: [assessment_choice(scale)] for name, scale in irm.ASSESSMENT_FIELDS.items()},
        "__extras": [ignore],
        "__junk": [ignore],
    }
