"""Validators for scheming fields, registered with the ``opendataplan_`` prefix."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ..domain import progress


def opendataplan_percent(value: Any) -> Any:
    if value is None or value == "":
        return value
    try:
        return progress.check_percent(int(value))
    except (TypeError, ValueError) as error:
        raise tk.Invalid(tk._("Progress must be a whole number between 0 and 100")) from error
