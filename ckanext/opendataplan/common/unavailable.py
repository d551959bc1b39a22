"""A service the portal depends on is down (PostgreSQL, Solr, Redis): the visitor gets a
503 that says so and when to try again, in their language, never CKAN's "Internal server
error" and never a traceback. Nothing was written: the request's transaction is rolled
back before answering.

The answer is built without a template or a query, since the database may be what is
missing; API calls get CKAN's JSON error shape.

A save of the plugin's types while Solr is out of reach is refused the same way, with a
message that names the search index (``index_reachable``), through the API as through the
forms: CKAN's API would otherwise answer its own 500 "Search Index Error".
Stateless: what a request found is kept on ``flask.g`` for that request only.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.search.common import (
    SearchError,
    SearchIndexError,
    SolrConnectionError,
    make_connection,
)
from flask import Flask, Response, g, has_request_context, jsonify, request
from markupsafe import escape
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
PING_SECONDS = 5  # how long a failed save waits for Solr to answer its ping


# Set on flask.g when a save of the plugin's types failed to index with Solr out of reach,
# and when a save failed because PostgreSQL went away under it.
_INDEX_UNREACHABLE = "opendataplan_index_unreachable"
_DATABASE_UNREACHABLE = "opendataplan_database_unreachable"


UNAVAILABLE = (
    OperationalError,  # PostgreSQL unreachable, restarting, or cancelling the statement
    DisconnectionError,
    InterfaceError,  # a connection closed under the request
    PoolTimeoutError,  # every pooled connection busy for pool_timeout seconds
    SearchError,  # Solr unreachable (searches)
    SearchIndexError,  # Solr unreachable (a save's indexing: the save is not committed)
    SolrConnectionError,
    RedisConnectionError,
    RedisTimeoutError,
)

_PAGE = """<!DOCTYPE html>
<html lang="{lang}" dir="{direction}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {site}</title>
<style>body{{font-family:system-ui,sans-serif;max-inline-size:36rem;margin:3rem auto;
padding-inline:1rem;line-height:1.5}}</style></head>
<body><main><p>{site}</p><h1>{title}</h1><p>{message}</p>
<p><a href="{home}">{again}</a></p></main></body>
</html>"""


def register(app: Flask) -> None:
    for error in UNAVAILABLE:
        app.register_error_handler(error, answer)
    app.after_request(_api_save_refused)
    app.after_request(_close_session)  # runs before CKAN's own (registered earlier)


def _close_session(response: Response) -> Response:
    """Close the request's session before CKAN does. CKAN closes it after the answer is
    made, with a rollback; when PostgreSQL went away in between, that rollback fails and
    Flask turns a page already made (from data read before) into a 500. A connection
    that cannot be rolled back is dropped instead, and the answer stands: a save's
    outcome was decided by its commit, before."""
    try:
        model.Session.close()
    except SQLAlchemyError:
        log.warning("the database went away after this answer was made: connection dropped")
        with contextlib.suppress(SQLAlchemyError):
            model.Session().invalidate()  # scoped_session does not pass it on
    return response


def _api_save_refused(response: Response) -> Response:
    """CKAN's API answers every error of an action itself (a 500 "Search Index Error"
    when the index is away): a save of the plugin's types that failed for that reason
    gets the 503 the forms get instead."""
    if response.status_code != 500:
        return response
    if g.get(_INDEX_UNREACHABLE):
        return answer(SearchIndexError("the search index is out of reach"))
    if g.get(_DATABASE_UNREACHABLE):
        return answer(OperationalError("the database went away under a save", None, None))
    return response


def search_index_answers() -> bool:
    """Whether Solr answers a ping now (a save that failed to index while it does has
    another cause, and keeps CKAN's answer)."""
    try:
        connection = make_connection()
        connection.timeout = PING_SECONDS
        connection.ping()
    except Exception:  # pysolr's errors and the sockets' beneath them
        return False
    return True


@contextlib.contextmanager
def index_reachable(plugin_type: bool) -> Iterator[None]:
    """Around a save: when it is of one of the plugin's types (``plugin_type``) and fails
    to index because Solr is out of reach, the request's answer is a 503 naming the
    search index (``answer``), through a form or the API, instead of CKAN's 500 "Search
    Index Error". The error goes on as CKAN raised it: CKAN undoes the save."""
    try:
        yield
    except (SearchIndexError, SolrConnectionError):
        if plugin_type and has_request_context() and not search_index_answers():
            setattr(g, _INDEX_UNREACHABLE, True)
        raise


DATABASE_AWAY = (OperationalError, DisconnectionError, InterfaceError, PoolTimeoutError)


@contextlib.contextmanager
def saving() -> Iterator[None]:
    """Around a save action: PostgreSQL going away under it is a 503 through the API too
    (CKAN's API answers every error of an action itself, as a 500 "Internal Server
    Error"); nothing was committed."""
    try:
        yield
    except DATABASE_AWAY:
        if has_request_context():
            setattr(g, _DATABASE_UNREACHABLE, True)
        raise


def _message() -> str:
    if has_request_context() and g.get(_INDEX_UNREACHABLE):
        return tk._(
            "The search index cannot be reached at the moment. Nothing was saved by this "
            "request. Please try again in a moment."
        )
    return tk._(
        "A service this portal relies on is briefly unavailable. Nothing was saved by this "
        "request. Please try again in a moment."
    )


def answer(error: Exception) -> Response:
    log.warning("service unavailable, answering 503: %s: %s", type(error).__name__, error)
    try:
        model.Session.rollback()
    except Exception:  # the connection may be gone with the database; nothing to undo
        log.debug("rollback after an unavailable service failed", exc_info=True)
    if request.path.startswith("/api/"):
        response = jsonify(
            {
                "success": False,
                "error": {"__type": "Service Unavailable", "message": _message()},
            }
        )
    else:
        lang = tk.h.lang() or "en"
        response = Response(
            _PAGE.format(
                lang=escape(lang),
                direction="rtl" if tk.h.is_rtl_language() else "ltr",
                site=escape(tk.config.get("ckan.site_title") or ""),
                title=escape(tk._("Service temporarily unavailable")),
                message=escape(_message()),
                home=escape(request.path),
                again=escape(tk._("Try again")),
            ),
            content_type="text/html; charset=utf-8",
        )
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
