"""What the data catalogue is: datasets, not the plugin's plans, commitments, reports and
inventories. They are stored as CKAN datasets, so every channel that counts or federates
datasets would count them too; these rules keep them out of it while the API and their
own pages keep them."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

# The dataset types this plugin defines: not data, though stored as datasets.
PLUGIN_TYPES = ("plan", "commitment", "progress_report", "inventory")

NOT_PLUGIN_TYPES = "-dataset_type:({})".format(" OR ".join(PLUGIN_TYPES))

# Web endpoints whose searches are searches of the data catalogue although they do not
# name a type: the home page's figures, the dataset search (CKAN 2.12 no longer limits it
# to its type), an institution's or a group's page, and ckanext-dcat's feeds.
_CATALOGUE_PAGES = ("home.", "dataset.", "organization.", "group.", "dcat.")


def names_a_type(search_params: dict[str, Any]) -> bool:
    filters = [search_params.get("fq") or "", *(search_params.get("fq_list") or [])]
    return any("dataset_type:" in f for f in filters)


def only_data(search_params: dict[str, Any]) -> dict[str, Any]:
    """The search restricted to datasets when a catalogue page made it without naming a
    type; any other search as it is."""
    if names_a_type(search_params) or not _from_catalogue_page():
        return search_params
    return {**search_params, "fq_list": [*(search_params.get("fq_list") or []), NOT_PLUGIN_TYPES]}


def _from_catalogue_page() -> bool:
    return has_request_context() and (request.endpoint or "").startswith(_CATALOGUE_PAGES)


def with_data_filter(data_dict: dict[str, Any]) -> dict[str, Any]:
    """A ckanext-dcat catalogue request (``fq``) limited to datasets."""
    return {**data_dict, "fq": f"{data_dict.get('fq') or ''} {NOT_PLUGIN_TYPES}".strip()}
