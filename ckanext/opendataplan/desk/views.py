"""/dashboard/to-update: what the signed-in editor has to update, per institution; and
the landing after login (an editor of an institution lands there, others on CKAN's)."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.opendataplan.accountability import reminders
from ckanext.opendataplan.common import access
from ckanext.opendataplan.desk import items

desk = Blueprint("opendataplan_desk", __name__)

# CKAN's own landing after login, which users who edit no institution keep.
CKAN_LANDING = "dashboard.datasets"


def signed_in_user() -> model.User | None:
    name = access.current_user_name()
    return model.User.get(name) if name else None


def to_update() -> Any:
    user = signed_in_user()
    if user is None:
        return tk.redirect_to(
            tk.h.url_for("user.login", came_from=tk.h.url_for("opendataplan_desk.to_update"))
        )
    body = items.build(user, tk.h.lang())
    return tk.render("opendataplan/to_update.html", {**body, "sysadmin": user.sysadmin})


def editor(user: model.User | None) -> bool:
    """Whether the user is an admin or editor (the reminders' roles) of an institution."""
    roles = reminders.Settings.from_config().roles
    return user is not None and bool(items.institutions_of(user, roles))


def after_login() -> Any:
    """Where ``ckan.auth.route_after_login`` leads: the page above for an editor of at
    least one institution, CKAN's landing for everyone else."""
    if editor(signed_in_user()):
        return tk.redirect_to("opendataplan_desk.to_update")
    return tk.redirect_to(CKAN_LANDING)


desk.add_url_rule("/dashboard/to-update", view_func=to_update)
desk.add_url_rule("/dashboard/to-update/landing", view_func=after_login)
