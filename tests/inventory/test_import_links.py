"""An import links each row as the item form would: a row keeps its own item's ties to
what its author may not see, and cannot take another item's."""

from __future__ import annotations

import io

import pytest
from ckan.tests import factories, helpers
from werkzeug.datastructures import FileStorage

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal


@pytest.fixture
def scene(admin, org, inventory) -> dict:
    """An editor of the inventory's institution; another institution's private
    commitment and dataset, tied by a sysadmin to item H-1."""
    editor = factories.User()
    helpers.call_action(
        "organization_member_create", id=org["id"], username=editor["name"], role="editor"
    )
    other = factories.Organization()
    hidden_plan = f.plan(admin, other, name="hidden-plan", private=True)
    commitment = f.commitment(admin, hidden_plan, other, name="hidden-c", private=True)
    dataset = factories.Dataset(owner_org=other["id"], private=True, name="hidden-ds")
    f.item(admin, inventory, reference="H-1", commitment=commitment["id"], dataset=dataset["id"])
    f.item(admin, inventory, reference="H-2")
    return {"editor": editor, "commitment": commitment, "dataset": dataset}


def items(inventory) -> dict[str, dict]:
    listed = helpers.call_action(
        "opendataplan_inventory_item_list", {"ignore_auth": True}, inventory=inventory["name"]
    )
    return {item["reference"]: item for item in listed}


def stored(inventory, reference: str):
    from ckanext.opendataplan.model import inventory_item

    return inventory_item.links_by_reference(inventory["id"])[reference]


def upload(text: str) -> FileStorage:
    return FileStorage(io.BytesIO(text.encode("utf-8")), filename="items.csv")


def test_a_row_cannot_take_a_tie_another_item_has(scene, inventory):
    csv = "reference,title_fr,commitment,dataset\nH-2,Autre,hidden-c,hidden-ds\n"
    outcome = f.import_outcome(scene["editor"], inventory, upload(csv))

    assert {e["column"] for e in outcome["errors"]} == {"commitment", "dataset"}
    assert stored(inventory, "H-2") == (None, None, None)


def test_the_editors_own_export_imports_back_with_the_ties_it_could_not_show(scene, inventory):
    exported = helpers.call_action(
        "opendataplan_inventory_export",
        {"user": scene["editor"]["name"]},
        inventory=inventory["id"],
    )
    lines = [",".join(exported["columns"])]
    lines += [
        ",".join("" if cell is None else str(cell) for cell in row) for row in exported["rows"]
    ]
    assert "hidden-c" not in "\n".join(lines)  # the editor's file does not name them

    outcome = f.import_outcome(scene["editor"], inventory, upload("\n".join(lines) + "\n"))

    assert outcome["errors"] == [] and outcome["updated"] == 2
    assert stored(inventory, "H-1")[:2] == (scene["commitment"]["id"], scene["dataset"]["id"])
