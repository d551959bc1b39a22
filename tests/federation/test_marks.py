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


def test_plans_and_commitments_carry_the_marks_the_harvester_sets(
    admin: dict, org: dict
) -> None:
    plan = factories_odp.plan(admin, org)
    helpers.call_action("package_patch", harvester_context(admin), id=plan["id"], **MARKS)
    shown = helpers.call_action("package_show", id=plan["id"])
    assert {field: shown[field] for field in marks.FIELDS} == MARKS

    commitment = factories_odp.commitment(admin, shown, org)
    helpers.call_action(
        "package_patch", harvester_context(admin), id=commitment["id"], **MARKS
    )
    shown = helpers.call_action("package_show", id=commitment["id"])
    assert {field: shown[field] for field in marks.FIELDS} == MARKS


def test_other_saves_keep_the_marks_and_cannot_change_them(admin: dict, org: dict) -> None:
    plan = factories_odp.plan(admin, org)
    helpers.call_action("package_patch", harvester_context(admin), id=plan["id"], **MARKS)
    shown = helpers.call_action("package_show", id=plan["id"])
    # a save of the whole dict as shown, and one that leaves the marks out, keep them
    helpers.call_action("package_update", {"user": admin["name"]}, **shown)
    without = {key: value for key, value in shown.items() if key not in marks.FIELDS}
    helpers.call_action("package_update", {"user": admin["name"]}, **without)
    kept = helpers.call_action("package_show", id=plan["id"])
    assert {field: kept[field] for field in marks.FIELDS} == MARKS
    # changing one is refused, naming the field
    with pytest.raises(ValidationError) as raised:
        helpers.call_action(
            "package_patch", {"user": admin["name"]}, id=plan["id"], federation_source="other"
        )
    assert list(raised.value.error_dict) == ["federation_source"]
    # this portal's own objects carry none
    own = factories_odp.plan(admin, org, name="own-plan")
    assert not any(own.get(field) for field in marks.FIELDS)
