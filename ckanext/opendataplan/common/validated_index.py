"""CKAN 2.11's indexer, handed a package's validated dict instead of validating again.

CKAN 2.11 indexes the raw ``package_show`` of a package and, before sending it, builds
its type's show schema and validates the dict with it, for every package it indexes:
most of what reindexing 50 commitments after a report costs. A report changes no
commitment row, so what the indexer's validation gave when the package was last indexed
(the copy CKAN 2.11 nests in the ``data_dict`` it stores, taken before any hook) is
what validating again would give.
Inside ``given(validated)``, the indexer's lookup of the type's plugin and its
validation answer that dict; everything else of CKAN's indexing runs unchanged (every
``before_dataset_index`` hook, permission labels). Only the indexer module's reference
to CKAN's plugin helpers is wrapped, once, at start-up, and it answers the given dict
only in the context (thread or task) that gave it: other code is untouched. CKAN 2.12
indexes the dicts its actions show and does not validate: nothing is wrapped there.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

_given: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "opendataplan_validated_index", default=None
)


class _AlreadyValidated:
    """The type's plugin while a validated dict is given: no schema to build."""

    def show_package_schema(self) -> dict[str, Any]:
        return {}


_ALREADY = _AlreadyValidated()


class _IndexerPlugins:
    """CKAN's ``ckan.lib.plugins`` as the indexer module sees it."""

    opendataplan_wrapped = True

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def lookup_package_plugin(self, package_type: str | None = None) -> Any:
        if _given.get() is not None:
            return _ALREADY
        return self._real.lookup_package_plugin(package_type)

    def plugin_validate(
        self, plugin: Any, context: Any, data_dict: Any, schema: Any, action: Any
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        given = _given.get()
        if plugin is _ALREADY and given is not None:
            return given, {}
        return self._real.plugin_validate(plugin, context, data_dict, schema, action)


def install() -> None:
    """Wrap the CKAN 2.11 indexer's reference to the plugin helpers (idempotent; not
    on CKAN 2.12, whose indexer does not validate)."""
    from ckan.lib.search import index

    from ckanext.opendataplan.common import compat

    if compat.INDEXED_BY_ACTIONS or getattr(index.lib_plugins, "opendataplan_wrapped", False):
        return
    index.lib_plugins = _IndexerPlugins(index.lib_plugins)


@contextlib.contextmanager
def given(validated: dict[str, Any] | None) -> Iterator[None]:
    """The indexer, inside the block, takes ``validated`` as the package's validated
    dict (``None``: it validates as usual). One package per block."""
    token = _given.set(validated)
    try:
        yield
    finally:
        _given.reset(token)
