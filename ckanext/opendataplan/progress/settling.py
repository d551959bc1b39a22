"""Settling what a save changes: publishing and withdrawing progress reports, and
recording direct edits, in the append-only history that decides each commitment's
current figure.

Publishing a report (create, edit, delete) is one transaction: the report's snapshots
are written, and the touched commitments and their plans are reindexed once, at the
end (their current figure is read from the history, so their rows are not written). If
any update fails, nothing is written (CKAN commits after these hooks) and the error
names it. What changed is announced (:mod:`.signals`) for the followers' activities.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy.exc import SQLAlchemyError

from ckanext.opendataplan.common import access, packages
from ckanext.opendataplan.domain import progress
from ckanext.opendataplan.domain.checks import as_date
from ckanext.opendataplan.domain.numbers import as_finite
from ckanext.opendataplan.model import progress_snapshot
from ckanext.opendataplan.progress import history, rollup, signals

# Context key: each saved commitment's figures and plan as they were before the save.
BEFORE = "opendataplan_before_save"
# Context key (Python callers only, never the API): the day the saved figures speak of,
# when they come from a document older than the save (the demo's commitment cards).
AS_OF = "opendataplan_as_of"
# Context key: each saved commitment's milestones before the save (to tell which it completes).
MILESTONES_BEFORE = "opendataplan_milestones_before_save"
# Context key (Python callers only): the save brings another portal's commitment, whose
# history the harvester writes itself from the source's (federation/importing.py).
IMPORTED = "opendataplan_history_imported"
# Context key: the figures a save sent back as it was shown them, kept out of the
# commitment's own fields (:func:`keep_own_figures`).
SENT_BACK = "opendataplan_figures_sent_back"


def remember(context: dict[str, Any], package: model.Package | None) -> None:
    """Before a commitment is saved: what its fields give, the figure its readers see,
    and its plan, to tell whether the save changes a figure and which plans follow."""
    if package is not None and package.type == "commitment":
        snapshot = history.current([package.id]).get(package.id)
        shown = history.figures(snapshot, rollup.bands()) if snapshot else None
        before = (rollup.stored_figures(package), shown, package.extras.get("plan"))
        context.setdefault(BEFORE, {})[package.id] = before
        milestones = packages.load_json(package.extras.get("milestones"))
        context.setdefault(MILESTONES_BEFORE, {})[package.id] = milestones


def keep_own_figures(context: dict[str, Any], package: Any, data_dict: dict[str, Any]) -> None:
    """An edit that sends back the figure it was shown (a report's, read with the
    commitment) keeps the commitment's own fields as they were: written there, the
    report's figure would stay as if set by hand once the report is deleted. A figure
    that differs from the one shown is the editor's, and is written."""
    before = context.get(BEFORE, {}).get(package.id) if package is not None else None
    shown = before[1] if before else None
    if shown is None or context.get(IMPORTED):  # a harvest writes its source's fields
        return
    for key, was_shown in (("progress", shown[0]), ("completion_level", shown[1])):
        own = package.extras.get(key)
        if key in data_dict and _same(data_dict[key], was_shown) and not _same(own, was_shown):
            data_dict[key] = "" if own is None else own
            context.setdefault(SENT_BACK, {}).setdefault(package.id, {})[key] = was_shown


def _same(value: Any, figure: Any) -> bool:
    if isinstance(figure, str) or figure is None:
        return value == figure
    return as_finite(value) == figure


def _changes_a_figure(
    package: model.Package, before: tuple | None, after: tuple[int, str], by_activities: bool
) -> bool:
    """Whether a save changes the commitment's figure. Activities with progress give a
    figure of their own: a save changes it when it changes them. Progress set by hand
    (also beside activities that have none) is entered over the figure the form and
    ``package_show`` showed (the current one, perhaps a report's): a save changes it
    when it sends another. The level is derived from the figure except ``no_evidence``,
    set by hand over the level shown: a save changes it when it sets or lifts it. A
    save of other fields sends back what it was shown, and records nothing."""
    if before is None:  # created: a figure when its fields give one
        return rollup.has_figure(package)
    stored, shown, _plan = before
    current = shown or stored
    entered_over = stored if by_activities else current
    return after[0] != entered_over[0] or _no_evidence(after) != _no_evidence(current)


def _no_evidence(figures: tuple[int, str]) -> bool:
    return figures[1] == progress.NO_EVIDENCE


def commitment_saved(context: dict[str, Any], package: model.Package) -> None:
    """A direct save of a commitment: a snapshot dated today when the save changed its
    figure (a commitment created with neither progress nor milestones has none yet, and
    its first report gives one); its plans (the one it left, if it moved) are
    reindexed once. A harvested commitment's history is its source's alone."""
    if context.get(IMPORTED):
        return
    before = context.get(BEFORE, {}).get(package.id)
    before_plan = before[2] if before else None
    after = rollup.stored_figures(package)
    user_id = _id(model.User.get(context.get("user") or ""))
    day = context.get(AS_OF) or dt.date.today()
    by_activities = rollup.milestones_give_figure(package)
    # what the save sent back counts as sent; activities with progress give the figure,
    # whatever the progress field holds
    sent_back = context.get(SENT_BACK, {}).get(package.id, {})
    progress_sent = after[0] if by_activities else sent_back.get("progress", after[0])
    sent = (progress_sent, sent_back.get("completion_level", after[1]))
    moved = _changes_a_figure(package, before, sent, by_activities)
    if moved:
        source = progress_snapshot.RECOMPUTE if by_activities else progress_snapshot.EDIT
        history.record(package.id, day, *after, source, user_id=user_id)
        model.Session.flush()
    if before is not None:  # an edit, not a creation: tell the followers what changed
        if moved:
            was = (before[1] or before[0])[0]
            signals.announce_progress({package.id: was}, {package.id: after[0]}, day, user_id)
        milestones = context.get(MILESTONES_BEFORE, {}).get(package.id)
        now = packages.load_json(package.extras.get("milestones"))
        signals.announce_milestones(package.id, milestones, now, day, user_id)
    plans = {before_plan, package.extras.get("plan")} - {None, ""}
    rollup.reindex([plan for plan in plans if model.Package.get(plan) is not None])


def _failed(index: int, count: int, error: Exception) -> tk.ValidationError:
    model.Session.rollback()
    rows: list[dict[str, Any]] = [{} for _ in range(count)]
    rows[index] = {"commitment": [tk._("This update could not be saved: %s") % error]}
    return tk.ValidationError({"updates": rows})


def publish(report: dict[str, Any], user_id: str | None) -> None:
    """Append a snapshot per update (again, on an edit: the earlier ones are withdrawn;
    a save that changes none of the figures writes nothing)."""
    updates = report.get("updates") or [] if counts(report) else []
    meeting = as_date(report.get("meeting_date")) or dt.date.today()
    figures = [(u["commitment"], *_update_figures(u)) for u in updates]
    published = progress_snapshot.report_figures(report["id"])
    if published == sorted((c, meeting, p, lv) for c, p, lv in figures):
        return
    told = sorted({row[0] for row in figures} | {row[0] for row in published})
    before = _current_values(told)
    touched = set(progress_snapshot.withdraw_report(report["id"]))
    for index, update in enumerate(updates):
        try:
            value, level = _update_figures(update)
            history.record(
                update["commitment"],
                meeting,
                value,
                level,
                progress_snapshot.REPORT,
                report_id=report["id"],
                user_id=user_id,
            )
        except (SQLAlchemyError, ValueError, KeyError) as error:
            raise _failed(index, len(updates), error) from error
        touched.add(update["commitment"])
    try:  # one INSERT for all: the database refuses none that the checks above let by
        model.Session.flush()
    except SQLAlchemyError as error:
        raise _failed(0, len(updates), error) from error
    settle(sorted(touched))
    signals.announce_progress(before, _current_values(told), meeting, user_id)


def _current_values(commitment_ids: list[str]) -> dict[str, int]:
    return {cid: snapshot.progress for cid, snapshot in history.current(commitment_ids).items()}


def _id(user: model.User | None) -> str | None:
    return user.id if user is not None else None


def counts(report: dict[str, Any]) -> bool:
    """An active report gives figures; a private one only inside a private plan (a
    draft report on a public plan would change figures that everyone reads; it gives
    them once it is made public)."""
    if report.get("state") != "active":
        return False
    if not report.get("private"):
        return True
    plan = access.package(report.get("plan"), "plan")
    return plan is not None and plan.private


def _update_figures(update: dict[str, Any]) -> tuple[int, str]:
    value = int(update["progress"])
    return value, update.get("completion_level") or progress.completion_level(value, rollup.bands())


def withdraw(report_id: str) -> None:
    """A deleted report: its snapshots stay, marked withdrawn; figures go back."""
    settle(progress_snapshot.withdraw_report(report_id))


def settle(commitment_ids: list[str]) -> None:
    """The touched commitments and their plans, reindexed once each. Their rows are
    not written: the current figure is read from the history."""
    if not commitment_ids:
        return
    model.Session.flush()
    rollup.reindex([*commitment_ids, *packages.field_values("plan", commitment_ids)])
