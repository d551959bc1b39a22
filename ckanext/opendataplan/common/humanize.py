"""CKAN's words for a kind of package ("Create Progress report", "Update Progress
report") for the plugin's types, in the page's language: CKAN builds them from the
type's code, in English, and on a form that CKAN still draws (the progress report's)
they would be English on an Arabic page. CKAN's ``dataset`` and every other type, and
every plural use (CKAN adds an "s"), keep CKAN's words."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

TYPES = ("plan", "commitment", "progress_report", "inventory")


def N_(message: str) -> str:  # noqa: N802 (gettext's name for a string only extracted)
    return message


# CKAN's package templates say a type as ``_(dataset_type.title())``, "Progress_Report"
# in the breadcrumb of the report's form: extracted from here, the catalog has it.
CKAN_TYPE_TITLES = (N_("Progress_Report"), N_("Inventory"))


def _type_labels() -> dict[str, str]:
    _ = tk._
    return {
        "plan": _("Plan"),
        "commitment": _("Commitment"),
        "progress_report": _("Progress report"),
        "inventory": _("Inventory"),
    }


def _phrases() -> dict[str, str]:
    _ = tk._
    return {
        "add link": _("Add: {object_type}"),
        "create label": _("New: {object_type}"),
        "create title": _("New: {object_type}"),
        "edit label": _("Edit: {object_type}"),
        "view label": _("View: {object_type}"),
        "save label": _("Save: {object_type}"),
        "update label": _("Save: {object_type}"),
        "delete confirmation": _("Delete this {object_type}?"),
    }


@tk.chained_helper
def humanize_entity_type(up: Any, entity_type: str, object_type: str, purpose: str) -> Any:
    """The plugin's types in the page's language for the purposes that name one
    object; CKAN's answer otherwise."""
    phrase = _phrases().get(purpose)
    if entity_type != "package" or object_type not in TYPES or phrase is None:
        return up(entity_type, object_type, purpose)
    return phrase.format(object_type=_type_labels()[object_type])
