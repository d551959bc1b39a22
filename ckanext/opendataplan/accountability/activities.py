"""Activities that say in words what changed: "Commitment 4 went from 72 % to 96 % on
15 July 2020", "Commitment 4: the activity ... was completed on ...". They go into
CKAN's activity stream of the commitment and of its plan, so that the people who follow
either see them on their dashboard and get them in CKAN's activity emails.

Only public commitments of public plans speak: CKAN does not filter these activities by
permission labels, and a follower may have lost access to a private one. Activities are
written in the save's transaction (``defer_commit``): a refused save writes none."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from sqlalchemy import or_

from ckanext.opendataplan.accountability import stream, wording
from ckanext.opendataplan.common import compat, dates, multilingual, packages
from ckanext.opendataplan.domain import changes

ACTIVITY_TYPE = "opendataplan progress"
PROGRESS, MILESTONE, MEETING = "progress", "milestone", "meeting"
# Inside ``one_meeting``: the public commitments whose figure or activities changed,
# gathered instead of written one by one.
_meeting: contextvars.ContextVar[dict[str, set[str]] | None] = contextvars.ContextVar(
    "opendataplan_meeting", default=None
)


def register_type() -> None:
    """CKAN's ``activity_create`` accepts only the types it knows: add this one (its
    object is a dataset, the commitment or the plan)."""
    if not p.plugin_loaded("activity"):
        return
    from ckanext.activity.logic import validators

    validators.object_id_validators.setdefault(ACTIVITY_TYPE, "package_id_exists")


def progress_changed(
    before: Mapping[str, int | None], after: Mapping[str, int], day: dt.date, user_id: str | None
) -> None:
    """One activity per commitment whose current figure changed (their commitments and
    plans read in two queries, whatever their number)."""
    changed = list(changes.changed_figures(before, after))
    loaded = _load([commitment_id for commitment_id, _was, _value in changed])
    for commitment_id, was, value in changed:
        _write(commitment_id, {"kind": PROGRESS, "before": was, "after": value}, day, user_id)
    del loaded


def _load(commitment_ids: list[str]) -> list[model.Package]:
    """These commitments and their plans into the session, where ``Package.get`` finds
    them without a query while the caller holds the list (the session holds its objects
    weakly)."""
    if not commitment_ids:
        return []
    query = compat.with_extras(model.Session.query(model.Package))
    rows = query.filter(model.Package.id.in_(commitment_ids)).all()
    plans = {row.extras.get("plan") for row in rows} - {None, ""}
    return rows + (query.filter(model.Package.id.in_(plans)).all() if plans else [])


def milestones_completed(
    commitment_id: str, before: Any, after: Any, day: dt.date, user_id: str | None
) -> None:
    """One activity per activity (milestone) that a save marked complete."""
    for title in changes.completed_milestones(before or [], after or []):
        _write(commitment_id, {"kind": MILESTONE, "milestone": title}, day, user_id)


def on_progress_changed(
    _sender: Any,
    before: Mapping[str, int | None],
    after: Mapping[str, int],
    day: dt.date,
    user_id: str | None,
) -> None:
    """Receiver of the progress floor's ``opendataplan_progress_changed`` signal."""
    progress_changed(before, after, day, user_id)


def on_milestones_changed(
    commitment_id: str, before: Any, after: Any, day: dt.date, user_id: str | None
) -> None:
    """Receiver of the progress floor's ``opendataplan_milestones_changed`` signal."""
    milestones_completed(commitment_id, before, after, day, user_id)


def _write(commitment_id: str, change: dict[str, Any], day: dt.date, user_id: str | None) -> None:
    if not p.plugin_loaded("activity"):
        return
    commitment = model.Package.get(commitment_id)
    plan = model.Package.get(commitment.extras.get("plan") or "") if commitment else None
    if commitment is None or plan is None or commitment.private or plan.private:
        return
    gathered = _meeting.get()
    if gathered is not None:  # a meeting speaks once, at its end
        gathered["figures" if change["kind"] == PROGRESS else "activities"].add(commitment.id)
        return
    data = {**_described(commitment, change, day), "plan": plan.id}
    _create(data, (commitment.id, plan.id), user_id, told=commitment.id)  # followers of either


def _create(
    data: dict[str, Any], targets: tuple[str, ...], user_id: str | None, told: str | None = None
) -> None:
    """The activity on each target; ``told``: the commitment whose save's line tells it."""
    if not tk.config.get("ckan.activity_streams_enabled"):
        return
    from ckanext.activity.model import activity_dict_save

    # What ``activity_create`` checks is known here: the user and the objects exist (read
    # by the callers), the type is registered; its validation would read them again.
    actor = user_id or tk.get_action("get_site_user")({"ignore_auth": True}, {})["id"]
    for target in targets:
        written = activity_dict_save(
            {"user_id": actor, "object_id": target, "activity_type": ACTIVITY_TYPE, "data": data},
            {"session": model.Session},
        )
        if told:
            stream.remember_told(told, {"id": written.id, "data": written.data})


@contextlib.contextmanager
def one_meeting(day: dt.date, user_id: str | None) -> Iterator[dict[str, Any]]:
    """A meeting recorded in one save: the changes of figures and activities it makes
    are gathered (the caller adds the commitments whose activities it changed, and
    the report's id under ``report``), then told in one sentence, written on the plan
    and on each changed public commitment (``dashboard_activity_list`` shows each
    follower one of them). A block that raises writes nothing."""
    started = dt.datetime.utcnow()
    gathered: dict[str, Any] = {"figures": set(), "activities": set(), "report": None}
    token = _meeting.set(gathered)
    try:
        yield gathered
    finally:
        _meeting.reset(token)
    _tell_meeting(gathered, day, user_id, started)


def _public(package_ids: set[str]) -> list[str]:
    return sorted(set(packages.public_names(package_ids)) & package_ids)


def _tell_meeting(
    gathered: dict[str, Any], day: dt.date, user_id: str | None, started: dt.datetime
) -> None:
    report = model.Package.get(gathered["report"] or "")
    plan = model.Package.get(report.extras.get("plan") or "") if report else None
    if not p.plugin_loaded("activity") or report is None or plan is None:
        return
    figures, changed = _public(gathered["figures"]), _public(gathered["activities"])
    targets = sorted({*figures, *changed})
    if not targets or plan.private or report.private:
        return
    titles = multilingual.parse(plan.extras.get("title_translated"))
    data = {
        "kind": MEETING,
        "meeting": report.id,
        "report_name": report.name,
        "plan": plan.id,
        "titles": titles,
        "title": multilingual.pick(titles, dates.default_language()) or plan.title,
        "figures": len(figures),
        "activities": len(changed),
        "date": day.isoformat(),
    }
    data["text"] = wording.in_default_language(data, data["title"], day)
    _create(data, (plan.id, *targets), user_id)
    _mark_generic(report.id, [report.id, *targets], user_id, started)


def _mark_generic(
    report_id: str, object_ids: list[str], user_id: str | None, started: dt.datetime
) -> None:
    """CKAN's own activities of the meeting's saves ("updated the commitment") carry the
    meeting, so that a follower's dashboard folds them into its one sentence."""
    from ckanext.activity.model import Activity

    model.Session.flush()
    rows = model.Session.query(Activity).filter(
        Activity.object_id.in_(object_ids),
        Activity.user_id == user_id,
        Activity.activity_type.in_(("new package", "changed package")),
        Activity.timestamp >= started,
    )
    for row in rows:
        row.data = {**(row.data or {}), "meeting": report_id}


def _ours(activity: dict[str, Any] | None) -> bool:
    return activity is not None and activity.get("activity_type") == ACTIVITY_TYPE


def one_per_meeting(activities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A dashboard's activities with one of each meeting's, its sentence (a follower of
    the plan and of its commitments hears of the meeting once)."""
    chosen: dict[str, dict[str, Any]] = {}
    for activity in activities:
        meeting = (activity.get("data") or {}).get("meeting")
        ours = activity.get("activity_type") == ACTIVITY_TYPE
        if meeting and (meeting not in chosen or ours) and not _ours(chosen.get(meeting)):
            chosen[meeting] = activity
    kept, seen = [], set()
    for activity in activities:
        meeting = (activity.get("data") or {}).get("meeting")
        if not meeting:
            kept.append(activity)
        elif meeting not in seen:
            seen.add(meeting)
            kept.append(chosen[meeting])
    return kept


def _described(commitment: model.Package, change: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """What the sentence needs, in the activity itself, and the sentence in the portal's
    language for CKAN's emails (the stream writes it in each reader's)."""
    titles = multilingual.parse(commitment.extras.get("title_translated"))
    data = {
        **change,
        "commitment": commitment.id,
        "commitment_name": commitment.name,
        "number": commitment.extras.get("number") or "",
        "titles": titles,
        "title": multilingual.pick(titles, dates.default_language()) or commitment.title,
        "date": day.isoformat(),
    }
    data["text"] = wording.in_default_language(data, data["title"], day)
    return data


def withdraw_if_hidden(package: model.Package) -> None:
    """A commitment or plan made private or deleted: the plugin's activities about it go
    from every stream and dashboard (CKAN filters them by no permission: they were
    written while it was public). A plan takes its commitments' with it."""
    if not p.plugin_loaded("activity") or (not package.private and package.state == "active"):
        return
    from ckanext.activity.model import Activity

    key = "plan" if package.type == "plan" else "commitment"
    objects = Activity.object_id.in_([package.id, package.extras.get("plan") or package.id])
    if package.type == "plan":
        objects = or_(objects, Activity.object_id.in_(packages.ids_with("plan", package.id)))
    rows = model.Session.query(Activity).filter(Activity.activity_type == ACTIVITY_TYPE, objects)
    for row in rows:
        if (row.data or {}).get(key) == package.id:
            model.Session.delete(row)
