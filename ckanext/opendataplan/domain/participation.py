"""Co-creation rules: when a call for proposals or a consultation is open, what a
response may be, and what the consultation report counts (OGP's participation and
co-creation standards ask for a reasoned response to every contribution)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from .checks import as_date

# What the plan's body answers to a proposal, and to a comment on the draft.
PROPOSAL_RESPONSES = ("accepted", "merged", "not_retained")
PROPOSAL_STATUSES = ("submitted", *PROPOSAL_RESPONSES)
COMMENT_OUTCOMES = ("taken", "partly", "not_taken")
# OGP's values, as the commitment card lists them.
OGP_VALUES = (
    "transparency",
    "access_to_information",
    "accountability",
    "civic_participation",
    "integrity",
    "technology_innovation",
)


def window(opens: Any, closes: Any, today: dt.date) -> str:
    """``unset`` (no dates), ``upcoming``, ``open`` (both days included) or ``closed``."""
    start, end = as_date(opens), as_date(closes)
    if start is None or end is None:
        return "unset"
    if today < start:
        return "upcoming"
    return "open" if today <= end else "closed"


def within_limit(recent: int, limit: int) -> bool:
    """One more contribution is allowed after ``recent`` in the limit's period
    (``limit`` 0: no limit)."""
    return limit <= 0 or recent < limit


def answered(item: dict[str, Any]) -> bool:
    """A proposal with a response, a comment with an outcome, or either hidden by
    moderation (its reason is the answer)."""
    if item.get("hidden"):
        return True
    if "status" in item:
        return item["status"] != "submitted"
    return item.get("outcome") is not None


def report(
    proposals: Iterable[dict[str, Any]],
    comments: Iterable[dict[str, Any]],
    supporters: Iterable[str],
) -> dict[str, Any]:
    """What a consultation received and what became of it. ``proposals`` carry
    ``author``, ``status``, ``supports``, ``commitment`` (the one it became), ``hidden``;
    ``comments`` carry ``author``, ``commitment`` (None: on the plan), ``outcome``,
    ``hidden``; ``supporters`` are the users who supported a proposal."""
    proposals, comments = list(proposals), list(comments)
    contributions = proposals + comments
    answered_count = sum(1 for item in contributions if answered(item))
    authors = {item["author"] for item in contributions}
    return {
        "proposals": len(proposals),
        "comments": len(comments),
        "supports": sum(item.get("supports") or 0 for item in proposals),
        "participants": len(authors | set(supporters)),
        "hidden": sum(1 for item in contributions if item.get("hidden")),
        "answered": answered_count,
        "responded": sum(1 for i in contributions if not i.get("hidden") and answered(i)),
        "unanswered": len(contributions) - answered_count,
        "share_answered": round(100 * answered_count / len(contributions))
        if contributions
        else None,
        "proposal_statuses": _counts(proposals, "status", PROPOSAL_STATUSES),
        "comment_outcomes": _counts(
            [c for c in comments if c.get("outcome")], "outcome", COMMENT_OUTCOMES
        ),
        "by_commitment": _by_commitment(proposals, comments),
    }


def _counts(items: list[dict[str, Any]], key: str, choices: tuple[str, ...]) -> dict[str, int]:
    found = Counter(item[key] for item in items if not item.get("hidden"))
    return {choice: found.get(choice, 0) for choice in choices}


def _by_commitment(
    proposals: list[dict[str, Any]], comments: list[dict[str, Any]]
) -> dict[str | None, dict[str, Any]]:
    """ "You said, we did", commitment by commitment (``None``: the plan as a whole):
    the proposals it came from (those merged into them included) and its comments by
    outcome."""
    rows: dict[str | None, dict[str, Any]] = defaultdict(
        lambda: {"proposals": 0, "comments": 0, **dict.fromkeys(COMMENT_OUTCOMES, 0)}
    )
    became = {p["id"]: p.get("commitment") for p in proposals if not p.get("hidden")}
    for proposal in proposals:
        if proposal.get("hidden"):
            continue
        commitment = proposal.get("commitment") or became.get(proposal.get("merged_into"))
        if commitment:
            rows[commitment]["proposals"] += 1
    for comment in comments:
        if comment.get("hidden"):
            continue
        row = rows[comment.get("commitment")]
        row["comments"] += 1
        if comment.get("outcome"):
            row[comment["outcome"]] += 1
    return dict(rows)
