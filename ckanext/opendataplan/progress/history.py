"""Writing the progress history of commitments and reading its current figures.

Every save appends its own snapshot, so two editors saving at the same moment both land
in the history; the queries are in :mod:`ckanext.opendataplan.model.progress_snapshot`.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from typing import Any

import ckan.model as model

from ckanext.opendataplan.domain.progress import commitment_level
from ckanext.opendataplan.model import progress_snapshot
from ckanext.opendataplan.model.progress_snapshot import ProgressSnapshot as Snapshot


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
    return progress_snapshot.as_of(commitment_ids, dt.date.today())


_reports_ahead: contextvars.ContextVar[dict[str, list[int]] | None] = contextvars.ContextVar(
    "opendataplan_report_values_read_ahead", default=None
)


@contextlib.contextmanager
def read_ahead(commitment_ids: list[str]) -> Iterator[None]:
    """Inside the block, :func:`current` and :func:`report_values` answer for these
    commitments from one query each made here (reindexing many commitments at once;
    nothing is recorded meanwhile)."""
    found = current(commitment_ids)
    reports: dict[str, list[int]] = {cid: [] for cid in commitment_ids}
    for snapshot in progress_snapshot.of_commitments(commitment_ids):
        if snapshot.source == progress_snapshot.REPORT:
            reports[snapshot.commitment_id].append(snapshot.progress)
    token = _read_ahead.set({cid: found.get(cid) for cid in commitment_ids})
    reports_token = _reports_ahead.set(reports)
    try:
        yield
    finally:
        _reports_ahead.reset(reports_token)
        _read_ahead.reset(token)


def report_values(commitment_id: str) -> list[int]:
    """The progress figures of a commitment's active report snapshots, oldest first."""
    known = _reports_ahead.get()
    if known is not None and commitment_id in known:
        return known[commitment_id]
    return progress_snapshot.report_values(commitment_id)


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
