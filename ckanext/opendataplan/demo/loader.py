"""Loads the demo data from the seed documents. Running it again refreshes the
institutions and creates only the plans, commitments and reports that are missing.

Two sets: ``national`` (this folder's YAML, the portal of `make portal`) and
``regional`` (``regional/``: the OGP Local plan of a region, the second portal of
`make federation`)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
import yaml

from ckanext.opendataplan.demo import participation
from ckanext.opendataplan.domain import checks
from ckanext.opendataplan.progress import settling

_HERE = os.path.dirname(os.path.abspath(__file__))
SETS = {"national": _HERE, "regional": os.path.join(_HERE, "regional")}


def reader(demo_set: str) -> Callable[[str], Any]:
    folder = SETS[demo_set]

    def read(name: str) -> Any:
        with open(os.path.join(folder, name), encoding="utf-8") as stream:
            return yaml.safe_load(stream)

    return read


_read = reader("national")


def _site_user_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def load_organizations(read: Callable[[str], Any] = _read) -> list[str]:
    """Create or update the demo institutions; returns their names."""
    context = _site_user_context()
    names = []
    for org in read("organizations.yaml"):
        try:
            tk.get_action("organization_show")(dict(context), {"id": org["name"]})
            tk.get_action("organization_patch")(dict(context), {"id": org["name"], **org})
        except tk.ObjectNotFound:
            tk.get_action("organization_create")(dict(context), org)
        names.append(org["name"])
    return names


def _ensure(context: dict[str, Any], data: dict[str, Any]) -> str:
    """Create the dataset unless it exists. An existing one is left as the portal's users
    made it, and loading again adds nothing to the progress history."""
    try:
        tk.get_action("package_show")(dict(context), {"id": data["name"]})
    except tk.ObjectNotFound:
        tk.get_action("package_create")(dict(context), data)
    return data["name"]


def load_plans(read: Callable[[str], Any] = _read) -> tuple[list[str], list[str]]:
    """Create the demo plans and their commitments that are missing."""
    context = _site_user_context()
    plans, commitments = [], []
    for entry in read("plans.yaml"):
        plan = entry["plan"]
        plans.append(_ensure(context, {"type": "plan", **plan}))
        # The cards' figures are those of their document, not of the day of loading:
        # dated at the end of the plan's period (or when the plan was prepared).
        as_of = checks.as_date(plan.get("period_end") or plan.get("date_prepared"))
        card_context = (
            {**context, settling.AS_OF: min(as_of, dt.date.today())} if as_of else context
        )
        for commitment in entry["commitments"]:
            data = {"type": "commitment", "plan": plan["name"], "owner_org": plan["owner_org"]}
            commitments.append(_ensure(card_context, {**data, **commitment}))
    return plans, commitments


def load_progress_reports(read: Callable[[str], Any] = _read) -> list[str]:
    """Create the demo meetings that are missing; creating one publishes it in the history."""
    context = _site_user_context()
    return [
        _ensure(context, {"type": "progress_report", **report})
        for report in read("progress_reports.yaml")
    ]


def _publish_item(context: dict[str, Any], item_id: str) -> None:
    """Promote the item and publish its dataset, as a data manager would."""
    dataset = tk.get_action("opendataplan_inventory_item_promote")(dict(context), {"id": item_id})
    tk.get_action("package_patch")(
        dict(context), {"id": dataset["id"], "state": "active", "private": False}
    )


def load_inventories() -> tuple[list[str], list[str]]:
    """Create the demo inventories and their missing items; publish those marked so."""
    context = _site_user_context()
    inventories, references = [], []
    for entry in _read("inventories.yaml"):
        name = _ensure(context, {"type": "inventory", **entry["inventory"]})
        inventories.append(name)
        existing = {
            item["reference"]
            for item in tk.get_action("opendataplan_inventory_item_list")(
                dict(context), {"inventory": name}
            )
        }
        for fields in entry["items"]:
            item = {key: value for key, value in fields.items() if key != "publish"}
            references.append(item["reference"])
            if item["reference"] in existing:
                continue
            created = tk.get_action("opendataplan_inventory_item_create")(
                dict(context), {"inventory": name, **item}
            )
            if fields.get("publish"):
                _publish_item(context, created["id"])
    return inventories, references


def load_all(demo_set: str = "national") -> dict[str, list[str]]:
    """Load one demo set; the regional one is an institution, its plan and its meetings."""
    read = reader(demo_set)
    organizations = load_organizations(read)
    plans, commitments = load_plans(read)
    reports = load_progress_reports(read)
    if demo_set != "national":
        return {
            "organizations": organizations,
            "plans": plans,
            "commitments": commitments,
            "progress reports": reports,
        }
    inventories, items = load_inventories()
    drafts = participation.load(_read, _ensure, _site_user_context())
    return {
        "organizations": organizations,
        "plans": plans,
        "commitments": commitments,
        "progress reports": reports,
        "inventories": inventories,
        "inventory items": items,
        "plans in preparation": drafts,
    }
