"""The progress history of commitments: append-only snapshots, never overwritten.

Every save appends its own row, so two editors saving at the same moment both land in
the history; withdrawing a report only marks its rows.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from typing import Any

import ckan.model as model
from sqlalchemy import and_, func

from ckanext.opendataplan.domain.progress import commitment_level
from ckanext.opendataplan.model import ProgressSnapshot as Snapshot

REPORT, EDIT, RECOMPUTE = "report", "edit", "recompute"


def record(
    commitment_id: str,
    date: dt.date,
    progress: int,
    level: str,
    source: str,
    report_id: str | None = None,
    user_id: str | None = None,
) -> None:
    model.Session.add(
        Snapshot(
            commitment_id=commitment_id,
            date=date,
            progress=progress,
            completion_level=level,
            source=source,
            report_id=report_id,
            user_id=user_id,
        )
    )


def snapshots(commitment_id: str, include_withdrawn: bool = False) -> list[Snapshot]:
    query = model.Session.query(Snapshot).filter(Snapshot.commitment_id == commitment_id)
    if not include_withdrawn:
        query = query.filter(Snapshot.withdrawn.is_(False))
    return query.order_by(Snapshot.date, Snapshot.recorded_at).all()


def report_values(commitment_id: str) -> list[int]:
    return [s.progress for s in snapshots(commitment_id) if s.source == REPORT]


def report_figures(report_id: str) -> list[tuple]:
    """``(commitment, date, progress, level)`` of a report's active snapshots, sorted."""
    rows = model.Session.query(
        Snapshot.commitment_id, Snapshot.date, Snapshot.progress, Snapshot.completion_level
    ).filter(Snapshot.report_id == report_id, Snapshot.withdrawn.is_(False))
    return sorted(tuple(row) for row in rows)


def last_reports(commitment_ids: list[str]) -> dict[str, dt.date]:
    """The date of each commitment's latest progress report (withdrawn ones left out)."""
    if not commitment_ids:
        return {}
    rows = (
        model.Session.query(Snapshot.commitment_id, func.max(Snapshot.date))
        .filter(
            Snapshot.commitment_id.in_(commitment_ids),
            Snapshot.source == REPORT,
            Snapshot.withdrawn.is_(False),
        )
        .group_by(Snapshot.commitment_id)
    )
    return dict(rows)


def withdraw_report(report_id: str) -> list[str]:
    """Mark a report's snapshots withdrawn; returns the commitments they were about."""
    rows = (
        model.Session.query(Snapshot)
        .filter(Snapshot.report_id == report_id, Snapshot.withdrawn.is_(False))
        .all()
    )
    for row in rows:
        row.withdrawn = True
    model.Session.flush()
    return sorted({row.commitment_id for row in rows})


def as_of(commitment_ids: list[str], day: dt.date) -> dict[str, Snapshot]:
    """Each commitment's latest snapshot dated on or before ``day``, in one query."""
    if not commitment_ids:
        return {}
    ranked = (
        model.Session.query(
            Snapshot.id,
            func.row_number()
            .over(
                partition_by=Snapshot.commitment_id,
                order_by=(Snapshot.date.desc(), Snapshot.recorded_at.desc()),
            )
            .label("rank"),
        )
        .filter(
            and_(
                Snapshot.commitment_id.in_(commitment_ids),
                Snapshot.date <= day,
                Snapshot.withdrawn.is_(False),
            )
        )
        .subquery()
    )
    rows = (
        model.Session.query(Snapshot)
        .join(ranked, ranked.c.id == Snapshot.id)
        .filter(ranked.c.rank == 1)
    )
    return {row.commitment_id: row for row in rows}


_read_ahead: contextvars.ContextVar[dict[str, Snapshot | None] | None] = contextvars.ContextVar(
    "opendataplan_current_read_ahead", default=None
)


def current(commitment_ids: list[str]) -> dict[str, Snapshot]:
    """Each commitment's current figure: its latest snapshot by the date it speaks of
    (ties: the latest recorded), never a withdrawn one. A report on a 2020 meeting
    entered today takes 2020's place in the history and replaces no later figure."""
    known = _read_ahead.get()
    if known is not None and all(cid in known for cid in commitment_ids):
        return {cid: known[cid] for cid in commitment_ids if known[cid] is not None}
    return as_of(commitment_ids, dt.date.today())


@contextlib.contextmanager
def read_ahead(commitment_ids: list[str]) -> Iterator[None]:
    """Inside the block, :func:`current` answers for these commitments from one query
    made here (reindexing many commitments at once; nothing is recorded meanwhile)."""
    found = current(commitment_ids)
    token = _read_ahead.set({cid: found.get(cid) for cid in commitment_ids})
    try:
        yield
    finally:
        _read_ahead.reset(token)


def figures(snapshot: Snapshot, bands: tuple[int, int, int]) -> tuple[int, str]:
    """``(progress, completion_level)`` of a snapshot, its level read with today's bands
    (``no_evidence`` is kept: it is never derived)."""
    return snapshot.progress, commitment_level(snapshot.progress, snapshot.completion_level, bands)


def as_dict(snapshot: Snapshot, report_names: dict[str, str]) -> dict[str, Any]:
    return {
        "date": snapshot.date.isoformat(),
        "progress": snapshot.progress,
        "completion_level": snapshot.completion_level,
        "source": snapshot.source,
        "report": report_names.get(snapshot.report_id) if snapshot.report_id else None,
        "withdrawn": snapshot.withdrawn,
        "recorded_at": snapshot.recorded_at.isoformat(),
    }
