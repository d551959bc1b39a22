"""The per-commitment summary the country-wide pages read (overview, late page,
scorecards), written in the transaction of each save that changes it
(``summary/keep.py``): the commitment's current figure, what the pages show of it, and
the activities not yet completed, so that lateness is a comparison of dates in SQL.
Who may see a commitment is not copied here: readers join CKAN's package table."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from sqlalchemy import Column, Date, Float, Integer, UnicodeText


class CommitmentSummary(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "opendataplan_commitment_summary"

    commitment_id = Column(UnicodeText, primary_key=True)
    plan_id = Column(UnicodeText)
    owner_org = Column(UnicodeText)
    name = Column(UnicodeText, nullable=False)
    title = Column(UnicodeText)
    title_translated = Column(UnicodeText)  # as stored in the extra (JSON text)
    number = Column(UnicodeText)
    weight = Column(UnicodeText)
    end_date = Column(UnicodeText)  # as stored: whether the commitment has one
    # When its activities without an end date of their own are due (its end, or its plan's)
    undated_end = Column(Date)
    progress = Column(Integer)
    completion_level = Column(UnicodeText, nullable=False)
    progress_as_of = Column(Date)
    activity_count = Column(Integer, nullable=False)


class ActivityDue(tk.BaseModel):  # type: ignore[misc, valid-type]
    """An activity of a commitment below 100 %: late once its end date has passed."""

    __tablename__ = "opendataplan_activity_due"

    commitment_id = Column(UnicodeText, primary_key=True)
    position = Column(Integer, primary_key=True)
    title = Column(UnicodeText, nullable=False)
    end_date = Column(Date)  # its own; none: due at the commitment's undated_end
    progress = Column(Float)
