"""Promoting an inventory item: a draft dataset pre-filled from it, linked both ways."""

from __future__ import annotations

import re
import uuid
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import multilingual, transaction
from ckanext.opendataplan.inventory import records
from ckanext.opendataplan.model import InventoryItem


def _name(item: InventoryItem) -> str:
    """A URL name from the item's reference and Latin title, made unique."""
    title = item.title.get("en") or item.title.get("fr") or ""
    base = re.sub(r"[^a-z0-9]+", "-", f"{item.reference} {title}".lower()).strip("-")[:80]
    base = base or "dataset"
    name = base
    while model.Package.get(name) is not None:
        name = f"{base}-{uuid.uuid4().hex[:6]}"
    return name


def prefill(item: InventoryItem, owner_org: str) -> dict[str, Any]:
    lang = tk.config.get("ckan.locale_default")
    data = {
        "type": "dataset",
        "state": "draft",
        "name": _name(item),
        "title": multilingual.pick(item.title, lang),
        "notes": multilingual.pick(item.description, lang),
        "owner_org": owner_org,
        "inventory_item": item.id,
    }
    if item.commitment_id:
        data["commitment"] = item.commitment_id
    return data


def promote(context: dict, item: InventoryItem) -> dict[str, Any]:
    if item.restriction != "none":
        raise tk.ValidationError(
            {"restriction": [tk._("An item with a legal impediment cannot be published")]}
        )
    if item.dataset_id and model.Package.get(item.dataset_id) is not None:
        raise tk.ValidationError(
            {"dataset": [tk._("This item already has its dataset: %s") % item.dataset_id]}
        )
    owner_org = records.org_of(item)
    create_context = {
        "user": context.get("user"),
        "allow_state_change": True,  # CKAN keeps a given state only when told to
    }
    dataset = tk.get_action("package_create")(create_context, prefill(item, owner_org))
    item.dataset_id = dataset["id"]
    transaction.commit(context)
    return dataset
