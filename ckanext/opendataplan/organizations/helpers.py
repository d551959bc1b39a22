"""Template helpers: an institution's title in the page's language, every institution
read in one query per request (a list page names twenty without a query each)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import g, has_request_context

from ckanext.opendataplan.common import institutions, multilingual

_MEMO = "opendataplan_institutions"


def _all() -> dict[str, institutions.Institution]:
    """Every active institution by id and by name, titled in the page's language."""
    if has_request_context() and hasattr(g, _MEMO):
        return getattr(g, _MEMO)
    found = institutions.named(None, tk.h.lang())
    found.update({inst.name: inst for inst in list(found.values())})
    if has_request_context():
        setattr(g, _MEMO, found)
    return found


def opendataplan_institution(org: Any) -> institutions.Institution:
    """An institution (an organization dict, its id or its name) as the page names it:
    ``title`` in the page's language, else its own, with the ``lang`` it is in."""
    key = org.get("id") if isinstance(org, dict) else org
    found = _all().get(key or "")
    if found is not None:
        return found
    if isinstance(org, dict):  # not active (deleted): its own title
        return institutions.titled(org.get("name") or "", org.get("title"), None, None)
    return institutions.Institution(str(org or ""), str(org or ""), "")


def opendataplan_institution_texts(data: dict[str, Any]) -> dict[str, str]:
    """The organization form's titles per language: from its extra when the form opens."""
    for extra in data.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == institutions.TITLES_KEY:
            return multilingual.parse(extra.get("value"))
    return {}
