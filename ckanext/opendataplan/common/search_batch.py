"""Reindexing several packages in one Solr request.

CKAN indexes a package with one Solr request each (``index_package`` opens a
connection and adds one document). Publishing a report reindexes every commitment it
updates and their plan: one request per document made a 50-update report cost about
fifty Solr round trips. Inside ``one_request()``, CKAN's indexing runs as usual (every
``before_dataset_index`` hook, permission labels), but the documents it adds are kept and
sent together when the block ends, with one commit. ``reindex`` indexes an unchanged
package from what is already indexed (in the open batch, or in Solr) rather than
dictizing it again, and on CKAN 2.11 without validating it again (``validated_index``).

The connection factory is wrapped once, at start-up; the wrapper collects only in the
context (thread or task) that opened the block, so concurrent requests are untouched.
CKAN 2.11 indexes a save's packages as its transaction commits (a new package twice:
as new, and as changed through its new extras), each in a request that waits for Solr's
commit. A block still open then gathers them too, and its documents go to Solr inside
that commit, so that a refusal undoes the save as CKAN's own indexing does.
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
import pysolr
from sqlalchemy import event

from ckanext.opendataplan.common import compat, validated_index


class _Batch(list):
    """The documents kept while a block is open; ``wait``: CKAN asked for one of them to
    be searchable when its save returns (a commit that waits for Solr's new searcher)."""

    wait = False


_open_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar(
    "opendataplan_search_batch", default=None
)

log = logging.getLogger(__name__)


class _Collector:
    """Stands in for the Solr connection while a batch is open: keeps the added
    documents; anything else (a delete) goes to Solr at once."""

    def __init__(self, docs: _Batch, connect: Callable[[], Any]) -> None:
        self._docs = docs
        self._connect = connect

    def add(self, docs: list[dict[str, Any]], commit: bool = False, **_: Any) -> None:
        self._docs.extend(docs)
        self._docs.wait = self._docs.wait or bool(commit)

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
    event.listen(model.Session, "before_commit", _send_at_commit)
    if not compat.INDEXED_BY_ACTIONS:
        _index_once_per_commit()


_indexed_in_pass: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "opendataplan_indexed_in_pass", default=None
)


def _index_once_per_commit() -> None:
    """CKAN 2.11 indexes a new package twice in the commit that creates it, from the
    same state: as new, and as changed through its new extras. Inside a batch, the
    second is not dictized, validated and indexed again; a later commit's is."""
    from ckan.lib.search import SynchronousSearchPlugin
    from ckan.model.modification import DomainObjectModificationExtension as Observers

    real_pass, real_notify = Observers.notify_observers, SynchronousSearchPlugin.notify

    def notify_observers(self: Any, session: Any, method: Any) -> None:
        token = _indexed_in_pass.set(set() if _open_batch.get() is not None else None)
        try:
            real_pass(self, session, method)
        finally:
            _indexed_in_pass.reset(token)

    def notify(self: Any, entity: Any, operation: Any) -> None:
        indexed = _indexed_in_pass.get()
        deleted = operation == model.DomainObjectOperation.deleted
        if indexed is not None and isinstance(entity, model.Package) and not deleted:
            if entity.id in indexed:
                return
            indexed.add(entity.id)
        real_notify(self, entity, operation)

    Observers.notify_observers = notify_observers
    SynchronousSearchPlugin.notify = notify


def _send_at_commit(session: Any) -> None:
    """Registered after CKAN's own listener, which has just indexed the save's packages
    into the open batch: the batch goes now, inside the outermost commit."""
    batch = _open_batch.get()
    if batch and not session.in_nested_transaction():
        _send(batch)
        batch.clear()
        batch.wait = False


@contextlib.contextmanager
def one_request() -> Iterator[None]:
    """Documents indexed inside the block reach Solr in one request, committed once.
    Nothing is sent if the block raises. Nested blocks join the outer one."""
    if _open_batch.get() is not None:
        yield
        return
    docs = _Batch()
    token = _open_batch.set(docs)
    try:
        yield
    finally:
        _open_batch.reset(token)
    _send(docs)


def _send(batch: _Batch) -> None:
    from ckan.lib.search.common import SearchIndexError, make_connection

    if not batch:
        return
    # a package indexed twice in the block (a meeting patches a commitment, then its
    # report reindexes it): Solr would keep the last; only the last is sent
    docs = list({doc.get("index_id") or id(doc): doc for doc in batch}.values())
    try:
        make_connection().add(
            docs=docs, commit=tk.config.get("ckan.search.solr_commit"), waitSearcher=batch.wait
        )
    except Exception as error:  # pysolr and socket errors, as CKAN's indexer reports them
        if _may_have_taken_some(error) and not _restoring.get():
            _restore_after_refusal([doc["id"] for doc in docs if doc.get("id")])
        raise SearchIndexError(f"Solr refused the batch: {str(error)[:1000]}") from error


def _may_have_taken_some(error: Exception) -> bool:
    """Solr answered (it refused a document, a shard was away) or did not in time; a
    Solr it could not reach took nothing (pysolr's own words)."""
    return isinstance(error, pysolr.SolrError) and not str(error).startswith("Failed to connect")


def _restore_after_refusal(package_ids: list[str]) -> None:
    """Solr adds a request's documents until one fails, and a SolrCloud collection adds
    each shard's apart: those it took describe a save the database is about to undo (a
    report's commitments' new figures). A job puts back what the database holds once
    the save is over; it reads only committed rows, so it may run at once."""
    try:
        tk.enqueue_job(
            restore,
            [sorted(set(package_ids))],
            title="opendataplan: the index as the database has it, after a refused save",
        )
    except Exception:  # Redis away: the next save or `ckan search-index rebuild` mends it
        log.exception("Solr refused a save and its index could not be restored: %s", package_ids)


_restoring: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "opendataplan_search_batch_restoring", default=False
)


def restore(package_ids: list[str]) -> None:
    """Index these packages as the database has them; those it has not, out of the index.
    A refusal here queues no other job (a package Solr refuses whatever its state would
    queue one after another): it is logged, and the job fails."""
    from ckan.lib.search import index_for

    stored = {
        row.id
        for row in model.Session.query(model.Package.id).filter(model.Package.id.in_(package_ids))
    }
    token = _restoring.set(True)
    try:
        for package_id in sorted(set(package_ids) - stored):
            index_for(model.Package).remove_dict({"id": package_id})
        if stored:
            reindex(sorted(stored), whole=True)
    finally:
        _restoring.reset(token)


def _stored(package_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The documents these packages have in the open batch (indexed earlier in the same
    block: a meeting's patched commitments) or else in Solr, for those whose row has not
    changed since they were indexed: CKAN's own ``package_show`` cache rule (same
    ``metadata_modified``), in one query and one search. The rows are loaded too, so
    that the indexer's ``Package.get`` (permission labels) finds them in the session."""
    ids = [package_id for package_id in package_ids if package_id.replace("-", "").isalnum()]
    if not ids:
        return {}
    rows = model.Session.query(model.Package).filter(model.Package.id.in_(ids)).all()
    memoized(("rows", tuple(ids)), lambda: rows)  # held while the batch is open
    modified = {row.id: row.metadata_modified for row in rows}
    batched = {doc["id"]: doc for doc in _open_batch.get() or [] if doc.get("id") in modified}
    docs = {**_searched([i for i in ids if i not in batched]), **batched}
    return {
        package_id: doc
        for package_id, doc in docs.items()
        if (stamp := modified.get(package_id)) is not None
        and stamp.isoformat()[:22] == str(doc["metadata_modified"])[:22]
    }


def _searched(ids: list[str]) -> dict[str, dict[str, Any]]:
    from ckan.lib.search.common import make_connection

    if not ids:
        return {}
    site = tk.config.get("ckan.site_id")
    try:
        docs = make_connection(decode_dates=False).search(
            q="*:*",
            fq=[f'+site_id:"{site}"', "+entity_type:package", "{!terms f=id}" + ",".join(ids)],
            fl="id,data_dict,validated_data_dict,metadata_modified",
            rows=len(ids),
        )
    except Exception:  # Solr away: only a shortcut is lost; sending the batch will say so
        log.warning("Solr unavailable: every package of the batch dictized again")
        return {}
    return {doc["id"]: doc for doc in docs}


Pair = tuple[dict[str, Any], dict[str, Any]]


def unchanged_pairs(package_ids: list[str]) -> dict[str, Pair]:
    """What CKAN's indexer was given for each unchanged package, and what it validated.
    CKAN 2.12: the dict shown with the default schema (``data_dict``) and with the
    type's own schema (``validated_data_dict``, as the show hooks and
    ``before_dataset_index`` left it). CKAN 2.11: the unvalidated ``package_show``
    (``data_dict``) and what its indexer's validation gave, before any hook (the copy
    it nests in ``data_dict``). A report changes no commitment row, only its history,
    so these spare dictizing (and on 2.11 validating) each again."""
    pairs = {}
    for package_id, doc in _stored(package_ids).items():
        shown = json.loads(doc["data_dict"])
        validated = shown.pop("validated_data_dict", None)  # CKAN 2.11 nests its own
        if compat.INDEXED_BY_ACTIONS:
            validated = doc.get("validated_data_dict")
        if isinstance(validated, str):
            pairs[package_id] = (shown, json.loads(validated))
    return pairs


_memo: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar(
    "opendataplan_search_batch_memo", default=None
)


@contextlib.contextmanager
def memo() -> Iterator[None]:
    """Inside the block, :func:`memoized` answers once per key (nested blocks share the
    outer one's answers)."""
    token = _memo.set({}) if _memo.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _memo.reset(token)


def memoized(key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``, once per ``key`` inside :func:`memo` (which ``reindex`` opens: a
    live count or a plan's end read by each commitment of the batch); outside, every
    time."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


Reusable = Callable[[dict[str, Any]], bool]


def reindex(
    package_ids: list[str], *, whole: bool = False, reusable: Reusable | None = None
) -> None:
    """Reindex these packages as the session has them, in one Solr request committed
    once. Unlike ``search.rebuild``, this does not commit the database session (CKAN
    2.12 runs ``package_update`` in a savepoint that a commit would end): the caller's
    action stays one transaction.

    ``whole``: what the document holds changed without the package (a report's rows
    follow its commitments' privacy), so the stored copy cannot serve. Otherwise an
    unchanged package is not dictized again. Its second dict serves only where the
    caller gives ``reusable``: on CKAN 2.12 (shown with its type's schema, the show hooks
    run again on it) for the packages ``reusable`` accepts, the others dictized again;
    on 2.11 (what validation gave, before any hook) for every one, none validated
    again. Without ``reusable``, 2.11 validates each again and 2.12 dictizes each."""
    ids = sorted(set(package_ids))
    with memo(), one_request():
        by_actions = compat.INDEXED_BY_ACTIONS
        served = not whole and (reusable is not None or not by_actions)
        pairs = unchanged_pairs(ids) if served else {}
        if by_actions:
            _reindex_by_actions(ids, pairs, reusable)
        else:
            _reindex_by_indexer(ids, pairs, reusable)


def _reindex_by_actions(ids: list[str], pairs: dict[str, Pair], reusable: Reusable | None) -> None:
    for package_id in ids:
        pair = pairs.get(package_id)
        if pair is not None and reusable is not None and reusable(pair[1]):
            compat.index_shown(*pair)
        else:
            compat.index_by_action(package_id)


def _reindex_by_indexer(ids: list[str], pairs: dict[str, Pair], reusable: Reusable | None) -> None:
    from ckan.lib.search import index_for

    index = index_for(model.Package)
    for package_id in ids:
        pair = pairs.get(package_id)
        if pair is None:
            shown = tk.get_action("package_show")(
                {"ignore_auth": True, "validate": False, "use_cache": False}, {"id": package_id}
            )
            index.update_dict(shown, True)
            continue
        raw, validated = pair
        with validated_index.given(validated if reusable is not None else None):
            index.update_dict(raw, True)
