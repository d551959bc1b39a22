"""Template helpers of the co-creation pages: labels in the visitor's language, the plan
page's co-creation block, and the proposal a commitment came from."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import access
from ckanext.opendataplan.domain import assessment
from ckanext.opendataplan.model import participation as tables
from ckanext.opendataplan.participation import store


def opendataplan_participation_labels() -> dict[str, dict[str, str]]:
    _ = tk._
    return {
        "status": {
            "submitted": _("Awaiting a response"),
            "accepted": _("Accepted: became a commitment"),
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
        "ogp_values": {
            "transparency": _("Transparency"),
            "access_to_information": _("Access to information"),
            "accountability": _("Public accountability"),
            "civic_participation": _("Civic participation"),
            "integrity": _("Integrity"),
            "technology_innovation": _("Technology and innovation"),
        },
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


def opendataplan_proposal_of(commitment_id: str) -> dict[str, Any] | None:
    """The proposal a commitment came from, if the visitor may see its plan and it is
    not hidden: ``{id, title, author, plan_name}``."""
    found = tables.proposals_of_commitments([commitment_id]).get(commitment_id)
    if found is None or found.hidden:
        return None
    plan = access.visible_package(found.plan_id, {"user": tk.g.user}, "plan")
    if plan is None:
        return None
    author = tables.user_names({found.author_id}).get(found.author_id, "")
    return {"id": found.id, "title": found.title, "author": author, "plan_name": plan.name}


def opendataplan_window_open(plan_id: str, window: str) -> bool:
    return store.windows(plan_id)[window]["open"]


def opendataplan_language_options() -> list[dict[str, str]]:
    """The content languages, by name in the page's language, for a select."""
    from ckanext.opendataplan.pages.helpers import opendataplan_language_name

    languages = tk.aslist(tk.config.get("ckanext.opendataplan.content_languages"))
    return [{"value": lang, "text": opendataplan_language_name(lang)} for lang in languages]


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
