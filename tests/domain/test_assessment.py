"""The OGP Local initial assessment: every question of the handbook's annex 1 is shown,
answered or not (plain Python, no CKAN)."""

from __future__ import annotations

from ckanext.opendataplan.domain import assessment


def test_the_matrix_has_the_handbooks_three_criteria_and_every_question():
    matrix = assessment.matrix([])
    assert [c["criterion"] for c in matrix] == [
        "access_to_information",
        "budget_transparency",
        "participation",
    ]
    assert sum(len(c["rows"]) for c in matrix) == len(assessment.QUESTIONS) == 20
    assert all(row["answer"] is None for c in matrix for row in c["rows"])


def test_answers_take_their_question_and_unknown_questions_are_left_out():
    answers = [
        {"question": "petitions_received", "figure": 12, "comment": "دفتر العرائض"},
        {"question": "proactive", "answer": "partly", "evidence_url": "https://example.org/a"},
        {"question": "made-up", "answer": "yes"},
        "not a row",
    ]
    rows = {row["question"]: row for c in assessment.matrix(answers) for row in c["rows"]}
    assert rows["petitions_received"]["figure"] == 12
    assert rows["proactive"]["answer"] == "partly"
    assert "made-up" not in rows
    assert assessment.answered_share(answers) == 10  # 2 of 20


def test_a_figure_of_zero_is_an_answer():
    assert assessment.answered_share([{"question": "opinions_given", "figure": 0}]) == 5
