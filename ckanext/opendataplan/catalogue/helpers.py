"""Template helpers of the data catalogue's scope."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import g

from ckanext.opendataplan.catalogue import scope


def opendataplan_data_count(organization_id: str) -> int:
    """How many datasets (not plans, commitments, reports or inventories) the
    organization publishes, as the visitor may see them: one search per page, however
    many organizations it lists."""
    counts = getattr(g, "opendataplan_data_counts", None)
    if counts is None:
        found = tk.get_action("package_search")(
            {},
            {
                "fq": scope.NOT_PLUGIN_TYPES,
                "rows": 0,
                "include_private": True,
                "facet.field": ["owner_org"],
                "facet.limit": -1,
            },
        )
        counts = g.opendataplan_data_counts = found["facets"].get("owner_org", {})
    return counts.get(organization_id, 0)
