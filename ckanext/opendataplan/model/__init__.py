"""The plugin's own tables. They are created by `ckan db upgrade -p opendataplan`,
never at plugin load."""

from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
from ckan.model.types import make_uuid
from sqlalchemy import Boolean, Column, Date, DateTime, Integer, UnicodeText


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
