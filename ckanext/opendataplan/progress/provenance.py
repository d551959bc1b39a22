"""Which figure stands and why, read from the history: for each commitment of a report,
whether the meeting's figure is the current one (and if not, the one that is, with its
source and date); for a commitment, its current figure's source and the committee's last
word when it differs; before publishing, the figures a meeting would not make current.
A few queries each, whatever the number of commitments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.opendataplan.common import packages
from ckanext.opendataplan.domain import provenance
from ckanext.opendataplan.model import progress_snapshot
from ckanext.opendataplan.model.progress_snapshot import ProgressSnapshot
from ckanext.opendataplan.progress import history, settling


def _figure(snapshot: ProgressSnapshot | None) -> provenance.Figure | None:
    if snapshot is None:
        return None
    return provenance.Figure(
        progress=snapshot.progress,
        date=snapshot.date,
        source=snapshot.source,
        report=snapshot.report_id,
        key=snapshot.id,
    )


def as_dict(figure: provenance.Figure | None, names: dict[str, str]) -> dict[str, Any] | None:
    """A figure as the pages read it: ``progress``, ``date`` (ISO), ``source`` and
    ``report`` (the report's name, for a figure a meeting gave)."""
    if figure is None:
        return None
    return {
        "progress": figure.progress,
        "date": figure.date.isoformat(),
        "source": figure.source,
        "report": names.get(figure.report or ""),
    }


def report_standing(
    report: dict[str, Any], meeting: dt.date, figures: dict[str, int]
) -> dict[str, dict[str, Any]]:
    """``{commitment id: {stands, current}}`` for a report's figures (``{commitment id:
    progress}``): whether each is the current figure, and the current figure. Empty for a
    report that gives no figure yet (a draft). One query, two when a later meeting's
    figure stands."""
    if not settling.counts(report):
        return {}
    current = history.current(sorted(figures))
    names = packages.names({row.report_id for row in current.values() if row.report_id})
    result = {}
    for commitment_id, value in figures.items():
        meeting_figure = provenance.Figure(value, meeting, provenance.REPORT, report["id"])
        found = provenance.standing(meeting_figure, _figure(current.get(commitment_id)))
        result[commitment_id] = {"stands": found.stands, "current": as_dict(found.current, names)}
    return result


def commitment_source(commitment_id: str) -> dict[str, Any] | None:
    """The current figure of a commitment with its source, and the steering committee's
    last reported figure when it is not the one that stands (``reported``; else
    ``None``). ``None`` when the commitment has no figure in its history."""
    figures = [_figure(row) for row in progress_snapshot.of_commitment(commitment_id)]
    current = _figure(history.current([commitment_id]).get(commitment_id))
    if current is None:
        return None
    reported = provenance.last_report([f for f in figures if f is not None])
    names = packages.names({f.report for f in (current, reported) if f and f.report})
    shown = reported if provenance.differs(current, reported) else None
    return {"current": as_dict(current, names), "reported": as_dict(shown, names)}


def not_current(commitment_ids: list[str], meeting: dt.date) -> dict[str, dict[str, Any]]:
    """The figures already in the history that would stay current over a meeting of that
    day (they speak of a later day): ``{commitment id: figure}`` (two queries)."""
    current = history.current(commitment_ids)
    names = packages.names({row.report_id for row in current.values() if row.report_id})
    result = {}
    for commitment_id, snapshot in current.items():
        figure = _figure(snapshot)
        if provenance.outranks(figure, meeting):
            result[commitment_id] = as_dict(figure, names)
    return result
