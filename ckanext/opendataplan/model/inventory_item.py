"""Inventory items in the plugin's table, and the queries that read them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.model.types import make_uuid
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    UnicodeText,
    UniqueConstraint,
    bindparam,
    cast,
    column,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from ckanext.opendataplan.domain.inventory import PUBLICATION_STATUSES


class InventoryItem(tk.BaseModel):  # type: ignore[misc, valid-type]
    """An item of an institution's public-data inventory (a dataset of type inventory).

    Items are not CKAN datasets: an inventory lists what an institution holds, including
    what it may never publish; an item becomes a dataset only when it is promoted.
    """

    __tablename__ = "opendataplan_inventory_item"
    __table_args__ = (UniqueConstraint("inventory_id", "reference"),)

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    inventory_id = Column(UnicodeText, nullable=False)
    reference = Column(UnicodeText, nullable=False)
    title = Column(JSONB, nullable=False)  # {lang: text}
    description = Column(JSONB, nullable=False, default=dict)
    producing_unit = Column(UnicodeText)
    theme = Column(UnicodeText)
    formats = Column(JSONB, nullable=False, default=list)
    electronic = Column(Boolean, nullable=False, default=False)
    open_format = Column(Boolean, nullable=False, default=False)
    restriction = Column(UnicodeText, nullable=False, default="none")
    restriction_other = Column(UnicodeText)
    demand = Column(Integer, nullable=False, default=0)
    datarequests = Column(JSONB, nullable=False, default=list)
    quality = Column(Integer)
    update_frequency = Column(UnicodeText)
    planned_publication_date = Column(Date)
    publication_status = Column(UnicodeText, nullable=False, default="candidate")
    commitment_id = Column(UnicodeText)
    milestone = Column(Integer)
    dataset_id = Column(UnicodeText)
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    modified = Column(DateTime, nullable=False, default=dt.datetime.utcnow)


def get(item_id: str) -> InventoryItem | None:
    return model.Session.get(InventoryItem, item_id)


def of_inventory(inventory_id: str, public_only: bool) -> Any:
    """The query of an inventory's items (``public_only``: those without impediment)."""
    query = model.Session.query(InventoryItem).filter(InventoryItem.inventory_id == inventory_id)
    if public_only:
        query = query.filter(InventoryItem.restriction == "none")
    return query


def by_ids(item_ids: list[str]) -> list[InventoryItem]:
    if not item_ids:
        return []
    return model.Session.query(InventoryItem).filter(InventoryItem.id.in_(item_ids)).all()


def of_dataset(package_id: str) -> list[InventoryItem]:
    return model.Session.query(InventoryItem).filter(InventoryItem.dataset_id == package_id).all()


def with_dataset(inventory_id: str) -> Any:
    """The inventory's items tied to a dataset."""
    return model.Session.query(InventoryItem).filter(
        InventoryItem.inventory_id == inventory_id, InventoryItem.dataset_id.isnot(None)
    )


def filtered(query: Any, text: str | None, status: str | None) -> Any:
    """Narrow an item query to a publication status and to a text in the reference or
    title (``%`` and ``_`` taken literally)."""
    if status:
        query = query.filter(InventoryItem.publication_status == status)
    if text:
        pattern = "%{}%".format(text.replace("%", r"\%").replace("_", r"\_"))
        query = query.filter(
            InventoryItem.reference.ilike(pattern)
            | cast(InventoryItem.title, UnicodeText).ilike(pattern)
        )
    return query


def count(inventory_id: str) -> int:
    return (
        model.Session.query(func.count(InventoryItem.id))
        .filter(InventoryItem.inventory_id == inventory_id)
        .scalar()
    )


def ids_by_reference(inventory_id: str) -> dict[str, str]:
    rows = model.Session.query(InventoryItem.reference, InventoryItem.id).filter(
        InventoryItem.inventory_id == inventory_id
    )
    return dict(rows)


def reference_taken(inventory_id: str, reference: str, except_id: str | None = None) -> bool:
    query = model.Session.query(InventoryItem.id).filter(
        InventoryItem.inventory_id == inventory_id, InventoryItem.reference == reference
    )
    if except_id:
        query = query.filter(InventoryItem.id != except_id)
    return query.first() is not None


def status_counts(inventory_ids: list[str]) -> dict[str, int]:
    """Items per publication status, restricted ones included: an aggregate, shown to all."""
    counts = dict.fromkeys(PUBLICATION_STATUSES, 0)
    if not inventory_ids:
        return counts
    rows = (
        model.Session.query(InventoryItem.publication_status, func.count(InventoryItem.id))
        .filter(InventoryItem.inventory_id.in_(inventory_ids))
        .group_by(InventoryItem.publication_status)
    )
    counts.update(dict(rows))
    return counts


def restricted_count(inventory_ids: list[str]) -> int:
    if not inventory_ids:
        return 0
    return (
        model.Session.query(func.count(InventoryItem.id))
        .filter(InventoryItem.inventory_id.in_(inventory_ids), InventoryItem.restriction != "none")
        .scalar()
    )


def public_titles(inventory_id: str) -> list[tuple[str, Any, str | None]]:
    """``(reference, title, theme)`` of the inventory's items without impediment."""
    return (
        model.Session.query(InventoryItem.reference, InventoryItem.title, InventoryItem.theme)
        .filter(InventoryItem.inventory_id == inventory_id, InventoryItem.restriction == "none")
        .all()
    )


def links_by_reference(inventory_id: str) -> dict[str, tuple[str | None, str | None, int | None]]:
    """``{reference: (commitment_id, dataset_id, milestone)}`` of the inventory's items."""
    rows = model.Session.query(
        InventoryItem.reference,
        InventoryItem.commitment_id,
        InventoryItem.dataset_id,
        InventoryItem.milestone,
    ).filter(InventoryItem.inventory_id == inventory_id)
    return {reference: tuple(links) for reference, *links in rows}


def update_many(rows: list[dict[str, Any]]) -> None:
    """Write the given columns of many items in one statement: each row names its ``id``
    and the same columns as the first row.

    The ORM's bulk update sends one UPDATE a row through psycopg2 (10,000 round trips, 3 s
    for an import's 10,000 rows); here the rows travel as one JSON array, read back in
    the table's own column types.
    """
    if not rows:
        return
    table = InventoryItem.__table__
    source = (
        func.jsonb_to_recordset(cast(bindparam("rows", _as_json(rows), UnicodeText), JSONB))
        .table_valued(*(column(name, table.c[name].type) for name in rows[0]))
        .render_derived(name="source", with_types=True)
    )
    changed = {name: source.c[name] for name in rows[0] if name != "id"}
    model.Session.execute(table.update().where(table.c.id == source.c.id).values(changed))


def _as_json(rows: list[dict[str, Any]]) -> str:
    """Dates and times as ISO text, which PostgreSQL reads back into its date types."""
    return json.dumps(rows, default=lambda value: value.isoformat())
