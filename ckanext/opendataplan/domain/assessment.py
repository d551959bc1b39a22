"""The OGP Local initial assessment (annex 1 of the open-region handbook): a region's
self-assessment before its first plan, criterion by criterion, each with the handbook's
questions. A question asks for a yes or no (``yes_no``), a count (``count``) or a
description (``text``); every answer may carry a comment and an evidence link."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from .text import N_


class Question(NamedTuple):
    key: str
    text: str  # English msgid; the Arabic is the handbook's own wording
    kind: str  # "yes_no", "count" or "text"


CRITERIA: tuple[tuple[str, str, tuple[Question, ...]], ...] = (
    (
        "access_to_information",
        N_("Access to information"),
        (
            Question(
                "ati_officers",
                N_(
                    "Has the region appointed one or more people to receive "
                    "requests for information?"
                ),
                "yes_no",
            ),
            Question(
                "archives",
                N_(
                    "Has it appointed a person or created a unit to keep and organise its archives?"
                ),
                "yes_no",
            ),
            Question(
                "ati_awareness",
                N_(
                    "Has it made the law on the right of access to information "
                    "known internally and trained staff in it?"
                ),
                "yes_no",
            ),
            Question("proactive", N_("Does the region publish proactively?"), "yes_no"),
            Question(
                "ati_requests",
                N_("How many requests for information has the region received and processed?"),
                "count",
            ),
            Question(
                "accessible_information",
                N_(
                    "Is the information the region publishes accessible to people "
                    "with disabilities?"
                ),
                "yes_no",
            ),
        ),
    ),
    (
        "budget_transparency",
        N_("Budget transparency"),
        (
            Question(
                "budget_published",
                N_("Does the region publish its budget regularly on its website?"),
                "yes_no",
            ),
            Question(
                "project_budgets",
                N_(
                    "Does it give information on the budget of its projects and "
                    "on progress in carrying out its budget?"
                ),
                "yes_no",
            ),
            Question(
                "citizen_budget",
                N_(
                    "Is the budget document prepared in a form and a way "
                    "accessible to all citizens?"
                ),
                "yes_no",
            ),
        ),
    ),
    (
        "participation",
        N_("Involving citizens in public policy"),
        (
            Question(
                "pdr_participation",
                N_(
                    "How are citizens involved in preparing the regional "
                    "development programme (in person or online)?"
                ),
                "text",
            ),
            Question(
                "sradt_participation",
                N_("How are citizens involved in preparing the regional land-use plan?"),
                "text",
            ),
            Question(
                "bodies_opinions",
                N_(
                    "Have the three consultative bodies given opinions on the "
                    "regional development programme and the regional land-use "
                    "plan?"
                ),
                "yes_no",
            ),
            Question("opinions_given", N_("How many consultative opinions were given?"), "count"),
            Question(
                "opinions_accepted", N_("How many consultative opinions were accepted?"), "count"
            ),
            Question(
                "opinions_rejected", N_("How many consultative opinions were rejected?"), "count"
            ),
            Question(
                "petitions_received",
                N_(
                    "How many petitions has the region received (from citizens "
                    "and from associations)?"
                ),
                "count",
            ),
            Question("petitions_accepted", N_("How many petitions were accepted?"), "count"),
            Question("petitions_rejected", N_("How many petitions were rejected?"), "count"),
            Question(
                "online_platforms",
                N_(
                    "Does the region have online platforms to involve citizens "
                    "and civil society, and does it hold regional meetings and "
                    "forums for dialogue on given issues?"
                ),
                "yes_no",
            ),
            Question(
                "budget_consultation",
                N_(
                    "Are civil-society organisations and citizens consulted while "
                    "the budget is prepared?"
                ),
                "yes_no",
            ),
        ),
    ),
)

QUESTIONS: dict[str, Question] = {
    q.key: q for _key, _label, questions in CRITERIA for q in questions
}


def matrix(answers: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every criterion with every question of the handbook, each with its answer (or
    none yet): ``[{criterion, label, rows: [{question, text, kind, answer...}]}]``.
    Answers to questions the handbook does not list are left out."""
    given = {a.get("question"): a for a in answers if isinstance(a, Mapping)}
    return [
        {
            "criterion": key,
            "label": label,
            "rows": [
                {"question": q.key, "text": q.text, "kind": q.kind, **_answer(given.get(q.key))}
                for q in questions
            ],
        }
        for key, label, questions in CRITERIA
    ]


def _answer(found: Mapping[str, Any] | None) -> dict[str, Any]:
    keys = ("answer", "figure", "comment", "evidence_url")
    values = {key: (found or {}).get(key) for key in keys}
    return {key: None if value in (None, "", []) else value for key, value in values.items()}


def answered_share(answers: Iterable[Mapping[str, Any]]) -> int:
    """The share of the handbook's questions answered, in percent."""
    rows = [row for criterion in matrix(answers) for row in criterion["rows"]]
    done = sum(1 for row in rows if row["answer"] or row["figure"] is not None or row["comment"])
    return round(100 * done / len(rows))
