"""Schema of the plans' action."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.opendataplan.common import validators as v


@validator_args
def plan_progress(not_empty: Validator, ignore_missing: Validator) -> Schema:

    return {"id": [not_empty, v.reference], "as_of": [ignore_missing, v.as_date]}
