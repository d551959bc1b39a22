"""Actions of co-creation: proposals to a plan in preparation, comments on a draft plan,
the plan body's reasoned responses and moderation (the consultation report's actions
are in :mod:`.consultation`).

Every action validates its input through ``@validate`` and its schema in
:mod:`.schema` (a proposal's or a comment's plan is looked up first, by the schema's
``__before``), finds the plan and checks that the user may see it (one that may not
answers "not found", as one that does not exist), then checks the action's own
permission."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict
from sqlalchemy.exc import IntegrityError

from ckanext.opendataplan.common import access, packages, search_batch, transaction
from ckanext.opendataplan.domain import participation, proposal_list
from ckanext.opendataplan.model import participation as tables
from ckanext.opendataplan.model.participation import AbuseReport, Comment, Proposal, Support
from ckanext.opendataplan.participation import contributions, schema

_HOUR = dt.timedelta(hours=1)


def now() -> dt.datetime:
    """The time a contribution, response or closing is stamped with (UTC)."""
    return dt.datetime.utcnow()


def _check_rate(user_id: str, supports: bool = False) -> None:
    """Per-user limits over the last hour, read from the tables (the same on every web
    worker)."""
    option = "supports_per_hour" if supports else "contributions_per_hour"
    limit = tk.config.get(f"ckanext.opendataplan.{option}")
    recent = (tables.recent_supports if supports else tables.recent_contributions)(
        user_id, now() - _HOUR
    )
    if not participation.within_limit(recent, limit):
        message = tk._("You have reached the limit of %(limit)s in an hour: try again later")
        raise tk.ValidationError({"rate_limit": [message % {"limit": limit}]})


def _require_open(plan_id: str, window: str) -> None:
    found = contributions.windows(plan_id)
    if found[window]["open"]:
        return
    if window == "proposals":
        message = tk._("The call for proposals on this plan is not open")
    else:
        message = tk._("The public consultation on this plan is not open")
    raise tk.ValidationError({window: [message]})


def _language(data: dict[str, Any]) -> str:
    """The language it is written in: as given (the pages send theirs), else the portal's."""
    return data.get("language") or tk.config.get("ckan.locale_default") or "en"


# Proposals -------------------------------------------------------------------------


@validate(schema.proposal)
def opendataplan_proposal_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Submit a proposal to a plan's open call for proposals (signed-in users).

    :param plan: the plan's id or name
    :param title: one line
    :param problem: the public problem it addresses
    :param solution: the proposed solution
    :param theme: optional, one line
    :param ogp_values: optional, OGP values it serves (transparency,
        access_to_information, accountability, civic_participation, integrity,
        technology_innovation)
    :param dataset: optional, a public dataset of the portal it is about
    :param link: optional, a web address of data elsewhere
    :param language: optional, the language it is written in (default: the page's)
    """
    plan = contributions.plan(data_dict["plan"], context)
    tk.check_access("opendataplan_proposal_create", context, {"plan": plan.id})
    _require_open(plan.id, "proposals")
    author = contributions.user_id(context)
    _check_rate(author)
    proposal = Proposal(
        plan_id=plan.id,
        author_id=author,
        language=_language(data_dict),
        title=data_dict["title"],
        problem=data_dict["problem"],
        solution=data_dict["solution"],
        theme=data_dict.get("theme") or None,
        ogp_values=data_dict.get("ogp_values") or [],
        dataset_id=data_dict.get("dataset"),
        link=data_dict.get("link") or None,
    )
    model.Session.add(proposal)
    transaction.commit(context)
    return _proposal(proposal, context)


def _proposal(proposal: Proposal, context: Context) -> dict[str, Any]:
    moderator = contributions.may_moderate(proposal.plan_id, context.get("user"))
    return contributions.proposal_dicts([proposal], context.get("user"), moderator)[0]


@tk.side_effect_free
@validate(schema.by_id)
def opendataplan_proposal_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A proposal, its supports, its response, and the commitment it became with that
    commitment's current progress.

    :param id: the proposal's id
    """
    proposal = contributions.contribution("proposal", data_dict["id"], context)
    tk.check_access("opendataplan_proposal_show", context, {"plan": proposal.plan_id})
    return _proposal(proposal, context)


@tk.side_effect_free
@validate(schema.proposal_list_schema)
def opendataplan_proposal_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """A plan's proposals, most supported first (hidden ones last).

    :param plan: the plan's id or name
    :param status: optional, only those with this status (submitted, accepted, merged,
        not_retained)
    :param theme: optional, only those of this theme (case and accents ignored)
    :param q: optional, words that the title, problem, solution or theme all hold
    :param sort: optional, ``supports`` (default), ``newest`` or ``oldest``
    """
    plan = contributions.plan(data_dict["plan"], context)
    tk.check_access("opendataplan_proposal_list", context, {"plan": plan.id})
    moderator = contributions.may_moderate(plan.id, context.get("user"))
    rows = contributions.proposal_dicts(
        tables.proposals_of(plan.id), context.get("user"), moderator
    )
    filters = ("status", "theme", "q", "sort")
    return proposal_list.select(rows, **{key: data_dict.get(key) for key in filters})


@validate(schema.by_id)
def opendataplan_proposal_support(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Support a proposal, once per user, while the call for proposals is open.

    :param id: the proposal's id
    """
    proposal = contributions.contribution("proposal", data_dict["id"], context)
    tk.check_access("opendataplan_proposal_support", context, {"plan": proposal.plan_id})
    _require_open(proposal.plan_id, "proposals")
    if proposal.hidden:
        raise tk.ValidationError({"id": [tk._("This proposal was hidden by moderation")]})
    supporter = contributions.user_id(context)
    already = tk.ValidationError({"id": [tk._("You already support this proposal")]})
    if tables.has_support(proposal.id, supporter):
        raise already
    _check_rate(supporter, supports=True)
    model.Session.add(Support(proposal_id=proposal.id, user_id=supporter))
    try:
        model.Session.flush()
    except IntegrityError:  # the same user's other request won the race
        model.Session.rollback()
        raise already from None
    transaction.commit(context)
    return _proposal(proposal, context)


@validate(schema.proposal_response)
def opendataplan_proposal_respond(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The plan body's reasoned response to a proposal (admins and editors of the
    plan's organization, sysadmins): ``accepted`` creates a draft commitment of the plan,
    pre-filled from the proposal and linked to it; ``merged`` names the proposal it joins
    (``merged_into``); ``not_retained``. The reason is public.

    :param id: the proposal's id
    :param status: accepted, merged or not_retained
    :param reason: why, in words the proposer reads
    :param merged_into: with ``merged``, another proposal of the same plan
    """
    proposal = contributions.contribution("proposal", data_dict["id"], context)
    tk.check_access("opendataplan_proposal_respond", context, {"plan": proposal.plan_id})
    status = data_dict["status"]
    # One response at a time: two accepts at once would create two commitments, and
    # "X into Y" beside "Y into X" would form a cycle: the target is locked too.
    target = tables.get_proposal(data_dict.get("merged_into") or "") if status == "merged" else None
    locked = tables.locked_proposals([proposal.id, *([target.id] if target else [])])
    proposal = locked[proposal.id]
    if proposal.status == "accepted" and status != "accepted":
        message = tk._("This proposal became a commitment: withdraw the commitment first")
        raise tk.ValidationError({"status": [message]})
    if proposal.hidden and status == "accepted":
        message = tk._("A hidden proposal cannot become a commitment: show it again first")
        raise tk.ValidationError({"status": [message]})
    proposal.merged_into = _merge_target(proposal, target) if status == "merged" else None
    created = None
    if status == "accepted" and not proposal.commitment_id:
        created = proposal.commitment_id = _draft_commitment(context, proposal)
    proposal.status = status
    proposal.reason = data_dict["reason"]
    proposal.responded_by = contributions.user_id(context)
    proposal.responded_at = now()
    transaction.commit(context)
    if created and not context.get("defer_commit"):
        # CKAN 2.12's package_create leaves indexing to whoever commits (defer_commit)
        search_batch.reindex([created])
    return _proposal(proposal, context)


def _merge_target(proposal: Proposal, target: Proposal | None) -> str:
    """Into a proposal that stands on its own, read under the lock: not itself, not
    hidden, not merged (no cycle, whatever the interleaving)."""
    usable = target is not None and not target.hidden and target.status != "merged"
    if not usable or target.plan_id != proposal.plan_id or target.id == proposal.id:
        raise tk.ValidationError(
            {"merged_into": [tk._("Choose another proposal of the same plan")]}
        )
    return target.id


def _draft_commitment(context: Context, proposal: Proposal) -> str:
    """A commitment of the plan, led by the plan's organization, pre-filled from the
    proposal; created with the responder's own rights, in the response's transaction."""
    plan = model.Package.get(proposal.plan_id)
    fields = {
        "type": "commitment",
        # not guessable: nobody can take the name first and block the acceptance
        "name": f"{plan.name[:70]}-proposal-{secrets.token_hex(5)}",
        "plan": plan.id,
        "owner_org": plan.owner_org,
        "private": plan.private,  # a private plan's commitment is private too
        "title_translated": {proposal.language: proposal.title},
        "problem": proposal.problem,
        "solution": proposal.solution,
        "ogp_values": proposal.ogp_values or [],
    }
    create_context = {"user": context.get("user"), "defer_commit": True}
    return tk.get_action("package_create")(create_context, fields)["id"]


# Comments --------------------------------------------------------------------------


@validate(schema.comment)
def opendataplan_comment_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Comment on a draft plan, or on one of its commitments, while its public
    consultation is open (signed-in users).

    :param plan: the plan's id or name
    :param commitment: optional, a commitment of that plan (id or name)
    :param body: the comment
    :param language: optional, the language it is written in (default: the page's)
    """
    plan = contributions.plan(data_dict["plan"], context)
    tk.check_access("opendataplan_comment_create", context, {"plan": plan.id})
    commitment_id = _commitment_of(plan, data_dict.get("commitment"), context)
    _require_open(plan.id, "consultation")
    author = contributions.user_id(context)
    _check_rate(author)
    comment = Comment(
        plan_id=plan.id,
        commitment_id=commitment_id,
        author_id=author,
        language=_language(data_dict),
        body=data_dict["body"],
    )
    model.Session.add(comment)
    transaction.commit(context)
    return _comment(comment, context)


def _commitment_of(plan: model.Package, reference: Any, context: Context) -> str | None:
    if not reference:
        return None
    commitment = access.visible_package(reference, context, "commitment")
    in_plan = commitment is not None and plan.id in packages.field_values("plan", [commitment.id])
    if not in_plan:
        raise tk.ValidationError({"commitment": [tk._("Commitment not found in this plan")]})
    return commitment.id


def _comment(comment: Comment, context: Context) -> dict[str, Any]:
    moderator = contributions.may_moderate(comment.plan_id, context.get("user"))
    return contributions.comment_dicts([comment], context.get("user"), moderator)[0]


@tk.side_effect_free
@validate(schema.by_plan)
def opendataplan_comment_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The comments on a plan and its commitments, oldest first.

    :param plan: the plan's id or name
    """
    plan = contributions.plan(data_dict["plan"], context)
    tk.check_access("opendataplan_comment_list", context, {"plan": plan.id})
    moderator = contributions.may_moderate(plan.id, context.get("user"))
    return contributions.comment_dicts(tables.comments_of(plan.id), context.get("user"), moderator)


@validate(schema.comment_response)
def opendataplan_comment_respond(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The plan body's response to a comment: taken into account, partly, or not, with
    a public reason.

    :param id: the comment's id
    :param outcome: taken, partly or not_taken
    :param reason: why
    """
    comment = contributions.contribution("comment", data_dict["id"], context)
    tk.check_access("opendataplan_comment_respond", context, {"plan": comment.plan_id})
    comment.outcome = data_dict["outcome"]
    comment.reason = data_dict["reason"]
    comment.responded_by = contributions.user_id(context)
    comment.responded_at = now()
    transaction.commit(context)
    return _comment(comment, context)


# Moderation ------------------------------------------------------------------------


def _moderate(kind: str, context: Context, data: DataDict) -> Proposal | Comment:
    """``data`` as :func:`.schema.moderation` validated it."""
    item = contributions.contribution(kind, data["id"], context)
    tk.check_access(f"opendataplan_{kind}_hide", context, {"plan": item.plan_id})
    if data["hidden"] and not data["reason"]:
        raise tk.ValidationError({"reason": [tk._("Say why it is hidden: the reason is public")]})
    item.hidden = data["hidden"]
    item.hidden_reason = data["reason"] if data["hidden"] else None
    item.hidden_by = contributions.user_id(context) if data["hidden"] else None
    item.hidden_at = now() if data["hidden"] else None
    transaction.commit(context)
    return item


@validate(schema.moderation)
def opendataplan_proposal_hide(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Hide a proposal (kept, shown as hidden with the public reason), or show it again
    with ``hidden: false``. The plan's body and sysadmins.

    :param id: the proposal's id
    :param reason: why (required to hide)
    :param hidden: default true
    """
    return _proposal(_moderate("proposal", context, data_dict), context)


@validate(schema.moderation)
def opendataplan_comment_hide(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Hide a comment, or show it again; as :func:`opendataplan_proposal_hide`."""
    return _comment(_moderate("comment", context, data_dict), context)


def _report_abuse(kind: str, context: Context, data: DataDict) -> dict[str, Any]:
    """``data`` as :func:`.schema.abuse` validated it."""
    item = contributions.contribution(kind, data["id"], context)
    tk.check_access(f"opendataplan_{kind}_report_abuse", context, {"plan": item.plan_id})
    reporter = contributions.user_id(context)
    _check_rate(reporter)
    model.Session.add(
        AbuseReport(
            kind=kind,
            target_id=item.id,
            plan_id=item.plan_id,
            user_id=reporter,
            reason=data["reason"],
        )
    )
    transaction.commit(context)
    return {"reported": True}


@validate(schema.abuse)
def opendataplan_proposal_report_abuse(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Tell the plan's moderators that a proposal is abusive (signed-in users).

    :param id: the proposal's id
    :param reason: what is wrong with it
    """
    return _report_abuse("proposal", context, data_dict)


@validate(schema.abuse)
def opendataplan_comment_report_abuse(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Tell the plan's moderators that a comment is abusive (signed-in users)."""
    return _report_abuse("comment", context, data_dict)
