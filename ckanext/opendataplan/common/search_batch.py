"""Reindexing several packages in one Solr request.

CKAN indexes a package with one Solr request each (``index_package`` opens a
connection and adds one document). Publishing a report reindexes every commitment it
updates and their plan: one request per document made a 50-update report cost about
fifty Solr round trips. Inside ``one_request()``, CKAN's indexing runs as usual (every
``before_dataset_index`` hook, permission labels, validation), but the documents it adds
are kept and sent together when the block ends, with one commit.

The connection factory is wrapped once, at start-up; the wrapper collects only in the
context (thread or task) that opened the block, so concurrent requests are untouched.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import compat

_open_batch: contextvars.ContextVar[list[dict[str, Any]] | None] = contextvars.ContextVar(
    "opendataplan_search_batch", default=None
)

log = logging.getLogger(__name__)


class _Collector:
    """Stands in for the Solr connection while a batch is open: keeps the added
    documents; anything else (a delete) goes to Solr at once."""

    def __init__(self, docs: list[dict[str, Any]], connect: Callable[[], Any]) -> None:
        self._docs = docs
        self._connect = connect

    def add(self, docs: list[dict[str, Any]], commit: bool = False, **_: Any) -> None:
        self._docs.extend(docs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connect(), name)


def install() -> None:
    """Wrap CKAN's connection factory for the indexer (idempotent)."""
    from ckan.lib.search import index

    real = index.make_connection
    if getattr(real, "opendataplan_batching", False):
        return

    def make_connection(*args: Any, **kwargs: Any) -> Any:
        docs = _open_batch.get()
        if docs is None:
            return real(*args, **kwargs)
        return _Collector(docs, lambda: real(*args, **kwargs))

    make_connection.opendataplan_batching = True  # type: ignore[attr-defined]
    index.make_connection = make_connection


@contextlib.contextmanager
def one_request() -> Iterator[None]:
    """Documents indexed inside the block reach Solr in one request, committed once.
    Nothing is sent if the block raises. Nested blocks join the outer one."""
    if _open_batch.get() is not None:
        yield
        return
    docs: list[dict[str, Any]] = []
    token = _open_batch.set(docs)
    try:
        yield
    finally:
        _open_batch.reset(token)
    _send(docs)


def _send(docs: list[dict[str, Any]]) -> None:
    from ckan.lib.search.common import SearchIndexError, make_connection

    if not docs:
        return
    try:
        make_connection().add(
            docs=docs, commit=tk.config.get("ckan.search.solr_commit"), waitSearcher=False
        )
    except Exception as error:  # pysolr and socket errors, as CKAN's indexer reports them
        raise SearchIndexError(f"Solr refused the batch: {str(error)[:1000]}") from error


def unchanged_documents(package_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The unvalidated ``package_show`` that Solr keeps for each of these packages
    (``data_dict``), for those whose row has not changed since it was indexed: CKAN's
    own ``package_show`` cache rule (same ``metadata_modified``), in one query. A report
    changes no commitment row, only its history, so this spares dictizing each again."""
    from ckan.lib.search.common import make_connection

    ids = [package_id for package_id in package_ids if package_id.replace("-", "").isalnum()]
    if not ids:
        return {}
    modified = dict(
        model.Session.query(model.Package.id, model.Package.metadata_modified).filter(
            model.Package.id.in_(ids)
        )
    )
    site = tk.config.get("ckan.site_id")
    try:
        docs = make_connection(decode_dates=False).search(
            q="*:*",
            fq=[f'+site_id:"{site}"', "+entity_type:package", "{!terms f=id}" + ",".join(ids)],
            fl="id,data_dict,metadata_modified",
            rows=len(ids),
        )
    except Exception:  # Solr away: only a shortcut is lost; sending the batch will say so
        log.warning("Solr unavailable: every package of the batch dictized again")
        return {}
    found = {}
    for doc in docs:
        stamp = modified.get(doc["id"])
        if stamp is not None and stamp.isoformat()[:22] == str(doc["metadata_modified"])[:22]:
            data = json.loads(doc["data_dict"])
            data.pop("validated_data_dict", None)
            found[doc["id"]] = data
    return found


def reindex(package_ids: list[str], *, whole: bool = False) -> None:
    """Reindex these packages as the session has them, in one Solr request committed
    once. Unlike ``search.rebuild``, this does not commit the database session (CKAN
    2.12 runs ``package_update`` in a savepoint that a commit would end): the caller's
    action stays one transaction."""
    ids = sorted(set(package_ids))
    with one_request():
        if compat.INDEXED_BY_ACTIONS:
            for package_id in ids:
                compat.index_by_action(package_id)
            return
        from ckan.lib.search import index_for

        index = index_for(model.Package)
        # ``whole``: what the document holds changed without the package (a report's
        # rows follow its commitments' privacy), so the stored copy cannot serve
        unchanged = {} if whole else unchanged_documents(ids)
        for package_id in ids:
            pkg_dict = unchanged.get(package_id) or tk.get_action("package_show")(
                {"ignore_auth": True, "validate": False, "use_cache": False}, {"id": package_id}
            )
            index.update_dict(pkg_dict, True)
