"""ckanext-dcat's catalogue actions, limited to datasets when both plugins run: a national
aggregator harvesting ``/catalog.ttl`` gets the portal's data, not its plans."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.opendataplan.catalogue import scope
from ckanext.opendataplan.common import access


def dcat_actions() -> dict[str, Any]:
    """The chains of the ckanext-dcat plugins that are loaded (chaining an absent action
    is an error)."""
    found: dict[str, Any] = {}
    if p.plugin_loaded("dcat"):
        found.update(
            dcat_catalog_show=_datasets_only(),
            dcat_catalog_search=_datasets_only(),
            dcat_dataset_show=dcat_dataset_show,
        )
        if p.plugin_loaded("scheming_datasets"):
            found["scheming_dataset_schema_show"] = scheming_dataset_schema_show
    if p.plugin_loaded("dcat_json_interface"):
        found["dcat_datasets_list"] = _datasets_only()
    return found


def _datasets_only() -> Any:
    """A chain of a dcat catalogue action whose searches list datasets only."""

    @tk.chained_action
    @tk.side_effect_free
    def catalogue(original: Any, context: Context, data_dict: DataDict) -> Any:
        with scope.data_only():
            return original(context, data_dict)

    return catalogue


@tk.chained_action
def dcat_dataset_show(original: Any, context: Context, data_dict: DataDict) -> Any:
    """A plan, commitment, report or inventory has no DCAT description: not found."""
    package = access.package(data_dict.get("id"))
    if package is None or package.type in scope.PLUGIN_TYPES:
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    with scope.data_only():
        return original(context, data_dict)


@tk.chained_action
@tk.side_effect_free
def scheming_dataset_schema_show(original: Any, context: Context, data_dict: DataDict) -> Any:
    """ckanext-dcat asks scheming for a type's schema whenever scheming runs, and fails on
    a type scheming does not handle (CKAN's own ``dataset``, which the portal keeps): in
    dcat's catalogue and descriptions such a type has no schema, as without scheming."""
    try:
        return original(context, data_dict)
    except tk.ObjectNotFound:
        if scope.in_data_only():
            return None
        raise
