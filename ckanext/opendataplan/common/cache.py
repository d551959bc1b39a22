"""Country-wide figures kept in CKAN's Redis, computed once per change of the data.

Every web worker and job worker shares one counter, the *generation*: a PostgreSQL
sequence (``opendataplan_generation``). A commit that touched a dataset, an
organization, a membership, a progress snapshot or an inventory item moves it on once
committed (bulk writes say so through :func:`touch`); a cached answer is stored with
the generation read before it was computed, and read only while that generation is the
current one. So a save through one worker is what the next request to any worker shows:
a reader that started before the commit stores its answer with the old generation, and
the next reader computes again.

The counter lives beside the data rather than in Redis so that no outage of Redis can
lose an increment: a Redis that comes back with its old entries (one that persists to
disk, or one a web node could not reach for a while) holds them under generations that
are no longer read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis
from redis.exceptions import LockError, RedisError
from sqlalchemy import event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ckanext.opendataplan.common import compat
from ckanext.opendataplan.model import (
    Comment,
    Consultation,
    InventoryItem,
    ProgressSnapshot,
    Proposal,
    Support,
)

log = logging.getLogger(__name__)

TTL_SECONDS = 24 * 3600
# Longest a reader waits for another computing the same page (then computes itself).
LOCK_SECONDS = 60
LOCK_HELD_SECONDS = 300  # a computation longer than that lets the next reader start
# What a Redis going or coming back does to a command: refuses or resets the connection,
# times out, answers that it is still loading, or gives a reply that is not an entry.
# Each is a missing cache: the figures are computed from PostgreSQL.
REDIS_FAILURES = (RedisError, OSError, ValueError, TypeError, AttributeError)
# What changes a figure, a title or a visibility on the citizen pages.
WATCHED = compat.CORE_TABLES
# The plugin's own tables that cached answers read (the documents read the co-creation's).
OWN_TABLES = (ProgressSnapshot, InventoryItem, Proposal, Support, Comment, Consultation)
_WATCHED_TABLES = {cls.__table__.name for cls in (*WATCHED, *OWN_TABLES)}
_CHANGED = "opendataplan_figures_changed"
_COMMITTED = "opendataplan_figures_committed"
# The settings the figures depend on: another value is another set of answers.
_SETTINGS = (
    "ckanext.opendataplan.completion_bands",
    "ckanext.opendataplan.content_languages",
    "ckanext.opendataplan.priority_weights",
    "ckanext.opendataplan.priority_demand_cap",
    "ckan.site_id",
)


def redis_key(*parts: str) -> str:
    return ":".join([tk.config.get("ckan.site_id") or "ckan", "opendataplan", *parts])


_SEQUENCE = "opendataplan_generation"


def generation() -> int:
    # A new sequence's first nextval() returns its start without moving last_value.
    query = text(f"SELECT last_value + is_called::int FROM {_SEQUENCE}")
    return int(model.Session.execute(query).scalar())


def invalidate() -> None:
    """The data changed: every cached figure is from now on recomputed. On a connection
    of its own: a sequence moves on whatever becomes of a transaction, and this runs
    after the session's commit, when the session may not query."""
    with model.Session.get_bind().connect() as connection:
        connection.execute(text(f"SELECT nextval('{_SEQUENCE}')"))


def _entry_key(kind: str, name: str, params: dict[str, Any]) -> str:
    """One key per name and parameters, today's date and the settings figures read."""
    identity = json.dumps(
        {
            "params": params,
            "today": dt.date.today().isoformat(),
            "settings": [tk.config.get(option) for option in _SETTINGS],
        },
        sort_keys=True,
        default=str,
    )
    return redis_key(kind, name, hashlib.sha256(identity.encode()).hexdigest()[:32])


def cached(name: str, params: dict[str, Any], compute: Callable[[], Any]) -> Any:
    """``compute()``'s answer (JSON-able, with dates), from Redis when this generation of
    the data, these parameters, today's date and these settings already gave it.

    One key per name and parameters, holding the generation it was computed for: a new
    answer replaces the old one, so Redis keeps one answer per page and parameters, not
    one per save. A reader that computed from older data and writes last only makes the
    next reader compute again (its generation no longer matches)."""
    key = _entry_key("figures", name, params)
    redis = connect_to_redis()
    found = _current_entry(redis, key)
    if found is not None:
        return found[0]
    # After a save, the readers of one page wait for the first to compute it rather
    # than all computing the country at once (and holding its rows in every worker).
    lock = _acquire(redis, key)
    try:
        found = _current_entry(redis, key)  # computed while this reader waited
        if found is not None:
            return found[0]
        current = generation()
        encoded = json.dumps(compute(), default=_iso)  # once: the late list is large
        _write(redis, key, current, encoded)
        return json.loads(encoded)
    finally:
        if lock is not None:
            with contextlib.suppress(LockError, *REDIS_FAILURES):
                lock.release()


def _acquire(redis: Any, key: str) -> Any:
    """The lock under which one reader computes ``key``'s answer, once held; ``None``
    when Redis could not give it (the reader then computes without waiting)."""
    try:
        lock = redis.lock(redis_key("computing", key), timeout=LOCK_HELD_SECONDS)
        return lock if lock.acquire(blocking_timeout=LOCK_SECONDS) else None
    except REDIS_FAILURES:
        log.warning("Redis unavailable: figures computed without waiting for another reader")
        return None


def _write(redis: Any, key: str, current: int, encoded: str) -> None:
    try:
        redis.setex(key, TTL_SECONDS, f"{current}\n{encoded}")
    except REDIS_FAILURES:
        log.warning("Redis unavailable: figures not cached")


def read(name: str, params: dict[str, Any]) -> tuple[Any] | None:
    """``(value,)`` when Redis holds ``name``'s answer for these parameters and the
    current generation of the data; else ``None`` (computing is the caller's)."""
    return _current_entry(connect_to_redis(), _entry_key("figures", name, params))


def write(name: str, params: dict[str, Any], value: Any, current: int) -> None:
    """Keep ``value`` (JSON-able) as ``name``'s answer for these parameters, computed
    from the data of generation ``current`` (read before computing it)."""
    key = _entry_key("figures", name, params)
    _write(connect_to_redis(), key, current, json.dumps(value, default=_iso))


def _current_entry(redis: Any, key: str) -> tuple[Any] | None:
    """``(value,)`` when Redis holds an answer for the current generation. An entry is
    the generation, a new line, then the answer's JSON: the generation is read first, so
    that a stale answer (the late list is megabytes nationally) is neither fetched nor
    parsed."""
    current = str(generation()).encode()
    try:
        if redis.getrange(key, 0, 31).partition(b"\n")[0] != current:
            return None
        head, _, body = (redis.get(key) or b"").partition(b"\n")
        # Unless replaced meanwhile; an entry cut short (a Redis that restarted while
        # writing it, or a reply that is not what was stored) is no entry.
        return (json.loads(body),) if head == current else None
    except REDIS_FAILURES:
        log.warning("Redis unavailable or its entry unreadable: figures computed again")
        return None


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON-able: {type(value).__name__}")


def touch() -> None:
    """This transaction changed what the figures read without the unit of work seeing it
    (bulk inserts and updates): the generation moves on when it is committed."""
    model.Session.info[_CHANGED] = True


def _mark(session: Session, _context: Any) -> None:
    watched = (*WATCHED, *OWN_TABLES)
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, watched):
            session.info[_CHANGED] = True
            return


def _mark_bulk(state: Any) -> None:
    """Bulk updates and deletes (CKAN's ``bulk_update_private``, ``_public``, ``_delete``
    of an organization's datasets) pass the unit of work by: mark them by their table."""
    if not (state.is_update or state.is_delete):
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table in _WATCHED_TABLES:
        state.session.info[_CHANGED] = True


def _committed(session: Session) -> None:
    """After the outermost commit. SQLAlchemy also calls ``after_commit`` when a savepoint
    is released (CKAN 2.12 runs ``package_update`` in one), before the data is committed:
    a reader would then store the old figures under the new generation. (A rolled-back
    savepoint may leave the mark: one needless recomputation, never a stale figure.)"""
    if not session.in_nested_transaction() and session.info.pop(_CHANGED, False):
        session.info[_COMMITTED] = True


def _bump(session: Session, transaction: Any) -> None:
    """Once the committed transaction has given its connection back to the pool: moving
    the generation on takes a connection, and twenty saves at once each holding theirs
    while waiting for another would exhaust the pool."""
    if transaction.parent is not None or not session.info.pop(_COMMITTED, False):
        return
    try:
        invalidate()
    except SQLAlchemyError:
        # The commit stands; only a database gone in the instant after it gets here.
        log.exception("could not move the cached figures' generation on")
        return
    for callback in _AFTER_CHANGE:
        callback()


_AFTER_CHANGE: list[Callable[[], None]] = []


def after_change(callback: Callable[[], None]) -> None:
    """Call ``callback`` after each committed change has moved the generation on."""
    if callback not in _AFTER_CHANGE:
        _AFTER_CHANGE.append(callback)


_installed = False


def install() -> None:
    """Watch CKAN's session (once per process): a commit that changed what the figures
    read moves the generation on."""
    global _installed
    if _installed:
        return
    event.listen(model.Session, "after_flush", _mark)
    event.listen(model.Session, "do_orm_execute", _mark_bulk)
    event.listen(model.Session, "after_commit", _committed)
    event.listen(model.Session, "after_transaction_end", _bump)
    _installed = True
