"""Repeating sections posted by the plugin's forms as ``<field>-<index>-<subfield>``
inputs: a row left untouched is dropped before validation (never an error), and the
"add a row" button re-renders the form with one more row, nothing saved."""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk

# The types whose form this is (forms/helpers.OWN_FORM_TYPES reads it too); every other
# type, CKAN's dataset among them, keeps CKAN's behaviour.
TYPES = ("plan", "commitment", "inventory")
ADD = "_opendataplan_add"  # the name of the "add a row" submit button; its value: the field
# The commitment form's "compute the figure" submit button: the form comes back with the
# figure its activities give (the domain's roll-up rule), every value kept, nothing saved.
PREVIEW = "_opendataplan_preview"
_ROW_INPUT = re.compile(r"^(?P<field>[a-z_]+)-(?P<index>\d+)-(?P<subfield>[a-z_]+)$")


def row_indexes(data: dict[str, Any], field: str) -> list[int]:
    """The indexes of the rows the form posted for ``field``, in their order."""
    found = set()
    for key in data:
        match = _ROW_INPUT.match(key) if isinstance(key, str) else None
        if match and match["field"] == field:
            found.add(int(match["index"]))
    return sorted(found)


def row_values(data: dict[str, Any], field: str) -> list[dict[str, Any]]:
    """The rows of ``field`` as posted (``<field>-<index>-<subfield>`` inputs), else as
    stored (a list of dicts), in their order."""
    posted: dict[int, dict[str, Any]] = {}
    for key, value in data.items():
        match = _ROW_INPUT.match(key) if isinstance(key, str) else None
        if match and match["field"] == field:
            posted.setdefault(int(match["index"]), {})[match["subfield"]] = value
    if posted:
        return [posted[index] for index in sorted(posted)]
    stored = data.get(field)
    return [row for row in stored if isinstance(row, dict)] if isinstance(stored, list) else []


def drop_untouched(data: dict[str, Any]) -> None:
    """Remove the inputs of every posted row whose inputs are all empty."""
    rows: dict[tuple[str, str], list[str]] = {}
    for key in list(data):
        match = _ROW_INPUT.match(key) if isinstance(key, str) else None
        if match:
            rows.setdefault((match["field"], match["index"]), []).append(key)
    for keys in rows.values():
        if all(data[key] in (None, "") for key in keys):
            for key in keys:
                del data[key]


def settle_form(data_dict: dict[str, Any], package_type: Any) -> None:
    """What the form's buttons ask before any check: untouched rows go; "add a row"
    answers with the form again (as a validation answer: CKAN's views re-render the form
    with every value), one row more, nothing written."""
    if package_type not in TYPES:
        return
    drop_untouched(data_dict)
    if data_dict.get(ADD) is not None:
        message = tk._("A row was added: fill it in, then save")
        raise tk.ValidationError({ADD: [message]})
    if data_dict.get(PREVIEW) is not None:
        raise tk.ValidationError({PREVIEW: [tk._("The figure was computed: nothing was saved")]})


def asks_the_form_again(data_dict: dict[str, Any]) -> bool:
    """Whether "add a row" or "compute the figure" was pressed (nothing is saved)."""
    return data_dict.get(ADD) is not None or data_dict.get(PREVIEW) is not None
