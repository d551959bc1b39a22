"""Validators of the co-creation actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import access, multilingual
from ckanext.opendataplan.common import validators as v
from ckanext.opendataplan.domain import participation
from ckanext.opendataplan.participation import contributions

Key = v.Key


def visible_plan(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """Before any field: a plan the user may not see answers "not found", exactly as one
    that does not exist, whatever else the request gets wrong."""
    contributions.plan(data.get(("plan",)), context)


def required_line(value: Any) -> str:
    """One line of text, not blank."""
    text = v.opendataplan_line(value if value is not None else "").strip()
    if not text:
        raise tk.Invalid(tk._("Missing value"))
    return text


def required_paragraph(value: Any) -> str:
    """Text in paragraphs, not blank."""
    text = v.opendataplan_long_text(value if value is not None else "").strip()
    if not text:
        raise tk.Invalid(tk._("Missing value"))
    return text


def merge_target(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """A response "merged" names the proposal it joins: without one, the field says so
    (beside any other field's error, in one answer)."""
    if data.get(("status",)) == "merged" and not data.get(("merged_into",)):
        errors.setdefault(("merged_into",), []).append(
            tk._("Choose another proposal of the same plan")
        )


def ogp_values(value: Any) -> Any:
    if not isinstance(value, list):
        return value  # not a list of texts: as_list has said so
    unknown = [item for item in value if item not in participation.OGP_VALUES]
    if unknown:
        raise tk.Invalid(
            tk._("%s: this value is not one of the choices") % access.shown(unknown[0])
        )
    return list(dict.fromkeys(value))


def language(value: Any) -> str:
    """One of the portal's content languages."""
    offered = multilingual.content_languages()
    if value not in offered:
        raise tk.Invalid(tk._("Choose one of the languages: %s") % ", ".join(offered))
    return value


def public_dataset(value: Any) -> str:
    """A public dataset of the portal (its id): a proposal is public, so what it points
    to must be too; a private one answers as one that does not exist."""
    package = access.package(value, "dataset")
    if package is None or package.private or package.state != "active":
        raise tk.Invalid(tk._("Dataset not found"))
    return package.id
