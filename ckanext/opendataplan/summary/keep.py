"""Keeping the per-commitment summary in step with the data, in the transaction that
changes it: after each flush the commitments and plans it touched (their rows, their
extras, their progress history) are noted; before the outermost commit their summary
rows are written again. A fixed number of queries per commit (eight), whatever the number of
commitments in the country (a plan's change rewrites its own commitments' rows: their
undated activities are due at its end)."""

from __future__ import annotations

from typing import Any

import ckan.model as model
from sqlalchemy import delete, event, or_, select
from sqlalchemy.orm import Session

from ckanext.opendataplan.common import packages
from ckanext.opendataplan.domain import flags, summary
from ckanext.opendataplan.domain.checks import as_date
from ckanext.opendataplan.model import progress_snapshot
from ckanext.opendataplan.model.commitment_summary import ActivityDue, CommitmentSummary
from ckanext.opendataplan.model.progress_snapshot import ProgressSnapshot
from ckanext.opendataplan.progress import rollup

# The fields a commitment's summary is made of (beside its figure's).
KEYS = ("plan", "milestones", "progress", "completion_level", "weight", "number",
        "title_translated", "end_date")  # fmt: skip
_SUMMARY = CommitmentSummary.__table__
_ACTIVITY = ActivityDue.__table__
_TOUCHED = "opendataplan_summary_touched"
_EXTRA = getattr(model, "PackageExtra", None)  # CKAN 2.11 (2.12 keeps extras in the row)


def _rows(
    commitments: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The summary rows and activity rows of these commitments (their stored fields):
    three queries (their plans' ends, their current figures, their history)."""
    plan_ids = sorted({c["plan"] for c in commitments if c.get("plan")})
    plans = packages.with_fields("plan", ("period_end",), ids=plan_ids) if plan_ids else {}
    milestones = {c["id"]: packages.load_json(c.get("milestones")) for c in commitments}
    rollup.current_figures(commitments)
    history = _history([c["id"] for c in commitments])
    summaries, activities = [], []
    for c in commitments:
        plan_end = plans.get(c.get("plan") or "", {}).get("period_end")
        undated_end = as_date(flags.undated_end(c.get("end_date"), plan_end))
        of = {"commitment_id": c["id"], "plan_id": c.get("plan"), "owner_org": c["owner_org"]}
        of["name"] = c["name"]
        due = [
            {**of, **activity, "due": activity["end_date"] or undated_end}
            for activity in summary.activities_due(milestones[c["id"]])
        ]
        summaries.append(
            {
                "commitment_id": c["id"],
                "plan_id": c.get("plan"),
                "owner_org": c["owner_org"],
                "name": c["name"],
                "title": c["title"],
                **{key: c.get(key) for key in ("title_translated", "number", "weight")},
                "end_date": c.get("end_date"),
                "undated_end": undated_end,
                "progress": c["progress"],
                # the level is read with the bands of the day (``read.py``): kept only
                # when set by hand (no evidence)
                "completion_level": c["completion_level"],
                "progress_as_of": as_date(c["progress_as_of"]),
                "activity_count": len(summary.activities(milestones[c["id"]])),
                "dues": sorted(activity["due"] for activity in due if activity["due"]),
                **history.get(c["id"], _NO_HISTORY),
            }
        )
        activities.extend(due)
    return summaries, activities


_NO_HISTORY: dict[str, list[Any]] = {"history_dates": [], "history_values": [], "report_dates": []}


def _history(commitment_ids: list[str]) -> dict[str, dict[str, list[Any]]]:
    """Each commitment's history as its summary keeps it (one query)."""
    found: dict[str, dict[str, list[Any]]] = {}
    for snapshot in progress_snapshot.of_commitments(commitment_ids):
        kept = found.setdefault(snapshot.commitment_id, {key: [] for key in _NO_HISTORY})
        kept["history_dates"].append(snapshot.date)
        kept["history_values"].append(snapshot.progress)
        if snapshot.source == progress_snapshot.REPORT:
            kept["report_dates"].append(snapshot.date)
    return found


def _write(execute: Any, summaries: list[dict[str, Any]], activities: list[dict[str, Any]]) -> None:
    if summaries:
        execute(_SUMMARY.insert(), summaries)
    if activities:
        execute(_ACTIVITY.insert(), activities)


def refresh(package_ids: set[str] | list[str]) -> None:
    """Write again the summary of these commitments and of the commitments of these
    plans (ids of other packages are ignored): eight queries."""
    ids = sorted(set(package_ids))
    if not ids:
        return
    of_plans = packages.ids_with_any("plan", ids)
    found = packages.with_fields(
        "commitment", KEYS, where=or_(model.Package.id.in_(ids), model.Package.id.in_(of_plans))
    )
    summaries, activities = _rows(list(found.values()))
    before = select(_SUMMARY.c.commitment_id).where(_SUMMARY.c.plan_id.in_(ids))
    gone = [*ids, *found]
    execute = model.Session.execute
    execute(
        delete(_ACTIVITY).where(
            or_(_ACTIVITY.c.commitment_id.in_(gone), _ACTIVITY.c.commitment_id.in_(before))
        )
    )
    execute(
        delete(_SUMMARY).where(or_(_SUMMARY.c.commitment_id.in_(gone), _SUMMARY.c.plan_id.in_(ids)))
    )
    _write(execute, summaries, activities)


BATCH = 2000


def rebuild(connection: Any = None) -> int:
    """Fill the summary again from every active commitment (``ckan opendataplan
    rebuild``, and the migration that creates it, through its ``connection``); returns
    how many commitments."""
    execute = connection.execute if connection is not None else model.Session.execute
    execute(delete(_ACTIVITY))
    execute(delete(_SUMMARY))
    commitments = list(packages.with_fields("commitment", KEYS).values())
    for start in range(0, len(commitments), BATCH):
        _write(execute, *_rows(commitments[start : start + BATCH]))
    return len(commitments)


def rebuild_committed() -> int:
    """:func:`rebuild` in a transaction of its own (the command line, a job)."""
    count = rebuild()
    model.repo.commit()
    return count


def _note(session: Session, _context: Any) -> None:
    """After a flush: the commitments and plans it touched."""
    touched = session.info.setdefault(_TOUCHED, set())
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, model.Package) and instance.type in ("commitment", "plan"):
            touched.add(instance.id)
        elif isinstance(instance, ProgressSnapshot):
            touched.add(instance.commitment_id)
        elif _EXTRA is not None and isinstance(instance, _EXTRA):
            touched.add(instance.package_id)


def _before_commit(session: Session) -> None:
    """Before the outermost commit: the touched commitments' summary, in its transaction."""
    if session.in_nested_transaction():
        return
    session.flush()
    touched = session.info.pop(_TOUCHED, None)
    if touched:
        refresh(touched)
        session.info.pop(_TOUCHED, None)


def _after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_TOUCHED, None)


_installed = False


def install() -> None:
    """Watch CKAN's session (once per process)."""
    global _installed
    if _installed:
        return
    event.listen(model.Session, "after_flush", _note)
    event.listen(model.Session, "before_commit", _before_commit)
    event.listen(model.Session, "after_rollback", _after_rollback)
    _installed = True
