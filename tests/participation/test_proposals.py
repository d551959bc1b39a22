"""Calls for proposals: dates, one support per user, the plan body's reasoned response,
and a proposal followed to the commitment it became and that commitment's progress."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal
from tests.participation import setting
from tests.participation.setting import act, propose

pytestmark = portal

NOT_ALLOWED = (helpers.logic.NotAuthorized,)


@pytest.fixture
def world():
    return setting.build()


@pytest.mark.parametrize(
    ("opens", "closes", "accepted"),
    [(-1, -5, False), (10, 5, False), (0, -3, True), (3, 0, True), (0, 0, True)],
    ids=["before-opening", "after-closing", "opening-day", "closing-day", "one-day-call"],
)
def test_proposals_are_taken_only_while_the_call_is_open(opens, closes, accepted):
    world = setting.build(proposals_open=f.days_ago(opens), proposals_close=f.days_ago(closes))
    citizen = world["users"]["citizen"]
    if accepted:
        assert propose(citizen, world["plan"])["status"] == "submitted"
    else:
        with pytest.raises(helpers.logic.ValidationError) as refused:
            propose(citizen, world["plan"])
        assert "proposals" in refused.value.error_dict


def test_an_adopted_plan_takes_no_proposals():
    world = setting.build(version_status="final")
    with pytest.raises(helpers.logic.ValidationError, match="not open"):
        propose(world["users"]["citizen"], world["plan"])


def test_a_closing_date_before_the_opening_is_refused_on_the_plan(world):
    with pytest.raises(helpers.logic.ValidationError) as refused:
        act(
            "package_patch",
            world["users"]["sysadmin"],
            id=world["plan"]["id"],
            proposals_open="2021-03-01",
            proposals_close="2021-02-01",
        )
    assert "proposals_close" in refused.value.error_dict


def test_anonymous_visitors_read_but_do_not_propose(world):
    propose(world["users"]["citizen"], world["plan"])
    with pytest.raises(helpers.logic.NotAuthorized):
        propose(None, world["plan"])
    listed = act("opendataplan_proposal_list", None, plan=world["plan"]["name"])
    assert [p["author"] for p in listed] == ["Citizen One"]


def test_a_private_plan_answers_as_one_that_does_not_exist(world):
    act("package_patch", world["users"]["sysadmin"], id=world["plan"]["id"], private=True)
    for action in ("opendataplan_proposal_create", "opendataplan_proposal_list"):
        with pytest.raises(helpers.logic.NotFound):
            act(action, world["users"]["citizen"], plan=world["plan"]["name"], title="t")
    with pytest.raises(helpers.logic.NotFound):
        act("opendataplan_proposal_list", world["users"]["citizen"], plan="no-such-plan")


def test_one_support_per_user(world):
    proposal = propose(world["users"]["citizen"], world["plan"])
    supporter, other = f.factories.User(), f.factories.User()

    act("opendataplan_proposal_support", supporter, id=proposal["id"])
    with pytest.raises(helpers.logic.ValidationError, match="already support"):
        act("opendataplan_proposal_support", supporter, id=proposal["id"])
    shown = act("opendataplan_proposal_support", other, id=proposal["id"])

    assert shown["supports"] == 2 and shown["supported"] is True
    assert act("opendataplan_proposal_show", None, id=proposal["id"])["supported"] is False


RESPONDERS = {
    "anonymous": False,
    "citizen": False,
    "other_editor": False,
    "plan_editor": True,
    "plan_admin": True,
    "sysadmin": True,
}


@pytest.mark.parametrize(("role", "allowed"), RESPONDERS.items())
def test_only_the_plan_body_responds(world, role, allowed):
    proposal = propose(world["users"]["citizen"], world["plan"])
    respond = dict(id=proposal["id"], status="not_retained", reason="Hors du champ du plan.")
    user = world["users"][role]
    if allowed:
        assert act("opendataplan_proposal_respond", user, **respond)["status"] == "not_retained"
    else:
        with pytest.raises(helpers.logic.NotAuthorized):
            act("opendataplan_proposal_respond", user, **respond)
        assert act("opendataplan_proposal_show", None, id=proposal["id"])["status"] == "submitted"


def test_a_response_needs_a_reason(world):
    proposal = propose(world["users"]["citizen"], world["plan"])
    with pytest.raises(helpers.logic.ValidationError) as refused:
        act(
            "opendataplan_proposal_respond",
            world["users"]["plan_editor"],
            id=proposal["id"],
            status="not_retained",
            reason="   ",
        )
    assert list(refused.value.error_dict) == ["reason"]


def test_accepted_proposal_becomes_a_commitment_and_shows_its_progress(world, app):
    editor = world["users"]["plan_editor"]
    proposal = propose(world["users"]["citizen"], world["plan"])

    accepted = act(
        "opendataplan_proposal_respond",
        editor,
        id=proposal["id"],
        status="accepted",
        reason="Retenue : elle devient l'engagement 3.",
    )
    commitment = act("package_show", editor, id=accepted["commitment"]["name"])
    act(
        "package_patch",
        editor,
        id=commitment["id"],
        milestones=[
            {
                "title": "Publier",
                "start_date": "2021-01-01",
                "end_date": "2021-12-31",
                "progress": 40,
            }
        ],
    )

    assert commitment["plan"] == world["plan"]["id"]
    assert commitment["problem"] == proposal["problem"]
    assert commitment["title_translated"]["ar"] == proposal["title"]
    assert commitment["owner_org"] == world["body"]["id"]
    followed = act("opendataplan_proposal_show", None, id=proposal["id"])
    assert followed["commitment"]["progress"] == 40
    page = app.get(f"/ar/plan/{world['plan']['name']}/proposals/{proposal['id']}").body
    assert accepted["commitment"]["name"] in page and "40" in page
    back = app.get(f"/ar/commitment/{commitment['name']}").body
    assert f"/proposals/{proposal['id']}" in back  # linked both ways


def test_accepting_again_creates_no_second_commitment_and_it_cannot_be_unaccepted(world):
    editor = world["users"]["plan_editor"]
    proposal = propose(world["users"]["citizen"], world["plan"])
    first = act(
        "opendataplan_proposal_respond", editor, id=proposal["id"], status="accepted", reason="Oui."
    )
    again = act(
        "opendataplan_proposal_respond",
        editor,
        id=proposal["id"],
        status="accepted",
        reason="Oui, précisé.",
    )
    assert again["commitment"]["name"] == first["commitment"]["name"]
    with pytest.raises(helpers.logic.ValidationError) as refused:
        act(
            "opendataplan_proposal_respond",
            editor,
            id=proposal["id"],
            status="not_retained",
            reason="Non.",
        )
    assert "status" in refused.value.error_dict


def test_merging_names_another_proposal_of_the_same_plan(world):
    citizen, editor = world["users"]["citizen"], world["users"]["plan_editor"]
    first = propose(citizen, world["plan"])
    second = propose(citizen, world["plan"], title="Données des marchés")
    for target in (second["id"], "no-such-proposal", None):
        if target == second["id"]:
            continue
        with pytest.raises(helpers.logic.ValidationError) as refused:
            act(
                "opendataplan_proposal_respond",
                editor,
                id=second["id"],
                status="merged",
                reason="Doublon.",
                merged_into=target or second["id"],
            )
        assert "merged_into" in refused.value.error_dict

    merged = act(
        "opendataplan_proposal_respond",
        editor,
        id=second["id"],
        status="merged",
        reason="Doublon.",
        merged_into=first["id"],
    )

    assert merged["merged_into"] == first["id"] and merged["merged_into_title"] == first["title"]


def test_hidden_proposals_keep_their_reason_but_not_their_text(world, app):
    proposal = propose(world["users"]["citizen"], world["plan"], title="Un titre injurieux")
    with pytest.raises(helpers.logic.ValidationError):
        act("opendataplan_proposal_hide", world["users"]["plan_admin"], id=proposal["id"])
    with pytest.raises(helpers.logic.NotAuthorized):
        act(
            "opendataplan_proposal_hide",
            world["users"]["other_editor"],
            id=proposal["id"],
            reason="x",
        )

    act(
        "opendataplan_proposal_hide",
        world["users"]["plan_admin"],
        id=proposal["id"],
        reason="Propos injurieux",
    )

    seen = act("opendataplan_proposal_show", None, id=proposal["id"])
    assert seen["hidden"] and seen["hidden_reason"] == "Propos injurieux"
    assert seen["title"] is None and seen["problem"] is None and seen["author"] is None
    assert act("opendataplan_proposal_show", world["users"]["sysadmin"], id=proposal["id"])["title"]
    page = app.get(f"/fr/plan/{world['plan']['name']}/proposals").body
    assert "Propos injurieux" in page and "Un titre injurieux" not in page


def test_participants_are_shown_by_display_name_never_by_email(world, app):
    citizen = f.factories.User(fullname="", email="citoyen@example.org")
    propose(citizen, world["plan"])
    listed = act("opendataplan_proposal_list", None, plan=world["plan"]["name"])
    page = app.get(f"/ar/plan/{world['plan']['name']}/proposals").body
    assert listed[0]["author"] == citizen["name"]
    assert "citoyen@example.org" not in page and "citoyen@example.org" not in str(listed)


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_what_participants_write_is_escaped(world, app):
    proposal = propose(
        world["users"]["citizen"], world["plan"], title=XSS, problem=XSS, solution=XSS, theme=XSS
    )
    act(
        "opendataplan_proposal_respond",
        world["users"]["plan_editor"],
        id=proposal["id"],
        status="not_retained",
        reason=XSS,
    )
    for path in ("proposals", f"proposals/{proposal['id']}", "consultation"):
        page = app.get(f"/ar/plan/{world['plan']['name']}/{path}").body
        assert "<script>alert" not in page and "<img src=x" not in page


@pytest.mark.ckan_config("ckanext.opendataplan.contributions_per_hour", 2)
def test_a_user_is_limited_in_contributions_per_hour(world):
    citizen = world["users"]["citizen"]
    propose(citizen, world["plan"])
    propose(citizen, world["plan"])
    with pytest.raises(helpers.logic.ValidationError) as refused:
        propose(citizen, world["plan"])
    assert "rate_limit" in refused.value.error_dict
    propose(f.factories.User(), world["plan"])  # another user is not held back


def test_a_proposal_may_point_to_a_public_dataset_only(world):
    public = f.factories.Dataset(owner_org=world["body"]["id"])
    private = f.factories.Dataset(owner_org=world["body"]["id"], private=True)
    assert (
        propose(world["users"]["citizen"], world["plan"], dataset=public["name"])["dataset"]
        == public["name"]
    )
    with pytest.raises(helpers.logic.ValidationError) as refused:
        propose(world["users"]["citizen"], world["plan"], dataset=private["name"])
    assert "dataset" in refused.value.error_dict


def test_the_moderators_see_how_often_a_contribution_was_reported(world, app):
    proposal = propose(world["users"]["citizen"], world["plan"])
    for reporter in (f.factories.User(), f.factories.User()):
        act("opendataplan_proposal_report_abuse", reporter, id=proposal["id"], reason="Spam")

    assert (
        act("opendataplan_proposal_show", world["users"]["plan_editor"], id=proposal["id"])[
            "abuse_reports"
        ]
        == 2
    )
    assert (
        act("opendataplan_proposal_show", world["users"]["citizen"], id=proposal["id"])[
            "abuse_reports"
        ]
        is None
    )
    token = f.factories.APIToken(user=world["users"]["plan_admin"]["name"])["token"]
    page = app.get(
        f"/en/plan/{world['plan']['name']}/proposals", headers={"Authorization": token}
    ).body
    assert "Reported as abusive: 2 times" in page
    assert "Reported as abusive" not in app.get(f"/en/plan/{world['plan']['name']}/proposals").body


def test_a_commitment_lists_every_proposal_it_came_from_and_its_comments(world, app):
    citizen, editor = world["users"]["citizen"], world["users"]["plan_editor"]
    first = propose(citizen, world["plan"], title="Données des marchés publics")
    second = propose(f.factories.User(), world["plan"], title="CSV des appels d'offres")
    act(
        "opendataplan_proposal_respond",
        editor,
        id=second["id"],
        status="merged",
        reason="Doublon.",
        merged_into=first["id"],
    )
    became = act(
        "opendataplan_proposal_respond", editor, id=first["id"], status="accepted", reason="Oui."
    )["commitment"]["name"]
    act(
        "opendataplan_comment_create",
        citizen,
        plan=world["plan"]["name"],
        commitment=became,
        body="Avis",
    )

    page = app.get(f"/fr/commitment/{became}").body

    assert f"/proposals/{first['id']}" in page and f"/proposals/{second['id']}" in page
    assert "Commentaires sur lui lors de la consultation publique : 1" in page
    report = act("opendataplan_consultation_report", None, plan=world["plan"]["name"])
    assert {row["commitment"]: row["proposals"] for row in report["by_commitment"]}[became] == 2


def test_a_commitment_from_a_proposal_counts_in_no_figure_until_reported(world, app):
    """The plan's figure stays that of its reported commitment (60 %, over 1 of 2), and
    the plan page says why the new one is not in it."""
    f.commitment(world["users"]["sysadmin"], world["plan"], world["body"], progress=60)
    proposal = propose(world["users"]["citizen"], world["plan"])
    act(
        "opendataplan_proposal_respond",
        world["users"]["plan_editor"],
        id=proposal["id"],
        status="accepted",
        reason="مقترح وجيه",
    )

    page = BeautifulSoup(app.get(f"/ar/plan/{world['plan']['name']}").body, "html.parser")
    text = " ".join(page.select_one(".opendataplan-commitments").get_text(" ").split())

    assert "60" in text and "على أساس الالتزامات المُبلَّغ عنها (1 من 2)؛ غير المُبلَّغ عنها: 1" in text
    assert (
        "الالتزام الذي ليس له رقم بعد (التزام جديد، أو التزام أُنشئ من مقترح مقبول)"
        " لا يُحتسب في أي متوسط حتى تُبلِّغ عنه مؤسسته." in text
    )


def test_merging_with_no_proposal_and_no_reason_names_both_fields_and_writes_nothing(world):
    proposal = propose(world["users"]["citizen"], world["plan"])
    for target in (None, ""):  # left out, or the form's "-"
        data = {"merged_into": target} if target is not None else {}
        with pytest.raises(helpers.logic.ValidationError) as refused:
            act(
                "opendataplan_proposal_respond",
                world["users"]["plan_editor"],
                id=proposal["id"],
                status="merged",
                reason=" ",
                **data,
            )
        assert sorted(refused.value.error_dict) == ["merged_into", "reason"]
        assert refused.value.error_dict["merged_into"] == [
            "Choose another proposal of the same plan"
        ]
    assert act("opendataplan_proposal_show", None, id=proposal["id"])["status"] == "submitted"
