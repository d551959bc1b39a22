"""The national picture with harvested plans: the overview, the late page, the
scorecards and the open-data export count them like the others, offer a filter by
source (``?source=``) only when a harvested plan exists, and each plan row says which
portal it comes from, linking back."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from ckan.tests import factories, helpers

from tests import factories_odp
from tests.federation import test_marks

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

LATER = factories_odp.days_ago(-300)  # the plans still run: their late activities count

MARKS = {
    **test_marks.MARKS,
    "federation_source": "tth-region",
    "federation_portal_title": "بوابة جهة طنجة تطوان الحسيمة",
}
REGIONAL = "Regional late activity"


def harvested_plan(admin: dict[str, Any], org: dict[str, Any]) -> dict[str, Any]:
    """A plan and a late commitment, marked as the harvester marks what it writes."""
    plan = factories_odp.plan(
        admin, org, name="tth-open-region", plan_kind="ogp_local", period_end=LATER
    )
    milestones = [factories_odp.activity(REGIONAL, 40, 20)]
    commitment = factories_odp.commitment(admin, plan, org, name="tth-c1", milestones=milestones)
    for package in (plan, commitment):
        context = test_marks.harvester_context(admin)
        helpers.call_action("package_patch", context, id=package["id"], **MARKS)
    return plan


@pytest.fixture
def own(admin: dict[str, Any], org: dict[str, Any]) -> dict[str, Any]:
    plan = factories_odp.plan(admin, org, period_end=LATER)
    factories_odp.commitment(
        admin, plan, org, milestones=[factories_odp.activity("National late activity", 10, 50)]
    )
    return plan


def rows(app: Any, url: str) -> list[dict[str, str]]:
    body = app.get(url, status=200).body
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


def test_no_source_filter_without_harvested_plans(app: Any, own: dict[str, Any]):
    for url in ("/ar/progress", "/ar/progress/late", "/ar/progress/institutions"):
        page = app.get(url, status=200).body
        assert 'name="source"' not in page, url
    assert 'name="source"' not in app.get("/ar/progress/open-data", status=200).body
    [row] = rows(app, "/progress.csv")
    assert (row["source"], row["source_portal"]) == ("local", "")


def test_harvested_plans_count_and_say_where_they_come_from(app, admin, org, own):
    harvested_plan(admin, factories.Organization())
    page = app.get("/ar/progress", status=200).body
    assert '<select id="filter-source" name="source"' in page
    assert 'value="local"' in page and "هذه البوابة" in page
    assert 'value="tth-region"' in page and MARKS["federation_portal_title"] in page
    # the harvested plan's row links back to its page on the source portal
    assert f'href="{MARKS["federation_link"]}"' in page
    everything = {row["name"]: row for row in rows(app, "/progress.csv")}
    assert set(everything) == {own["name"], "tth-open-region"}
    assert everything["tth-open-region"]["source"] == "tth-region"
    assert everything["tth-open-region"]["source_link"] == MARKS["federation_link"]
    # the open-data plans table says it too (profile 1.1)
    exported = {row["plan"]: row for row in rows(app, "/progress/open-data/plans.csv")}
    assert {k: exported["tth-open-region"][k] for k in ("source", "source_link")} == {
        "source": "tth-region",
        "source_link": MARKS["federation_link"],
    }
    assert exported["tth-open-region"]["source_portal"] == MARKS["federation_portal_title"]
    assert (exported[own["name"]]["source"], exported[own["name"]]["source_link"]) == ("local", "")
    plans_json = app.get("/progress/open-data/plans.json", status=200).json
    assert {plan["source"] for plan in plans_json} == {"local", "tth-region"}
    data = app.get("/progress.json", status=200).json
    assert data["commitment_count"] == 2 and data["overdue_count"] == 2


@pytest.mark.parametrize(
    ("source", "plans", "activities"),
    [
        ("local", {"ogp-2018-2020"}, {"National late activity"}),
        ("tth-region", {"tth-open-region"}, {REGIONAL}),
        (
            "",
            {"ogp-2018-2020", "tth-open-region"},
            {"National late activity", "Regional late activity"},
        ),
        ("another-source", set(), set()),
    ],
)
def test_each_page_filters_by_source(app, admin, org, own, source, plans, activities):
    harvested_plan(admin, org)
    query = f"?source={source}"
    assert {row["name"] for row in rows(app, f"/progress.csv{query}")} == plans
    late = rows(app, f"/progress/late.csv{query}&period=all")
    assert {row["activity"] for row in late} == activities
    cards = app.get(f"/progress/institutions.json{query}", status=200).json["institutions"]
    assert sum(card["late_count"] for card in cards) == len(activities)
    exported = rows(app, f"/progress/open-data/plans.csv{query}")
    assert {row["plan"] for row in exported} == plans
    for url in ("/ar/progress", "/ar/progress/late", "/ar/progress/institutions"):
        page = app.get(url + query, status=200).body
        if source:
            assert f'value="{source}" selected' in page or source == "another-source", url


@pytest.mark.parametrize("value", ["Bad Source", "<script>", "x" * 101])
def test_a_wrong_source_is_a_400_naming_the_parameter(app, own, value):
    for url in ("/progress", "/progress/late", "/progress/institutions", "/progress.csv"):
        answer = app.get(url, query_string={"source": value}, status=400)
        assert "source" in answer.body
    app.get("/progress/open-data/plans.csv", query_string={"source": value}, status=400)


def test_the_headline_says_whose_figures_it_shows(app, admin, org, own):
    from bs4 import BeautifulSoup

    harvested_plan(admin, factories.Organization())

    def label(url: str) -> Any:
        page = BeautifulSoup(app.get(url, status=200).body, "html.parser")
        return page.select_one(".opendataplan-headline__label")

    assert label("/en/progress").text == "National progress"
    assert label("/en/progress?source=local").text == "Progress of this portal's own plans"
    found = label("/en/progress?source=tth-region")
    assert found.text == f"Progress of the plans from {MARKS['federation_portal_title']}"
    # the Arabic title is isolated in the English sentence, with its language
    assert found.select_one("bdi[lang=ar]").text == MARKS["federation_portal_title"]
    assert label("/ar/progress?source=tth-region").text.startswith("تقدّم الخطط الواردة من")
    assert label("/fr/progress?source=local").text == "Avancement des plans propres à ce portail"


def test_the_late_page_says_where_a_harvested_plan_comes_from(app, admin, org, own):
    from bs4 import BeautifulSoup

    harvested_plan(admin, factories.Organization())
    page = BeautifulSoup(app.get("/fr/progress/late?period=all", status=200).body, "html.parser")
    [regional] = [row for row in page.select("tbody tr") if REGIONAL in row.text]
    link = regional.select_one(f'a[href="{MARKS["federation_link"]}"]')
    assert link.text == MARKS["federation_portal_title"]
    assert (link["lang"], link["dir"]) == ("ar", "auto")
    assert "Provenant de" in regional.select_one("small").text
    [national] = [row for row in page.select("tbody tr") if "National late activity" in row.text]
    assert not national.select('a[rel="external"]')
    late = {row["activity"]: row for row in rows(app, "/progress/late.csv?period=all")}
    assert late[REGIONAL]["source"] == "tth-region"
    assert late[REGIONAL]["source_portal"] == MARKS["federation_portal_title"]
    assert late[REGIONAL]["source_link"] == MARKS["federation_link"]
    assert late["National late activity"]["source"] == "local"
    data = app.get("/progress/late.json?period=all", status=200).json
    assert {row["source"] for row in data["activities"]} == {"local", "tth-region"}


def test_an_arabic_portal_title_is_marked_on_french_and_english_pages(app, admin, org, own):
    from bs4 import BeautifulSoup

    harvested_plan(admin, factories.Organization())
    title = MARKS["federation_portal_title"]
    for url, where in (
        ("/fr/progress", "tbody"),
        ("/en/plan/tth-open-region", ".opendataplan-harvested"),
        ("/en/commitment/tth-c1", ".opendataplan-harvested"),
        ("/fr/plan/tth-open-region", ".opendataplan-reports"),
    ):
        page = BeautifulSoup(app.get(url, status=200).body, "html.parser")
        [named] = [tag for tag in page.select(f"{where} [lang=ar]") if tag.text == title]
        assert named.name == "bdi" or named.get("dir") == "auto", url
