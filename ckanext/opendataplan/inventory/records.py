"""Inventory items in the plugin's table: who sees them, their API shape, saving them,
and keeping items and their published datasets in step.

An item with a legal impediment (``restriction`` other than ``none``) is seen only by
members of its institution and by sysadmins; every way out (actions, pages, exports,
the search index) goes through :func:`visible_items` or :func:`can_see`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import access, multilingual, search_batch
from ckanext.opendataplan.domain import inventory as inventory_rules
from ckanext.opendataplan.model import inventory_item
from ckanext.opendataplan.model.inventory_item import InventoryItem

ITEM_FIELDS = (
    "reference",
    "title",
    "description",
    "producing_unit",
    "theme",
    "formats",
    "electronic",
    "open_format",
    "restriction",
    "restriction_other",
    "demand",
    "datarequests",
    "quality",
    "update_frequency",
    "planned_publication_date",
    "publication_status",
    "milestone",
)
# API name -> column, for the references to other entities.
LINKS = {"commitment": "commitment_id", "dataset": "dataset_id"}


def priority_settings() -> tuple[inventory_rules.Weights, int]:
    weights = inventory_rules.parse_weights(tk.config.get("ckanext.opendataplan.priority_weights"))
    return weights, tk.config.get("ckanext.opendataplan.priority_demand_cap")


def get_inventory(reference: Any) -> model.Package | None:
    return access.package(reference, "inventory")


def org_of(item: InventoryItem) -> str | None:
    inventory = model.Package.get(item.inventory_id)
    return inventory.owner_org if inventory is not None else None


def can_see(item: InventoryItem, user: str | None, org_id: str | None = None) -> bool:
    if item.restriction == "none":
        return True
    return access.is_member(org_id or org_of(item), user)


def visible_items(inventory: model.Package, user: str | None) -> Any:
    """The query of the inventory's items this user may see."""
    return inventory_item.of_inventory(
        inventory.id, public_only=not access.is_member(inventory.owner_org, user)
    )


def _names(ids: Iterable[str | None], viewer: str | None) -> dict[str, str]:
    """Names by id of the packages the viewer may see (public ones in one query; the
    private ones checked one by one): the others answer as if there were none."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = model.Session.query(
        model.Package.id, model.Package.name, model.Package.private, model.Package.state
    ).filter(model.Package.id.in_(wanted))
    return {
        package_id: name
        for package_id, name, private, state in rows
        if (state == "active" and not private)
        or (viewer and access.can("package_show", viewer, package_id))  # never anonymous
    }


def as_dicts(items: list[InventoryItem], viewer: str | None = None) -> list[dict[str, Any]]:
    """Items as the API gives them, with their priority, sorted by priority (highest
    first, then by reference); linked packages named only when ``viewer`` (default: the
    request's user) may see them."""
    weights, cap = priority_settings()
    viewer = viewer if viewer is not None else access.viewer_name()
    names = _names(
        [i.inventory_id for i in items]
        + [i.commitment_id for i in items]
        + [i.dataset_id for i in items],
        viewer,
    )
    result = [_as_dict(item, names, weights, cap) for item in items]
    result.sort(key=lambda d: (-d["priority_score"], d["reference"]))
    return result


_RANKING_COLUMNS = (
    InventoryItem.id,
    InventoryItem.reference,
    InventoryItem.quality,
    InventoryItem.restriction,
    InventoryItem.electronic,
    InventoryItem.open_format,
    InventoryItem.demand,
)
_CRITERIA_NAMES = ("quality", "restriction", "electronic", "open_format", "demand")


def ranked_ids(query: Any, offset: int = 0, limit: int | None = None) -> tuple[int, list[str]]:
    """``(count, ids)``: the query's items ranked by priority (highest first, then by
    reference), ``limit`` of them from ``offset``. Only the criteria columns of every item
    are read, so that a page of a 10,000-item inventory stays cheap."""
    weights, cap = priority_settings()
    # Scores depend on a few small-valued criteria: compute each combination once.
    scores: dict[tuple, float] = {}
    ranked = []
    for item_id, reference, *criteria in query.with_entities(*_RANKING_COLUMNS):
        quality, restriction, electronic, open_format, demand = criteria
        key = (quality, restriction == "none", electronic, open_format, min(demand, cap))
        if key not in scores:
            scores[key] = inventory_rules.score(dict(zip(_CRITERIA_NAMES, criteria)), weights, cap)
        ranked.append((-scores[key], reference, item_id))
    ranked.sort()
    window = ranked[offset : None if limit is None else offset + limit]
    return len(ranked), [item_id for _score, _ref, item_id in window]


def ranked_page(
    query: Any, offset: int = 0, limit: int | None = None, viewer: str | None = None
) -> tuple[int, list]:
    """``(count, items)``: :func:`ranked_ids`, the items whole and as the API gives them."""
    count, ids = ranked_ids(query, offset, limit)
    return count, as_dicts(inventory_item.by_ids(ids), viewer)


def as_dict(item: InventoryItem, viewer: str | None = None) -> dict[str, Any]:
    return as_dicts([item], viewer)[0]


def _as_dict(
    item: InventoryItem, names: dict[str, str], weights: inventory_rules.Weights, cap: int
) -> dict[str, Any]:
    data: dict[str, Any] = {field: getattr(item, field) for field in ITEM_FIELDS}
    data["planned_publication_date"] = (
        item.planned_publication_date.isoformat() if item.planned_publication_date else None
    )
    score, breakdown = inventory_rules.priority(data, weights, cap)
    return {
        "id": item.id,
        "inventory": item.inventory_id,
        "inventory_name": names.get(item.inventory_id),
        **data,
        "commitment": item.commitment_id if item.commitment_id in names else None,
        "commitment_name": names.get(item.commitment_id or ""),
        "dataset": item.dataset_id if item.dataset_id in names else None,
        "dataset_name": names.get(item.dataset_id or ""),
        "priority_score": score,
        "priority_breakdown": breakdown,
        "created": item.created.isoformat(),
        "modified": item.modified.isoformat(),
    }


def as_input(item: InventoryItem) -> dict[str, Any]:
    """The stored item as action input, so that an update may give only what changes."""
    data = {field: getattr(item, field) for field in ITEM_FIELDS}
    data.update({name: getattr(item, column) for name, column in LINKS.items()})
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def column_values(data: dict[str, Any]) -> dict[str, Any]:
    """Validated action input -> column values (absent optional fields are emptied)."""
    values = {field: data.get(field) for field in ITEM_FIELDS}
    values.update({column: data.get(name) for name, column in LINKS.items()})
    values["description"] = values["description"] or {}
    values["formats"] = values["formats"] or []
    values["datarequests"] = values["datarequests"] or []
    values["modified"] = dt.datetime.utcnow()
    return values


def next_reference(inventory_id: str) -> str:
    return f"{inventory_item.count(inventory_id) + 1:04d}"


def index_text(inventory_id: str) -> str:
    """Searchable text of the inventory's public items, for its search index document."""
    parts: list[str] = []
    for reference, title, theme in inventory_item.public_titles(inventory_id):
        parts.extend([reference, *multilingual.parse(title).values(), theme or ""])
    return " ".join(part for part in parts if part)


def reindex(inventory_id: str) -> None:
    search_batch.reindex([inventory_id])


# Publication: an item's dataset, once public and active, makes the item published.


def _is_public(package: model.Package) -> bool:
    return package.state == "active" and not package.private


def sync_dataset(pkg_dict: dict[str, Any]) -> None:
    """After a dataset is saved: link the item it names, and follow its publication."""
    package = model.Package.get(pkg_dict["id"])
    if package is None:
        return
    item = get_item(package.extras.get("inventory_item"))
    taken = item is not None and item.dataset_id and access.package(item.dataset_id) is not None
    if item is not None and item.dataset_id != package.id and not taken:
        item.dataset_id = package.id
        model.Session.flush()  # CKAN's session does not autoflush
    _follow_all(inventory_item.of_dataset(package.id), _is_public(package))


def _follow(item: InventoryItem, published: bool) -> bool:
    """Set the item's status from its dataset's publication; whether it changed. An item
    with a legal impediment is never published, whatever its dataset does."""
    if published and item.restriction == "none":
        status = "published"
    elif item.publication_status == "published":
        status = "planned" if item.planned_publication_date else "candidate"
    else:
        return False
    changed = item.publication_status != status
    item.publication_status = status
    item.modified = dt.datetime.utcnow()
    return changed


def _follow_all(items: list[InventoryItem], published: bool) -> None:
    """Items follow their dataset; the inventories whose items changed are reindexed."""
    changed = [item.inventory_id for item in items if _follow(item, published)]
    for inventory_id in set(changed):
        reindex(inventory_id)


def dataset_withdrawn(package_id: str) -> None:
    _follow_all(inventory_item.of_dataset(package_id), False)


def get_item(item_id: Any) -> InventoryItem | None:
    ref = access.reference(item_id)
    return inventory_item.get(ref) if ref else None


def link_dataset(item: InventoryItem) -> None:
    """An item given a dataset follows that dataset's publication."""
    package = model.Package.get(item.dataset_id) if item.dataset_id else None
    if package is not None:
        _follow(item, _is_public(package))


def follow_linked_datasets(inventory_id: str) -> None:
    for item in inventory_item.with_dataset(inventory_id):
        link_dataset(item)
