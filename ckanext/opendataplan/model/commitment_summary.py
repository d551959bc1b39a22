"""The per-commitment summary the country-wide pages read (overview, late page,
scorecards), written in the transaction of each save that changes it
(``summary/keep.py``): the commitment's current figure, what the pages show of it, and
the activities not yet completed, so that lateness is a comparison of dates in SQL.
Who may see a commitment is not copied here: readers leave out the commitments CKAN's
package table says are private or deleted."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from sqlalchemy import Column, Date, Float, Integer, UnicodeText
from sqlalchemy.dialects.postgresql import ARRAY


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
    # When each of its activities below 100 % is due, sorted: how many are late on a day
    # is a binary search in SQL (``width_bucket``), not a scan of the activities
    dues = Column(ARRAY(Date), nullable=False, default=list)
    # Its history (withdrawn figures left out), oldest first (date, then recording): its
    # figure on a day is ``history_values[width_bucket(day, history_dates)]``
    history_dates = Column(ARRAY(Date), nullable=False, default=list)
    history_values = Column(ARRAY(Integer), nullable=False, default=list)
    report_dates = Column(ARRAY(Date), nullable=False, default=list)  # of its reports' figures


class ActivityDue(tk.BaseModel):  # type: ignore[misc, valid-type]
    """An activity of a commitment below 100 %: late once its end date has passed."""

    __tablename__ = "opendataplan_activity_due"

    commitment_id = Column(UnicodeText, primary_key=True)
    position = Column(Integer, primary_key=True)
    title = Column(UnicodeText, nullable=False)
    end_date = Column(Date)  # its own; none: due at the commitment's undated_end
    due = Column(Date)  # its own end date, or else the commitment's undated_end
    # its commitment's (the late page sorts and filters them without a join)
    plan_id = Column(UnicodeText)
    owner_org = Column(UnicodeText)
    name = Column(UnicodeText)
    progress = Column(Float)
