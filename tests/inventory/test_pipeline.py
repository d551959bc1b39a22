"""From inventory item to published dataset: promotion, publication, live indicators,
and the pages that show the link both ways."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

DATASETS_INDICATOR = {
    "title": "Datasets on the portal",
    "source": "portal_datasets",
    "baseline": 136,
    "target": 300,
}


@pytest.fixture
def pipeline(admin, org, plan, inventory):
    indicator = {**DATASETS_INDICATOR, "scope_organization": org["name"]}
    commitment = f.commitment(admin, plan, org, indicators=[indicator])
    item = f.item(
        admin,
        inventory,
        reference="MP-01",
        title={"ar": "الصفقات العمومية", "en": "Public procurement"},
        description={"en": "Contracts awarded since 2020"},
        commitment=commitment["name"],
        publication_status="planned",
        planned_publication_date="2025-06-30",
    )
    return {"admin": admin, "commitment": commitment, "item": item, "inventory": inventory}


def promote(pipeline) -> dict:
    return helpers.call_action(
        "opendataplan_inventory_item_promote",
        {"user": pipeline["admin"]["name"]},
        id=pipeline["item"]["id"],
    )


def publish(pipeline, dataset: dict) -> dict:
    return helpers.call_action(
        "package_patch",
        {"user": pipeline["admin"]["name"]},
        id=dataset["id"],
        state="active",
        private=False,
    )


def item_now(pipeline) -> dict:
    """The item as its institution sees it (a draft dataset is not shown to others)."""
    sysadmin = {"user": helpers.call_action("get_site_user")["name"]}
    return helpers.call_action(
        "opendataplan_inventory_item_show", sysadmin, id=pipeline["item"]["id"]
    )


def live_current(pipeline) -> int:
    commitment = helpers.call_action("package_show", id=pipeline["commitment"]["id"])
    return commitment["indicators"][0]["live_current"]


def test_promote_creates_a_prefilled_draft_linked_both_ways(pipeline, org):
    dataset = promote(pipeline)

    assert dataset["state"] == "draft"
    assert dataset["type"] == "dataset"
    assert dataset["title"] == "الصفقات العمومية"
    assert dataset["notes"] == "Contracts awarded since 2020"
    assert dataset["owner_org"] == org["id"]
    assert f.dataset_field(dataset, "commitment") == pipeline["commitment"]["id"]
    assert f.dataset_field(dataset, "inventory_item") == pipeline["item"]["id"]
    item = item_now(pipeline)
    assert item["dataset"] == dataset["id"]
    assert item["publication_status"] == "planned"


def test_an_item_is_promoted_once(pipeline):
    promote(pipeline)
    with pytest.raises(helpers.logic.ValidationError) as error:
        promote(pipeline)
    assert "dataset" in error.value.error_dict


def test_publishing_the_dataset_publishes_the_item_and_moves_the_indicator(pipeline):
    before = live_current(pipeline)
    dataset = promote(pipeline)
    assert live_current(pipeline) == before, "a draft is not counted"

    publish(pipeline, dataset)

    assert item_now(pipeline)["publication_status"] == "published"
    assert live_current(pipeline) == before + 1


def test_withdrawing_the_dataset_takes_the_item_back_to_planned(pipeline):
    dataset = publish(pipeline, promote(pipeline))
    helpers.call_action("package_delete", {"user": pipeline["admin"]["name"]}, id=dataset["id"])

    assert item_now(pipeline)["publication_status"] == "planned"


def test_a_private_dataset_does_not_publish_the_item(pipeline):
    dataset = promote(pipeline)
    helpers.call_action(
        "package_patch",
        {"user": pipeline["admin"]["name"]},
        id=dataset["id"],
        state="active",
        private=True,
    )
    assert item_now(pipeline)["publication_status"] == "planned"


def test_a_dataset_naming_an_item_links_it(pipeline, org):
    dataset = f.factories.Dataset(owner_org=org["id"], inventory_item=pipeline["item"]["id"])

    item = item_now(pipeline)
    assert item["dataset"] == dataset["id"]
    assert item["publication_status"] == "published"


def test_dataset_and_commitment_pages_show_the_link(app, pipeline):
    dataset = publish(pipeline, promote(pipeline))

    dataset_page = BeautifulSoup(app.get(f"/en/dataset/{dataset['name']}").body, "html.parser")
    origin = dataset_page.select_one(".opendataplan-origin").text
    assert "Published under commitment 4" in " ".join(origin.split())
    assert "OGP plan 2018-2020" in origin
    assert "MP-01" in origin
    commitment_page = BeautifulSoup(app.get("/en/commitment/commitment-4").body, "html.parser")
    listed = commitment_page.select(".opendataplan-commitment-datasets li a")
    assert [a["href"] for a in listed] == [f"/en/dataset/{dataset['name']}"]


def test_the_dataset_form_keeps_the_inventory_link(app, pipeline):
    """CKAN's own form shows the two fields among its custom fields; sent back as they
    are, they stay."""
    dataset = promote(pipeline)
    headers = {"Authorization": f.factories.APIToken(user=pipeline["admin"]["name"])["token"]}
    page = app.get(f"/en/dataset/edit/{dataset['name']}", headers=headers).body
    form = BeautifulSoup(page, "html.parser").find("form", id="dataset-edit")
    data = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input")
        if field.get("name") and field.get("type") not in ("checkbox", "submit")
    }
    data.update(notes="Edited", state="active", save="")
    app.post(f"/en/dataset/edit/{dataset['name']}", data=data, headers=headers)

    saved = helpers.call_action("package_show", id=dataset["id"])
    assert saved["notes"] == "Edited"
    assert f.dataset_field(saved, "inventory_item") == pipeline["item"]["id"]
    assert f.dataset_field(saved, "commitment") == pipeline["commitment"]["id"]


def test_promote_button_leads_to_the_draft(app, pipeline):
    headers = {"Authorization": f.factories.APIToken(user=pipeline["admin"]["name"])["token"]}
    page = BeautifulSoup(
        app.get(f"/en/inventory/{pipeline['inventory']['name']}", headers=headers).body,
        "html.parser",
    )
    form = page.select_one(".opendataplan-inventory__actions form")
    token = form.find("input", attrs={"name": "_csrf_token"})["value"]

    response = app.post(
        form["action"], data={"_csrf_token": token}, headers=headers, follow_redirects=False
    )

    assert response.status_code == 302
    dataset_name = item_now(pipeline)["dataset_name"]
    assert response.headers["Location"].endswith(f"/dataset/edit/{dataset_name}")
