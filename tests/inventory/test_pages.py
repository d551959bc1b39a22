"""The inventory page, the item form and the institution's inventory summary."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import ReadOnlyStartingPoint, portal

pytestmark = portal


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.body, "html.parser")


def auth(user: dict) -> dict:
    return {"Authorization": f.factories.APIToken(user=user["name"])["token"]}


class TestTheInventoryPage(ReadOnlyStartingPoint):
    @pytest.fixture(scope="class", autouse=True)
    def two_items(self, admin: dict, inventory: dict) -> None:
        texts = {"ar": "الصفقات", "fr": "Marchés", "en": "Procurement"}
        f.item(admin, inventory, reference="LOW", quality=1, demand=0)
        f.item(admin, inventory, reference="HIGH", quality=5, demand=10, title=texts)

    @pytest.mark.parametrize(
        "lang, title, criterion",
        [
            ("ar", "الصفقات", "جودة البيانات"),
            ("fr", "Marchés", "Qualité des données"),
            ("en", "Procurement", "Data quality"),
        ],
    )
    def test_inventory_page_lists_items_by_priority_with_breakdown(
        self, app, inventory, lang, title, criterion
    ):
        soup = soup_of(app.get(f"/{lang}/inventory/{inventory['name']}"))

        rows = soup.select(".opendataplan-inventory__table tbody tr")
        assert [row.find("td").text for row in rows] == ["HIGH", "LOW"]
        assert title in rows[0].text
        breakdown = rows[0].select_one(".opendataplan-priority")
        assert breakdown.summary.strong.text == "100.0"
        assert criterion in breakdown.text
        assert (soup.html.get("dir") == "rtl") == (lang == "ar")


def item_form(app, admin, inventory, lang: str = "en") -> tuple[str, dict]:
    url = f"/{lang}/inventory/{inventory['name']}/items/new"
    form = soup_of(app.get(url, headers=auth(admin))).find("form", class_="opendataplan-item-form")
    return url, {"_csrf_token": form.find("input", attrs={"name": "_csrf_token"})["value"]}


def test_item_created_through_the_form(app, admin, inventory):
    url, fields = item_form(app, admin, inventory)
    fields.update(
        {
            "reference": "WEB-1",
            "title-ar": "سجل المؤسسات",
            "title-fr": "Registre des établissements",
            "electronic": "yes",
            "quality": "3",
            "restriction": "none",
            "publication_status": "candidate",
            "demand": "2",
        }
    )

    response = app.post(url, data=fields, headers=auth(admin), follow_redirects=False)

    assert response.status_code == 302
    (item,) = helpers.call_action("opendataplan_inventory_item_list", inventory=inventory["name"])
    assert item["title"] == {"ar": "سجل المؤسسات", "fr": "Registre des établissements"}
    assert (item["electronic"], item["open_format"], item["quality"]) == (True, False, 3)


def test_form_error_names_the_field_in_french_and_stores_nothing(app, admin, inventory):
    url, fields = item_form(app, admin, inventory, "fr")
    fields.update(
        {"title-fr": "Effectifs", "restriction": "other", "publication_status": "candidate"}
    )

    soup = soup_of(app.post(url, data=fields, headers=auth(admin)))

    field = soup.find("input", attrs={"name": "restriction_other"}).find_parent(class_="form-group")
    assert "Précisez quel est l'autre empêchement" in field.text
    assert (
        helpers.call_action("opendataplan_inventory_item_list", inventory=inventory["name"]) == []
    )


def test_outsiders_get_no_form(app, inventory):
    outsider = f.factories.User()
    response = app.get(f"/en/inventory/{inventory['name']}/items/new", headers=auth(outsider))
    assert response.status_code == 403


def test_institution_page_summarises_its_inventory(app, admin, org, inventory):
    f.item(admin, inventory, reference="A")
    f.item(
        admin, inventory, reference="B", restriction="security", publication_status="not_eligible"
    )

    soup = soup_of(app.get(f"/en/organization/{org['name']}"))

    section = soup.find(id="opendataplan-institution-inventory-heading").find_parent("section")
    assert "Inventory items: 2" in " ".join(section.text.split())
    assert "Not eligible: 1" in section.text
