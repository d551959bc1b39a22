"""No body changes another body's figures: every tie between objects (a report to its
plan, a commitment to its plan, a dataset to an item or a commitment) passes the same
check on create, update, patch and the web forms, for every kind of user."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import ckan.model as model
import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import COORDINATOR, ReadOnly, portal

pytestmark = portal

ROLES = (
    "anonymous",
    "plain_user",
    "unrelated_member",
    "unrelated_editor",
    "unrelated_admin",
    "lead_member",
    "lead_editor",
    "lead_admin",
    "plan_member",
    "plan_editor",
    "plan_admin",
    "sysadmin",
)


def build_world() -> dict[str, Any]:
    """The coordinating body owns plan P (and P2); commitment K of P is led by the lead
    body, which owns plan L of its own; an unrelated body owns plan U with commitment KU
    and an inventory of its own. One setup serves every role of a matrix."""
    sysadmin = f.factories.Sysadmin()
    coordinator = f.factories.Organization(name=COORDINATOR)
    lead, unrelated = f.factories.Organization(), f.factories.Organization()
    plan = f.plan(sysadmin, coordinator, name="plan-p")
    world = {
        "sysadmin": sysadmin,
        "orgs": {"plan": coordinator, "lead": lead, "unrelated": unrelated},
        "plan": plan,
        "plan2": f.plan(sysadmin, coordinator, name="plan-p2"),
        "lead_plan": f.plan(sysadmin, lead, name="plan-l"),
        "other_plan": f.plan(sysadmin, unrelated, name="plan-u"),
        "commitment": f.commitment(sysadmin, plan, lead, name="c-k", progress=40),
        "users": {"anonymous": None, "plain_user": f.factories.User(), "sysadmin": sysadmin},
    }
    world["other_commitment"] = f.commitment(
        sysadmin, world["other_plan"], unrelated, name="c-ku", progress=10
    )
    for body, org in world["orgs"].items():
        for role in ("member", "editor", "admin"):
            world["users"][f"{body}_{role}"] = f.member(org, role)
    return world


@pytest.fixture
def world() -> dict[str, Any]:
    """A world of its own for a test that writes."""
    return build_world()


class SharedWorld(ReadOnly):
    """Tests that only read: one world for the whole class."""

    @pytest.fixture(scope="class")
    def world(self, clean_db_for_class: None) -> dict[str, Any]:
        return build_world()


def may(action: str, user: dict | None, data: dict) -> bool:
    context = {"model": model, "user": user["name"] if user else ""}
    try:
        helpers.call_auth(action, context, **data)
    except helpers.logic.NotAuthorized:
        return False
    return True


def matrix(world: dict, action: str, data: dict) -> set[str]:
    """The roles allowed to do it."""
    return {role for role in ROLES if may(action, world["users"][role], data)}


def as_user(user: dict | None) -> dict:
    return {"user": user["name"] if user else "", "ignore_auth": False}


def progress(package_id: str) -> int:
    return helpers.call_action("package_show", id=package_id)["progress"]


def snapshots(package_id: str) -> int:
    return len(helpers.call_action("opendataplan_progress_history", id=package_id))


# 1. A progress report moved to another body's plan


class TestAReportMovedToAnotherBodysPlan(SharedWorld):
    @pytest.fixture(scope="class")
    def own_report(self, world) -> dict:
        """A report by the unrelated body's editor on its own plan."""
        return f.report(
            world["users"]["unrelated_editor"],
            world["other_plan"],
            [{"commitment": world["other_commitment"]["id"], "progress": 20}],
            name="own-report",
        )

    def test_a_report_moved_to_another_bodys_plan_is_refused_like_a_create(self, world, own_report):
        target = world["commitment"]
        before = (progress(target["id"]), snapshots(target["id"]))
        move = {"plan": world["plan"]["id"], "updates": [{"commitment": "c-k", "progress": 99}]}

        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action(
                "package_patch",
                as_user(world["users"]["unrelated_editor"]),
                id="own-report",
                **move,
            )
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action(
                "package_create",
                as_user(world["users"]["unrelated_editor"]),
                type="progress_report",
                name="r2",
                meeting_date="2020-07-15",
                **move,
            )

        assert (progress(target["id"]), snapshots(target["id"])) == before
        # Only who may edit both plans may move it: the sysadmin among these roles.
        assert matrix(world, "package_update", {"id": own_report["id"], **move}) == {"sysadmin"}
        assert matrix(world, "package_patch", {"id": own_report["id"], **move}) == {"sysadmin"}

    def test_who_may_edit_a_report_in_place(self, world, own_report):
        data = {"id": own_report["id"], "plan": world["other_plan"]["id"]}
        expected = {"unrelated_editor", "unrelated_admin", "sysadmin"}
        assert matrix(world, "package_update", data) == expected
        assert matrix(world, "package_delete", {"id": own_report["id"]}) == expected

    def test_a_report_moved_through_the_web_form_is_refused(self, app, world, own_report):
        editor = world["users"]["unrelated_editor"]
        headers = {"Authorization": f.factories.APIToken(user=editor["name"])["token"]}
        page = BeautifulSoup(
            app.get("/progress_report/edit/own-report", headers=headers).body, "html.parser"
        )
        token = page.find("input", attrs={"name": "_csrf_token"})["value"]
        form = {
            "_csrf_token": token,
            "plan": world["plan"]["id"],
            "meeting_date": "2020-07-15",
            "name": "own-report",
            "updates-0-commitment": world["commitment"]["id"],
            "updates-0-progress": "99",
            "save": "",
        }
        response = app.post("/progress_report/edit/own-report", data=form, headers=headers)
        assert response.status_code == 403
        assert progress(world["commitment"]["id"]) == 40


# 2. A commitment moved between plans


class TestACommitmentMovedOutOfItsPlan(SharedWorld):
    def test_moving_a_commitment_into_another_bodys_plan_is_refused(self, world):
        editor = world["users"]["unrelated_editor"]
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action(
                "package_patch", as_user(editor), id="c-ku", plan=world["plan"]["id"]
            )
        plan = helpers.call_action("opendataplan_plan_progress", id=world["plan"]["id"])
        assert [c["name"] for c in plan["commitments"]] == ["c-k"]

    def test_the_lead_body_may_not_take_a_commitment_out_of_the_plan(self, world):
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action(
                "package_patch",
                as_user(world["users"]["lead_admin"]),
                id="c-k",
                plan=world["lead_plan"]["id"],
            )
        assert helpers.call_action("package_show", id="c-k")["plan"] == world["plan"]["id"]

    @pytest.mark.parametrize(
        "target, allowed",
        [
            ("lead_plan", {"sysadmin"}),  # out of the coordinator's plan, even by the lead body
            ("other_plan", {"sysadmin"}),  # into a third body's plan
            ("plan2", {"plan_admin", "sysadmin"}),  # between two plans of the same coordinator
            ("plan", {"lead_editor", "lead_admin", "plan_admin", "sysadmin"}),  # no move
        ],
    )
    def test_who_may_change_a_commitments_plan(self, world, target, allowed):
        data = {"id": world["commitment"]["id"], "plan": world[target]["id"]}
        assert matrix(world, "package_update", data) == allowed
        assert matrix(world, "package_patch", data) == allowed


def test_a_move_allowed_to_the_coordinator_counts_in_the_new_plan(world):
    helpers.call_action(
        "package_patch",
        as_user(world["users"]["plan_admin"]),
        id="c-k",
        plan=world["plan2"]["id"],
    )
    moved = helpers.call_action("opendataplan_plan_progress", id=world["plan2"]["id"])
    left = helpers.call_action("opendataplan_plan_progress", id=world["plan"]["id"])
    assert (moved["commitment_count"], left["commitment_count"]) == (1, 0)


# 3 and 5. A dataset tied to an inventory item


@pytest.fixture
def lead_inventory(world) -> dict:
    return f.inventory(world["sysadmin"], world["orgs"]["lead"], name="lead-inventory")


def _dataset_in_own_body(world: dict, role: str, item_id: str) -> str:
    """Create, as ``role``, a dataset of its own body (any body for the others) tied to
    the item; the outcome: ``created``, ``refused`` (not authorized) or the field error."""
    body = role.split("_")[0] if role.split("_")[0] in world["orgs"] else "unrelated"
    try:
        helpers.call_action(
            "package_create",
            as_user(world["users"][role]),
            name=f"ds-{role.replace('_', '-')}",
            title="Dataset",
            owner_org=world["orgs"][body]["id"],
            inventory_item=item_id,
        )
    except helpers.logic.NotAuthorized:
        return "refused"
    except helpers.logic.ValidationError as error:
        return "error: " + " ".join(error.error_dict.get("inventory_item", ["?"]))
    return "created"


def test_only_the_inventory_editors_may_publish_its_items(world, lead_inventory):
    outcomes = {}
    for role in ROLES:
        item = f.item(world["sysadmin"], lead_inventory, reference=f"R-{role}")
        outcomes[role] = _dataset_in_own_body(world, role, item["id"])
        stored = helpers.call_action("opendataplan_inventory_item_show", id=item["id"])
        assert (stored["dataset"] is not None) == (outcomes[role] == "created"), role
    created = {role for role, outcome in outcomes.items() if outcome == "created"}
    assert created == {"lead_editor", "lead_admin", "sysadmin"}
    refused_editor = outcomes["unrelated_editor"]
    assert "Only those who may edit the inventory may publish its items" in refused_editor


def test_a_restricted_item_is_never_published(world, lead_inventory):
    item = f.item(world["sysadmin"], lead_inventory, reference="R", restriction="personal_data")
    editor = world["users"]["lead_editor"]
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action(
            "package_create",
            as_user(editor),
            name="personal",
            title="Personal",
            owner_org=world["orgs"]["lead"]["id"],
            inventory_item=item["id"],
        )
    assert "legal impediment" in error.value.error_dict["inventory_item"][0]
    assert model.Package.get("personal") is None


def test_an_item_restricted_after_its_link_stays_unpublished(world, lead_inventory):
    item = f.item(world["sysadmin"], lead_inventory, reference="R")
    dataset = helpers.call_action(
        "package_create",
        as_user(world["sysadmin"]),
        name="later-public",
        title="Later public",
        owner_org=world["orgs"]["lead"]["id"],
        inventory_item=item["id"],
        private=True,
    )
    helpers.call_action("opendataplan_inventory_item_update", id=item["id"], restriction="security")
    helpers.call_action(
        "package_patch", {"user": world["sysadmin"]["name"]}, id=dataset["id"], private=False
    )
    stored = helpers.call_action(
        "opendataplan_inventory_item_show", {"user": world["sysadmin"]["name"]}, id=item["id"]
    )
    assert stored["publication_status"] != "published"


def test_an_item_already_published_keeps_its_dataset(world, lead_inventory):
    item = f.item(world["sysadmin"], lead_inventory, reference="R")
    editor = as_user(world["users"]["lead_editor"])
    owner = world["orgs"]["lead"]["id"]
    helpers.call_action(
        "package_create",
        editor,
        name="first",
        title="First",
        owner_org=owner,
        inventory_item=item["id"],
    )
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action(
            "package_create",
            editor,
            name="second",
            title="Second",
            owner_org=owner,
            inventory_item=item["id"],
        )
    assert "already has its dataset" in error.value.error_dict["inventory_item"][0]


def test_an_item_may_not_claim_another_bodys_dataset(world, lead_inventory):
    """The dataset's page would say where it comes from: tying needs the right to edit it."""
    foreign = f.factories.Dataset(owner_org=world["orgs"]["unrelated"]["id"])
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action(
            "opendataplan_inventory_item_create",
            as_user(world["users"]["lead_editor"]),
            inventory=lead_inventory["id"],
            title={"en": "Claim"},
            dataset=foreign["id"],
        )
    assert "may edit the dataset" in error.value.error_dict["dataset"][0]


# 4. A private commitment answers like one that does not exist


@pytest.fixture
def private_commitment(world) -> dict:
    return f.commitment(
        world["sysadmin"], world["plan"], world["orgs"]["lead"], name="secret", private=True
    )


def _dataset_error(world: dict, role: str, commitment: str) -> list[str]:
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action(
            "package_create",
            as_user(world["users"][role]),
            name=f"claims-{commitment}",
            title="Claims",
            owner_org=world["orgs"]["unrelated"]["id"],
            commitment=commitment,
        )
    return error.value.error_dict["commitment"]


def test_a_private_commitment_answers_like_a_missing_one(world, private_commitment):
    hidden = _dataset_error(world, "unrelated_editor", "secret")
    missing = _dataset_error(world, "unrelated_editor", "nothing-here")
    assert [m.replace("secret", "X") for m in hidden] == [
        m.replace("nothing-here", "X") for m in missing
    ]
    inventory = f.inventory(world["sysadmin"], world["orgs"]["unrelated"], name="u-inventory")
    for reference in ("secret", "nothing-here"):
        with pytest.raises(helpers.logic.ValidationError) as error:
            helpers.call_action(
                "opendataplan_inventory_item_create",
                as_user(world["users"]["unrelated_editor"]),
                inventory=inventory["id"],
                title={"en": "Item"},
                commitment=reference,
            )
        assert error.value.error_dict["commitment"] == [f"Commitment not found: {reference}"]


def test_the_lead_body_may_tie_its_dataset_to_its_private_commitment(world, private_commitment):
    created = helpers.call_action(
        "package_create",
        as_user(world["users"]["lead_editor"]),
        name="lead-dataset",
        title="Lead dataset",
        owner_org=world["orgs"]["lead"]["id"],
        commitment="secret",
    )
    assert f.dataset_field(created, "commitment") == private_commitment["id"]


def test_a_public_dataset_page_does_not_show_a_private_commitment(app, world, private_commitment):
    dataset = helpers.call_action(
        "package_create",
        as_user(world["sysadmin"]),
        name="public-dataset",
        title="Public dataset",
        owner_org=world["orgs"]["lead"]["id"],
        commitment="secret",
    )
    page = app.get(f"/en/dataset/{dataset['name']}")
    assert page.status_code == 200
    assert "/commitment/secret" not in page.body
    assert "Données ouvertes" not in page.body  # the commitment's title


# 7. A plan's figures are the same for every reader, on every channel


def test_plan_figures_are_the_same_for_every_reader(world, private_commitment):
    """A public plan counts its public commitments, whoever reads it: the figure its
    institution's members see is the one citizens and the index see."""
    plan_id = world["plan"]["id"]
    for role in ("anonymous", "unrelated_editor", "lead_member", "plan_admin", "sysadmin"):
        context = {**as_user(world["users"][role]), "ignore_auth": False}
        shown = helpers.call_action("package_show", context, id=plan_id)
        figures = helpers.call_action("opendataplan_plan_progress", context, id=plan_id)
        assert shown["commitment_count"] == figures["commitment_count"] == 1, role
        assert [c["name"] for c in figures["commitments"]] == ["c-k"], role
        assert shown["progress"] == figures["progress"] == 40, role
    searched = helpers.call_action("package_search", fq=f"id:{plan_id}")["results"][0]
    assert (searched["commitment_count"], searched["progress"]) == (1, 40)


def test_a_private_draft_plan_counts_its_own_institutions_private_commitments(world):
    sysadmin, coordinator = world["sysadmin"], world["orgs"]["plan"]
    draft = f.plan(sysadmin, coordinator, name="draft-plan", private=True)
    f.commitment(sysadmin, draft, coordinator, name="own", private=True, progress=60)
    f.commitment(sysadmin, draft, world["orgs"]["lead"], name="other", private=True, progress=0)
    f.commitment(sysadmin, draft, world["orgs"]["lead"], name="open", progress=20)
    context = {**as_user(world["users"]["plan_member"]), "ignore_auth": False}
    figures = helpers.call_action("opendataplan_plan_progress", context, id="draft-plan")
    assert sorted(c["name"] for c in figures["commitments"]) == ["open", "own"]
    assert figures["progress"] == 40


def _web(app, user: dict | None):
    headers = {"Authorization": f.factories.APIToken(user=user["name"])["token"]} if user else {}
    return lambda url, status=200: app.get(url, headers=headers, status=status)


def _first_bar(body: str) -> int:
    return int(re.search(r'role="progressbar"[^>]*aria-valuenow="(\d+)"', body).group(1))


@pytest.mark.parametrize("role", ["anonymous", "lead_member"])
def test_a_private_commitment_on_every_web_channel(app, world, role):
    f.commitment(
        world["sysadmin"],
        world["plan"],
        world["orgs"]["lead"],
        name="secret",
        private=True,
        progress=90,
    )
    user = world["users"][role]
    get, sees = _web(app, user), role == "lead_member"
    expected = helpers.call_action(
        "opendataplan_plan_progress", {**as_user(user), "ignore_auth": False}, id="plan-p"
    )
    assert expected["commitment_count"] == 1  # the same figure for every reader
    plan_json = get("/progress/plan/plan-p.json").json["progress"]
    overview = {p["name"]: p for p in get("/progress.json").json["plans"]}
    rows = list(csv.DictReader(io.StringIO(get("/progress/plan/plan-p.csv").body)))
    assert plan_json["progress"] == overview["plan-p"]["progress"] == expected["progress"]
    assert _first_bar(get("/plan/plan-p").body) == expected["progress"]
    assert _first_bar(get("/embed/plan/plan-p").body) == expected["progress"]
    assert [row["name"] for row in rows] == [c["name"] for c in expected["commitments"]] == ["c-k"]
    assert "secret" not in get("/plan/plan-p/print").body
    status = 200 if sees else 404
    for url in (
        "/commitment/secret",
        "/embed/commitment/secret",
        "/progress/commitment/secret.json",
        "/progress/commitment/secret.csv",
    ):
        get(url, status=status)


@pytest.mark.parametrize("role", ["anonymous", "plan_member"])
def test_a_private_plan_on_every_web_channel(app, world, role):
    f.plan(world["sysadmin"], world["orgs"]["plan"], name="hidden-plan", private=True)
    get, sees = _web(app, world["users"][role]), role == "plan_member"
    status = 200 if sees else 404
    for url in (
        "/plan/hidden-plan",
        "/plan/hidden-plan/print",
        "/embed/plan/hidden-plan",
        "/progress/plan/hidden-plan.json",
        "/progress/plan/hidden-plan.csv",
    ):
        get(url, status=status)
    listed = {p["name"] for p in get("/progress.json").json["plans"]}
    assert "hidden-plan" not in listed  # the national overview lists public plans only
    assert "hidden-plan" not in get("/progress").body
    assert ("hidden-plan" in get("/plan/").body) is sees


# 9. Framing


class TestPagesFormsAndLinks(SharedWorld):
    """Framing (9), a move through the web form, and links (8)."""

    def test_pages_may_be_framed_only_by_the_portal_and_embeds_by_anyone(self, app, world):
        for url in ("/progress", "/plan/plan-p", "/commitment/c-k", "/dataset"):
            headers = app.get(url).headers
            assert headers["X-Frame-Options"] == "SAMEORIGIN", url
            assert "frame-ancestors 'self'" in headers["Content-Security-Policy"], url
        embed = app.get("/embed/commitment/c-k").headers
        assert "X-Frame-Options" not in embed
        assert embed["Content-Security-Policy"] == "frame-ancestors *"

    def test_a_commitment_moved_out_of_its_plan_through_the_form_is_refused(self, app, world):
        headers, form = _form(app, world["users"]["lead_admin"], "/commitment/edit/c-k")
        form.update(
            {
                "plan": world["lead_plan"]["id"],
                "name": "c-k",
                "title_translated-en": "Moved",
                "owner_org": world["orgs"]["lead"]["id"],
                "save": "",
            }
        )
        response = app.post("/commitment/edit/c-k", data=form, headers=headers)
        assert response.status_code == 403
        assert helpers.call_action("package_show", id="c-k")["plan"] == world["plan"]["id"]

    def test_links_other_than_http_are_refused_and_never_rendered(self, app, world):
        for url in ("javascript:alert(1)", "data:text/html,<script>", "JAVASCRIPT:x", "//evil"):
            with pytest.raises(helpers.logic.ValidationError) as error:
                helpers.call_action(
                    "package_patch",
                    as_user(world["users"]["lead_editor"]),
                    id="c-k",
                    evidence=[{"title": "Proof", "url": url}],
                )
            assert "evidence" in error.value.error_dict
        # An ordinary dataset keeps CKAN's rules: its page links only a web address.
        dataset = helpers.call_action(
            "package_create",
            as_user(world["users"]["lead_editor"]),
            name="with-source",
            title="With source",
            owner_org=world["orgs"]["lead"]["id"],
            url="javascript:alert(1)",
        )
        page = BeautifulSoup(app.get(f"/en/dataset/{dataset['name']}").body, "html.parser")
        assert not page.select('a[href^="javascript"]')


# The web forms go through the same checks


def _form(app, user: dict, url: str) -> tuple[dict, dict]:
    headers = {"Authorization": f.factories.APIToken(user=user["name"])["token"]}
    page = BeautifulSoup(app.get(url, headers=headers).body, "html.parser")
    return headers, {"_csrf_token": page.find("input", attrs={"name": "_csrf_token"})["value"]}


def test_another_bodys_item_through_the_dataset_form_is_a_field_error(app, world, lead_inventory):
    item = f.item(world["sysadmin"], lead_inventory, reference="R")
    headers, form = _form(app, world["users"]["unrelated_editor"], "/dataset/new")
    form.update(
        {
            "title": "Claim",
            "name": "claim",
            "owner_org": world["orgs"]["unrelated"]["id"],
            "inventory_item": item["id"],
            "save": "continue",
        }
    )
    response = app.post("/en/dataset/new", data=form, headers=headers)
    assert response.status_code == 200
    assert "Only those who may edit the inventory may publish its items" in response.body
    assert model.Package.get("claim") is None
    stored = helpers.call_action("opendataplan_inventory_item_show", id=item["id"])
    assert stored["dataset"] is None


# 8. Links


def test_a_stored_javascript_link_is_shown_as_text(app, world):
    """Data stored before the check: the page shows it, but not as a link."""
    dataset = helpers.call_action(
        "package_create",
        as_user(world["sysadmin"]),
        name="old-source",
        title="Old source",
        owner_org=world["orgs"]["lead"]["id"],
        url="https://example.org/data",
    )
    model.Session.query(model.Package).filter_by(id=dataset["id"]).update(
        {"url": "javascript:alert(1)"}
    )
    model.Session.commit()
    from ckan.lib.search import rebuild

    rebuild(dataset["id"])
    body = app.get("/en/dataset/old-source").body
    assert "javascript:alert(1)" in body
    assert 'href="javascript:' not in body


# Found by the hostile review


@pytest.mark.ckan_config("ckan.auth.user_create_organizations", "true")
def test_a_body_that_coordinates_nothing_may_not_name_another_lead(world):
    """Anyone may create an organization and a plan here; not attribute commitments."""
    user = world["users"]["plain_user"]
    org = helpers.call_action("organization_create", as_user(user), name="own-body")
    helpers.call_action(
        "package_create",
        as_user(user),
        type="plan",
        name="own-plan",
        owner_org=org["id"],
        title_translated={"en": "Own plan"},
        plan_kind="national_open_data",
        period_start="2024-01-01",
        period_end="2025-01-01",
        version_status="final",
    )
    with pytest.raises((helpers.logic.NotAuthorized, helpers.logic.ValidationError)):
        helpers.call_action(
            "package_create",
            as_user(user),
            type="commitment",
            name="fake-lead",
            plan="own-plan",
            owner_org=world["orgs"]["lead"]["id"],
            title_translated={"en": "Fake"},
        )
    assert model.Package.get("fake-lead") is None


def test_a_dataset_may_claim_only_a_commitment_of_its_institution(world):
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action(
            "package_create",
            as_user(world["users"]["unrelated_editor"]),
            name="claims-k",
            title="Claims",
            owner_org=world["orgs"]["unrelated"]["id"],
            commitment="c-k",
        )
    assert "lead institution" in error.value.error_dict["commitment"][0]
    for role, body in (("lead_editor", "lead"), ("plan_editor", "plan")):
        helpers.call_action(
            "package_create",
            as_user(world["users"][role]),
            name=f"fulfils-{body}",
            title="Fulfils",
            owner_org=world["orgs"][body]["id"],
            commitment="c-k",
        )


def test_the_plan_facet_lists_no_private_plan(app, world):
    secret = f.plan(world["sysadmin"], world["orgs"]["plan"], name="secret-plan", private=True)
    f.commitment(world["sysadmin"], secret, world["orgs"]["lead"], name="c-in-secret")
    body = app.get("/en/commitment/").body
    assert secret["id"] not in body
    found = helpers.call_action(
        "package_search", {"user": ""}, fq="dataset_type:commitment", **{"facet.field": '["plan"]'}
    )
    assert secret["id"] in found["facets"]["plan"]  # the raw API facet: ids only, no title


def test_an_item_shows_no_private_link(world, private_commitment, lead_inventory):
    item = f.item(world["sysadmin"], lead_inventory, reference="R", commitment="secret")
    shown = helpers.call_action("opendataplan_inventory_item_show", {"user": ""}, id=item["id"])
    assert (shown["commitment"], shown["commitment_name"]) == (None, None)
    lead = helpers.call_action(
        "opendataplan_inventory_item_show",
        {"user": world["users"]["lead_member"]["name"]},
        id=item["id"],
    )
    assert lead["commitment_name"] == "secret"


def test_private_objects_answer_not_found_in_the_plugins_actions(world, private_commitment):
    for action, name in (
        ("opendataplan_progress_history", "secret"),
        ("opendataplan_progress_history", "missing-one"),
    ):
        with pytest.raises(helpers.logic.NotFound) as error:
            helpers.call_action(action, {"user": "", "ignore_auth": False}, id=name)
        assert str(error.value) == "Commitment not found"
    secret_plan = f.plan(world["sysadmin"], world["orgs"]["plan"], name="hidden-plan", private=True)
    with pytest.raises(helpers.logic.NotFound):
        helpers.call_action(
            "opendataplan_plan_progress", {"user": "", "ignore_auth": False}, id=secret_plan["id"]
        )


def test_resaving_an_old_dataset_does_not_take_its_item_back(world, lead_inventory):
    item = f.item(world["sysadmin"], lead_inventory, reference="R")
    owner = world["orgs"]["lead"]["id"]
    editor = as_user(world["users"]["lead_editor"])
    helpers.call_action(
        "package_create",
        editor,
        name="old-d",
        title="Old",
        owner_org=owner,
        inventory_item=item["id"],
    )
    newer = helpers.call_action(
        "package_create", editor, name="new-d", title="New", owner_org=owner
    )
    helpers.call_action(
        "opendataplan_inventory_item_update", editor, id=item["id"], dataset=newer["id"]
    )
    with pytest.raises(helpers.logic.ValidationError):
        helpers.call_action("package_patch", editor, id="old-d", notes="edited")
    stored = helpers.call_action("opendataplan_inventory_item_show", id=item["id"])
    assert stored["dataset"] == newer["id"]


@pytest.mark.parametrize("case", ["private_commitment", "restricted_item"])
def test_hidden_and_restricted_ties_through_the_dataset_form(
    app, world, private_commitment, lead_inventory, case
):
    """Cases 4 and 5 through the web form: a field error, and nothing written."""
    restricted = f.item(world["sysadmin"], lead_inventory, reference="R", restriction="security")
    role, field, value, message = {
        "private_commitment": (
            "unrelated_editor",
            "commitment",
            "secret",
            "Commitment not found: secret",
        ),
        "restricted_item": ("lead_editor", "inventory_item", restricted["id"], "legal impediment"),
    }[case]
    body = "lead" if role == "lead_editor" else "unrelated"
    headers, form = _form(app, world["users"][role], "/dataset/new")
    form.update(
        {
            "title": "Tied",
            "name": "tied",
            "owner_org": world["orgs"][body]["id"],
            field: value,
            "save": "continue",
        }
    )
    response = app.post("/en/dataset/new", data=form, headers=headers)
    assert response.status_code == 200
    assert message in response.body
    assert model.Package.get("tied") is None
