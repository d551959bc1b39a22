"""Loads the demo data from the seed documents; running it again updates in place."""

from __future__ import annotations

import os
from typing import Any

import ckan.plugins.toolkit as tk
import yaml

_HERE = os.path.dirname(os.path.abspath(__file__))


def _read(name: str) -> Any:
    with open(os.path.join(_HERE, name), encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def _site_user_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def load_organizations() -> list[str]:
    """Create or update the demo institutions; returns their names."""
    context = _site_user_context()
    names = []
    for org in _read("organizations.yaml"):
        try:
            tk.get_action("organization_show")(dict(context), {"id": org["name"]})
            tk.get_action("organization_patch")(dict(context), {"id": org["name"], **org})
        except tk.ObjectNotFound:
            tk.get_action("organization_create")(dict(context), org)
        names.append(org["name"])
    return names


def load_all() -> dict[str, list[str]]:
    return {"organizations": load_organizations()}
