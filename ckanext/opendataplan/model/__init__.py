"""The plugin's own tables. They are created by `ckan db upgrade -p opendataplan`,
never at plugin load."""

from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
from ckan.model.types import make_uuid
from sqlalchemy import Boolean, Column, Date, DateTime, Integer, UnicodeText, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB


class ProgressSnapshot(tk.BaseModel):  # type: ignore[misc, valid-type]
    """A commitment's progress as it stood on a date, and where the figure came from."""

    __tablename__ = "opendataplan_progress_snapshot"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    commitment_id = Column(UnicodeText, nullable=False)
    date = Column(Date, nullable=False)
    recorded_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    progress = Column(Integer, nullable=False)
    completion_level = Column(UnicodeText, nullable=False)
    source = Column(UnicodeText, nullable=False)  # report, edit, recompute
    report_id = Column(UnicodeText)
    user_id = Column(UnicodeText)
    withdrawn = Column(Boolean, nullable=False, default=False)


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
