"""What the third hostile review found in inputs and rights, kept fixed: an empty
multilingual title, the plan body's edit right through ``package_patch``, text that
displays as other text, and dates out of every plan's range."""

from __future__ import annotations

import json

import ckan.model as model
import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal
from tests.participation import setting
from tests.participation.setting import act, propose

pytestmark = portal

SPOOFED = "Commitment \u202e4 tnemmitmoc"  # displays reversed after the override


def as_user(user: dict | None) -> dict:
    return {"user": user["name"] if user else "", "ignore_auth": False}


def refused_on(field: str, action: str, user: dict | None, **data) -> str:
    with pytest.raises(helpers.logic.ValidationError) as refused:
        helpers.call_action(action, as_user(user), **data)
    assert field in refused.value.error_dict, refused.value.error_dict
    return str(refused.value.error_dict[field])


# 7. An empty title_translated


@pytest.mark.parametrize("empty", [{}, "{}", {"ar": "", "fr": " "}])
def test_an_empty_multilingual_title_is_refused_on_its_field(admin, org, plan, empty):
    f.commitment(admin, plan, org, name="c1")
    before = helpers.call_action("package_show", id="c1")["title_translated"]

    refused_on("title_translated", "package_patch", admin, id="c1", title_translated=empty)
    model.Session.remove()
    assert helpers.call_action("package_show", id="c1")["title_translated"] == before


def test_a_client_sending_only_ckans_title_still_works(admin, org, plan):
    f.commitment(admin, plan, org, name="c1")
    shown = helpers.call_action("package_show", id="c1")
    shown.pop("title_translated")
    shown["title"] = "عنوان جديد"
    helpers.call_action("package_update", as_user(admin), **shown)
    assert helpers.call_action("package_show", id="c1")["title_translated"] == {"ar": "عنوان جديد"}


# 8. The plan body's admins and a private commitment of its plan led by another body


def test_the_plan_bodys_admin_patches_a_private_commitment_it_may_edit(admin, org, plan):
    lead, unrelated = f.factories.Organization(), f.factories.Organization()
    f.commitment(admin, plan, lead, name="c-private", private=True, progress=10)
    plan_admin, outsider = f.member(org, "admin"), f.member(unrelated, "admin")
    plan_editor = f.member(org, "editor")

    patched = helpers.call_action("package_patch", as_user(plan_admin), id="c-private", progress=35)
    assert patched["progress"] == 35
    assert helpers.call_action("package_show", as_user(plan_admin), id="c-private")["private"]
    for user in (outsider, plan_editor, None):  # still no one else
        with pytest.raises((helpers.logic.NotAuthorized, helpers.logic.NotFound)):
            helpers.call_action("package_patch", as_user(user), id="c-private", progress=1)
        with pytest.raises((helpers.logic.NotAuthorized, helpers.logic.NotFound)):
            helpers.call_action("package_show", as_user(user), id="c-private")


# 9. Text that displays as other text


@pytest.mark.parametrize(
    "text", [SPOOFED, "Plan\u2067 isolate\u2069", "Plan\x85next", "Plan\x9bcsi", "Line\nbreak"]
)
def test_spoofing_controls_are_refused_in_titles(admin, org, text):
    plan = {"type": "plan", "name": "spoofed", "owner_org": org["id"], "plan_kind": "ogp_national"}
    message = refused_on(
        "title_translated", "package_create", admin, **plan, title_translated={"fr": text}
    )
    assert "control characters" in message
    refused_on("title", "package_create", admin, **plan, title=text)
    assert model.Session.query(model.Package).filter_by(name="spoofed").count() == 0


def test_spoofing_controls_are_refused_in_activities_and_contributions(admin, org, plan):
    rows = [{**f.milestones()[0], "title": SPOOFED}]
    refused_on("milestones", "package_create", admin, **_commitment(plan, org, milestones=rows))
    world = setting.build()
    citizen = world["users"]["citizen"]
    for field in ("title", "problem"):
        with pytest.raises(helpers.logic.ValidationError) as refused:
            propose(citizen, world["plan"], **{field: SPOOFED})
        assert field in refused.value.error_dict
    assert act("opendataplan_proposal_list", None, plan=world["plan"]["name"]) == []


def test_paragraphs_keep_their_line_breaks_and_tabs(admin, org, plan):
    world = setting.build()
    made = propose(world["users"]["citizen"], world["plan"], problem="Un.\n\n\tDeux.\r\nTrois.")
    assert "\tDeux." in made["problem"]


def _commitment(plan: dict, org: dict, **fields) -> dict:
    return {
        "type": "commitment",
        "name": "spoofed-commitment",
        "plan": plan["id"],
        "owner_org": org["id"],
        "title_translated": {"fr": "Engagement"},
        **fields,
    }


# 10. as_of like every other date


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"])
def test_as_of_is_bounded_like_every_plan_date(app, plan, day):
    refused_on("as_of", "opendataplan_plan_progress", None, id=plan["id"], as_of=day)
    response = app.get(
        f"/api/3/action/opendataplan_plan_progress?id={plan['id']}&as_of={day}", status=409
    )
    assert "as_of" in json.loads(response.body)["error"]


def test_as_of_within_the_range_is_answered(plan):
    answer = helpers.call_action("opendataplan_plan_progress", id=plan["id"], as_of="2019-01-01")
    assert answer["as_of"] == "2019-01-01"


# What the second look found


@pytest.mark.parametrize(
    "field, value",
    [
        ("version", SPOOFED),
        ("author", "A\u2066B"),
        ("maintainer", "A\x85B"),
        ("url", "javascript:alert(1)"),
        ("resources", [{"name": SPOOFED, "url": "https://example.org/a.csv"}]),
        ("resources", [{"description": "A\u202eB", "url": "https://example.org/a.csv"}]),
    ],
)
def test_ckans_own_fields_of_the_plugins_types_follow_its_rules(admin, org, plan, field, value):
    f.commitment(admin, plan, org, name="c1")
    refused_on(field, "package_patch", admin, id="c1", **{field: value})
    model.Session.remove()
    assert model.Package.get("c1").url in (None, "")


def test_a_resource_with_a_spoofed_name_is_refused_on_a_commitment(admin, org, plan):
    f.commitment(admin, plan, org, name="c1")
    with pytest.raises(helpers.logic.ValidationError):
        helpers.call_action(
            "resource_create",
            as_user(admin),
            package_id="c1",
            name=SPOOFED,
            url="https://example.org/a.csv",
        )


@pytest.mark.parametrize("day", ["2020-01-01T25:00", "2020-01-01T99", "2020-01-01junk"])
def test_a_date_with_something_after_it_is_refused(plan, day):
    refused_on("as_of", "opendataplan_plan_progress", None, id=plan["id"], as_of=day)


def test_a_date_and_a_time_is_still_a_date(plan):
    answer = helpers.call_action(
        "opendataplan_plan_progress", id=plan["id"], as_of="2019-01-01T10:30:00"
    )
    assert answer["as_of"] == "2019-01-01"


def test_a_contact_email_with_a_query_is_refused(admin, org, plan):
    contact = {"role": "Point focal", "email": "mailto:a@b.org?subject=x"}
    refused_on("contacts", "package_create", admin, **_commitment(plan, org, contacts=[contact]))


def test_an_inventory_page_with_an_over_long_item_id_answers_not_found(app, admin, org):
    inventory = f.inventory(admin, org)
    headers = {"Authorization": f.factories.APIToken(user=admin["name"])["token"]}
    item = "a" * 101
    base = f"/inventory/{inventory['name']}/items/{item}"
    assert app.get(f"{base}/edit", headers=headers).status_code == 404


def test_a_commitments_past_activities_follow_it_into_private(app, admin, org, plan):
    commitment = f.commitment(admin, plan, org, name="c1")
    helpers.call_action("package_patch", as_user(admin), id="c1", notes="Avant")
    helpers.call_action("package_patch", as_user(admin), id="c1", private=True)
    for action, data in (
        ("user_activity_list", {"id": admin["id"]}),
        ("recently_changed_packages_activity_list", {}),
        ("organization_activity_list", {"id": org["id"]}),
    ):
        answer = json.dumps(helpers.call_action(action, as_user(None), **data))
        assert commitment["id"] not in answer, action
