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
