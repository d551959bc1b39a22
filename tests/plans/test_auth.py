"""Who may create, edit and delete a commitment (and see a plan's progress)."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import COORDINATOR, ReadOnly, portal

pytestmark = portal


def build_setting() -> dict[str, Any]:
    """A coordinating body owning the plan, a lead institution, and an unrelated one."""
    sysadmin = f.factories.Sysadmin()
    coordinator = f.factories.Organization(name=COORDINATOR)
    lead, unrelated = f.factories.Organization(), f.factories.Organization()
    plan = f.plan(sysadmin, coordinator)
    commitment = f.commitment(sysadmin, plan, lead, progress=10)
    return {
        "plan": plan,
        "commitment": commitment,
        "lead": lead,
        "coordinator": coordinator,
        "users": {
            "anonymous": None,
            "lead_member": f.member(lead, "member"),
            "lead_editor": f.member(lead, "editor"),
            "lead_admin": f.member(lead, "admin"),
            "plan_admin": f.member(coordinator, "admin"),
            "plan_editor": f.member(coordinator, "editor"),
            "unrelated_editor": f.member(unrelated, "editor"),
            "sysadmin": sysadmin,
        },
    }


@pytest.fixture
def setting() -> dict[str, Any]:
    """A setting of its own for a test that writes."""
    return build_setting()


class SharedSetting(ReadOnly):
    """Tests that only read: one setting for the whole class."""

    @pytest.fixture(scope="class")
    def setting(self, clean_db_for_class: None) -> dict[str, Any]:
        return build_setting()


def allowed(action: str, user: dict | None, data: dict) -> bool:
    context = {"model": model, "user": user["name"] if user else ""}
    return helpers.call_auth(action, context, **data)


def can(action: str, user: dict | None, data: dict) -> bool:
    try:
        allowed(action, user, data)
    except helpers.logic.NotAuthorized:
        return False
    return True


EDIT_EXPECTED = {
    "anonymous": False,
    "lead_member": False,
    "lead_editor": True,
    "lead_admin": True,
    "plan_admin": True,
    "plan_editor": False,
    "unrelated_editor": False,
    "sysadmin": True,
}


class TestWhoMayEditOrAddCommitments(SharedSetting):
    @pytest.mark.parametrize("action", ["package_update", "package_patch", "package_delete"])
    def test_who_may_edit_a_commitment(self, setting, action):
        outcome = {
            name: can(action, user, {"id": setting["commitment"]["id"]})
            for name, user in setting["users"].items()
        }
        assert outcome == EDIT_EXPECTED

    @pytest.mark.parametrize(
        "name", ["unrelated_editor", "lead_editor", "plan_editor", "anonymous"]
    )
    def test_others_may_not_add_commitments_led_by_another_institution(self, setting, name):
        data = {
            "type": "commitment",
            "plan": setting["plan"]["id"],
            "owner_org": setting["lead"]["id"],
        }
        assert not can("package_create", setting["users"][name], data)

    def test_plan_editor_may_add_a_commitment_led_by_its_own_institution(self, setting):
        data = {
            "type": "commitment",
            "plan": setting["plan"]["id"],
            "owner_org": setting["coordinator"]["id"],
        }
        assert can("package_create", setting["users"]["plan_editor"], data)


def test_editing_through_the_action_api(setting):
    users = setting["users"]
    for name in ("lead_editor", "plan_admin"):
        helpers.call_action(
            "package_patch",
            {"user": users[name]["name"], "ignore_auth": False},
            id=setting["commitment"]["id"],
            progress=30,
        )
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action(
            "package_patch",
            {"user": users["unrelated_editor"]["name"], "ignore_auth": False},
            id=setting["commitment"]["id"],
            progress=99,
        )
    assert helpers.call_action("package_show", id=setting["commitment"]["id"])["progress"] == 30


def test_plan_admin_may_create_a_commitment_led_by_another_institution(setting):
    users = setting["users"]
    created = f.commitment(users["plan_admin"], setting["plan"], setting["lead"], name="c-new")
    assert created["owner_org"] == setting["lead"]["id"]


def test_ordinary_datasets_keep_ckans_rules(setting):
    dataset = f.factories.Dataset(owner_org=setting["lead"]["id"])
    users = setting["users"]
    assert can("package_update", users["lead_editor"], {"id": dataset["id"]})
    assert not can("package_update", users["plan_admin"], {"id": dataset["id"]})


def test_progress_of_a_private_plan_is_hidden_from_outsiders(setting):
    sysadmin = setting["users"]["sysadmin"]
    private = f.plan(sysadmin, setting["coordinator"], name="private-plan", private=True)
    assert not can(
        "opendataplan_plan_progress", setting["users"]["anonymous"], {"id": private["id"]}
    )
    assert can("opendataplan_plan_progress", setting["users"]["plan_editor"], {"id": private["id"]})
    assert can(
        "opendataplan_plan_progress", setting["users"]["anonymous"], {"id": setting["plan"]["id"]}
    )
