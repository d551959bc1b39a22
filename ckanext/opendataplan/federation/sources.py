"""The country-wide pages' filter by source (``?source=``): ``local`` (this portal's
own plans) or the name of a harvest source; offered as a select only when a harvested
plan is among the pages' plans (``domain/sources.py`` holds the rule)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.opendataplan.domain import sources


def source_arg() -> Any:
    """``?source=``: ``local`` or a harvest source's name (one no plan came from shows
    no plan), else a 400 that names the parameter."""
    value = tk.request.args.get("source") or None
    if value is None or value == sources.LOCAL or sources.is_name(value):
        return value
    return tk.abort(400, tk._("%s: this value is not one of the choices") % "source")


def opendataplan_source_options(found: list[Any]) -> list[dict[str, str]]:
    """The select's options from a page's ``sources`` (``domain.sources.harvested``):
    none, so no select, when no plan was harvested."""
    if not found:
        return []
    local = {"value": sources.LOCAL, "label": tk._("This portal")}
    return [local, *({"value": name, "label": title or name} for name, title in found)]


def opendataplan_web_address(value: Any) -> str:
    """A harvested object's link when it is a web page, else '' (shown as text)."""
    return sources.web_address(value)
