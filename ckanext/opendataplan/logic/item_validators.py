"""Validators of inventory items, used by the item schema (not scheming fields).

Lookups of commitments and datasets are memoised in the context, so that an import of
thousands of rows naming the same few commitments asks the database once for each.
"""

from __future__ import annotations

import json
from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from .. import access, multilingual
from ..domain import inventory as rules
from ..domain.rules import NotFinite, as_finite
from ..rollup import load_json
from .validators import opendataplan_line, opendataplan_long_text

Key = tuple[Any, ...]
_CACHE = "opendataplan_lookups"
# Context key: the datasets and commitments the items being written are already tied to;
# keeping a tie needs no new right (and a private one stays tied).
ALREADY_LINKED = "opendataplan_already_linked"
MAX_LIST_LENGTH = 100


def _lookup(context: dict, reference: Any, package_type: str) -> model.Package | None:
    """A package of this type the user may see, or that the item is already tied to, by
    name or id (memoised per context)."""
    cache = context.setdefault(_CACHE, {})
    key = (package_type, access.reference(reference))
    if key not in cache:
        package = access.package(key[1], package_type)
        if package is not None and package.id not in context.get(ALREADY_LINKED, ()):
            package = access.visible_package(package.id, context, package_type)
        cache[key] = package
    return cache[key]


def texts(value: Any, context: dict) -> dict[str, str]:
    """``{lang: text}``; plain text counts as the portal's default language."""
    if isinstance(value, str) and not value.strip().startswith("{"):
        value = {tk.config.get("ckan.locale_default"): value}
    elif isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as error:
            raise tk.Invalid(tk._("Enter text")) from error
    if not isinstance(value, dict) or not all(isinstance(t, str) for t in value.values()):
        raise tk.Invalid(tk._('Give the text as {"ar": "...", "fr": "...", "en": "..."}'))
    parsed = multilingual.parse(value)
    unknown = set(parsed) - set(multilingual.content_languages())
    if unknown:
        raise tk.Invalid(tk._("Unknown language: %s") % access.shown(", ".join(sorted(unknown))))
    for text in parsed.values():
        opendataplan_long_text(text)
    return parsed


def required_texts(value: Any, context: dict) -> dict[str, str]:
    parsed = texts(value, context)
    if not parsed:
        raise tk.Invalid(tk._("Give the text in at least one language"))
    return parsed


def as_bool(value: Any) -> bool:
    try:
        if not isinstance(value, (bool, str, int)):
            raise ValueError(value)
        return rules.parse_bool(value)
    except ValueError as error:
        raise tk.Invalid(tk._("Answer yes or no")) from error


def as_list(value: Any) -> list[str]:
    """Formats and request ids: short texts, a list or separated by commas."""
    is_texts = isinstance(value, list) and all(isinstance(v, str) for v in value)
    if not (is_texts or (isinstance(value, str) and not isinstance(value, NotFinite))):
        raise tk.Invalid(tk._("Enter a list of texts"))
    parts = rules.parse_list(opendataplan_long_text(value) if isinstance(value, str) else value)
    if len(parts) > MAX_LIST_LENGTH:
        raise tk.Invalid(tk._("At most %(limit)s values") % {"limit": MAX_LIST_LENGTH})
    return [opendataplan_line(part) for part in parts]


def reference(value: Any) -> str:
    """An id or a name: short text, nothing else."""
    found = access.reference(value)
    if found is None:
        raise tk.Invalid(tk._("Enter an id or a name"))
    return found


def line(value: Any) -> Any:
    """One line of text, stripped; empty stays empty."""
    return opendataplan_line(value).strip() if value not in (None, "") else value


def bounded_int(low: int, high: int) -> Any:
    """A whole number from ``low`` to ``high`` (what the table's column holds)."""

    def validator(value: Any) -> int:
        number = as_finite(value)
        if number is None or not number.is_integer() or not low <= number <= high:
            raise tk.Invalid(
                tk._("Enter a whole number from %(low)s to %(high)s") % {"low": low, "high": high}
            )
        return int(number)

    return validator


def quality(value: Any) -> int:
    try:
        return rules.check_quality(value)
    except (TypeError, ValueError) as error:
        raise tk.Invalid(tk._("Quality is a whole number from 1 to 5")) from error


def as_date(value: Any) -> Any:
    try:
        return rules.parse_date(value)
    except ValueError as error:
        raise tk.Invalid(tk._("Enter a date as YYYY-MM-DD")) from error


def commitment_reference(value: Any, context: dict) -> str:
    package = _lookup(context, value, "commitment")
    if package is None:
        raise tk.Invalid(tk._("Commitment not found: %s") % access.shown(value))
    return package.id


def dataset_reference(value: Any, context: dict) -> str:
    """A dataset the user may see; tying an item to it anew needs the right to edit it,
    since its page then says where it comes from."""
    package = _lookup(context, value, "dataset")
    if package is None:
        raise tk.Invalid(tk._("Dataset not found: %s") % access.shown(value))
    already = package.id in context.get(ALREADY_LINKED, ())
    if not already and not access.can("package_update", context.get("user"), package.id):
        raise tk.Invalid(tk._("Only those who may edit the dataset may tie it to an item"))
    return package.id


def datarequest_ids(value: list[str], context: dict) -> list[str]:
    """Links to requests of ckanext-datarequests, when that plugin is enabled."""
    if not value:
        return value
    if not p.plugin_loaded("datarequests"):
        raise tk.Invalid(tk._("Linking to data requests needs the datarequests plugin"))
    for request_id in value:
        try:
            tk.get_action("datarequest_show")({"ignore_auth": True}, {"id": request_id})
        except tk.ObjectNotFound as error:
            raise tk.Invalid(tk._("Data request not found: %s") % request_id) from error
    return value


def item_checks(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """Rules between fields, once each field is valid on its own."""
    if any(messages for messages in errors.values()):
        return
    item = {field[0]: value for field, value in data.items() if len(field) == 1}
    for field, message in rules.check_item(item):
        errors.setdefault((field,), []).append(tk._(message))
    milestone = item.get("milestone")
    if milestone and item.get("commitment"):
        commitment = _lookup(context, item["commitment"], "commitment")
        milestones = load_json(commitment.extras.get("milestones")) if commitment else None
        count = len(milestones) if isinstance(milestones, list) else 0
        if not 1 <= int(milestone) <= count:
            errors.setdefault(("milestone",), []).append(
                tk._("This commitment has no action number %s") % milestone
            )
