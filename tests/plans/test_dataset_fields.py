"""The portal's own datasets keep their schema (issue 30): none for ``dataset`` (CKAN's
own, the tests' portal), scheming's ``ckan_dataset.yaml`` with the plugin's two presets,
or ckanext-dcat's ``dcat_ap_full.yaml`` as it is. In each, the commitment a dataset
fulfils and the inventory item it comes from are checked with the same rights, shown on
the dataset's page, and publish the item."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

OWN = " ".join(
    f"ckanext.opendataplan:schemas/{name}.yaml"
    for name in ("plan", "commitment", "progress_report", "inventory")
)
PRESETS = "ckanext.scheming:presets.json ckanext.opendataplan:schemas/presets.yaml"
CONFIGURATIONS = [
    pytest.param("ckan", id="no-scheming-schema"),
    pytest.param(
        "presets",
        marks=pytest.mark.ckan_config(
            "scheming.dataset_schemas", f"{OWN} tests.plans:dataset_with_presets.yaml"
        ),
        id="scheming-with-presets",
    ),
    pytest.param(
        "dcat",
        marks=[
            pytest.mark.ckan_config(
                "scheming.dataset_schemas", f"{OWN} ckanext.dcat.schemas:dcat_ap_full.yaml"
            ),
            pytest.mark.ckan_config(
                "scheming.presets", f"{PRESETS} ckanext.dcat.schemas:presets.yaml"
            ),
        ],
        id="dcat-ap-full",
    ),
]


@pytest.fixture(params=CONFIGURATIONS)
def configuration(request, dataset_schemas):
    return request.param


@pytest.fixture
def world(configuration, admin, org, plan, inventory):
    commitment = f.commitment(admin, plan, org)
    item = f.item(
        admin,
        inventory,
        reference="MP-01",
        publication_status="planned",
        planned_publication_date="2025-06-30",
    )
    return {"commitment": commitment, "item": item, "editor": f.member(org, "editor")}


def create(user: dict, org: dict, **fields) -> dict:
    return helpers.call_action(
        "package_create",
        {"user": user["name"]},
        name="budget-2024",
        title="Budget 2024",
        notes="The state budget",
        owner_org=org["id"],
        **fields,
    )


def test_the_fields_are_checked_stored_shown_and_publish_the_item(
    app, configuration, world, org, inventory
):
    dataset = create(
        world["editor"], org, commitment="commitment-4", inventory_item=world["item"]["id"]
    )

    shown = helpers.call_action("package_show", id=dataset["id"])
    assert f.dataset_field(shown, "commitment") == world["commitment"]["id"]
    # the portal's schema decides where they are: at the top level only where it names
    # them (the presets), else among CKAN's extras
    on_top = "commitment" in shown and "inventory_item" in shown
    assert on_top == (configuration == "presets"), configuration
    assert f.dataset_field(shown, "inventory_item") == world["item"]["id"]
    item = helpers.call_action(
        "opendataplan_inventory_item_show", {"ignore_auth": True}, id=world["item"]["id"]
    )
    assert (item["dataset"], item["publication_status"]) == (dataset["id"], "published")
    page = BeautifulSoup(app.get("/ar/dataset/budget-2024").body, "html.parser")
    origin = page.select_one(".opendataplan-origin")
    assert origin.select_one('a[href="/ar/commitment/commitment-4"]') is not None
    assert "MP-01" in origin.text
    assert world["commitment"]["id"] not in page.select_one(".additional-info").text
    commitment_page = BeautifulSoup(app.get("/ar/commitment/commitment-4").body, "html.parser")
    listed = commitment_page.select(".opendataplan-commitment-datasets li a")
    assert [a["href"] for a in listed] == ["/ar/dataset/budget-2024"]
    # the inventory's table: the item's badge says published, beside the dataset's link
    table = BeautifulSoup(app.get(f"/ar/inventory/{inventory['name']}").body, "html.parser")
    row = table.find("a", href="/ar/dataset/budget-2024").find_parent("tr")
    assert row.select_one(".opendataplan-status--published") is not None


def test_a_partial_update_keeps_the_fields(world, org):
    dataset = create(world["editor"], org, commitment="commitment-4")
    helpers.call_action(
        "package_patch", {"user": world["editor"]["name"]}, id=dataset["id"], notes="Edited"
    )
    shown = helpers.call_action("package_show", id=dataset["id"])
    assert shown["notes"] == "Edited"
    assert f.dataset_field(shown, "commitment") == world["commitment"]["id"]


def test_another_institution_may_not_tie_its_dataset_to_the_commitment(world, org):
    other = f.factories.Organization()
    outsider = f.member(other, "editor")
    with pytest.raises(helpers.logic.ValidationError) as error:
        create(outsider, other, commitment="commitment-4")
    assert "lead institution" in error.value.error_dict["commitment"][0]
    with pytest.raises(helpers.logic.ValidationError) as error:
        create(outsider, other, inventory_item=world["item"]["id"])
    assert list(error.value.error_dict) == ["inventory_item"]


def test_a_commitment_the_user_may_not_see_answers_like_none(world, org, admin):
    helpers.call_action(
        "package_patch", {"user": admin["name"]}, id=world["commitment"]["id"], private=True
    )
    other = f.factories.Organization()
    outsider = f.member(other, "editor")
    answers = []
    for name in ("commitment-4", "no-such-commitment"):
        with pytest.raises(helpers.logic.ValidationError) as error:
            create(outsider, other, commitment=name)
        answers.append(error.value.error_dict["commitment"][0].replace(name, "NAME"))
    assert answers[0] == answers[1]


def test_an_item_with_a_legal_impediment_is_not_published(world, org, admin):
    helpers.call_action(
        "opendataplan_inventory_item_update",
        {"user": admin["name"]},
        id=world["item"]["id"],
        restriction="personal_data",
        publication_status="candidate",
    )
    with pytest.raises(helpers.logic.ValidationError) as error:
        create(world["editor"], org, inventory_item=world["item"]["id"])
    assert "legal impediment" in error.value.error_dict["inventory_item"][0]
