"""The one commit rule of the plugin's actions, CKAN's own: an action commits what it
wrote, unless its caller asked to commit later (``defer_commit``)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

import ckan.model as model

_held: contextvars.ContextVar[bool] = contextvars.ContextVar("opendataplan_held", default=False)


def commit(context: dict[str, Any]) -> None:
    if not context.get("defer_commit"):
        model.repo.commit()


@contextlib.contextmanager
def held() -> Iterator[None]:
    """CKAN's actions called inside the block commit nothing (they flush): the caller
    commits once after it, or rolls everything back. ``defer_commit`` cannot do this for
    several saves: CKAN 2.12.0's ``package_update`` (and so ``package_patch`` and
    ``resource_create``) rolls back its own savepoint when asked to defer the commit.
    Only the block's own context (thread or task) is held."""
    _install()
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def _install() -> None:
    real = model.repo.commit
    if getattr(real, "opendataplan_holding", False):
        return

    def commit() -> None:
        if _held.get():
            model.Session.flush()
            return
        real()

    commit.opendataplan_holding = True  # type: ignore[attr-defined]
    model.repo.commit = commit  # type: ignore[method-assign]
