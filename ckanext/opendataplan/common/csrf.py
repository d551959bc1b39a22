"""The plugin's forms check their CSRF token themselves.

CKAN exempts a view from CSRF protection for good the first time a request without a
session reaches it (an API-token call, and an anonymous visit too: CKAN's
``load_user_from_request`` sets ``login_via_auth_header`` for both, and its
``ckan_before_request`` then calls ``csrf.exempt`` on the view, for the life of the
process). After one anonymous visit to a plugin page, a signed-in browser's post to it
would no longer be checked. So every post to the plugin's pages is checked here, unless
it carries a valid API token (a browser does not send one on its own: no CSRF)."""

from __future__ import annotations

from typing import Any

import ckan.lib.api_token as api_token
import ckan.plugins.toolkit as tk
from flask import Blueprint
from flask_wtf.csrf import ValidationError, validate_csrf


def _check() -> Any:
    if tk.request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    token = tk.request.headers.get(tk.config.get("apitoken_header_name") or "Authorization")
    if token and api_token.get_user_from_token(token) is not None:
        return None  # a real API token: CKAN signs in by it, not by the session
    field = tk.config.get("WTF_CSRF_FIELD_NAME") or "_csrf_token"
    try:
        validate_csrf(tk.request.form.get(field))
    except ValidationError:
        return tk.abort(
            400,
            tk._("The form has expired: reload the page and send it again."),
        )
    return None


def protect(blueprint: Blueprint) -> Blueprint:
    blueprint.before_request(_check)
    return blueprint
