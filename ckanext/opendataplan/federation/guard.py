"""ckanext-harvest 1.6.3 clears and deletes a harvest source on a plain GET
(``/harvest/clear/<id>``, ``/harvest/delete/<id>``): a link followed by a signed-in
editor, from any site, would withdraw the source's plans. Its pages' Clear and Delete
buttons post (CKAN's ``confirm-action`` sends the page's CSRF token, which the plugin's
CSRF check verifies on every post; Delete then reaches CKAN's own dataset deletion, which
ends in ``package_delete``), so a GET to either is refused."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

_REMOVALS = ("harvester.clear", "harvester.delete")


def _refuse_a_get() -> Any:
    if tk.request.method == "GET" and tk.request.endpoint in _REMOVALS:
        return tk.abort(405, tk._("A harvest source is cleared or deleted with its page's button."))
    return None


def blueprint() -> Blueprint:
    guard = Blueprint("opendataplan_harvest_guard", __name__)
    guard.before_app_request(_refuse_a_get)
    return guard
