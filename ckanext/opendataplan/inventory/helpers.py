"""Template helpers of inventories and of datasets published under a commitment."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.pagination import Page

from ckanext.opendataplan.common import access, cache, choices, multilingual, packages
from ckanext.opendataplan.inventory import labels, records
from ckanext.opendataplan.model import inventory_item

ITEMS_PER_PAGE = 50


def opendataplan_inventory_labels() -> dict[str, dict[str, str]]:
    _ = tk._
    return {
        **{
            field: {code: _(label) for code, label in labels.CHOICES[field].items()}
            for field in ("publication_status", "restriction", "update_frequency")
        },
        "criterion": {
            "quality": _("Data quality"),
            "no_impediment": _("No legal impediment"),
            "open_format": _("Open electronic format"),
            "demand": _("Demand"),
        },
        "inventory_status": choices.labels("inventory", "inventory_status"),
    }


def opendataplan_options(labels: dict[str, str]) -> list[dict[str, str]]:
    """Choices of a form select, from ``{value: label}``."""
    return [{"value": value, "text": text} for value, text in labels.items()]


def opendataplan_inventory_page(pkg: dict[str, Any], page: int = 1) -> dict[str, Any]:
    """The inventory page's data: its visible items, by priority, a page at a time, and
    the counts of all its items (restricted ones only counted)."""
    package = model.Package.get(pkg["id"])
    user = access.current_user_name()
    page = max(page, 1)
    member = access.is_member(package.owner_org, user)
    ranking = _ranking(package.id, member, page)
    try:
        tk.check_access("package_update", {"user": user}, {"id": package.id})
        can_edit = True
    except tk.NotAuthorized:
        can_edit = False
    return {
        "rows": Page(
            collection=records.as_dicts(inventory_item.by_ids(ranking["ids"]), user),
            page=page,
            items_per_page=ITEMS_PER_PAGE,
            item_count=ranking["count"],
            presliced_list=True,
            url=lambda q=None, page=1: tk.h.url_for("inventory.read", id=pkg["name"], page=page),
        ),
        "counts": ranking["counts"],
        "total": sum(ranking["counts"].values()),
        "restricted": ranking["restricted"],
        "can_edit": can_edit,
        "member": member,
    }


def _ranking(inventory_id: str, member: bool, page: int) -> dict[str, Any]:
    """Which items a page shows and the inventory's counts, cached per generation of the
    data: ranking 10,000 items is read once per change, not once per visit. Members see
    the restricted items too, so they have a ranking of their own."""

    def compute() -> dict[str, Any]:
        query = inventory_item.of_inventory(inventory_id, public_only=not member)
        count, ids = records.ranked_ids(query, (page - 1) * ITEMS_PER_PAGE, ITEMS_PER_PAGE)
        return {
            "count": count,
            "ids": ids,
            "counts": inventory_item.status_counts([inventory_id]),
            "restricted": inventory_item.restricted_count([inventory_id]),
        }

    key = {"inventory": inventory_id, "member": member, "page": page, "size": ITEMS_PER_PAGE}
    return cache.cached("inventory-page", key, compute)


def opendataplan_institution_inventory(org_id: str) -> dict[str, Any]:
    """An institution's inventories and its items per status, for its organization page."""
    inventories = (
        model.Session.query(model.Package.id, model.Package.name, model.Package.title)
        .filter(
            model.Package.type == "inventory",
            model.Package.owner_org == org_id,
            model.Package.state == "active",
            model.Package.private.is_(False),
        )
        .order_by(model.Package.name)
        .all()
    )
    counts = inventory_item.status_counts([row.id for row in inventories])
    return {"inventories": inventories, "counts": counts, "total": sum(counts.values())}


def _package_summary(package: model.Package | None) -> dict[str, str] | None:
    if package is None or package.state != "active":
        return None
    title = multilingual.pick(package.extras.get("title_translated"), tk.h.lang())
    return {
        "name": package.name,
        "title": title or package.title,
        "number": package.extras.get("number", ""),
    }


def opendataplan_dataset_origin(pkg: dict[str, Any]) -> dict[str, Any]:
    """The commitment (and its plan) a dataset fulfils, and the inventory item it comes
    from when the visitor may see it; read from the dataset's top level (a scheming
    schema with the plugin's presets) or its extras (any other schema)."""
    if not any(packages.extras_value(pkg, name) for name in packages.DATASET_FIELDS):
        return {}
    user = access.current_user_name()
    viewer = {"user": user}
    commitment = access.visible_package(
        packages.extras_value(pkg, "commitment"), viewer, "commitment"
    )
    plan_id = commitment.extras.get("plan") if commitment is not None else None
    items = [item for item in inventory_item.of_dataset(pkg["id"]) if records.can_see(item, user)]
    origin_item = records.as_dict(items[0]) if items else None
    return {
        "commitment": _package_summary(commitment),
        "plan": _package_summary(access.visible_package(plan_id, viewer, "plan")),
        "item": origin_item,
    }


def opendataplan_shown_extras(extras: Any) -> list[dict[str, Any]]:
    """A dataset's extras without the plugin's two, which its page says in words."""
    return [e for e in extras or [] if e.get("key") not in packages.DATASET_FIELDS]


def opendataplan_commitment_datasets(commitment_id: str) -> list[dict[str, Any]]:
    """Public datasets published under the commitment (50 at most), by title. Read from
    PostgreSQL, not the search index: the commitment's page answers while Solr is away."""
    found = packages.with_fields(
        "dataset",
        ("commitment",),
        public_only=True,
        where=model.Package.id.in_(packages.ids_with("commitment", commitment_id)),
    )
    return sorted(found.values(), key=lambda d: (d["title"] or d["name"]).casefold())[:50]
