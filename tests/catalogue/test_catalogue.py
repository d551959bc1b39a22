"""Plans, commitments, reports and inventories are stored as datasets but are not data:
the data catalogue (ckanext-dcat's feeds, CKAN's dataset counts and search pages) lists
the datasets only, while the API and the plugin's own pages keep them."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
import rdflib
from bs4 import BeautifulSoup
from ckan.tests import helpers

from tests import factories_odp as f

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db_once")

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")


@pytest.fixture(scope="module")
def scene(clean_db_once: None) -> dict[str, Any]:
    """One of each plugin type beside one dataset, in one institution."""
    from ckan.tests import factories

    admin = factories.Sysadmin()
    org = factories.Organization(name="institution")
    plan = f.plan(admin, org)
    commitment = f.commitment(admin, plan, org, milestones=f.milestones())
    f.report(admin, plan, [{"commitment": commitment["id"], "progress": 60}])
    f.inventory(admin, org)
    dataset = factories.Dataset(
        owner_org=org["id"], name="budget-2024", commitment=commitment["id"]
    )
    return {"org": org, "plan": plan, "commitment": commitment, "dataset": dataset}


def catalogue_datasets(turtle: str) -> set[str]:
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    return {str(subject) for subject in graph.subjects(rdflib.RDF.type, DCAT.Dataset)}


def test_the_dcat_catalogue_lists_the_datasets_only(app, scene):
    response = app.get("/catalog.ttl")

    assert response.status_code == 200
    found = catalogue_datasets(response.body)
    assert len(found) == 1 and found.pop().endswith("/dataset/" + scene["dataset"]["id"])


def test_the_dcat_catalogue_action_lists_the_datasets_only(app, scene):
    """Called through the API (whose searches keep every type), the catalogue actions
    still list the datasets only."""
    with app.flask_app.test_request_context("/api/3/action/dcat_catalog_show"):
        turtle = helpers.call_action("dcat_catalog_show", format="ttl")
        searched = helpers.call_action("dcat_catalog_search", format="ttl", q="*:*")

    assert len(catalogue_datasets(turtle)) == len(catalogue_datasets(searched)) == 1


@pytest.mark.parametrize("key", ["plan", "commitment"])
def test_a_plan_has_no_dcat_description(app, scene, key):
    assert app.get(f"/dataset/{scene[key]['name']}.ttl").status_code == 404
    assert app.get(f"/dataset/{scene['dataset']['name']}.ttl").status_code == 200


def test_the_api_keeps_every_type(scene):
    found = helpers.call_action(
        "package_search", q="*:*", rows=0, **{"facet.field": ["dataset_type"]}
    )

    assert found["count"] == 5
    assert set(found["facets"]["dataset_type"]) == {
        "dataset",
        "plan",
        "commitment",
        "progress_report",
        "inventory",
    }


def test_the_institution_page_counts_and_lists_its_datasets_only(app, scene):
    page = BeautifulSoup(app.get(f"/en/organization/{scene['org']['name']}").body, "html.parser")

    listed = {a["href"].rsplit("/", 1)[-1] for a in page.select(".dataset-heading a")}
    assert listed == {scene["dataset"]["name"]}
    # The plugin's own section still shows the institution's plan and inventory.
    assert page.select_one(f"a[href$='/plan/{scene['plan']['name']}']") is not None
    assert page.select_one("a[href$='/inventory/inventory-2024']") is not None


def test_the_institution_list_counts_datasets_only(app, scene):
    page = BeautifulSoup(app.get("/en/organization/").body, "html.parser")

    assert page.select_one(".media-grid .media-item .count").get_text(strip=True) == "Datasets: 1"


def test_the_dataset_search_page_lists_datasets_only(app, scene):
    page = BeautifulSoup(app.get("/en/dataset/").body, "html.parser")

    listed = {a["href"].rsplit("/", 1)[-1] for a in page.select(".dataset-heading a")}
    assert listed == {scene["dataset"]["name"]}


def test_the_home_pages_dataset_count_counts_datasets_only(app, scene):
    """The count a theme shows on the home page (CKAN 2.11's ``get_site_statistics``,
    2.12's ``get_dataset_count``)."""
    with app.flask_app.test_request_context("/"):
        count = (
            tk.h.get_dataset_count()
            if "get_dataset_count" in tk.h
            else tk.h.get_site_statistics()["dataset_count"]
        )
    assert count == 1


@pytest.mark.parametrize(
    "url",
    [
        "/catalog.rdf?fq=x%09OR%09extras_x%5C",  # a filter ending in \ escaping the next
        "/catalog.rdf?fq=dataset_type:plan",
        "/catalog.rdf?q=dataset_type:plan",
    ],
)
def test_no_filter_of_the_visitors_brings_plans_into_the_catalogue(app, scene, url):
    response = app.get(url)

    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.body, format="xml")
    found = {str(s) for s in graph.subjects(rdflib.RDF.type, DCAT.Dataset)}
    assert len(found) <= 1 and all(s.endswith(scene["dataset"]["id"]) for s in found)


@pytest.mark.parametrize(
    "query", ["?tags=dataset_type:zz", "?dataset_type=plan", "?q=dataset_type:plan"]
)
def test_no_query_brings_plans_into_the_dataset_search(app, scene, query):
    page = BeautifulSoup(app.get("/en/dataset/" + query).body, "html.parser")

    listed = {a["href"].rsplit("/", 1)[-1] for a in page.select(".dataset-heading a")}
    assert listed <= {scene["dataset"]["name"]}


@pytest.mark.parametrize("bad", [["x"], {"a": 1}, 5, "a\x00b"])
def test_dcat_dataset_show_answers_a_bad_id_without_a_500(app, scene, bad):
    response = app.post("/api/3/action/dcat_dataset_show", json={"id": bad})

    assert response.status_code in (404, 409), response.body
