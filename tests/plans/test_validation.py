"""Bad plans and commitments are refused with an error on the field, and nothing is stored."""

from __future__ import annotations

import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal
ValidationError = helpers.logic.ValidationError


def refused(call, *args, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return error.value.error_dict


def test_progress_outside_0_100_is_refused(admin, org, plan):
    errors = refused(f.commitment, admin, plan, org, progress=101)
    assert errors["progress"] == ["Progress must be a whole number between 0 and 100"]

    bad = [{"title": "a", "status": "in_progress", "progress": -5}]
    errors = refused(f.commitment, admin, plan, org, milestones=bad)
    assert errors["milestones"][0]["progress"] == [
        "Progress must be a whole number between 0 and 100"
    ]


def test_end_before_start_is_refused_on_commitment_plan_and_milestone(admin, org, plan):
    errors = refused(f.commitment, admin, plan, org, start_date="2020-01-01", end_date="2019-01-01")
    assert errors["end_date"] == ["The end date is before the start date"]

    errors = refused(
        f.plan, admin, org, name="p2", period_start="2021-01-01", period_end="2020-12-31"
    )
    assert errors["period_end"] == ["The end date is before the start date"]

    bad = [
        {
            "title": "a",
            "start_date": "2019-05-01",
            "end_date": "2019-04-01",
            "status": "not_started",
            "progress": 0,
        }
    ]
    errors = refused(f.commitment, admin, plan, org, milestones=bad)
    assert errors["milestones"][0]["end_date"] == ["The end date is before the start date"]


def test_complete_milestone_below_100_is_refused(admin, org, plan):
    bad = [{"title": "a", "status": "complete", "progress": 90}]
    errors = refused(f.commitment, admin, plan, org, milestones=bad)
    assert errors["milestones"][0]["progress"] == ["A complete milestone must be at 100%"]


def test_milestone_at_100_not_marked_complete_is_refused(admin, org, plan):
    bad = [
        {"title": "ok", "status": "complete", "progress": 100},
        {"title": "b", "status": "in_progress", "progress": 100},
    ]
    errors = refused(f.commitment, admin, plan, org, milestones=bad)
    assert errors["milestones"][1]["status"] == ["A milestone at 100% must be marked complete"]
    assert errors["milestones"][0] == {}


def test_commitment_pointing_at_a_missing_plan_is_refused(admin, org):
    errors = refused(f.commitment, admin, {"name": "no-such-plan"}, org)
    assert errors["plan"] == ["Plan not found: no-such-plan"]


def test_commitment_pointing_at_a_plan_the_user_cannot_see_is_refused(admin, org):
    private_plan = f.plan(admin, org, name="secret-plan", private=True)
    outsider_org = f.factories.Organization()
    outsider = f.factories.User()
    helpers.call_action(
        "organization_member_create", id=outsider_org["id"], username=outsider["name"], role="admin"
    )

    errors = refused(f.commitment, outsider, private_plan, outsider_org)
    assert errors["plan"] == ["Plan not found: secret-plan"]


def test_pointing_at_a_dataset_that_is_not_a_plan_is_refused(admin, org):
    dataset = f.factories.Dataset(owner_org=org["id"])
    errors = refused(f.commitment, admin, dataset, org)
    assert errors["plan"] == [f"Plan not found: {dataset['name']}"]


def test_title_in_no_language_is_refused(admin, org):
    errors = refused(f.plan, admin, org, title_translated={})
    assert errors["title_translated"] == ["Give the text in at least one language"]


def test_unknown_language_is_refused(admin, org):
    errors = refused(f.plan, admin, org, title_translated={"de": "Plan"})
    assert errors["title_translated"] == ["Unknown language: de"]


def test_ogp_local_plan_needs_arabic_and_english(admin, org):
    errors = refused(
        f.plan, admin, org, plan_kind="ogp_local", title_translated={"ar": "خطة الجهة المنفتحة"}
    )
    assert errors["title_translated"] == ["An OGP Local plan needs its title in Arabic and English"]

    ok = f.plan(
        admin,
        org,
        name="open-region",
        plan_kind="ogp_local",
        title_translated={"ar": "خطة الجهة المنفتحة", "en": "Open region plan"},
    )
    assert ok["title_translated"] == {"ar": "خطة الجهة المنفتحة", "en": "Open region plan"}


def test_unknown_plan_kind_and_status_are_refused(admin, org):
    errors = refused(f.plan, admin, org, plan_kind="yearly", version_status="old")
    assert "plan_kind" in errors and "version_status" in errors


def test_refused_update_leaves_the_stored_commitment_untouched(admin, org, plan):
    commitment = f.commitment(admin, plan, org, milestones=f.milestones())
    bad = f.milestones() + [{"title": "x", "status": "complete", "progress": 10}]

    refused(
        helpers.call_action,
        "package_patch",
        {"user": admin["name"]},
        id=commitment["id"],
        milestones=bad,
    )

    stored = helpers.call_action("package_show", id=commitment["id"])
    assert len(stored["milestones"]) == 7
    assert stored["progress"] == 96


def test_title_falls_back_to_the_default_locale(admin, org):
    plan = f.plan(admin, org, title_translated={"fr": "Plan", "ar": "خطة"})
    assert plan["title"] == "خطة"


def test_unknown_completion_level_is_refused(admin, org, plan):
    errors = refused(f.commitment, admin, plan, org, completion_level="almost")
    assert errors["completion_level"] == ["Unknown completion level: almost"]


@pytest.mark.parametrize("text", ["{\x00{", "{not json", '{"ar": "x"'])
def test_text_that_opens_like_an_object_but_is_not_one_is_refused(admin, org, plan, text):
    """Found by the property-based test on a fresh clone: it was dropped silently."""
    errors = refused(f.commitment, admin, plan, org, notes_translated=text)
    assert "notes_translated" in errors


@pytest.mark.ckan_config("ckanext.opendataplan.rows_max", 5)
def test_more_rows_than_rows_max_are_refused_on_the_field(admin, org, plan):
    rows = [{"title": f"Activity {n}", "status": "in_progress", "progress": 10} for n in range(6)]

    errors = refused(f.commitment, admin, plan, org, milestones=rows)
    commitment = f.commitment(admin, plan, org, milestones=rows[:5])
    patched = refused(
        helpers.call_action,
        "package_patch",
        {"user": admin["name"]},
        id=commitment["id"],
        milestones=rows,
    )

    assert errors == patched == {"milestones": ["At most 5 rows"]}
    assert len(helpers.call_action("package_show", id=commitment["id"])["milestones"]) == 5
