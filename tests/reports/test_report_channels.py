"""A public progress report that updates a private commitment: the private row (its
commitment's id, its figure, its narrative) is left out of every channel for those who
may not see the commitment, exactly as on the report's page, and an edit by someone who
was never shown it keeps it."""

from __future__ import annotations

import json

import ckan.model as model
import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal
from tests.reports.forms import form_fields

pytestmark = portal

SECRET = "zarqalisecretnarrative"
PUBLIC = "visiblenarrativetext"


@pytest.fixture
def world():
    sysadmin = f.factories.Sysadmin()
    body, lead, unrelated = (f.factories.Organization() for _ in range(3))
    plan = f.plan(sysadmin, body, name="plan-p")
    shown = f.commitment(sysadmin, plan, body, name="c-public", number="1", progress=10)
    hidden = f.commitment(
        sysadmin, plan, lead, name="c-private", number="2", private=True, progress=10
    )
    report = f.report(
        sysadmin,
        plan,
        [
            {"commitment": shown["id"], "progress": 40, "narrative": PUBLIC},
            {"commitment": hidden["id"], "progress": 77, "narrative": SECRET},
        ],
        name="meeting-1",
    )
    return {
        "sysadmin": sysadmin,
        "orgs": {"body": body, "lead": lead},
        "plan": plan,
        "hidden": hidden,
        "report": report,
        "readers": {
            "anonymous": None,
            "unrelated_editor": f.member(unrelated, "editor"),
            "body_editor": f.member(body, "editor"),
            "lead_member": f.member(lead, "member"),
        },
    }


def as_reader(user: dict | None) -> dict:
    return {"user": user["name"] if user else "", "ignore_auth": False}


def channels(world: dict, user: dict | None) -> dict[str, str]:
    """What each channel answers this reader, as text."""
    context = lambda: as_reader(user)  # noqa: E731 - a fresh context per call
    body = world["orgs"]["body"]["id"]
    creator = world["sysadmin"]["id"]
    calls = {
        "package_show": ("package_show", {"id": "meeting-1"}),
        "search_q": ("package_search", {"q": SECRET, "include_private": True}),
        "search_fl": (
            "package_search",
            {
                "fq": "dataset_type:progress_report",
                "fl": "id,data_dict,validated_data_dict,extras_updates,text",
            },
        ),
        "search": ("package_search", {"fq": "dataset_type:progress_report"}),
        "organization_show": ("organization_show", {"id": body, "include_datasets": True}),
        "current_package_list": ("current_package_list_with_resources", {}),
        "organization_activity": ("organization_activity_list", {"id": body}),
        "user_activity": ("user_activity_list", {"id": creator}),
        "recently_changed": ("recently_changed_packages_activity_list", {}),
        "package_activity": ("package_activity_list", {"id": "meeting-1"}),
    }
    answers = {}
    for channel, (action, data) in calls.items():
        answer = helpers.call_action(action, context(), **data)
        answers[channel] = json.dumps(answer, ensure_ascii=False)
    return answers


@pytest.mark.parametrize("reader", ["anonymous", "unrelated_editor", "body_editor"])
def test_the_private_row_is_on_no_channel(app, world, reader):
    user = world["readers"][reader]
    hidden_id = world["hidden"]["id"]
    answers = channels(world, user)

    for channel, text in answers.items():
        assert SECRET not in text, channel
        assert hidden_id not in text, channel
    assert PUBLIC in answers["package_show"]
    assert PUBLIC in answers["search"] and PUBLIC in answers["organization_activity"]
    assert json.loads(answers["search_q"])["count"] == 0  # its words find nothing
    headers = {"Authorization": f.factories.APIToken(user=user["name"])["token"]} if user else {}
    page = app.get("/progress_report/meeting-1", headers=headers).body
    assert SECRET not in page and PUBLIC in page


def test_a_reader_who_may_see_the_commitment_reads_its_row(app, world):
    member = world["readers"]["lead_member"]
    shown = helpers.call_action("package_show", as_reader(member), id="meeting-1")
    assert {u["narrative"] for u in shown["updates"]} == {PUBLIC, SECRET}
    # the index and the stored activities hold the public rows only, for everyone
    answers = channels(world, member)
    assert SECRET not in answers["search_fl"] and SECRET not in answers["package_activity"]


def test_an_edit_by_someone_never_shown_a_row_keeps_it(world):
    editor = world["readers"]["body_editor"]
    helpers.call_action(
        "package_patch", as_reader(editor), id="meeting-1", agreed_points="Nouveau point"
    )
    model.Session.remove()
    everything = helpers.call_action("package_show", {"ignore_auth": True}, id="meeting-1")
    assert {u["narrative"] for u in everything["updates"]} == {PUBLIC, SECRET}
    assert everything["agreed_points"] == "Nouveau point"
    # and the editor still may not name that commitment in a row of their own
    rows = [{"commitment": world["hidden"]["id"], "progress": 5}]
    with pytest.raises(helpers.logic.ValidationError):
        helpers.call_action("package_patch", as_reader(editor), id="meeting-1", updates=rows)


def test_a_commitment_made_private_later_leaves_the_channels(world):
    sysadmin = world["sysadmin"]
    helpers.call_action(
        "package_patch", {"user": sysadmin["name"]}, id=world["hidden"]["id"], private=False
    )
    assert SECRET in channels(world, None)["search_fl"]  # public: every channel has it

    helpers.call_action(
        "package_patch", {"user": sysadmin["name"]}, id=world["hidden"]["id"], private=True
    )
    for channel, text in channels(world, None).items():
        assert SECRET not in text, channel


# What the second look at these channels found


def test_the_answer_to_a_write_holds_no_hidden_row(world):
    editor = world["readers"]["body_editor"]
    for action, data in (
        ("package_patch", {"id": "meeting-1", "agreed_points": "x"}),
        ("package_revise", {"match": {"name": "meeting-1"}, "update": {"agreed_points": "y"}}),
    ):
        answer = helpers.call_action(action, as_reader(editor), **data)
        assert SECRET not in json.dumps(answer, ensure_ascii=False), action
        assert PUBLIC in json.dumps(answer, ensure_ascii=False), action


def test_an_update_by_name_keeps_the_hidden_row(world):
    editor = world["readers"]["body_editor"]
    shown = helpers.call_action("package_show", as_reader(editor), id="meeting-1")
    shown.pop("id")
    helpers.call_action("package_update", as_reader(editor), **shown)
    everything = helpers.call_action("package_show", {"ignore_auth": True}, id="meeting-1")
    assert {u["narrative"] for u in everything["updates"]} == {PUBLIC, SECRET}


def test_errors_count_only_the_rows_the_user_sent(world):
    editor = world["readers"]["body_editor"]
    shown = helpers.call_action("package_show", as_reader(editor), id="meeting-1")
    rows = [{**shown["updates"][0], "progress": 140}]
    with pytest.raises(helpers.logic.ValidationError) as refused:
        helpers.call_action("package_patch", as_reader(editor), id="meeting-1", updates=rows)
    assert len(refused.value.error_dict["updates"]) == 1


def test_a_commitment_made_private_by_name_or_after_moving_leaves_the_channels(world):
    sysadmin = world["sysadmin"]
    context = {"user": sysadmin["name"]}
    public = helpers.call_action("package_show", context, id="c-public")
    other_plan = f.plan(sysadmin, world["orgs"]["body"], name="plan-other")
    helpers.call_action("package_patch", context, id="c-public", plan=other_plan["id"])
    assert PUBLIC in channels(world, None)["search_fl"]

    shown = helpers.call_action("package_show", context, id="c-public")
    shown.pop("id")
    helpers.call_action("package_update", context, **{**shown, "private": True})
    assert public["id"] == model.Package.get("c-public").id
    for channel, text in channels(world, None).items():
        assert PUBLIC not in text, channel


def test_a_report_stays_editable_when_a_commitment_moved_to_another_plan(world):
    sysadmin = world["sysadmin"]
    context = {"user": sysadmin["name"]}
    other_plan = f.plan(sysadmin, world["orgs"]["body"], name="plan-other")
    helpers.call_action("package_patch", context, id="c-public", plan=other_plan["id"])
    helpers.call_action("package_patch", context, id="meeting-1", agreed_points="Encore")
    assert helpers.call_action("package_show", id="meeting-1")["agreed_points"] == "Encore"


@pytest.mark.parametrize("who", ["body_editor", "sysadmin"])
def test_the_report_form_keeps_every_row(app, world, who):
    user = world["sysadmin"] if who == "sysadmin" else world["readers"][who]
    headers = {"Authorization": f.factories.APIToken(user=user["name"])["token"]}
    url = "/progress_report/edit/meeting-1"
    fields = form_fields(app, url, headers)
    rows = [key for key in fields if key.endswith("-narrative")]
    assert len(rows) == (2 if who == "sysadmin" else 1)  # the rows this user may see
    first = rows[0].removesuffix("narrative")
    fields[f"{first}challenges"] = "Retard"
    response = app.post(url, data={**fields, "save": ""}, headers=headers, follow_redirects=False)
    assert response.status_code == 302, response.body[:2000]
    everything = helpers.call_action("package_show", {"ignore_auth": True}, id="meeting-1")
    assert {u["narrative"] for u in everything["updates"]} == {PUBLIC, SECRET}
    assert "Retard" in {u.get("challenges") for u in everything["updates"]}
