"""A title shown in another language than the page's (a commitment written in French
only, on the Arabic page) names its language, so that a screen reader reads it in
that language and the text around it keeps its own direction."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal


def commitment_cell(app, plan: dict, lang: str):
    page = BeautifulSoup(app.get(f"/{lang}/plan/{plan['name']}").body, "html.parser")
    return page.select_one(".opendataplan-commitments__table tbody td:nth-of-type(2) a")


def test_a_french_title_on_the_arabic_plan_page_says_it_is_french(app, admin, org, plan):
    f.commitment(admin, plan, org, title_translated={"fr": "Données <ouvertes>"})

    shown = commitment_cell(app, plan, "ar").find("bdi")

    assert shown is not None and shown["lang"] == "fr"
    assert shown.text == "Données <ouvertes>"  # escaped, not markup


def test_a_title_in_the_pages_language_is_plain_text(app, admin, org, plan):
    f.commitment(admin, plan, org, title_translated={"ar": "تعزيز", "fr": "Données"})

    for lang, title in (("ar", "تعزيز"), ("fr", "Données")):
        cell = commitment_cell(app, plan, lang)
        assert cell.find("bdi") is None and cell.text == title


def test_the_country_wide_pages_name_the_language_of_each_title(app, admin, org):
    """The overview's plans and late activities, and the late page's commitments and
    plans: a French-only title on an Arabic page says it is French."""
    plan = f.plan(admin, org, name="fr-plan", title_translated={"fr": "Plan national"})
    late = f.activity("Portail", 30, 20)
    f.commitment(admin, plan, org, title_translated={"fr": "Données"}, milestones=[late])

    overview = BeautifulSoup(app.get("/ar/progress").body, "html.parser")
    [plan_link] = overview.select('a[href$="/plan/fr-plan"]')
    assert (plan_link.text, plan_link["lang"]) == ("Plan national", "fr")
    [late_link] = [a for a in overview.select('a[href*="/commitment/"]') if a.text == "Données"]
    assert late_link["lang"] == "fr"

    page = BeautifulSoup(app.get("/ar/progress/late?period=all").body, "html.parser")
    row = page.select_one("tbody tr")
    links = {a.text: a.get("lang") for a in row.select("a")}
    assert links["Données"] == "fr" and links["Plan national"] == "fr"


def test_a_title_in_the_pages_language_on_the_late_page_says_so(app, admin, org, plan):
    late = f.activity("Portail", 30, 20)
    f.commitment(admin, plan, org, title_translated={"ar": "تعزيز"}, milestones=[late])

    page = BeautifulSoup(app.get("/ar/progress/late?period=all").body, "html.parser")
    links = {a.text: a.get("lang") for a in page.select_one("tbody tr").select("a")}
    assert links["تعزيز"] == "ar"
    assert links["خطة العمل الوطنية 2018-2020"] == "ar"
