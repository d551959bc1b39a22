"""Indicators whose source is the portal itself, also counted live from the search
index, beside the values reported for them."""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchError, SolrConnectionError

from ckanext.opendataplan.common import search_batch
from ckanext.opendataplan.domain.indicators import LIVE_SOURCES

log = logging.getLogger(__name__)


def _phrase(text: Any) -> str:
    """Text inside a Solr phrase: backslashes and quotes escaped."""
    return str(text).replace("\\", "\\\\").replace('"', '\\"')


def _search(dataset_type: str, indicator: dict[str, Any]) -> dict[str, Any]:
    """The count and the publishers of the public datasets of this type in the
    indicator's scope: one search, made once while a memo is open (the counts of
    datasets and of publishers read the same answer)."""
    scope = (indicator.get("scope_organization"), indicator.get("scope_tag"))
    return search_batch.memoized(
        ("live_search", dataset_type, scope), lambda: _searched(dataset_type, *scope)
    )


def _searched(dataset_type: str, organization: Any, tag: Any) -> dict[str, Any]:
    fq = [f"+dataset_type:{dataset_type}"]
    if organization:
        fq.append(f'+organization:"{_phrase(organization)}"')
    if tag:
        fq.append(f'+tags:"{_phrase(tag)}"')
    data_dict = {"fq": " ".join(fq), "rows": 0, "include_private": False}
    data_dict.update({"facet.field": '["organization"]', "facet.limit": -1})
    return tk.get_action("package_search")({"ignore_auth": True}, data_dict)


def live_value(indicator: dict[str, Any]) -> int | None:
    """The indicator's current value, or ``None`` when the portal cannot count it (its
    search index out of reach: the page shows a dash and keeps answering). Counted once
    per source and scope while a batch of packages is reindexed."""
    key = tuple(indicator.get(k) for k in ("source", "scope_organization", "scope_tag"))
    return search_batch.memoized(("live_indicator", key), lambda: _live_value(indicator))


def _live_value(indicator: dict[str, Any]) -> int | None:
    try:
        return _count(indicator)
    except (SearchError, SolrConnectionError) as error:
        log.warning("live indicator not counted, the search index is unavailable: %s", error)
        return None


def _datasets(indicator: dict[str, Any]) -> int | None:
    return _search("dataset", indicator)["count"]


def _publishers(indicator: dict[str, Any]) -> int | None:
    facets = _search("dataset", indicator)
    return sum(1 for count in facets["facets"].get("organization", {}).values() if count)


def _reuses(indicator: dict[str, Any]) -> int | None:
    return _search("showcase", indicator)["count"] if p.plugin_loaded("showcase") else None


# How the portal counts each live source (one per source of domain.indicators.LIVE_SOURCES)
COUNTERS = dict(zip(LIVE_SOURCES, (_datasets, _publishers, _reuses), strict=True))


def _count(indicator: dict[str, Any]) -> int | None:
    counter = COUNTERS.get(indicator.get("source"))
    return counter(indicator) if counter else None


def decorate(pkg_dict: dict[str, Any]) -> None:
    """A portal count beside each indicator the portal can count (``live_current``),
    never in place of the value reported for it (``current``, with ``current_date``):
    the seed's 136 datasets and the demo portal's 2 measure different things."""
    for indicator in pkg_dict.get("indicators") or []:
        if indicator.get("source") in LIVE_SOURCES:
            indicator["live_current"] = live_value(indicator)
            indicator["live"] = True
