"""The IRM's own assessment of a commitment: set by sysadmins and the assessors the
portal names, through its action or the commitment page; every other save, whether an
update, a patch or the edit form, keeps it as it is or is refused naming the field."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = [*portal, pytest.mark.ckan_config("ckanext.opendataplan.irm_assessors", "irm-one")]


@pytest.fixture
def world():
    sysadmin = factories.Sysadmin()
    org = factories.Organization()
    plan = f.plan(sysadmin, org)
    commitment = f.commitment(sysadmin, plan, org, progress=96)
    return {
        "sysadmin": sysadmin,
        "plan": plan,
        "commitment": commitment,
        "editor": f.member(org, "editor"),
        "assessor": factories.User(name="irm-one"),
        "citizen": factories.User(),
    }


def _as(user, action, **data):
    return helpers.call_action(action, {"user": user["name"], "ignore_auth": False}, **data)


def _stored(world):
    return helpers.call_action("package_show", id=world["commitment"]["id"])


def test_a_named_assessor_with_no_role_sets_the_assessment(world):
    _as(
        world["assessor"],
        "opendataplan_irm_assessment_update",
        id=world["commitment"]["name"],
        irm_specificity="medium",
        irm_starred="no",
    )

    stored = _stored(world)
    assert (stored["irm_specificity"], stored["irm_starred"]) == ("medium", "no")
    assert stored["progress"] == 96  # nothing else moved


def test_others_may_not_and_bad_values_are_named(world):
    for user in ("editor", "citizen"):
        with pytest.raises(helpers.logic.NotAuthorized):
            _as(world[user], "opendataplan_irm_assessment_update", id=world["commitment"]["id"])
    with pytest.raises(helpers.logic.ValidationError) as error:
        _as(
            world["assessor"],
            "opendataplan_irm_assessment_update",
            id=world["commitment"]["id"],
            irm_potential_impact="huge",
        )
    assert list(error.value.error_dict) == ["irm_potential_impact"]
    with pytest.raises(helpers.logic.NotFound):
        _as(world["assessor"], "opendataplan_irm_assessment_update", id="no-such-commitment")


def test_the_editors_saves_keep_the_assessment_and_cannot_change_it(world):
    _as(world["sysadmin"], "package_patch", id=world["commitment"]["id"], irm_specificity="high")
    commitment = _stored(world)

    _as(world["editor"], "package_patch", id=commitment["id"], progress=97)
    without = {k: v for k, v in _stored(world).items() if not k.startswith("irm_")}
    _as(world["editor"], "package_update", **without)
    with pytest.raises(helpers.logic.ValidationError) as error:
        _as(world["editor"], "package_patch", id=commitment["id"], irm_specificity="low")
    with pytest.raises(helpers.logic.ValidationError):
        _as(world["editor"], "package_patch", id=commitment["id"], irm_starred="yes")

    assert "irm_specificity" in error.value.error_dict
    stored = _stored(world)
    assert (stored["irm_specificity"], stored["progress"]) == ("high", 97)
    assert not stored.get("irm_starred")


def test_an_editor_cannot_create_a_commitment_with_an_assessment(world):
    with pytest.raises(helpers.logic.ValidationError) as error:
        _as(
            world["editor"],
            "package_create",
            type="commitment",
            name="self-assessed",
            plan=world["plan"]["id"],
            owner_org=world["commitment"]["owner_org"],
            title_translated={"ar": "التزام"},
            irm_starred="yes",
        )
    assert "irm_starred" in error.value.error_dict


def test_the_assessors_form_on_the_commitment_page(app, world):
    url = f"/en/commitment/{world['commitment']['name']}"
    headers = {"Authorization": factories.APIToken(user="irm-one")["token"]}
    page = BeautifulSoup(app.get(url, headers=headers).body, "html.parser")
    assert page.select_one("form.opendataplan-irm-form select[name=irm_did_it_open_government]")
    editor = {"Authorization": factories.APIToken(user=world["editor"]["name"])["token"]}
    assert "opendataplan-irm-form" not in app.get(url, headers=editor).body
    assert (
        "field-irm_specificity"
        not in app.get(f"/en/commitment/edit/{world['commitment']['name']}", headers=editor).body
    )

    app.post(f"{url}/irm", data={"irm_did_it_open_government": "major"}, headers=headers)
    refused = app.post(f"{url}/irm", data={"irm_starred": "yes"}, headers=editor)

    assert _stored(world)["irm_did_it_open_government"] == "major"
    assert refused.status_code == 403
    assert not _stored(world).get("irm_starred")
    shown = BeautifulSoup(app.get(url).body, "html.parser").get_text()
    assert "IRM: did it open government?" in shown and "Major" in shown


def test_deleting_then_updating_keeps_the_assessment(world):
    _as(world["sysadmin"], "package_patch", id=world["commitment"]["id"], irm_starred="yes")
    shown = {k: v for k, v in _stored(world).items() if not k.startswith("irm_")}

    _as(world["editor"], "package_delete", id=shown["id"])
    _as(world["editor"], "package_update", **{**shown, "state": "active"})

    assert _stored(world)["irm_starred"] == "yes"


def test_the_form_keeps_the_fields_it_does_not_send(app, world):
    _as(world["sysadmin"], "package_patch", id=world["commitment"]["id"], irm_specificity="high")
    headers = {"Authorization": factories.APIToken(user="irm-one")["token"]}

    app.post(
        f"/en/commitment/{world['commitment']['name']}/irm",
        data={"irm_starred": "no"},
        headers=headers,
    )

    stored = _stored(world)
    assert (stored["irm_specificity"], stored["irm_starred"]) == ("high", "no")
