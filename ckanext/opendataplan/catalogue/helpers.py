"""Template helpers of the data catalogue's scope."""

from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
from flask import g
from markupsafe import Markup

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


# The catalogue's formats that ckanext-dcat advertises on a dataset's page
_CATALOGUE_LINK = re.compile(
    r'<link rel="alternate" type="(?:text/n3|text/turtle|application/rdf\+xml|'
    r'application/ld\+json)"[^>]*>\s*'
)


def opendataplan_without_catalogue_links(links: str) -> Markup:
    """The page's ``<link>`` tags less ckanext-dcat's alternates: plans, commitments,
    reports and inventories are not in the data catalogue, so those addresses answer 404."""
    return Markup(_CATALOGUE_LINK.sub("", str(links)))
