"""Validators of inventory items, used by the item schema (not scheming fields).

Lookups of commitments and datasets are memoised in the context, so that an import of
thousands of rows naming the same few commitments asks the database once for each.
"""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from .. import multilingual
from ..domain import inventory as rules
from ..rollup import load_json

Key = tuple[Any, ...]
_CACHE = "opendataplan_lookups"


def _lookup(context: dict, reference: str) -> model.Package | None:
    cache = context.setdefault(_CACHE, {})
    if reference not in cache:
        cache[reference] = model.Package.get(reference)
    return cache[reference]


def texts(value: Any, context: dict) -> dict[str, str]:
    """``{lang: text}``; plain text counts as the portal's default language."""
    if isinstance(value, str) and not value.strip().startswith("{"):
        value = {tk.config.get("ckan.locale_default"): value}
    parsed = multilingual.parse(value)
    unknown = set(parsed) - set(multilingual.content_languages())
    if unknown:
        raise tk.Invalid(tk._("Unknown language: %s") % ", ".join(sorted(unknown)))
    return parsed


def required_texts(value: Any, context: dict) -> dict[str, str]:
    parsed = texts(value, context)
    if not parsed:
        raise tk.Invalid(tk._("Give the text in at least one language"))
    return parsed


def as_bool(value: Any) -> bool:
    try:
        return rules.parse_bool(value)
    except ValueError as error:
        raise tk.Invalid(tk._("Answer yes or no")) from error


def as_list(value: Any) -> list[str]:
    return rules.parse_list(value)


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
    package = _lookup(context, str(value))
    if package is None or package.type != "commitment" or package.state != "active":
        raise tk.Invalid(tk._("Commitment not found: %s") % value)
    return package.id


def dataset_reference(value: Any, context: dict) -> str:
    package = _lookup(context, str(value))
    if package is None or package.type != "dataset" or package.state == "deleted":
        raise tk.Invalid(tk._("Dataset not found: %s") % value)
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
        commitment = _lookup(context, item["commitment"])
        milestones = load_json(commitment.extras.get("milestones")) if commitment else None
        count = len(milestones) if isinstance(milestones, list) else 0
        if not 1 <= int(milestone) <= count:
            errors.setdefault(("milestone",), []).append(
                tk._("This commitment has no action number %s") % milestone
            )
