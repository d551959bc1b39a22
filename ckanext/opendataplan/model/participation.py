"""Co-creation in the plugin's tables: proposals to a plan in preparation and their
supports, comments on a draft plan, abuse reports, and each plan's consultation record;
and the queries that read them. Contributions are never deleted: moderation hides them,
with a reason, and the reason stays public."""

from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.model.types import make_uuid
from sqlalchemy import Boolean, Column, DateTime, UnicodeText, func
from sqlalchemy.dialects.postgresql import JSONB


class _Contribution:
    """What a proposal and a comment share: an author, a language, a reasoned response
    and moderation."""

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    plan_id = Column(UnicodeText, nullable=False)
    author_id = Column(UnicodeText, nullable=False)
    language = Column(UnicodeText, nullable=False)
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    reason = Column(UnicodeText)  # the public reason of the response
    responded_by = Column(UnicodeText)
    responded_at = Column(DateTime)
    hidden = Column(Boolean, nullable=False, default=False)
    hidden_reason = Column(UnicodeText)
    hidden_by = Column(UnicodeText)
    hidden_at = Column(DateTime)


class Proposal(_Contribution, tk.BaseModel):  # type: ignore[misc, valid-type]
    """A proposal submitted to a plan's call for proposals."""

    __tablename__ = "opendataplan_proposal"

    title = Column(UnicodeText, nullable=False)
    problem = Column(UnicodeText, nullable=False)
    solution = Column(UnicodeText, nullable=False)
    theme = Column(UnicodeText)
    ogp_values = Column(JSONB, nullable=False, default=list)
    dataset_id = Column(UnicodeText)  # a dataset of the portal it is about
    link = Column(UnicodeText)  # data elsewhere
    status = Column(UnicodeText, nullable=False, default="submitted")
    merged_into = Column(UnicodeText)  # another proposal's id
    commitment_id = Column(UnicodeText)  # the draft commitment it became


class Support(tk.BaseModel):  # type: ignore[misc, valid-type]
    """One user's support of one proposal (the primary key makes it one)."""

    __tablename__ = "opendataplan_proposal_support"

    proposal_id = Column(UnicodeText, primary_key=True)
    user_id = Column(UnicodeText, primary_key=True)
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)


class Comment(_Contribution, tk.BaseModel):  # type: ignore[misc, valid-type]
    """A comment on a draft plan, or on one of its commitments, during its consultation."""

    __tablename__ = "opendataplan_comment"

    commitment_id = Column(UnicodeText)  # None: on the plan as a whole
    body = Column(UnicodeText, nullable=False)
    outcome = Column(UnicodeText)  # taken, partly, not_taken


class AbuseReport(tk.BaseModel):  # type: ignore[misc, valid-type]
    """A user's report that a proposal or a comment is abusive, for the moderators."""

    __tablename__ = "opendataplan_abuse_report"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    kind = Column(UnicodeText, nullable=False)  # proposal, comment
    target_id = Column(UnicodeText, nullable=False)
    plan_id = Column(UnicodeText, nullable=False)
    user_id = Column(UnicodeText, nullable=False)
    reason = Column(UnicodeText, nullable=False)
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)


class Consultation(tk.BaseModel):  # type: ignore[misc, valid-type]
    """A plan's consultation report, once its body has closed it (every contribution
    answered)."""

    __tablename__ = "opendataplan_consultation"

    plan_id = Column(UnicodeText, primary_key=True)
    closed_at = Column(DateTime, nullable=False)
    closed_by = Column(UnicodeText, nullable=False)


def get_proposal(proposal_id: str) -> Proposal | None:
    return model.Session.get(Proposal, proposal_id)


def locked_proposals(proposal_ids: list[str]) -> dict[str, Proposal]:
    """These proposals read again and locked until the transaction ends, always in the
    order of their ids: two transactions locking the same pair wait for each other
    instead of each holding one row (no deadlock, no crossed merge)."""
    query = (
        model.Session.query(Proposal)
        .filter(Proposal.id.in_(sorted(set(proposal_ids))))
        .order_by(Proposal.id)
    )
    return {row.id: row for row in query.populate_existing().with_for_update()}


def get_comment(comment_id: str) -> Comment | None:
    return model.Session.get(Comment, comment_id)


def proposals_of(plan_id: str) -> list[Proposal]:
    """A plan's proposals, oldest first."""
    query = model.Session.query(Proposal).filter(Proposal.plan_id == plan_id)
    return query.order_by(Proposal.created, Proposal.id).all()


def proposal_titles(proposal_ids: set[str]) -> dict[str, str]:
    """``{id: title}`` of these proposals, the hidden ones left out (one query)."""
    if not proposal_ids:
        return {}
    rows = model.Session.query(Proposal.id, Proposal.title).filter(
        Proposal.id.in_(list(proposal_ids)), Proposal.hidden.is_(False)
    )
    return dict(rows)


def comments_of(plan_id: str) -> list[Comment]:
    query = model.Session.query(Comment).filter(Comment.plan_id == plan_id)
    return query.order_by(Comment.created, Comment.id).all()


def support_counts(proposal_ids: list[str]) -> dict[str, int]:
    """Supports per proposal, in one query."""
    if not proposal_ids:
        return {}
    rows = (
        model.Session.query(Support.proposal_id, func.count(Support.user_id))
        .filter(Support.proposal_id.in_(proposal_ids))
        .group_by(Support.proposal_id)
    )
    return dict(rows)


def supported_by(user_id: str | None, proposal_ids: list[str]) -> set[str]:
    """Which of these proposals the user supports."""
    if not user_id or not proposal_ids:
        return set()
    rows = model.Session.query(Support.proposal_id).filter(
        Support.user_id == user_id, Support.proposal_id.in_(proposal_ids)
    )
    return {proposal_id for (proposal_id,) in rows}


def supporters(plan_id: str) -> set[str]:
    rows = (
        model.Session.query(Support.user_id)
        .join(Proposal, Proposal.id == Support.proposal_id)
        .filter(Proposal.plan_id == plan_id)
        .distinct()
    )
    return {user_id for (user_id,) in rows}


def has_support(proposal_id: str, user_id: str) -> bool:
    return model.Session.get(Support, (proposal_id, user_id)) is not None


def recent_contributions(user_id: str, since: dt.datetime) -> int:
    """Proposals, comments and abuse reports the user made since then (rate limit)."""
    total = 0
    for table in (Proposal, Comment):
        total += (
            model.Session.query(func.count(table.id))
            .filter(table.author_id == user_id, table.created >= since)
            .scalar()
        )
    total += (
        model.Session.query(func.count(AbuseReport.id))
        .filter(AbuseReport.user_id == user_id, AbuseReport.created >= since)
        .scalar()
    )
    return total


def recent_supports(user_id: str, since: dt.datetime) -> int:
    return (
        model.Session.query(func.count(Support.proposal_id))
        .filter(Support.user_id == user_id, Support.created >= since)
        .scalar()
    )


def proposals_of_commitments(commitment_ids: list[str]) -> dict[str, Proposal]:
    """The proposal each of these commitments came from."""
    if not commitment_ids:
        return {}
    rows = model.Session.query(Proposal).filter(Proposal.commitment_id.in_(commitment_ids))
    return {proposal.commitment_id: proposal for proposal in rows}


def merged_into(proposal_id: str) -> list[Proposal]:
    """The proposals merged into this one, oldest first."""
    query = model.Session.query(Proposal).filter(Proposal.merged_into == proposal_id)
    return query.order_by(Proposal.created).all()


def comment_count(commitment_id: str) -> int:
    """The comments on a commitment that are not hidden."""
    return (
        model.Session.query(func.count(Comment.id))
        .filter(Comment.commitment_id == commitment_id, Comment.hidden.is_(False))
        .scalar()
    )


def plan_of_comments(commitment_id: str) -> str | None:
    found = model.Session.query(Comment.plan_id).filter(Comment.commitment_id == commitment_id)
    row = found.first()
    return row[0] if row else None


def abuse_counts(plan_id: str) -> dict[str, int]:
    """Abuse reports per contribution of a plan (for its moderators)."""
    rows = (
        model.Session.query(AbuseReport.target_id, func.count(AbuseReport.id))
        .filter(AbuseReport.plan_id == plan_id)
        .group_by(AbuseReport.target_id)
    )
    return dict(rows)


def consultation(plan_id: str) -> Consultation | None:
    return model.Session.get(Consultation, plan_id)


def user_names(user_ids: set[str]) -> dict[str, str]:
    """``{id: display name}``: participants are shown by their display name, never by
    their email (CKAN's display name falls back on the user name, not the email)."""
    if not user_ids:
        return {}
    rows = model.Session.query(model.User).filter(model.User.id.in_(list(user_ids)))
    return {user.id: user.display_name for user in rows}
