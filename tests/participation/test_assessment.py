"""An OGP Local plan's initial assessment (handbook, annex 1): entered on the plan,
shown with every question of the handbook, exported as CSV, and checked field by field."""

from __future__ import annotations

import csv
import io

import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

ANSWERS = [
    {"question": "petitions_received", "figure": "12", "comment": "دفتر العرائض"},
    {"question": "proactive", "answer": "partly", "evidence_url": "https://example.org/open"},
]


def local_plan(admin, org, **fields):
    return f.plan(
        admin,
        org,
        name="open-region",
        plan_kind="ogp_local",
        title_translated={"ar": "خطة عمل الجهة المنفتحة", "en": "Open region action plan"},
        **fields,
    )


def test_the_assessment_shows_every_question_and_the_answers(app, admin, org):
    plan = local_plan(admin, org, initial_assessment=ANSWERS)

    page = app.get(f"/ar/plan/{plan['name']}").body
    assert "كم تلقت الجهة من العرائض؟" in page  # the handbook's own wording
    assert "هل تنشر الجهة ميزانيتها بشكل منتظم عبر بوابتها الالكترونية؟" in page
    assert "https://example.org/open" in page and "لم تتم الإجابة بعد" in page

    rows = list(
        csv.DictReader(
            io.StringIO(app.get(f"/fr/plan/{plan['name']}/assessment.csv").body.lstrip("\ufeff"))
        )
    )
    assert len(rows) == 20
    petitions = next(r for r in rows if r["question"] == "petitions_received")
    assert (petitions["figure"], petitions["criterion"]) == ("12", "participation")
    assert petitions["text"].startswith("Combien de pétitions")


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"question": "made-up"}, "question"),
        ({"question": "opinions_given", "figure": "-1"}, "figure"),
        ({"question": "opinions_given", "figure": "1.5"}, "figure"),
        ({"question": "opinions_given", "figure": "١٢"}, "figure"),
        ({"question": "proactive", "answer": "maybe"}, "answer"),
        ({"question": "proactive", "evidence_url": "javascript:alert(1)"}, "evidence_url"),
    ],
)
def test_each_answer_field_is_checked(admin, org, row, field):
    with pytest.raises(helpers.logic.ValidationError) as refused:
        local_plan(admin, org, initial_assessment=[row])
    assert field in str(refused.value.error_dict["initial_assessment"])


def test_a_question_is_answered_once(admin, org):
    with pytest.raises(helpers.logic.ValidationError) as refused:
        local_plan(admin, org, initial_assessment=[{"question": "proactive", "answer": "yes"}] * 2)
    assert "initial_assessment" in refused.value.error_dict


def test_other_kinds_of_plan_show_no_assessment(app, admin, org, plan):
    assert "assessment.csv" not in app.get(f"/ar/plan/{plan['name']}").body
