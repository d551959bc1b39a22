"""Template helpers of the co-creation pages: labels in the visitor's language, the plan
page's co-creation block, and the proposal a commitment came from."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import access, choices, multilingual
from ckanext.opendataplan.domain import assessment, proposal_list
from ckanext.opendataplan.domain.participation import PROPOSAL_STATUSES
from ckanext.opendataplan.model import participation as tables


def opendataplan_participation_labels() -> dict[str, dict[str, str]]:
    _ = tk._
    return {
        "status": {
            "submitted": _("Awaiting a response"),
            "accepted": _("Accepted: became a draft commitment"),
            "merged": _("Merged into another proposal"),
            "not_retained": _("Not retained"),
        },
        "response": {
            "accepted": _("Accept: create a draft commitment from it"),
            "merged": _("Merge into another proposal"),
            "not_retained": _("Do not retain"),
        },
        "outcome": {
            "taken": _("Taken into account"),
            "partly": _("Partly taken into account"),
            "not_taken": _("Not taken into account"),
        },
        "window": {
            "unset": _("No dates set"),
            "upcoming": _("Not open yet"),
            "open": _("Open"),
            "closed": _("Closed"),
        },
        "ogp_values": choices.labels("commitment", "ogp_values"),
    }


def opendataplan_participation_summary(plan_id: str) -> dict[str, Any] | None:
    """The plan page's co-creation block: the windows and the report's counts; ``None``
    when the plan never had a call for proposals nor a consultation."""
    try:
        report = tk.get_action("opendataplan_consultation_report")({}, {"plan": plan_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None
    windows = report["windows"]
    if windows["proposals"]["state"] == windows["consultation"]["state"] == "unset" and not (
        report["proposals"] or report["comments"]
    ):
        return None
    return report


def opendataplan_commitment_origin(commitment_id: str) -> dict[str, Any] | None:
    """Where a commitment came from, for its page: the proposal accepted into it and
    those merged into that one (hidden ones left out), and the comments made on it in
    the consultation; ``None`` when it came from no proposal and had no comment, or the
    visitor may not see its plan."""
    accepted = tables.proposals_of_commitments([commitment_id]).get(commitment_id)
    comments = tables.comment_count(commitment_id)
    plan_id = accepted.plan_id if accepted else tables.plan_of_comments(commitment_id)
    if plan_id is None:
        return None
    plan = access.visible_package(plan_id, {"user": tk.g.user}, "plan")
    if plan is None:
        return None
    sources = [accepted, *tables.merged_into(accepted.id)] if accepted else []
    shown = [p for p in sources if not p.hidden]
    names = tables.user_names({p.author_id for p in shown})
    return {
        "plan_name": plan.name,
        "proposals": [
            {
                "id": p.id,
                "title": p.title,
                "language": p.language,
                "author": names.get(p.author_id, ""),
                "status": p.status,
            }
            for p in shown
        ],
        "comments": comments,
    }


def opendataplan_language_options() -> list[dict[str, str]]:
    """The content languages, by name in the page's language, for a select."""
    return [
        {"value": lang, "text": multilingual.language_name(lang)}
        for lang in multilingual.content_languages()
    ]


def opendataplan_assessment(answers: Any) -> dict[str, Any]:
    """An OGP Local plan's initial assessment: every question of the handbook with its
    answer, and the share answered."""
    rows = answers if isinstance(answers, list) else []
    return {"criteria": assessment.matrix(rows), "share": assessment.answered_share(rows)}


def opendataplan_assessment_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    """The handbook's questions, for the form's select (scheming's ``choices_helper``)."""
    return [
        {"value": question.key, "label": tk._(question.text)}
        for _key, _label, questions in assessment.CRITERIA
        for question in questions
    ]


def opendataplan_response_problems(errors: dict[str, Any]) -> list[dict[str, str]]:
    """A refused response's errors, each with its field's label and the id of its
    input, in the form's order, for the error summary."""
    fields = (
        ("status", tk._("Response"), "field-status"),
        ("merged_into", tk._("If merged: into which proposal"), "field-merged_into"),
        ("reason", tk._("Reason (public)"), "field-reason"),
    )
    problems = []
    for name, label, anchor in fields:
        messages = errors.get(name)
        if messages:
            message = messages[0] if isinstance(messages, list) else messages
            problems.append({"label": label, "message": str(message), "anchor": anchor})
    return problems


def opendataplan_proposal_status_options() -> list[dict[str, str]]:
    """The proposals' statuses as the list's filter offers them, ``{value, label}``."""
    labels = opendataplan_participation_labels()["status"]
    return [{"value": status, "label": labels[status]} for status in PROPOSAL_STATUSES]


def opendataplan_proposal_theme_options(themes: list[str]) -> list[dict[str, str]]:
    return [{"value": theme, "label": theme} for theme in themes]


def opendataplan_proposal_sort_options() -> list[dict[str, str]]:
    """The list's orders (``proposal_list.SORTS``), in words."""
    _ = tk._
    labels = {
        "supports": _("Most supported first"),
        "newest": _("Newest first"),
        "oldest": _("Oldest first"),
    }
    return [{"value": sort, "label": labels[sort]} for sort in proposal_list.SORTS]
