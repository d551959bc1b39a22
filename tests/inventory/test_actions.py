"""The inventory item actions against the running stack: each rule with its field error."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.opendataplan.model import InventoryItem
from tests import factories_odp as f
from tests.marks import ReadOnlyStartingPoint, portal

pytestmark = portal


def create(admin, inventory, **fields):
    return f.item(admin, inventory, **fields)


def field_errors(admin, inventory, **fields) -> dict:
    with pytest.raises(tk.ValidationError) as error:
        create(admin, inventory, **fields)
    return error.value.error_dict


def stored_count() -> int:
    from ckan import model

    return model.Session.query(InventoryItem).count()


def test_create_returns_the_item_with_its_priority(admin, inventory):
    item = create(admin, inventory, reference="INV-1", formats="CSV, XLSX", theme="Health")

    assert item["reference"] == "INV-1"
    assert item["formats"] == ["CSV", "XLSX"]
    assert item["priority_score"] == 81.25
    assert {p["criterion"] for p in item["priority_breakdown"]} == {
        "quality",
        "no_impediment",
        "open_format",
        "demand",
    }
    shown = helpers.call_action("opendataplan_inventory_item_show", id=item["id"])
    assert shown == item


def test_references_are_numbered_when_not_given(admin, inventory):
    assert create(admin, inventory)["reference"] == "0001"
    assert create(admin, inventory)["reference"] == "0002"


def test_list_is_sorted_by_priority_score_descending(admin, inventory):
    create(admin, inventory, reference="low", quality=1, demand=0)
    create(admin, inventory, reference="high", quality=5, demand=10)
    create(admin, inventory, reference="middle", quality=3, demand=4)

    items = helpers.call_action("opendataplan_inventory_item_list", inventory=inventory["name"])

    assert [i["reference"] for i in items] == ["high", "middle", "low"]
    scores = [i["priority_score"] for i in items]
    assert scores == sorted(scores, reverse=True)


def test_list_filters_by_text_and_status(admin, inventory):
    create(admin, inventory, reference="A", title={"fr": "Budget communal"})
    create(admin, inventory, reference="B", publication_status="not_eligible")

    found = helpers.call_action(
        "opendataplan_inventory_item_list", inventory=inventory["name"], q="budget"
    )
    assert [i["reference"] for i in found] == ["A"]
    eligible = helpers.call_action(
        "opendataplan_inventory_item_list",
        inventory=inventory["name"],
        publication_status="not_eligible",
    )
    assert [i["reference"] for i in eligible] == ["B"]


@pytest.mark.ckan_config("ckanext.opendataplan.priority_weights", "quality:1")
def test_weights_come_from_the_configuration(admin, inventory):
    item = create(admin, inventory, quality=4, demand=0, electronic=False)

    assert item["priority_score"] == 75
    weights = {p["criterion"]: p["weight"] for p in item["priority_breakdown"]}
    assert weights == {"quality": 1, "no_impediment": 0, "open_format": 0, "demand": 0}


class TestBadInputIsRefused(ReadOnlyStartingPoint):
    @pytest.mark.parametrize(
        "fields, field",
        [
            ({"quality": 7}, "quality"),
            ({"quality": "good"}, "quality"),
            ({"demand": -2}, "demand"),
            ({"electronic": "perhaps"}, "electronic"),
            ({"restriction": "secret"}, "restriction"),
            ({"restriction": "other"}, "restriction_other"),
            (
                {"restriction": "personal_data", "publication_status": "planned"},
                "publication_status",
            ),
            ({"publication_status": "planned"}, "planned_publication_date"),
            ({"publication_status": "published"}, "publication_status"),
            ({"publication_status": "gone"}, "publication_status"),
            ({"planned_publication_date": "next spring"}, "planned_publication_date"),
            ({"update_frequency": "sometimes"}, "update_frequency"),
            ({"commitment": "no-such-commitment"}, "commitment"),
            ({"dataset": "no-such-dataset"}, "dataset"),
            ({"title": {}}, "title"),
            ({"title": {"de": "Liste"}}, "title"),
            ({"datarequests": "req-1"}, "datarequests"),
        ],
    )
    def test_bad_input_names_the_field_and_stores_nothing(self, admin, inventory, fields, field):
        errors = field_errors(admin, inventory, **fields)

        assert field in errors, errors
        assert stored_count() == 0


def test_the_action_must_be_one_of_the_commitments(admin, org, plan, inventory):
    f.commitment(admin, plan, org, milestones=f.milestones())

    errors = field_errors(admin, inventory, commitment="commitment-4", milestone=8)
    assert "milestone" in errors
    item = create(admin, inventory, commitment="commitment-4", milestone=7)
    assert item["commitment_name"] == "commitment-4"
    assert item["milestone"] == 7


def test_a_reference_is_unique_in_its_inventory(admin, org, inventory):
    create(admin, inventory, reference="R1")
    errors = field_errors(admin, inventory, reference="R1")

    assert "reference" in errors
    other = f.inventory(admin, org, name="inventory-2025")
    assert create(admin, other, reference="R1")["reference"] == "R1"


def test_update_changes_only_what_is_given(admin, inventory):
    item = create(admin, inventory, theme="Health", demand=2)

    updated = helpers.call_action(
        "opendataplan_inventory_item_update", {"user": admin["name"]}, id=item["id"], demand=9
    )

    assert updated["demand"] == 9
    assert updated["theme"] == "Health"
    assert updated["priority_score"] > item["priority_score"]


def test_update_with_bad_input_keeps_the_stored_item(admin, inventory):
    item = create(admin, inventory)
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action(
            "opendataplan_inventory_item_update",
            {"user": admin["name"]},
            id=item["id"],
            quality=9,
            theme="Changed",
        )

    assert "quality" in error.value.error_dict
    assert helpers.call_action("opendataplan_inventory_item_show", id=item["id"]) == item


def test_delete_removes_the_item(admin, inventory):
    item = create(admin, inventory)
    helpers.call_action(
        "opendataplan_inventory_item_delete", {"user": admin["name"]}, id=item["id"]
    )

    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("opendataplan_inventory_item_show", id=item["id"])


def test_an_unknown_inventory_is_not_found(admin):
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("opendataplan_inventory_item_list", inventory="nowhere")


def test_inventory_page_type_and_fields(admin, inventory):
    shown = helpers.call_action("package_show", id=inventory["name"])

    assert shown["type"] == "inventory"
    assert shown["inventory_status"] == "in_progress"
    assert shown["officer_role"] == "Open-data officer"


def test_an_inventory_period_ending_before_it_starts_is_refused(admin, org):
    with pytest.raises(tk.ValidationError) as error:
        f.inventory(admin, org, period_start="2024-12-31", period_end="2024-01-01")
    assert "period_end" in error.value.error_dict


def test_list_pages_with_limit_and_offset(admin, inventory):
    for quality in (1, 2, 3, 4, 5):
        create(admin, inventory, reference=f"Q{quality}", quality=quality)

    page = helpers.call_action(
        "opendataplan_inventory_item_list", inventory=inventory["name"], limit=2, offset=1
    )

    assert [item["reference"] for item in page] == ["Q4", "Q3"]
    with pytest.raises(tk.ValidationError) as error:
        helpers.call_action(
            "opendataplan_inventory_item_list", inventory=inventory["name"], limit=-1
        )
    assert "limit" in error.value.error_dict
