"""The country-wide pages' filter by source (``?source=``): ``local`` (this portal's
own plans) or the name of a harvest source; offered as a select only when a harvested
plan is among the pages' plans (``domain/sources.py`` holds the rule)."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from markupsafe import Markup, escape

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


def opendataplan_text_lang(value: Any) -> str:
    """``ar`` for a title in Arabic script (``lang`` of its element), else ''."""
    return sources.script_lang(value)


def opendataplan_source_headline(source: str | None, found: list[Any], plain: bool = False) -> Any:
    """The overview's headline title: whose figures they are under ``?source=``. The
    source portal's title (that of ``found``, the page's ``sources``, else the source's
    name) is isolated in a ``<bdi>`` with its language; ``plain``: as text (a label)."""
    if not source:
        return tk._("National progress")
    if source == sources.LOCAL:
        return tk._("Progress of this portal's own plans")
    title = dict(found or []).get(source) or source
    text = tk._("Progress of the plans from {portal}")
    if plain:
        return text.format(portal=title)
    lang = sources.script_lang(title)
    portal = Markup('<bdi lang="{}">{}</bdi>' if lang else "<bdi>{1}</bdi>").format(lang, title)
    return escape(text).format(portal=portal)


def organizations_shown(results: list[dict[str, Any]]) -> None:
    """Each search result's ``organization`` as the organization's dict, as CKAN gives
    it. CKAN 2.11 indexes a harvest source validated by ckanext-harvest's show schema,
    which keeps the organization's name alone: ckanext-harvest's source list
    (``/harvest``) then read ``.title`` of a text and answered 500."""
    names = {r["organization"] for r in results if isinstance(r.get("organization"), str)}
    if not names:
        return
    found = {
        group.name: group
        for group in model.Session.query(model.Group).filter(model.Group.name.in_(names))
    }
    for result in results:
        group = found.get(result.get("organization"))  # type: ignore[arg-type]
        if isinstance(result.get("organization"), str):
            result["organization"] = _organization(group) if group is not None else None


def _organization(group: model.Group) -> dict[str, Any]:
    return {
        "id": group.id,
        "name": group.name,
        "title": group.title,
        "type": group.type,
        "description": group.description,
        "image_url": group.image_url,
        "created": group.created.isoformat() if group.created else None,
        "is_organization": group.is_organization,
        "approval_status": group.approval_status,
        "state": group.state,
    }
