"""The demo's co-creation: the preparation of the second OGP plan as the minutes tell
it (``participation.yaml``). Past contributions are written with their dates into the
plugin's tables, as an import of a finished consultation would; the commitments the
accepted proposals became are created through CKAN's actions."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.model import participation as tables
from ckanext.opendataplan.model.participation import Comment, Consultation, Proposal, Support


def load(read: Any, ensure: Any, context: dict[str, Any]) -> list[str]:
    """Create the draft plan and, the first time, its proposals and comments."""
    data = read("participation.yaml")
    plan_name = ensure(context, {"type": "plan", **data["plan"]})
    plan = model.Package.get(plan_name)
    if tables.proposals_of(plan.id):
        return [plan_name]
    users = {entry["name"]: _user(context, entry) for entry in data["participants"]}
    proposals: dict[str, Proposal] = {}
    for entry in data["proposals"]:
        proposals[entry["key"]] = _proposal(plan, entry, users, proposals, ensure, context)
    site_user = model.User.get(context["user"])
    for entry in data["comments"]:
        model.Session.add(_comment(plan, entry, users, site_user.id))
    closed = dt.datetime.fromisoformat(data["closed_at"])
    model.Session.add(Consultation(plan_id=plan.id, closed_at=closed, closed_by=site_user.id))
    model.repo.commit()
    return [plan_name]


def _user(context: dict[str, Any], entry: dict[str, str]) -> str:
    found = model.User.get(entry["name"])
    if found is None:
        fields = {
            **entry,
            "email": f"{entry['name']}@example.invalid",
            "password": secrets.token_urlsafe(24),
        }
        return tk.get_action("user_create")(dict(context), fields)["id"]
    return found.id


def _proposal(
    plan: model.Package,
    entry: dict[str, Any],
    users: dict[str, str],
    earlier: dict[str, Proposal],
    ensure: Any,
    context: dict[str, Any],
) -> Proposal:
    fields = ("title", "problem", "solution", "theme", "ogp_values", "language")
    proposal = Proposal(
        plan_id=plan.id,
        author_id=users[entry["author"]],
        created=dt.datetime.fromisoformat(entry["created"]),
        **{key: entry.get(key) for key in fields},
    )
    model.Session.add(proposal)
    model.Session.flush()
    for supporter in entry.get("supporters") or []:
        model.Session.add(
            Support(proposal_id=proposal.id, user_id=users[supporter], created=proposal.created)
        )
    response = entry["response"]
    proposal.status = response["status"]
    proposal.reason = response["reason"]
    proposal.responded_at = dt.datetime.fromisoformat(response["at"])
    proposal.responded_by = model.User.get(context["user"]).id
    if response.get("merged_into"):
        proposal.merged_into = earlier[response["merged_into"]].id
    if response.get("commitment"):
        proposal.commitment_id = _commitment(
            plan, proposal, response["commitment"], ensure, context
        )
    return proposal


def _commitment(
    plan: model.Package,
    proposal: Proposal,
    card: dict[str, str],
    ensure: Any,
    context: dict[str, Any],
) -> str:
    ensure(
        context,
        {
            "type": "commitment",
            "plan": plan.name,
            "owner_org": plan.owner_org,
            "title_translated": {proposal.language: proposal.title},
            "problem": proposal.problem,
            "solution": proposal.solution,
            "ogp_values": proposal.ogp_values,
            **card,
        },
    )
    return model.Package.get(card["name"]).id


def _comment(
    plan: model.Package, entry: dict[str, Any], users: dict[str, str], body_user: str
) -> Comment:
    target = model.Package.get(entry["commitment"]) if entry.get("commitment") else None
    comment = Comment(
        plan_id=plan.id,
        commitment_id=target.id if target else None,
        author_id=users[entry["author"]],
        language=entry["language"],
        body=entry["body"],
        created=dt.datetime.fromisoformat(entry["created"]),
    )
    if entry.get("hidden"):
        comment.hidden, comment.hidden_reason = True, entry["hidden"]
        comment.hidden_at = comment.created + dt.timedelta(hours=2)
        comment.hidden_by = body_user
    response = entry.get("response")
    if response:
        comment.outcome, comment.reason = response["outcome"], response["reason"]
        comment.responded_at = dt.datetime.fromisoformat(response["at"])
        comment.responded_by = body_user
    return comment
