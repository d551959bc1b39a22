"""The federation contract on plans and commitments: only the harvester sets the marks;
any other save that changes one is refused naming the field, and a save that leaves them
out keeps them."""

from __future__ import annotations

import pytest
from ckan.logic import ValidationError
from ckan.tests import helpers

from ckanext.opendataplan.federation import marks
from tests import factories_odp

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

MARKS = {
    "federation_source": "regional-portal",
    "federation_portal_title": "Regional portal",
    "federation_portal_url": "https://region.example.org",
    "federation_link": "https://region.example.org/plan/ogp-local",
    "federation_harvested": "2026-12-07T01:00:00+00:00",
}


def harvester_context(admin: dict) -> dict:
    return {"user": admin["name"], marks.HARVESTER_CONTEXT: True}


@pytest.mark.parametrize("field", marks.FIELDS)
def test_no_user_sets_a_mark_on_create(admin: dict, org: dict, field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        factories_odp.plan(admin, org, **{field: "anything"})
    assert field in raised.value.error_dict
    assert "harvester" in str(raised.value.error_dict[field])


def test_plans_and_commitments_carry_the_marks_the_harvester_sets(admin: dict, org: dict) -> None:
    plan = factories_odp.plan(admin, org)
    helpers.call_action("package_patch", harvester_context(admin), id=plan["id"], **MARKS)
    shown = helpers.call_action("package_show", id=plan["id"])
    assert {field: shown[field] for field in marks.FIELDS} == MARKS

    fields = {**_commitment_fields(plan, org), "name": "harvested-commitment", **MARKS}
    commitment = helpers.call_action("package_create", harvester_context(admin), **fields)
    shown = helpers.call_action("package_show", id=commitment["id"])
    assert {field: shown[field] for field in marks.FIELDS} == MARKS


def test_a_harvested_object_is_edited_at_its_source_only(admin: dict, org: dict) -> None:
    plan = factories_odp.plan(admin, org)
    commitment = factories_odp.commitment(admin, plan, org)
    helpers.call_action("package_patch", harvester_context(admin), id=plan["id"], **MARKS)
    shown = helpers.call_action("package_show", id=plan["id"])
    said = f"Harvested from Regional portal: edit it there ({MARKS['federation_link']})"
    user = {"user": admin["name"]}
    # a save of the whole dict as shown, a patch, a deletion, a new commitment or report
    attempts = [
        ("package_update", shown),
        ("package_patch", {"id": plan["id"], "federation_source": "other"}),
        ("package_delete", {"id": plan["id"]}),
        ("package_create", {**_commitment_fields(plan, org), "name": "another"}),
        ("package_create", {"type": "progress_report", "plan": plan["id"], "name": "r-9"}),
    ]
    for action, data in attempts:
        with pytest.raises(ValidationError) as raised:
            helpers.call_action(action, dict(user), **data)
        assert raised.value.error_dict == {"federation_source": [said]}, action
    kept = helpers.call_action("package_show", id=plan["id"])
    assert {field: kept[field] for field in marks.FIELDS} == MARKS
    assert kept["state"] == "active"
    # the commitment made before the plan was harvested stays this portal's own
    helpers.call_action("package_patch", dict(user), id=commitment["id"], number="9")
    # this portal's own objects carry no marks
    own = factories_odp.plan(admin, org, name="own-plan")
    assert not any(own.get(field) for field in marks.FIELDS)


def test_a_user_who_may_not_edit_it_gets_ckans_answer(admin: dict, org: dict) -> None:
    from ckan.logic import NotAuthorized
    from ckan.tests import factories

    plan = factories_odp.plan(admin, org)
    helpers.call_action("package_patch", harvester_context(admin), id=plan["id"], **MARKS)
    stranger = factories.User()
    with pytest.raises(NotAuthorized):
        helpers.call_action(
            "package_patch",
            {"user": stranger["name"], "ignore_auth": False},
            id=plan["id"],
            notes="x",
        )


def _commitment_fields(plan: dict, org: dict) -> dict:
    return {
        "type": "commitment",
        "plan": plan["id"],
        "owner_org": org["id"],
        "title_translated": {"en": "Another"},
    }


def test_nothing_is_moved_into_a_harvested_plan(admin: dict, org: dict) -> None:
    harvested = factories_odp.plan(admin, org, name="harvested-plan")
    helpers.call_action("package_patch", harvester_context(admin), id=harvested["id"], **MARKS)
    own = factories_odp.plan(admin, org, name="own-plan")
    commitment = factories_odp.commitment(admin, own, org, name="own-commitment")
    report = factories_odp.report(admin, own, [{"commitment": commitment["id"], "progress": 10}])
    said = f"Harvested from Regional portal: edit it there ({MARKS['federation_link']})"
    for moved in (commitment, report):
        with pytest.raises(ValidationError) as raised:
            helpers.call_action(
                "package_patch", {"user": admin["name"]}, id=moved["id"], plan=harvested["id"]
            )
        assert raised.value.error_dict == {"federation_source": [said]}
        assert helpers.call_action("package_show", id=moved["id"])["plan"] == own["id"]


def test_marks_on_another_type_of_dataset_lock_nothing(admin: dict, org: dict) -> None:
    from ckan.tests import factories

    dataset = factories.Dataset(
        owner_org=org["id"], extras=[{"key": "federation_source", "value": "tth-region"}]
    )
    helpers.call_action("package_patch", {"user": admin["name"]}, id=dataset["id"], notes="x")
    helpers.call_action("package_delete", {"user": admin["name"]}, id=dataset["id"])
