"""Who may do what with inventory items, and items with a legal impediment through every
channel: API, search, pages, exports, counts and activity."""

from __future__ import annotations

import io
import json
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers
from werkzeug.datastructures import FileStorage

from tests import factories_odp as f
from tests.marks import ReadOnly, portal

pytestmark = portal

SECRET = "Registre nominatif des bénéficiaires"
PUBLIC = "Liste des marchés publics"
ROLES = ("anonymous", "member", "editor", "admin", "other_editor", "sysadmin")
EDITORS = {"editor", "admin", "sysadmin"}
MEMBERS = {"member", "editor", "admin", "sysadmin"}


def build_world(admin: dict, org: dict, inventory: dict) -> dict[str, Any]:
    other_org = f.factories.Organization()
    users = {role: f.factories.User() for role in ("member", "editor", "admin", "other_editor")}
    for role in ("member", "editor", "admin"):
        helpers.call_action(
            "organization_member_create",
            id=org["id"],
            username=users[role]["name"],
            role=role,
        )
    helpers.call_action(
        "organization_member_create",
        id=other_org["id"],
        username=users["other_editor"]["name"],
        role="editor",
    )
    users["sysadmin"] = admin
    public = f.item(admin, inventory, reference="P1", title={"fr": PUBLIC})
    secret = f.item(
        admin, inventory, reference="S1", title={"fr": SECRET}, restriction="personal_data"
    )
    return {"users": users, "inventory": inventory, "public": public, "secret": secret}


@pytest.fixture
def world(admin, org, inventory):
    """A world of its own for a test that writes."""
    return build_world(admin, org, inventory)


class SharedWorld(ReadOnly):
    """Tests that only read: one world for the whole class."""

    @pytest.fixture(scope="class")
    def world(self, clean_db_for_class: None) -> dict[str, Any]:
        admin, org = f.factories.Sysadmin(), f.factories.Organization()
        return build_world(admin, org, f.inventory(admin, org))


def context(world, role) -> dict:
    return {"user": world["users"][role]["name"] if role != "anonymous" else None}


def allowed(action: str, ctx: dict, **data) -> bool:
    try:
        helpers.call_action(action, dict(ctx, ignore_auth=False), **data)
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def csv_upload(text: str) -> FileStorage:
    return FileStorage(io.BytesIO(text.encode("utf-8")), filename="items.csv")


def page_text(app, url: str, user: dict | None = None) -> str:
    headers = {}
    if user is not None:
        headers["Authorization"] = f.factories.APIToken(user=user["name"])["token"]
    response = app.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_create_update_delete_import_and_promote(world, role):
    ctx, name = context(world, role), world["inventory"]["name"]
    public_id = world["public"]["id"]

    outcomes = {
        "create": allowed(
            "opendataplan_inventory_item_create", ctx, inventory=name, title={"fr": "Nouveau"}
        ),
        "update": allowed("opendataplan_inventory_item_update", ctx, id=public_id, demand=3),
        "import": allowed(
            "opendataplan_inventory_import",
            ctx,
            inventory=name,
            upload=csv_upload("reference,title_fr\nI1,Importé\n"),
        ),
        "promote": allowed("opendataplan_inventory_item_promote", ctx, id=public_id),
        "delete": allowed("opendataplan_inventory_item_delete", ctx, id=public_id),
    }

    assert outcomes == dict.fromkeys(outcomes, role in EDITORS)


class TestRestrictedItemsOnEveryChannel(SharedWorld):
    @pytest.mark.parametrize("role", ROLES)
    def test_restricted_items_through_the_api(self, world, role):
        ctx, name = context(world, role), world["inventory"]["name"]
        sees = role in MEMBERS

        assert allowed("opendataplan_inventory_item_show", ctx, id=world["public"]["id"])
        assert allowed("opendataplan_inventory_item_show", ctx, id=world["secret"]["id"]) == sees
        listed = helpers.call_action("opendataplan_inventory_item_list", dict(ctx), inventory=name)
        assert ("S1" in [item["reference"] for item in listed]) == sees
        exported = helpers.call_action("opendataplan_inventory_export", dict(ctx), inventory=name)
        assert (SECRET in json.dumps(exported, ensure_ascii=False)) == sees
        assert PUBLIC in json.dumps(exported, ensure_ascii=False)

    def test_an_outsider_cannot_change_a_restricted_item_either(self, world):
        ctx = context(world, "other_editor")
        assert not allowed("opendataplan_inventory_item_update", ctx, id=world["secret"]["id"])
        assert not allowed("opendataplan_inventory_item_delete", ctx, id=world["secret"]["id"])

    def test_restricted_items_cannot_be_promoted(self, world):
        with pytest.raises(tk.ValidationError) as error:
            helpers.call_action(
                "opendataplan_inventory_item_promote",
                context(world, "admin"),
                id=world["secret"]["id"],
            )
        assert "restriction" in error.value.error_dict

    def test_search_finds_public_items_and_never_restricted_ones(self, world):
        def found(text: str) -> int:
            return helpers.call_action(
                "package_search", {"ignore_auth": True}, q=text, fq="dataset_type:inventory"
            )["count"]

        assert found('"marchés publics"') == 1
        assert found('"Registre nominatif"') == 0

    @pytest.mark.parametrize("role", ["anonymous", "other_editor", "member"])
    def test_restricted_items_on_pages_and_exports(self, app, world, role):
        user = None if role == "anonymous" else world["users"][role]
        name = world["inventory"]["name"]
        sees = role in MEMBERS

        for url in (f"/fr/inventory/{name}", f"/fr/inventory/{name}/items.csv"):
            text = page_text(app, url, user)
            assert PUBLIC in text
            assert (SECRET in text) == sees, url

    def test_public_pages_show_aggregate_counts_only(self, app, world):
        html = page_text(app, f"/en/inventory/{world['inventory']['name']}")

        assert "Inventory items (2)" in html
        assert "With a legal impediment (not listed publicly): 1" in html
        assert SECRET not in html


def test_activity_streams_say_nothing_of_restricted_items(world, org):
    helpers.call_action(
        "opendataplan_inventory_item_update",
        context(world, "admin"),
        id=world["secret"]["id"],
        demand=4,
    )
    streams = [
        helpers.call_action("package_activity_list", id=world["inventory"]["id"]),
        helpers.call_action("organization_activity_list", id=org["id"]),
        helpers.call_action("recently_changed_packages_activity_list"),
    ]

    assert streams[0], "the inventory's own creation is in its stream"
    assert SECRET not in json.dumps(streams, ensure_ascii=False)
    assert world["secret"]["id"] not in json.dumps(streams)
