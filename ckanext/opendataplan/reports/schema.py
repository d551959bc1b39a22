"""Schema of the reports' action."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.opendataplan.common import validators as v


@validator_args
def progress_history(not_empty: Validator, default: Validator) -> Schema:

    return {"id": [not_empty, v.reference], "include_withdrawn": [default(False), v.as_bool]}
