"""What the plan-data descriptor says of this portal: the licence its plans are
published under (``ckanext.opendataplan.open_data_licence``, an open licence of the
portal's licence register), the portal that publishes them, and the profile's version."""

from __future__ import annotations

import re
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.domain import plandata

LICENCE_OPTION = "ckanext.opendataplan.open_data_licence"

# A Data Package licence's ``name`` is an Open Definition identifier (lower case).
_LICENCE_NAME = re.compile(r"^[-a-z0-9._/]+$")


def package_properties() -> dict[str, Any]:
    """The descriptor's licence, publisher and profile."""
    portal = {"title": tk.config.get("ckan.site_title"), "path": tk.config.get("ckan.site_url")}
    return {
        "licenses": [licence(tk.config.get(LICENCE_OPTION))],
        "contributors": [{**portal, "role": "publisher"}],
        "opendataplan": {
            "profile": plandata.PROFILE,
            "version": plandata.VERSION,
            "portal": portal,
        },
    }


def licence(licence_id: str) -> dict[str, Any]:
    """The licence as a Data Package names it: identifier, title and address."""
    found = _open_licence(licence_id)
    if found is None:
        return {"name": licence_id}
    entry = {"title": str(found.title), "path": found.url or None}
    if _LICENCE_NAME.match(found.id):
        entry["name"] = found.id
    return {key: value for key, value in entry.items() if value}


def opendataplan_open_data_licence(value: Any) -> Any:
    """The setting names an open licence of this portal's register (its ``id``)."""
    if _open_licence(value) is None:
        open_ids = sorted(lic.id for lic in _register().values() if lic.isopen())
        raise tk.Invalid(
            tk._("Not an open licence of this portal: {value}. Open licences: {ids}").format(
                value=value, ids=", ".join(open_ids)
            )
        )
    return value


def _open_licence(licence_id: Any) -> Any:
    found = _register().get(licence_id) if isinstance(licence_id, str) else None
    return found if found is not None and found.isopen() else None


def _register() -> Any:
    return model.Package.get_license_register()
