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


def _upsert(context: dict[str, Any], data: dict[str, Any]) -> str:
    """Create the dataset, or update it in place when it exists."""
    try:
        tk.get_action("package_show")(dict(context), {"id": data["name"]})
    except tk.ObjectNotFound:
        return tk.get_action("package_create")(dict(context), data)["name"]
    return tk.get_action("package_update")(dict(context), {**data, "id": data["name"]})["name"]


def load_plans() -> tuple[list[str], list[str]]:
    """Create or update the demo plans and their commitments."""
    context = _site_user_context()
    plans, commitments = [], []
    for entry in _read("plans.yaml"):
        plan = entry["plan"]
        plans.append(_upsert(context, {"type": "plan", **plan}))
        for commitment in entry["commitments"]:
            data = {"type": "commitment", "plan": plan["name"], "owner_org": plan["owner_org"]}
            commitments.append(_upsert(context, {**data, **commitment}))
    return plans, commitments


def load_all() -> dict[str, list[str]]:
    organizations = load_organizations()
    plans, commitments = load_plans()
    return {"organizations": organizations, "plans": plans, "commitments": commitments}
