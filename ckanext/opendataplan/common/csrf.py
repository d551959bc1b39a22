"""Every state-changing request made with a session or remember cookie carries a valid
CSRF token, whatever CKAN exempted before.

CKAN exempts a view from CSRF protection for good the first time a request without a
session reaches it (an API-token call, and an anonymous visit too: CKAN's
``load_user_from_request`` sets ``login_via_auth_header`` for both, and its
``ckan_before_request`` then calls ``csrf.exempt`` on the view, for the life of the
process). After one such request, a signed-in browser's post to that view is no longer
checked: a cross-site form could call the action API, or post CKAN's own form of a plan,
with only the victim's cookie. So the plugin checks again:

- its own pages (:func:`protect`): every post, signed in or not;
- every other view (:func:`register`): every post by a user signed in by cookie, as
  CKAN means it to be. This covers the action API, CKAN's forms of the plugin's types
  (also under ``/dataset/``, which serves every type) and CKAN's organization bulk
  actions. The token comes in the form's field or, for the API, in the ``X-CSRFToken``
  header, as CKAN's own scripts send it.

A request that carries a valid API token is let through: CKAN signs it in by the token,
and a browser never sends one on its own. Anonymous API calls have no one to impersonate.
"""

from __future__ import annotations

from typing import Any

import ckan.lib.api_token as api_token
import ckan.plugins.toolkit as tk
from flask import Blueprint, Flask, jsonify
from flask_wtf.csrf import ValidationError, validate_csrf

_SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
_HEADERS = ("X-CSRFToken", "X-CSRF-Token")


def _signed_in_by_token() -> bool:
    token = tk.request.headers.get(tk.config.get("apitoken_header_name") or "Authorization")
    return bool(token) and api_token.get_user_from_token(token) is not None


def _sent_token() -> str | None:
    field = tk.config.get("WTF_CSRF_FIELD_NAME") or "_csrf_token"
    sent = tk.request.form.get(field)
    for header in _HEADERS:
        sent = sent or tk.request.headers.get(header)
    return sent


def _refuse_without_token() -> Any:
    try:
        validate_csrf(_sent_token())
    except ValidationError:
        message = tk._("The form has expired: reload the page and send it again.")
        if tk.request.blueprint == "api":
            error = {"__type": "CSRF Error", "message": message}
            return jsonify({"success": False, "error": error}), 400
        return tk.abort(400, message)
    return None


def _check() -> Any:
    """A post to one of the plugin's pages."""
    if tk.request.method in _SAFE_METHODS or _signed_in_by_token():
        return None
    return _refuse_without_token()


def protect(blueprint: Blueprint) -> Blueprint:
    blueprint.before_request(_check)
    return blueprint


def register(app: Flask) -> None:
    """Every view: the action API, CKAN's forms of the plugin's types under their own
    paths and under ``/dataset/`` (which serves every type), and CKAN's organization
    forms whose bulk actions change commitments and plans."""

    def check_signed_in_writes() -> Any:
        if tk.request.method in _SAFE_METHODS or not tk.asbool(
            tk.config.get("WTF_CSRF_ENABLED", True)
        ):
            return None
        if not tk.current_user.is_authenticated or _signed_in_by_token():
            return None
        return _refuse_without_token()

    app.before_request(check_signed_in_writes)
