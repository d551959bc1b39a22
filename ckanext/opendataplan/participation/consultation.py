"""Actions of the consultation report: what the call for proposals and the consultation
received and what became of it, and its closing by the plan's body."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.opendataplan.common import packages, transaction
from ckanext.opendataplan.domain import participation
from ckanext.opendataplan.model import participation as tables
from ckanext.opendataplan.participation import action, contributions, schema


@tk.side_effect_free
@validate(schema.by_plan)
def opendataplan_consultation_report(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """What the call for proposals and the consultation received and what became of
    it: counts, participants, supports, the share answered, and "you said, we did"
    commitment by commitment.

    :param plan: the plan's id or name
    """
    plan = contributions.plan(data_dict["plan"], context)
    tk.check_access("opendataplan_consultation_report", context, {"plan": plan.id})
    return _report(plan, context)


def _report(plan: model.Package, context: Context) -> dict[str, Any]:
    moderator = contributions.may_moderate(plan.id, context.get("user"))
    proposal_rows, comment_rows = tables.proposals_of(plan.id), tables.comments_of(plan.id)
    proposals = contributions.proposal_dicts(proposal_rows, context.get("user"), moderator)
    comments = contributions.comment_dicts(comment_rows, context.get("user"), moderator)
    # the rules count authors by id (display names may repeat)
    authors = {item.id: item.author_id for item in (*proposal_rows, *comment_rows)}
    figures = participation.report(
        [
            {
                **row,
                "author": authors[row["id"]],
                "commitment": (row["commitment"] or {}).get("name"),
            }
            for row in proposals
        ],
        [{**row, "author": authors[row["id"]], "commitment": _target(row)} for row in comments],
        tables.supporters(plan.id),
    )
    closed = tables.consultation(plan.id)
    return {
        "plan": plan.name,
        **figures,
        "by_commitment": _by_commitment_rows(figures["by_commitment"]),
        "windows": contributions.windows(plan.id),
        "closed_at": closed.closed_at.isoformat(timespec="seconds") if closed else None,
        "proposal_list": proposals,
        "comment_list": comments,
    }


_NOT_VISIBLE = "-"  # a commitment the visitor may not see: counted, not listed


def _target(comment: dict[str, Any]) -> str | None:
    if comment["commitment"] is None and comment["on_commitment"]:
        return _NOT_VISIBLE
    return comment["commitment"]


def _by_commitment_rows(by_commitment: dict[str | None, dict[str, Any]]) -> list[dict[str, Any]]:
    by_commitment = {name: row for name, row in by_commitment.items() if name != _NOT_VISIBLE}
    names = [name for name in by_commitment if name]
    found = (
        {
            package["name"]: package
            for package in packages.with_fields(
                "commitment", ("title_translated",), where=model.Package.name.in_(names)
            ).values()
        }
        if names
        else {}
    )
    rows = []
    for name, counts in by_commitment.items():
        package = found.get(name) if name else None
        rows.append({"commitment": name, "title": package["title"] if package else None, **counts})
    return sorted(rows, key=lambda row: (row["commitment"] is not None, row["commitment"] or ""))


@validate(schema.by_plan)
def opendataplan_consultation_close(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Close a plan's consultation report: once the consultation is over and every
    proposal and comment has a response (or was hidden with a reason). The plan's body.

    :param plan: the plan's id or name
    """
    plan = contributions.plan(data_dict["plan"], context)
    tk.check_access("opendataplan_consultation_close", context, {"plan": plan.id})
    if tables.consultation(plan.id) is None:
        _check_closable(plan, context)
        model.Session.add(
            tables.Consultation(
                plan_id=plan.id, closed_at=action.now(), closed_by=contributions.user_id(context)
            )
        )
        transaction.commit(context)
    return _report(plan, context)


def _check_closable(plan: model.Package, context: Context) -> None:
    windows = contributions.windows(plan.id)
    if windows["consultation"]["state"] in ("open", "upcoming") or windows["proposals"][
        "state"
    ] in (
        "open",
        "upcoming",
    ):
        message = tk._("The call for proposals or the consultation is still to come or open")
        raise tk.ValidationError({"plan": [message]})
    unanswered = _report(plan, context)["unanswered"]
    if unanswered:
        message = tk.ungettext(
            "%(count)s proposal or comment has no response yet",
            "%(count)s proposals and comments have no response yet",
            unanswered,
            count=unanswered,
        )
        raise tk.ValidationError({"unanswered": [message]})
