"""Activities that say in words what changed: "Commitment 4 went from 72 % to 96 % on
15 July 2020", "Commitment 4: the activity ... was completed on ...". They go into
CKAN's activity stream of the commitment and of its plan, so that the people who follow
either see them on their dashboard and get them in CKAN's activity emails.

Only public commitments of public plans speak: CKAN does not filter these activities by
permission labels, and a follower may have lost access to a private one. Activities are
written in the save's transaction (``defer_commit``): a refused save writes none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from sqlalchemy import or_

from ckanext.opendataplan.accountability import wording
from ckanext.opendataplan.common import compat, dates, multilingual, packages
from ckanext.opendataplan.domain import changes

ACTIVITY_TYPE = "opendataplan progress"
PROGRESS, MILESTONE = "progress", "milestone"


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
    if not tk.config.get("ckan.activity_streams_enabled"):
        return
    from ckanext.activity.model import activity_dict_save

    data = {**_described(commitment, change, day), "plan": plan.id}
    # What ``activity_create`` checks, known here: the user and both objects exist (read
    # above, once), the type is registered; its validation would read them again.
    actor = user_id or tk.get_action("get_site_user")({"ignore_auth": True}, {})["id"]
    for target in (commitment.id, plan.id):  # followers of either hear of it
        activity_dict_save(
            {"user_id": actor, "object_id": target, "activity_type": ACTIVITY_TYPE, "data": data},
            {"session": model.Session},
        )


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
