"""Country-wide figures kept in CKAN's Redis, computed once per change of the data.

Every web worker and job worker shares one counter, the *generation*, in Redis. A
commit that touched a dataset, an organization, a membership or a progress snapshot
increments it once committed; a cached answer is stored under the generation read
before it was computed. So a save through one worker is what the next request to any
worker shows: a reader that started before the commit stores its answer under the old
generation, which nobody reads any more (entries expire after a day).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from ckanext.opendataplan.model import ProgressSnapshot

log = logging.getLogger(__name__)

TTL_SECONDS = 24 * 3600
# What changes a figure, a title or a visibility on the citizen pages.
WATCHED = tuple(
    getattr(model, name)
    for name in ("Package", "PackageExtra", "Group", "GroupExtra", "Member", "PackageMember")
    if hasattr(model, name)  # CKAN 2.12 keeps extras in their package's and group's row
)
_CHANGED = "opendataplan_figures_changed"
# The settings the figures depend on: another value is another set of answers.
_SETTINGS = (
    "ckanext.opendataplan.completion_bands",
    "ckanext.opendataplan.content_languages",
    "ckan.site_id",
)


def _key(*parts: str) -> str:
    return ":".join([tk.config.get("ckan.site_id") or "ckan", "opendataplan", *parts])


def generation() -> int:
    return int(connect_to_redis().get(_key("generation")) or 0)


def invalidate() -> None:
    """The data changed: every cached figure is from now on recomputed."""
    connect_to_redis().incr(_key("generation"))


def cached(name: str, params: dict[str, Any], compute: Callable[[], Any]) -> Any:
    """``compute()``'s answer (JSON-able, with dates), from Redis when this generation of
    the data, these parameters, today's date and these settings already gave it."""
    identity = json.dumps(
        {
            "params": params,
            "today": dt.date.today().isoformat(),
            "settings": [tk.config.get(option) for option in _SETTINGS],
        },
        sort_keys=True,
        default=str,
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    redis = connect_to_redis()
    try:
        key = _key("figures", name, str(generation()), digest)
        stored = redis.get(key)
    except RedisError:
        log.warning("Redis unavailable: figures computed without the cache")
        return json.loads(json.dumps(compute(), default=_iso))
    if stored is not None:
        return json.loads(stored)
    value = json.loads(json.dumps(compute(), default=_iso))
    redis.setex(key, TTL_SECONDS, json.dumps(value))
    return value


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON-able: {type(value).__name__}")


def _mark(session: Session, _context: Any) -> None:
    watched = (*WATCHED, ProgressSnapshot)
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, watched):
            session.info[_CHANGED] = True
            return


def _bump(session: Session) -> None:
    """After the outermost commit. SQLAlchemy also calls ``after_commit`` when a savepoint
    is released (CKAN 2.12 runs ``package_update`` in one), before the data is committed:
    a reader would then store the old figures under the new generation. (A rolled-back
    savepoint may leave the mark: one needless recomputation, never a stale figure.)"""
    if session.in_nested_transaction():
        return
    if session.info.pop(_CHANGED, False):
        try:
            invalidate()
        except RedisError:
            # The commit stands; without Redis no worker reads the cache either.
            log.exception("Redis unavailable: could not invalidate the cached figures")


_installed = False


def install() -> None:
    """Watch CKAN's session (once per process): a commit that changed what the figures
    read moves the generation on."""
    global _installed
    if _installed:
        return
    event.listen(model.Session, "after_flush", _mark)
    event.listen(model.Session, "after_commit", _bump)
    _installed = True
