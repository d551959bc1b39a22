"""What the data catalogue is: datasets, not the plugin's plans, commitments, reports and
inventories. They are stored as CKAN datasets, so every channel that counts or federates
datasets would count them too; these rules keep them out of it while the API and their
own pages keep them."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from flask import has_request_context, request

# The dataset types this plugin defines: not data, though stored as datasets.
PLUGIN_TYPES = ("plan", "commitment", "progress_report", "inventory")

NOT_PLUGIN_TYPES = "-dataset_type:({})".format(" OR ".join(PLUGIN_TYPES))

# Web endpoints whose searches are searches of the data catalogue although they do not
# name a type: the home page's figures, the dataset search (CKAN 2.12 no longer limits it
# to its type), an institution's or a group's page, and ckanext-dcat's feeds.
_CATALOGUE_PAGES = ("home.", "dataset.", "organization.", "group.", "dcat.")


_data_only: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "opendataplan_data_only", default=False
)


@contextlib.contextmanager
def data_only() -> Iterator[None]:
    """Searches made inside the block (a ckanext-dcat catalogue) list datasets only."""
    token = _data_only.set(True)
    try:
        yield
    finally:
        _data_only.reset(token)


def in_data_only() -> bool:
    """Whether the code runs inside :func:`data_only` (a ckanext-dcat catalogue)."""
    return _data_only.get()


def only_data(search_params: dict[str, Any]) -> dict[str, Any]:
    """The search restricted to datasets when a catalogue page or feed made it; any other
    search as it is. The restriction is a filter of its own (``fq_list``), which nothing
    in the visitor's ``q`` or ``fq`` can undo."""
    if not (_data_only.get() or _from_catalogue_page()):
        return search_params
    return {**search_params, "fq_list": [*(search_params.get("fq_list") or []), NOT_PLUGIN_TYPES]}


def _from_catalogue_page() -> bool:
    return has_request_context() and (request.endpoint or "").startswith(_CATALOGUE_PAGES)
