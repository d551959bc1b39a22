"""CKAN's own ``dataset`` type stays CKAN's with the plugin loaded (issue 30): the four
breaks that putting it under a scheming schema caused, each checked."""

from __future__ import annotations

import ckan
import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

CORE_KEYS = ("license_id", "maintainer", "maintainer_email", "notes", "url", "version")


def test_a_package_update_naming_a_few_fields_keeps_the_others(admin, org):
    """Refused with a scheming schema for ``dataset`` ("name: Missing value"); CKAN
    keeps the name, the organization and (on 2.12) the resources (other fields follow CKAN's
    rules for what an update leaves out)."""
    dataset = f.factories.Dataset(owner_org=org["id"], resources=[{"url": "https://x.org/a"}])

    helpers.call_action("package_update", {"user": admin["name"]}, id=dataset["id"], notes="After")

    shown = helpers.call_action("package_show", id=dataset["id"])
    assert (shown["name"], shown["owner_org"], shown["notes"]) == (
        dataset["name"],
        org["id"],
        "After",
    )
    # CKAN 2.12 keeps the resources an update leaves out; CKAN 2.11 drops them (its rule)
    kept = [] if ckan.__version__.startswith("2.11") else ["https://x.org/a"]
    assert [r["url"] for r in shown["resources"]] == kept


def test_unset_core_fields_are_null_not_missing(org):
    dataset = f.factories.Dataset(owner_org=org["id"], notes=None, resources=[{"url": "x.csv"}])

    shown = helpers.call_action("package_show", id=dataset["id"])
    assert {key: shown[key] for key in CORE_KEYS} == dict.fromkeys(CORE_KEYS)
    assert {"name", "description"} <= set(shown["resources"][0])


def test_an_ordinary_dataset_gets_ckans_form_and_labels(app, admin, org):
    headers = {"Authorization": f.factories.APIToken(user=admin["name"])["token"]}
    page = BeautifulSoup(app.get("/en/dataset/new", headers=headers).body, "html.parser")
    form = page.find("form", id="dataset-edit")
    assert form.find("input", attrs={"name": "title"}) is not None
    token = form.find("input", attrs={"name": "_csrf_token"})["value"]

    response = app.post(
        "/en/dataset/new",
        data={"_csrf_token": token, "title": "", "name": "", "owner_org": org["id"], "save": ""},
        headers=headers,
    )

    errors = BeautifulSoup(response.body, "html.parser").select_one(".error-explanation").text
    assert "Name:" in errors and "URL:" not in errors


@pytest.mark.ckan_config("ckan.auth.allow_dataset_collaborators", True)
def test_a_collaborator_is_not_offered_the_organization_drop_down(app, org):
    dataset = f.factories.Dataset(owner_org=org["id"])
    collaborator = f.factories.User()
    helpers.call_action(
        "package_collaborator_create",
        id=dataset["id"],
        user_id=collaborator["id"],
        capacity="editor",
    )
    headers = {"Authorization": f.factories.APIToken(user=collaborator["name"])["token"]}

    page = app.get(f"/en/dataset/edit/{dataset['name']}", headers=headers)

    assert page.status_code == 200
    form = BeautifulSoup(page.body, "html.parser").find("form", id="dataset-edit")
    assert form.find("select", attrs={"name": "owner_org"}) is None
