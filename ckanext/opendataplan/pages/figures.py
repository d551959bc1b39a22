"""The country-wide pages' figures (overview, late activities, scorecards), cached under
one key per page, parameters and language (``common/cache.py``). The pages, their CSV
and JSON read them here; after each change of the data the job worker computes the
pages' default views again (``warm``), so that the first visitor after a save finds them
ready instead of waiting for the whole country to be recomputed."""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from ckanext.opendataplan.common import cache, search_batch, shared
from ckanext.opendataplan.pages import institutions, late, overview
from ckanext.opendataplan.plans import indicators

log = logging.getLogger(__name__)

# What each page shows when opened without parameters.
OVERVIEW_DEFAULTS = {
    "kind": None,
    "institution": None,
    "year": None,
    "drafts": None,
    "as_of": None,
    "source": None,
}
LATE_DEFAULTS = {
    "plan": None,
    "institution": None,
    "kind": None,
    "sort": "days",
    "as_of": None,
    "period": "running",
    "source": None,
}
LATE_PAGE_SIZE = 100  # rows of the late page; its CSV and JSON give them all
INSTITUTIONS_DEFAULTS = {"kind": None, "sort": "late", "as_of": None, "source": None}


def overview_figures(filters: dict[str, Any], lang: str) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        drafts = filters["drafts"] == "include"
        data = overview.build(lang=lang, **{**filters, "drafts": drafts})
        data["portal"] = _portal_counts()
        return data

    return cache.cached("overview", {**filters, "lang": lang}, compute)


@shared.once
def _portal_counts() -> dict[str, int | None]:
    """The portal's own counts (datasets, publishers, reuses), the same in every
    language; datasets and publishers from one search."""
    with search_batch.memo():
        return {
            source: indicators.live_value({"source": source}) for source in indicators.LIVE_SOURCES
        }


def late_figures(filters: dict[str, Any], lang: str) -> dict[str, Any]:
    return cache.cached("late", {**filters, "lang": lang}, lambda: late.build(lang=lang, **filters))


def late_page_figures(filters: dict[str, Any], lang: str, number: int, size: int) -> dict[str, Any]:
    """One page of the late page: today's read in SQL from the summary (:func:`late.page`,
    what is cached is that page only); an earlier day's cut from its full list."""
    if filters["as_of"] is not None:
        return late.sliced(late_figures(filters, lang), number, size)
    chosen = {key: value for key, value in filters.items() if key != "as_of"}
    return cache.cached(
        "late-page",
        {**filters, "lang": lang, "page": number, "size": size},
        lambda: late.page(number, size, lang=lang, **chosen),
    )


def institution_figures(filters: dict[str, Any], lang: str) -> dict[str, Any]:
    return cache.cached(
        "institutions", {**filters, "lang": lang}, lambda: institutions.build(lang=lang, **filters)
    )


def page_languages() -> list[str]:
    """The languages the portal offers (its default alone when it offers every one)."""
    offered = tk.aslist(tk.config.get("ckan.locales_offered"))
    return offered or [tk.config.get("ckan.locale_default") or "en"]


def warm() -> None:
    """Job: the default view of each country-wide page, in each language, computed for
    the current data. Readers arriving meanwhile wait for it (the cache's lock)."""
    connect_to_redis().delete(_queued_key())  # a change from now on queues another run
    with shared.reads():  # the languages' pages share their language-free reads
        for lang in page_languages():
            overview_figures(OVERVIEW_DEFAULTS, lang)
            late_page_figures(LATE_DEFAULTS, lang, 1, LATE_PAGE_SIZE)
            institution_figures(INSTITUTIONS_DEFAULTS, lang)


def _queued_key() -> str:
    return cache.redis_key("warm-queued")


def enqueue_warm() -> None:
    """After a committed change: queue one ``warm`` unless one is already waiting (a
    burst of saves then costs one run, which sees them all)."""
    if not tk.config.get("ckanext.opendataplan.warm_after_change"):
        return
    try:
        if connect_to_redis().set(_queued_key(), 1, nx=True, ex=cache.LOCK_HELD_SECONDS):
            tk.enqueue_job(warm, title="opendataplan: country-wide figures after a change")
    except cache.REDIS_FAILURES:
        log.warning("Redis unavailable: the country-wide figures will be computed on demand")
