"""Institutions titled per language (the organization's ``title_translated``): checked
like the plugin's other multilingual titles, edited in the organization form, and read
in the page's language on the overview, the scorecards (page, CSV, JSON), the late page,
plan pages and list pages, falling back to the organization's own title, said to be in
the portal's default language (Arabic, right to left)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from tests import factories_odp as f
from tests.pages.downloads import csv_rows

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db_once")

MINISTRY = {"ar": "وزارة الرقمنة", "fr": "Ministère du Numérique", "en": "Ministry of Digital"}


@pytest.fixture(scope="module")
def scene(clean_db_once: None) -> dict[str, Any]:
    admin = factories.Sysadmin()
    ministry = helpers.call_action(
        "organization_create",
        {"user": admin["name"]},
        name="ministry",
        title=MINISTRY["ar"],
        title_translated=MINISTRY,
    )
    # an institution with its Arabic title alone: French and English pages fall back
    agency = helpers.call_action(
        "organization_create",
        {"user": admin["name"]},
        name="agency",
        title="وكالة البيانات",
        title_translated={"ar": "وكالة البيانات"},
    )
    period = {"period_start": "2018-01-01", "period_end": f.days_ago(-365)}
    plan = f.plan(admin, ministry, **period)
    late = [f.activity("Late", 10, 50)]
    f.commitment(admin, plan, ministry, name="m1", milestones=late, end_date=f.days_ago(-30))
    f.commitment(admin, plan, agency, name="a1", number="2", milestones=late)
    return {"admin": admin, "ministry": ministry, "agency": agency, "plan": plan}


def as_admin(scene: dict[str, Any], action: str, **data: Any) -> Any:
    return helpers.call_action(action, {"user": scene["admin"]["name"]}, **data)


def _extra(org: dict[str, Any]) -> dict[str, str]:
    values = [e["value"] for e in org.get("extras", []) if e["key"] == "title_translated"]
    return json.loads(values[0]) if values else {}


def _soup(app, url: str) -> BeautifulSoup:
    response = app.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.body, "html.parser")


def _named(soup: BeautifulSoup, title: str) -> list[Any]:
    return [tag for tag in soup.find_all(["a", "span", "option"]) if tag.text.strip() == title]


def test_the_titles_are_kept_as_the_organizations_extra(scene):
    shown = helpers.call_action("organization_show", id="ministry")

    assert _extra(shown) == MINISTRY


def test_a_patch_that_does_not_name_them_keeps_them(scene):
    as_admin(scene, "organization_patch", id="ministry", description="Another word")

    assert _extra(helpers.call_action("organization_show", id="ministry")) == MINISTRY


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"xx": "Title"}, "Unknown language"),
        ({"fr": "x" * 501}, "500"),
        (["not", "an object"], '{"ar"'),
        ({"fr": "a\u0000b"}, ""),
    ],
)
def test_a_wrong_title_is_refused_naming_the_field_and_nothing_is_written(scene, value, words):
    with pytest.raises(helpers.logic.ValidationError) as refused:
        as_admin(
            scene, "organization_patch", id="ministry", title="Changed", title_translated=value
        )

    assert words in refused.value.error_dict["title_translated"][0]
    shown = helpers.call_action("organization_show", id="ministry")
    assert (shown["title"], _extra(shown)) == (MINISTRY["ar"], MINISTRY)


def test_plain_text_is_the_portals_default_language(scene):
    created = as_admin(scene, "organization_create", name="plain", title_translated="هيئة")

    assert _extra(created) == {"ar": "هيئة"}


def test_french_scorecards_name_the_institutions_in_french(app, scene):
    soup = _soup(app, "/fr/progress/institutions")

    link = _named(soup, MINISTRY["fr"])[0]
    assert (link["lang"], link["dir"]) == ("fr", "auto")
    assert MINISTRY["ar"] not in soup.select_one("table").get_text()
    data = app.get("/fr/progress/institutions.json").json["institutions"]
    rows = csv_rows(app.get("/fr/progress/institutions.csv"))
    assert {r["institution"]: r["title"] for r in data} == {
        r["institution"]: r["title"] for r in rows
    }
    assert {r["institution"]: (r["title"], r["title_lang"]) for r in rows} == {
        "ministry": (MINISTRY["fr"], "fr"),
        "agency": ("وكالة البيانات", "ar"),
    }


def test_a_missing_language_falls_back_to_the_own_title_said_to_be_arabic(app, scene):
    soup = _soup(app, "/en/progress/institutions")

    fallback = _named(soup, "وكالة البيانات")[0]
    assert (fallback["lang"], fallback["dir"]) == ("ar", "auto")
    assert _named(soup, MINISTRY["en"])[0]["lang"] == "en"


def test_the_french_overview_and_late_page_name_them_in_french(app, scene):
    overview = _soup(app, "/fr/progress")
    assert [t["lang"] for t in _named(overview, MINISTRY["fr"])] == ["fr", "fr"]  # filter, list
    assert MINISTRY["ar"] not in overview.get_text()

    late = _soup(app, "/fr/progress/late")
    assert _named(late, MINISTRY["fr"])  # the filter and the row
    rows = csv_rows(app.get("/fr/progress/late.csv"))
    assert {(r["institution_title"], r["institution_lang"]) for r in rows} == {
        (MINISTRY["fr"], "fr"),
        ("وكالة البيانات", "ar"),
    }


def test_plan_page_and_list_page_name_them_in_the_pages_language(app, scene):
    plan = _soup(app, "/fr/plan/" + scene["plan"]["name"])
    # the page's facts (with the title's language) and CKAN's breadcrumb
    assert [t.get("lang") for t in _named(plan, MINISTRY["fr"])] == [None, "fr"]
    assert MINISTRY["ar"] not in plan.get_text()

    listing = _soup(app, "/fr/commitment")
    assert {t.name for t in _named(listing, MINISTRY["fr"])} == {"a", "option"}  # card, filter
    assert {t.get("lang") for t in _named(listing, "وكالة البيانات")} == {"ar"}
    assert _named(_soup(app, "/ar/commitment"), MINISTRY["ar"])


def _form(app, admin: dict[str, Any]) -> tuple[BeautifulSoup, dict[str, str]]:
    headers = {"Authorization": factories.APIToken(user=admin["name"])["token"]}
    soup = BeautifulSoup(
        app.get("/fr/organization/edit/agency", headers=headers).body, "html.parser"
    )
    return soup, headers


def test_the_organization_form_edits_the_titles_and_keeps_a_refused_value(app, scene):
    soup, headers = _form(app, scene["admin"])
    assert soup.find("input", attrs={"name": "title_translated-ar"})["value"] == "وكالة البيانات"
    assert "title_translated" not in str(soup.select("[name^=extras__]"))
    form = {
        "_csrf_token": soup.find("input", attrs={"name": "_csrf_token"})["value"],
        "title": "وكالة البيانات",
        "name": "agency",
        "title_translated-ar": "وكالة البيانات",
        "title_translated-fr": "Agence des données",
        "title_translated-en": "x" * 501,
    }
    refused = app.post("/fr/organization/edit/agency", data=form, headers=headers)
    page = BeautifulSoup(refused.body, "html.parser")
    assert (
        page.find("input", attrs={"name": "title_translated-fr"})["value"] == "Agence des données"
    )
    assert "500" in page.select_one("#field-title_translated").get_text()
    assert _extra(helpers.call_action("organization_show", id="agency")) == {"ar": "وكالة البيانات"}

    app.post(
        "/fr/organization/edit/agency",
        data={**form, "title_translated-en": "Data agency"},
        headers=headers,
    )
    assert _extra(helpers.call_action("organization_show", id="agency")) == {
        "ar": "وكالة البيانات",
        "fr": "Agence des données",
        "en": "Data agency",
    }
