"""Readable labels for the plugin's search facets (levels, plans, kinds of plan)."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from flask import has_request_context

from ckanext.opendataplan.common import access, choices, multilingual, packages


def _visible_plans(ids: list[str]) -> set[str]:
    """The plans among ``ids`` the visitor may see: public ones in one query, private
    ones checked one by one (a facet must not name a plan the visitor may not see)."""
    rows = model.Session.query(model.Package.id, model.Package.private).filter(
        model.Package.id.in_(ids), model.Package.type == "plan", model.Package.state == "active"
    )
    viewer = access.viewer_name()
    return {
        plan_id
        for plan_id, private in rows
        if not private or access.can("package_show", viewer, plan_id)
    }


def _plan_titles(ids: list[str]) -> dict[str, str]:
    plans = packages.with_fields("plan", ("title_translated",), ids=ids)
    lang = tk.h.lang()
    return {
        plan_id: multilingual.pick(plan.get("title_translated"), lang) or plan["title"]
        for plan_id, plan in plans.items()
    }


def visible_plan_titles(ids: list[str]) -> dict[str, str]:
    """The titles, in the page's language, of the plans among ``ids`` the visitor may
    see, in two queries whatever the number of ids (for a list of packages)."""
    ids = [plan_id for plan_id in dict.fromkeys(ids) if plan_id]
    if not ids:
        return {}
    return _plan_titles(list(_visible_plans(ids)))


def label_items(search_facets: dict[str, Any]) -> None:
    """Replace the stored values shown in facet lists by words in the visitor's language
    (only when answering a request: there is no visitor otherwise)."""
    if not has_request_context():
        return
    labels: dict[str, dict[str, str]] = {}
    if "completion_level" in search_facets:
        labels["completion_level"] = {
            item["name"]: tk.h.opendataplan_level_label(item["name"])
            for item in search_facets["completion_level"]["items"]
        }
    if "plan" in search_facets:
        items = search_facets["plan"]["items"]
        visible = _visible_plans([item["name"] for item in items])
        items[:] = [item for item in items if item["name"] in visible]
        labels["plan"] = _plan_titles(list(visible))
    for field_name in ("plan_kind", "version_status"):
        if field_name in search_facets:
            labels[field_name] = choices.labels("plan", field_name)
    for facet, mapping in labels.items():
        for item in search_facets[facet]["items"]:
            item["display_name"] = mapping.get(item["name"], item["display_name"])
