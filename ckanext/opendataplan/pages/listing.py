"""The list pages of the plugin's types (/plan, /commitment, /progress_report,
/inventory): CKAN's search answers them, these helpers give the page its words, its
filters and the titles of the plans its rows belong to."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchQueryError

from ckanext.opendataplan.common import choices
from ckanext.opendataplan.organizations import helpers as institution_helpers
from ckanext.opendataplan.plans import facets

# The filters of each type's list, in order: a search field, and where its choices come
# from ("schema": the field's choices; "facet": the values the search found; "year": a
# year typed in). The year is a search extra (``ext_year``): CKAN would make any other
# parameter an exact match on a field.
FILTERS: dict[str, tuple[tuple[str, str], ...]] = {
    "plan": (
        ("organization", "facet"),
        ("plan_kind", "schema"),
        ("version_status", "schema"),
        ("ext_year", "year"),
    ),
    "commitment": (
        ("organization", "facet"),
        ("plan", "facet"),
        ("completion_level", "facet"),
    ),
    "progress_report": (("plan", "facet"), ("ext_year", "year")),
    "inventory": (
        ("organization", "facet"),
        ("inventory_status", "schema"),
        ("ext_year", "year"),
    ),
}

# Facets CKAN must count for each list (it counts organization for every type).
FACETS = {
    "commitment": ("completion_level", "plan"),
    "plan": ("plan_kind", "version_status"),
    "progress_report": ("plan",),
    "inventory": ("inventory_status",),
}

YEAR = "ext_year"
# CKAN's facets that mean nothing for these types: they stay off their searches.
DATASET_ONLY_FACETS = ("groups", "tags", "res_format", "license_id")


def filter_labels() -> dict[str, str]:
    return {
        "organization": tk._("Institution"),
        "plan_kind": tk._("Kind of plan"),
        "version_status": tk._("Version status"),
        "completion_level": tk._("Completion level"),
        "plan": tk._("Plan"),
        "inventory_status": tk._("Inventory status"),
        "ext_year": tk._("Year"),
    }


def facet_titles(facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
    """The facets a type's list counts: CKAN's for datasets, the list's own for the
    plugin's types."""
    if package_type not in FILTERS:
        return facets_dict
    for name in DATASET_ONLY_FACETS:
        facets_dict.pop(name, None)
    labels = filter_labels()
    for name in FACETS[package_type]:
        facets_dict[name] = labels[name]
    return facets_dict


def opendataplan_list_title(dataset_type: str) -> str:
    """The list page's heading and the breadcrumb's last step."""
    return {
        "plan": tk._("Plans"),
        "commitment": tk._("Commitments"),
        "progress_report": tk._("Progress reports"),
        "inventory": tk._("Data inventories"),
    }.get(dataset_type, "")


def opendataplan_list_add(dataset_type: str) -> str:
    """The words of the list's button to the type's form."""
    return {
        "plan": tk._("Add a plan"),
        "commitment": tk._("Add a commitment"),
        "progress_report": tk._("Add a progress report"),
        "inventory": tk._("Add an inventory"),
    }.get(dataset_type, "")


def opendataplan_list_filters(
    dataset_type: str, search_facets: dict[str, Any]
) -> list[dict[str, Any]]:
    """The list's filters: name, label, the value chosen and the choices
    ({value, label}); a year filter has no choices."""
    labels = filter_labels()
    found = []
    for name, source in FILTERS.get(dataset_type, ()):
        chosen = tk.request.args.get(name, "")
        options: list[dict[str, str]] | None = None
        if source == "schema":
            options = [
                {"value": value, "label": label}
                for value, label in choices.labels(dataset_type, name).items()
            ]
        elif source == "facet":
            items = (search_facets.get(name) or {}).get("items") or []
            options = sorted(
                (_facet_option(name, i) for i in items),
                key=lambda option: option["label"],
            )
        found.append({"name": name, "label": labels[name], "chosen": chosen, "options": options})
    return found


def _facet_option(name: str, item: dict[str, Any]) -> dict[str, str]:
    """A facet's choice as the page names it: an institution in the page's language."""
    if name == "organization":
        named = institution_helpers.opendataplan_institution(item["name"])
        if named.lang:  # an active institution
            return {"value": item["name"], "label": named.title, "lang": named.lang}
    return {"value": item["name"], "label": item["display_name"]}


def opendataplan_list_plans(packages: list[dict[str, Any]]) -> dict[str, str]:
    """The titles of the plans the listed packages belong to, that the visitor may see
    (two queries for the whole page)."""
    return facets.visible_plan_titles([pkg.get("plan") or "" for pkg in packages])


def year_filter(search_params: dict[str, Any]) -> dict[str, Any]:
    """``ext_year`` of a list page: the packages whose period (or meeting) falls in that
    year."""
    value = str((search_params.get("extras") or {}).get(YEAR) or "").strip()
    if not value:
        return search_params
    if not (value.isascii() and value.isdigit() and 1900 <= int(value) <= 2200):
        raise SearchQueryError(tk._("year: enter a year such as 2020"))
    year, after = int(value), int(value) + 1
    # period_start/period_end are indexed as text, meeting_date (a *_date) as a date
    covers = (
        f'(period_start:[* TO "{after}"}} AND period_end:["{year}" TO *])'
        f" OR meeting_date:[{year}-01-01T00:00:00Z TO {after}-01-01T00:00:00Z}}"
    )
    return {**search_params, "fq_list": [*(search_params.get("fq_list") or []), covers]}
