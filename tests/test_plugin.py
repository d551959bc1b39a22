"""The plugin on a real CKAN: database, Solr index and web pages."""

from __future__ import annotations

import ckan.plugins as p
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from tests.marks import portal

pytestmark = portal


def test_plugin_is_loaded():
    assert p.plugin_loaded("opendataplan")
    assert p.plugin_loaded("scheming_datasets")


def test_dataset_created_through_the_api_is_found_by_package_search():
    sysadmin = factories.Sysadmin()
    context = {"user": sysadmin["name"], "ignore_auth": False}
    org = helpers.call_action(
        "organization_create", context, name="digital-agency", title="وكالة التنمية الرقمية"
    )
    helpers.call_action(
        "package_create",
        context,
        name="budget-2024",
        title="Budget exécuté 2024",
        notes="الميزانية المنفذة",
        owner_org=org["id"],
    )

    found = helpers.call_action("package_search", q="budget", fq="organization:digital-agency")

    assert found["count"] == 1
    assert found["results"][0]["name"] == "budget-2024"
    assert found["results"][0]["organization"]["title"] == "وكالة التنمية الرقمية"


def test_search_misses_what_the_index_does_not_hold():
    factories.Dataset(
        name="water-quality",
        title="Water quality",
        notes="Daily measurements at the treatment plants",  # not Faker's random words
        owner_org=factories.Organization()["id"],
    )

    assert helpers.call_action("package_search", q="budget")["count"] == 0
    assert helpers.call_action("package_search", q="water")["count"] == 1


def test_home_page_renders(app):
    response = app.get("/en/")

    assert response.status_code == 200
    html = BeautifulSoup(response.body, "html.parser").find("html")
    assert html["lang"] == "en"
    assert html.get("dir") != "rtl"


def test_arabic_home_page_is_right_to_left(app):
    response = app.get("/ar/")

    assert response.status_code == 200
    html = BeautifulSoup(response.body, "html.parser").find("html")
    assert html["lang"] == "ar"
    assert html["dir"] == "rtl"


def test_default_locale_is_arabic(app):
    html = BeautifulSoup(app.get("/").body, "html.parser").find("html")
    assert html["lang"] == "ar"
