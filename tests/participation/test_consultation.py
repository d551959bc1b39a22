"""Public consultation on a draft plan: comments on the plan or its commitments while it
is open, the body's response to each, and a consultation report that closes only when
every contribution is answered."""

from __future__ import annotations

import csv
import io

import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal
from tests.participation import setting
from tests.participation.setting import act, propose

pytestmark = portal


@pytest.fixture
def world():
    world = setting.build()
    world["commitment"] = f.commitment(
        world["users"]["sysadmin"], world["plan"], world["body"], name="c-data"
    )
    return world


def comment(user, world, **fields):
    data = {
        "plan": world["plan"]["name"],
        "body": "Ajouter un calendrier de publication.",
        **fields,
    }
    return act("opendataplan_comment_create", user, **data)


@pytest.mark.parametrize(
    ("opens", "closes", "accepted"), [(-1, -3, False), (9, 2, False), (2, 0, True)]
)
def test_comments_are_taken_only_while_the_consultation_is_open(opens, closes, accepted):
    world = setting.build(
        consultation_open=f.days_ago(opens), consultation_close=f.days_ago(closes)
    )
    citizen = world["users"]["citizen"]
    if accepted:
        assert comment(citizen, world)["outcome"] is None
    else:
        with pytest.raises(helpers.logic.ValidationError) as refused:
            comment(citizen, world)
        assert "consultation" in refused.value.error_dict


def test_a_comment_on_a_commitment_of_another_plan_is_refused(world):
    other_plan = f.plan(world["users"]["sysadmin"], world["body"], name="other-plan")
    stranger = f.commitment(world["users"]["sysadmin"], other_plan, world["body"], name="c-other")
    assert comment(world["users"]["citizen"], world, commitment="c-data")["commitment"] == "c-data"
    with pytest.raises(helpers.logic.ValidationError) as refused:
        comment(world["users"]["citizen"], world, commitment=stranger["name"])
    assert list(refused.value.error_dict) == ["commitment"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("other_editor", False),
        ("plan_editor", True),
        ("plan_admin", True),
        ("sysadmin", True),
    ],
)
def test_only_the_plan_body_answers_comments(world, role, allowed):
    made = comment(world["users"]["citizen"], world)
    answer = dict(id=made["id"], outcome="partly", reason="Le calendrier sera annuel.")
    if allowed:
        assert (
            act("opendataplan_comment_respond", world["users"][role], **answer)["outcome"]
            == "partly"
        )
    else:
        with pytest.raises(helpers.logic.NotAuthorized):
            act("opendataplan_comment_respond", world["users"][role], **answer)


def test_the_report_counts_and_closes_once_everything_is_answered(world, app):
    citizen, supporter, editor = (
        world["users"]["citizen"],
        f.factories.User(),
        world["users"]["plan_editor"],
    )
    proposal = propose(citizen, world["plan"])
    act("opendataplan_proposal_support", supporter, id=proposal["id"])
    on_plan = comment(citizen, world)
    on_commitment = comment(f.factories.User(), world, commitment="c-data")
    plan = world["plan"]["name"]

    with pytest.raises(helpers.logic.ValidationError) as still_open:
        act("opendataplan_consultation_close", editor, plan=plan)
    assert "plan" in still_open.value.error_dict
    act(
        "package_patch",
        world["users"]["sysadmin"],
        id=world["plan"]["id"],
        proposals_close=f.days_ago(1),
        consultation_close=f.days_ago(1),
    )
    with pytest.raises(helpers.logic.ValidationError) as unanswered:
        act("opendataplan_consultation_close", editor, plan=plan)
    assert "3 " in unanswered.value.error_dict["unanswered"][0]

    act(
        "opendataplan_proposal_respond",
        editor,
        id=proposal["id"],
        status="accepted",
        reason="Retenue.",
    )
    act("opendataplan_comment_respond", editor, id=on_plan["id"], outcome="taken", reason="Ajouté.")
    act("opendataplan_comment_hide", editor, id=on_commitment["id"], reason="Hors sujet")
    closed = act("opendataplan_consultation_close", editor, plan=plan)

    assert closed["closed_at"] and closed["unanswered"] == 0 and closed["share_answered"] == 100
    assert (
        closed["proposals"],
        closed["comments"],
        closed["supports"],
        closed["participants"],
    ) == (1, 2, 1, 3)
    assert closed["proposal_statuses"]["accepted"] == 1 and closed["comment_outcomes"]["taken"] == 1
    became = act("opendataplan_proposal_show", None, id=proposal["id"])["commitment"]["name"]
    rows = {row["commitment"]: row for row in closed["by_commitment"]}
    assert rows[became]["proposals"] == 1 and rows[None]["taken"] == 1

    table = list(
        csv.DictReader(io.StringIO(app.get(f"/plan/{plan}/consultation.csv").body.lstrip("\ufeff")))
    )
    assert sorted(row["kind"] for row in table) == ["comment", "comment", "proposal"]
    assert app.get(f"/plan/{plan}/consultation.json").json["share_answered"] == 100


def test_the_report_is_empty_but_answers_for_a_plan_without_participation(world):
    report = act("opendataplan_consultation_report", None, plan=world["plan"]["name"])
    assert (report["proposals"], report["comments"], report["share_answered"]) == (0, 0, None)


@pytest.mark.ckan_config("ckanext.opendataplan.contributions_per_hour", 1)
def test_abuse_reports_count_in_the_rate_limit(world):
    made = comment(world["users"]["plan_admin"], world)
    citizen = world["users"]["citizen"]
    act("opendataplan_comment_report_abuse", citizen, id=made["id"], reason="Injurieux")
    with pytest.raises(helpers.logic.ValidationError) as refused:
        act("opendataplan_comment_report_abuse", citizen, id=made["id"], reason="Encore")
    assert "rate_limit" in refused.value.error_dict
    with pytest.raises(helpers.logic.NotAuthorized):
        act("opendataplan_comment_report_abuse", None, id=made["id"], reason="x")
