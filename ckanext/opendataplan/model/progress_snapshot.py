"""Progress snapshots: a commitment's progress as it stood on a date, and the queries
that read them. Rows are appended, never overwritten; withdrawing a report marks its
rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.model.types import make_uuid
from sqlalchemy import Boolean, Column, Date, DateTime, Integer, UnicodeText, func, select

REPORT, EDIT, RECOMPUTE = "report", "edit", "recompute"


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


def of_commitment(commitment_id: str, include_withdrawn: bool = False) -> list[ProgressSnapshot]:
    """A commitment's snapshots, oldest first."""
    query = model.Session.query(ProgressSnapshot).filter(
        ProgressSnapshot.commitment_id == commitment_id
    )
    if not include_withdrawn:
        query = query.filter(ProgressSnapshot.withdrawn.is_(False))
    return query.order_by(ProgressSnapshot.date, ProgressSnapshot.recorded_at).all()


def report_values(commitment_id: str) -> list[int]:
    """The progress figures of a commitment's active report snapshots, oldest first."""
    return [s.progress for s in of_commitment(commitment_id) if s.source == REPORT]


def of_commitments(commitment_ids: list[str]) -> list[Any]:
    """The active snapshots of these commitments, oldest first, in one query: read-only
    rows with a snapshot's attributes (a report's 50 commitments have hundreds of
    snapshots; rows cost a tenth of mapped objects to load)."""
    if not commitment_ids:
        return []
    return (
        model.Session.query(*ProgressSnapshot.__table__.c)
        .filter(
            ProgressSnapshot.commitment_id.in_(commitment_ids),
            ProgressSnapshot.withdrawn.is_(False),
        )
        .order_by(ProgressSnapshot.date, ProgressSnapshot.recorded_at)
        .all()
    )


def report_figures(report_id: str) -> list[tuple]:
    """``(commitment, date, progress, level)`` of a report's active snapshots, sorted."""
    rows = model.Session.query(
        ProgressSnapshot.commitment_id,
        ProgressSnapshot.date,
        ProgressSnapshot.progress,
        ProgressSnapshot.completion_level,
    ).filter(ProgressSnapshot.report_id == report_id, ProgressSnapshot.withdrawn.is_(False))
    return sorted(tuple(row) for row in rows)


MANY = 200  # commitments asked about: more are found by a join, not a list of their ids


def _about(commitment_ids: list[str]) -> Any:
    """The snapshots of these commitments: by their ids when few; when many (the whole
    country), of every commitment (a join with CKAN's package table: a list of 20,000
    ids costs the database more than the few snapshots of others it reads, which the
    caller leaves out with :func:`_only`)."""
    if len(commitment_ids) <= MANY:
        return ProgressSnapshot.commitment_id.in_(commitment_ids)
    packages = model.package_table.c
    return ProgressSnapshot.commitment_id.in_(
        select(packages.id).where(packages.type == "commitment")
    )


def _only(found: dict[str, Any], commitment_ids: list[str]) -> dict[str, Any]:
    if len(commitment_ids) <= MANY:
        return found
    wanted = set(commitment_ids)
    return {cid: value for cid, value in found.items() if cid in wanted}


def last_reports(commitment_ids: list[str], until: dt.date | None = None) -> dict[str, dt.date]:
    """The date of each commitment's latest progress report (withdrawn ones left out),
    on or before ``until`` when given."""
    if not commitment_ids:
        return {}
    rows = (
        model.Session.query(ProgressSnapshot.commitment_id, func.max(ProgressSnapshot.date))
        .filter(
            _about(commitment_ids),
            ProgressSnapshot.source == REPORT,
            ProgressSnapshot.withdrawn.is_(False),
            ProgressSnapshot.date <= (until or dt.date.max),
        )
        .group_by(ProgressSnapshot.commitment_id)
    )
    return _only(dict(rows), commitment_ids)


def withdraw_report(report_id: str) -> list[str]:
    """Mark a report's snapshots withdrawn; returns the commitments they were about."""
    rows = (
        model.Session.query(ProgressSnapshot)
        .filter(ProgressSnapshot.report_id == report_id, ProgressSnapshot.withdrawn.is_(False))
        .all()
    )
    for row in rows:
        row.withdrawn = True
    model.Session.flush()
    return sorted({row.commitment_id for row in rows})


def as_of(commitment_ids: list[str], day: dt.date) -> dict[str, ProgressSnapshot]:
    """Each commitment's latest snapshot dated on or before ``day`` (ties: the latest
    recorded), never a withdrawn one, in one query."""
    if not commitment_ids:
        return {}
    rows = (
        model.Session.query(ProgressSnapshot)
        .filter(
            _about(commitment_ids),
            ProgressSnapshot.date <= day,
            ProgressSnapshot.withdrawn.is_(False),
        )
        .distinct(ProgressSnapshot.commitment_id)
        .order_by(
            ProgressSnapshot.commitment_id,
            ProgressSnapshot.date.desc(),
            ProgressSnapshot.recorded_at.desc(),
        )
    )
    return _only({row.commitment_id: row for row in rows}, commitment_ids)
