"""Publishing a plan, commitment or inventory: a page of its own, reached from the edit
form (never a button beside Save), that says what each state means and asks to confirm.
It calls ``package_patch``: the same checks as the API."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.opendataplan.common import access, csrf, responses
from ckanext.opendataplan.forms import rows

forms = csrf.protect(Blueprint("opendataplan_forms", __name__))

CHOICES = ("public", "private")


def publishing(package_type: str, name: str) -> Any:
    """GET: the current state and the choices; POST ``choice``: the confirmation step;
    POST ``choice`` and ``confirm``: the change, then back to the page."""
    package = responses.show_or_404(package_type, name)
    user = access.current_user_name()
    if not access.can("package_update", user, package["id"]):
        return tk.abort(403, tk._("Only those who may edit it may publish it"))
    choice = tk.request.form.get("choice") if tk.request.method == "POST" else None
    if choice is not None and choice not in CHOICES:
        choice = None
    if choice and tk.request.form.get("confirm") == "yes":
        tk.get_action("package_patch")(
            {"user": user},
            {"id": package["id"], "private": choice == "private", "state": "active"},
        )
        tk.h.flash_success(_done(choice))
        return tk.redirect_to(tk.h.url_for(f"{package_type}.read", id=package["name"]))
    return tk.render(
        "opendataplan/form/publishing.html",
        {"pkg": package, "current": _state(package), "choice": choice},
    )


def _state(package: dict[str, Any]) -> str:
    if package.get("state") == "draft":
        return "draft"
    return "private" if package.get("private") else "public"


def _done(choice: str) -> str:
    if choice == "public":
        return tk._("It is public: everyone can read it")
    return tk._("It is private: only its institution can read it")


for _type in rows.TYPES:
    forms.add_url_rule(
        f"/{_type}/publishing/<name>",
        endpoint=f"{_type}_publishing",
        view_func=publishing,
        defaults={"package_type": _type},
        methods=["GET", "POST"],
    )
