"""`ckan opendataplan demo load` loads the demo data, and running it again changes nothing."""

from __future__ import annotations

import pytest
from ckan.cli.cli import ckan
from ckan.tests import helpers

from ckanext.opendataplan.domain import inventory as inventory_rules
from tests import factories_odp as f
from tests.marks import COORDINATOR

# The demo is loaded once for the module (its first load is what costs), and again by
# each test: loading again must change nothing, which the tests check.
pytestmark = [
    pytest.mark.ckan_config("ckanext.opendataplan.coordinating_bodies", COORDINATOR),
    pytest.mark.usefixtures("with_plugins", "clean_db_once"),
]


def organization_names() -> list[str]:
    return sorted(helpers.call_action("organization_list"))


def test_demo_load_creates_the_seed_institutions(cli):
    result = cli.invoke(ckan, ["opendataplan", "demo", "load"])

    assert result.exit_code == 0, result.output
    assert organization_names() == [
        "digital-development-agency",
        "mef-administration-reform",
        "tn-ministry-communication-technologies",
    ]
    agency = helpers.call_action("organization_show", id="digital-development-agency")
    assert agency["title"] == "وكالة التنمية الرقمية"


def test_demo_load_twice_updates_in_place(cli):
    cli.invoke(ckan, ["opendataplan", "demo", "load"])
    result = cli.invoke(ckan, ["opendataplan", "demo", "load"])

    assert result.exit_code == 0, result.output
    assert len(organization_names()) == 3


def test_demo_load_brings_the_seed_plans(cli):
    result = cli.invoke(ckan, ["opendataplan", "demo", "load"])
    assert result.exit_code == 0, result.output

    ogp = helpers.call_action("opendataplan_plan_progress", id="ma-ogp-2018-2020")
    commitment_4 = helpers.call_action("package_show", id="ma-ogp-2018-2020-c4-open-data")
    national = helpers.call_action("package_show", id="ma-national-open-data-2021")
    annual = helpers.call_action("package_show", id="tn-mtc-open-data-plan-2022")

    assert commitment_4["progress"] == 96
    assert len(commitment_4["milestones"]) == 7
    assert [i["source"] for i in commitment_4["indicators"]] == [
        "portal_publishers",
        "portal_datasets",
        "portal_reuses",
    ]
    assert [(i.get("baseline"), i["target"]) for i in commitment_4["indicators"]] == [
        (16, 32),
        (136, 300),
        (None, 20),
    ]
    # 17 commitments at their figures of 15 July 2020, commitment 4 at 96 from its card
    assert ogp["progress"] == 78 and ogp["commitment_count"] == 18
    history = helpers.call_action("opendataplan_progress_history", id=commitment_4["id"])
    assert [(h["date"], h["progress"], h["source"]) for h in history][0] == (
        "2020-07-15",
        72,
        "report",
    )
    c07 = helpers.call_action("package_show", id="ma-ogp-2018-2020-c07")
    assert (c07["progress"], c07["completion_level"]) == (24, "limited")
    assert national["plan_kind"] == "national_open_data" and national["commitment_count"] == 13
    assert annual["plan_kind"] == "institutional_annual"
    assert {line["funding_source"] for line in annual["budget_lines"]} == {
        "own_budget",
        "international_cooperation",
    }


def test_demo_load_twice_adds_nothing(cli):
    cli.invoke(ckan, ["opendataplan", "demo", "load"])
    cli.invoke(ckan, ["opendataplan", "demo", "load"])

    plans = helpers.call_action("package_search", fq="dataset_type:plan")["count"]
    commitments = helpers.call_action("package_search", fq="dataset_type:commitment")["count"]
    reports = helpers.call_action("package_search", fq="dataset_type:progress_report")["count"]
    # the draft second OGP plan and the two commitments its accepted proposals became
    assert (plans, commitments, reports) == (4, 35, 1)
    history = helpers.call_action(
        "opendataplan_progress_history", id="ma-ogp-2018-2020-c07", include_withdrawn=True
    )
    # the meeting; the commitment was created without a figure of its own
    assert [h["progress"] for h in history] == [24]


def test_demo_load_brings_an_inventory_with_every_status_and_impediment(cli):
    cli.invoke(ckan, ["opendataplan", "demo", "load"])
    result = cli.invoke(ckan, ["opendataplan", "demo", "load"])
    assert result.exit_code == 0, result.output

    sysadmin = {"user": helpers.call_action("get_site_user")["name"]}
    items = helpers.call_action(
        "opendataplan_inventory_item_list", sysadmin, inventory="tn-mtc-inventory-2022"
    )
    assert len(items) == 8
    assert {i["publication_status"] for i in items} == set(inventory_rules.PUBLICATION_STATUSES)
    assert {i["restriction"] for i in items} == set(inventory_rules.RESTRICTIONS)
    published = [i for i in items if i["publication_status"] == "published"]
    assert len(published) == 2
    for item in published:
        dataset = helpers.call_action("package_show", id=item["dataset"])
        assert (dataset["state"], dataset["private"]) == ("active", False)
        assert f.dataset_field(dataset, "commitment") == item["commitment"]
    commitment = helpers.call_action("package_show", id="tn-mtc-2022-publication")
    assert commitment["indicators"][0]["live_current"] == 2
    public = helpers.call_action(
        "opendataplan_inventory_item_list", inventory="tn-mtc-inventory-2022"
    )
    assert len(public) == 4  # the four with a legal impediment are not listed


def test_demo_load_brings_the_second_plans_preparation(cli):
    cli.invoke(ckan, ["opendataplan", "demo", "load"])
    cli.invoke(ckan, ["opendataplan", "demo", "load"])

    report = helpers.call_action("opendataplan_consultation_report", plan="ma-ogp-2021-2023")
    assert (report["proposals"], report["comments"], report["unanswered"]) == (4, 4, 0)
    assert report["closed_at"].startswith("2020-12-28")
    assert report["proposal_statuses"] == {
        "submitted": 0,
        "accepted": 2,
        "merged": 1,
        "not_retained": 1,
    }
    accepted = [p for p in report["proposal_list"] if p["status"] == "accepted"]
    assert {p["commitment"]["name"] for p in accepted} == {
        "ma-ogp-2021-2023-open-procurement",
        "ma-ogp-2021-2023-e-petitions",
    }
    assert all("@" not in p["author"] for p in report["proposal_list"])
    on = sorted(str(c["commitment"]) for c in report["comment_list"])
    # the hidden comment (advertising) keeps its commitment from anonymous readers too
    assert on == [
        "None",
        "None",
        "ma-ogp-2021-2023-e-petitions",
        "ma-ogp-2021-2023-open-procurement",
    ]


def test_the_regional_sets_institution_alone_for_the_national_portal(cli):
    """`make federation` makes the region's council on the national portal, to own what
    it harvests; the national demo's plans are left as they are."""
    cli.invoke(ckan, ["opendataplan", "demo", "load"])
    plans = helpers.call_action("package_search", fq="type:plan", rows=0)["count"]
    arguments = ["opendataplan", "demo", "load", "--set", "regional", "--organizations-only"]
    result = cli.invoke(ckan, arguments)

    assert result.exit_code == 0, result.output
    assert "tanger-tetouan-al-hoceima-region" in organization_names()
    assert helpers.call_action("package_search", fq="type:plan", rows=0)["count"] == plans
