"""Recomputing everything the settings change: the figures indexed in Solr for every
plan and commitment (their levels follow the completion bands), the inventories'
indexed items, and the cached country-wide figures. Run by hand (`ckan opendataplan
rebuild`) or by CKAN's job worker when a web worker starts with other settings."""

from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis
from redis.exceptions import RedisError

from ckanext.opendataplan.common import cache
from ckanext.opendataplan.progress import rollup

log = logging.getLogger(__name__)

BATCH = 200
# Settings whose change alters figures already indexed.
SETTINGS = ("ckanext.opendataplan.completion_bands", "ckanext.opendataplan.priority_weights")
TYPES = ("plan", "commitment", "inventory")


def rebuild() -> int:
    """Reindex every active plan, commitment and inventory, in batches of one Solr
    request each; then move the cache's generation on. Returns how many."""
    ids = [
        package_id
        for (package_id,) in model.Session.query(model.Package.id)
        .filter(model.Package.type.in_(TYPES), model.Package.state == "active")
        .order_by(model.Package.id)
    ]
    for start in range(0, len(ids), BATCH):
        rollup.reindex(ids[start : start + BATCH])
    cache.invalidate()
    log.info("opendataplan: %s plans, commitments and inventories reindexed", len(ids))
    return len(ids)


def _fingerprint() -> str:
    return " | ".join(str(tk.config.get(option)) for option in SETTINGS)


def enqueue_if_settings_changed() -> bool:
    """At start-up: if the settings differ from those the index was built with, queue
    one rebuild for the job worker (the first process to see the change queues it; GETSET
    is atomic, so the others see the new value already)."""
    key = f"{tk.config.get('ckan.site_id') or 'ckan'}:opendataplan:settings"
    try:
        previous = connect_to_redis().getset(key, _fingerprint())
    except RedisError:
        log.warning("Redis unavailable: cannot tell whether the settings changed")
        return False
    if previous is None or previous.decode() == _fingerprint():
        return False  # first start (the index was built with these) or no change
    tk.enqueue_job(rebuild, title="opendataplan: rebuild after a change of settings")
    return True
