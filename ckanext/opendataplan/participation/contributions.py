"""Contributions as the actions and pages give them: the plan they belong to, checked
for the visitor; authors by display name; hidden ones without their text for all but
the plan's moderators; accepted proposals with their commitment's current progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import access, packages
from ckanext.opendataplan.domain import participation
from ckanext.opendataplan.model import participation as tables
from ckanext.opendataplan.model.participation import Comment, Proposal
from ckanext.opendataplan.progress import rollup

# What a hidden contribution keeps for those who may not moderate it.
_HIDDEN_TEXTS = {
    "title",
    "problem",
    "solution",
    "theme",
    "body",
    "link",
    "dataset",
    "ogp_values",
    "commitment",
}
_WINDOW_FIELDS = (
    "version_status",
    *(f"{w}_{e}" for w in ("proposals", "consultation") for e in ("open", "close")),
)


def plan(reference: Any, context: dict[str, Any]) -> model.Package:
    """The plan if the user may see it, else "not found" (a plan one may not see
    answers exactly like one that does not exist)."""
    found = access.visible_package(reference, context, "plan")
    if found is None:
        raise tk.ObjectNotFound(tk._("Plan not found"))
    return found


def contribution(kind: str, reference: Any, context: dict[str, Any]) -> Proposal | Comment:
    """A proposal or comment of a plan the user may see, else "not found"."""
    getter = tables.get_proposal if kind == "proposal" else tables.get_comment
    ref = access.reference(reference)
    item = getter(ref) if ref else None
    if item is None or access.visible_package(item.plan_id, context, "plan") is None:
        message = tk._("Proposal not found") if kind == "proposal" else tk._("Comment not found")
        raise tk.ObjectNotFound(message)
    return item


def may_moderate(plan_id: str, user: str | None) -> bool:
    """The plan's body (those who may edit the plan) and sysadmins."""
    return bool(user) and access.can("package_update", user, plan_id)


def windows(plan_id: str, today: dt.date | None = None) -> dict[str, Any]:
    """The plan's call for proposals and consultation: dates and state (``unset``,
    ``upcoming``, ``open``, ``closed``). Only a draft plan takes contributions."""
    fields = packages.with_fields("plan", _WINDOW_FIELDS, ids=[plan_id]).get(plan_id, {})
    day = today or dt.date.today()
    draft = fields.get("version_status") == "draft"
    found: dict[str, Any] = {"draft": draft}
    for name in ("proposals", "consultation"):
        opens, closes = fields.get(f"{name}_open"), fields.get(f"{name}_close")
        state = participation.window(opens, closes, day)
        found[name] = {
            "opens": opens,
            "closes": closes,
            "state": state,
            "open": draft and state == "open",
        }
    return found


def proposal_dicts(
    proposals: list[Proposal], user: str | None, moderator: bool
) -> list[dict[str, Any]]:
    """Proposals as dicts, in a fixed number of queries whatever their number."""
    ids = [p.id for p in proposals]
    supports = tables.support_counts(ids)
    user_obj = model.User.get(user) if user else None
    mine = tables.supported_by(user_obj.id if user_obj else None, ids)
    names = tables.user_names({p.author_id for p in proposals})
    datasets = packages.public_names({p.dataset_id for p in proposals if p.dataset_id})
    commitments = _commitments(
        visible_ids([p.commitment_id for p in proposals if p.commitment_id], user)
    )
    titles = tables.proposal_titles({p.merged_into for p in proposals if p.merged_into})
    reported = _abuse(proposals, moderator)
    rows = []
    for item in proposals:
        row = {
            **_common(item, names),
            "abuse_reports": reported.get(item.id, 0) if moderator else None,
            "title": item.title,
            "problem": item.problem,
            "solution": item.solution,
            "theme": item.theme,
            "ogp_values": item.ogp_values or [],
            "dataset": datasets.get(item.dataset_id),
            "link": item.link,
            "status": item.status,
            "merged_into": item.merged_into,
            "merged_into_title": titles.get(item.merged_into),
            "commitment": commitments.get(item.commitment_id),
            "supports": supports.get(item.id, 0),
            "supported": item.id in mine,
        }
        rows.append(_masked(row, item, moderator))
    return rows


def visible_ids(commitment_ids: list[str], user: str | None) -> list[str]:
    """Those of these commitments the user may see (one query, and an authorization
    check for the private ones only)."""
    found = access.visible_packages(commitment_ids, {"user": user}, "commitment")
    return sorted({package.id for package in found.values()})


def comment_dicts(
    comments: list[Comment], user: str | None, moderator: bool
) -> list[dict[str, Any]]:
    names = tables.user_names({c.author_id for c in comments})
    targets = visible_ids([c.commitment_id for c in comments if c.commitment_id], user)
    commitment_names = packages.names(targets)
    reported = _abuse(comments, moderator)
    rows = []
    for item in comments:
        row = {
            **_common(item, names),
            "abuse_reports": reported.get(item.id, 0) if moderator else None,
            "commitment": commitment_names.get(item.commitment_id),
            "on_commitment": item.commitment_id is not None,  # one the visitor may not see
            "body": item.body,
            "outcome": item.outcome,
        }
        rows.append(_masked(row, item, moderator))
    return rows


def _abuse(items: list[Any], moderator: bool) -> dict[str, int]:
    """How many times each contribution was reported, for its moderators only."""
    if not moderator or not items:
        return {}
    return tables.abuse_counts(items[0].plan_id)


def _common(item: Proposal | Comment, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": item.id,
        "plan": item.plan_id,
        "author": names.get(item.author_id, ""),
        "language": item.language,
        "created": item.created.isoformat(timespec="seconds"),
        "reason": item.reason,
        "responded_at": item.responded_at.isoformat(timespec="seconds")
        if item.responded_at
        else None,
        "hidden": item.hidden,
        "hidden_reason": item.hidden_reason,
    }


def _masked(row: dict[str, Any], item: Proposal | Comment, moderator: bool) -> dict[str, Any]:
    """A hidden contribution's text, author included, for its moderators only."""
    if not item.hidden or moderator:
        return row
    return {
        key: (None if key in _HIDDEN_TEXTS or key == "author" else value)
        for key, value in row.items()
    }


def _commitments(ids: list[str]) -> dict[str, dict[str, Any]]:
    """``{id: {name, title, progress, completion_level, progress_as_of}}`` of the
    commitments proposals became (two queries)."""
    if not ids:
        return {}
    found = list(packages.with_fields("commitment", rollup.COMMITMENT_KEYS, ids=ids).values())
    rollup.current_figures(found)
    keys = ("name", "title", "progress", "completion_level", "progress_as_of")
    return {c["id"]: {key: c.get(key) for key in keys} for c in found}


def user_id(context: dict[str, Any]) -> str:
    """The signed-in user's id (the auth functions have refused anonymous callers)."""
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Sign in to take part"))
    return user.id
