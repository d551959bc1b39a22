"""A plan's proposals narrowed by status, theme and words, and ordered by supports or
date (Decidim's filters): the list action and the page's GET form give the same rows,
counted; a wrong parameter is refused naming it; the page costs the same queries
whatever the number of proposals."""

from __future__ import annotations

import datetime as dt

import ckan.model as model
import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers

from ckanext.opendataplan.model.participation import Proposal
from tests import factories_odp as f
from tests.conftest import reset_database_and_index
from tests.marks import portal
from tests.participation import setting
from tests.participation.setting import act, propose
from tests.participation.test_pages import counting

pytestmark = portal


@pytest.fixture
def world():
    world = setting.build()
    plan, editor = world["plan"], world["users"]["plan_editor"]
    made = {
        "budget": propose(f.factories.User(), plan, title="الميزانية المفتوحة", theme="Budget"),
        "contracts": propose(
            f.factories.User(),
            plan,
            title="Données des marchés publics",
            solution="Publier chaque mois les marchés publics en CSV.",
            theme="Marchés",
            language="fr",
        ),
        "health": propose(f.factories.User(), plan, title="بيانات الصحة", theme="budget"),
    }
    for _ in range(2):
        act("opendataplan_proposal_support", f.factories.User(), id=made["health"]["id"])
    act("opendataplan_proposal_support", f.factories.User(), id=made["contracts"]["id"])
    act(
        "opendataplan_proposal_respond",
        editor,
        id=made["contracts"]["id"],
        status="accepted",
        reason="Retenue.",
    )
    # a day apart (the same second otherwise): budget first, health last
    for days, name in enumerate(("health", "contracts", "budget"), start=1):
        proposal = model.Session.get(Proposal, made[name]["id"])
        proposal.created = dt.datetime.now() - dt.timedelta(days=days)
    model.Session.commit()
    return {**world, "made": made}


def titles(world, **filters) -> list[str]:
    rows = act("opendataplan_proposal_list", None, plan=world["plan"]["name"], **filters)
    names = {p["id"]: name for name, p in world["made"].items()}
    return [names[row["id"]] for row in rows]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["health", "contracts", "budget"]),  # most supported first
        ({"sort": "newest"}, ["health", "contracts", "budget"]),
        ({"sort": "oldest"}, ["budget", "contracts", "health"]),
        ({"status": "accepted"}, ["contracts"]),
        ({"status": "submitted", "sort": "oldest"}, ["budget", "health"]),
        ({"theme": "BUDGET"}, ["health", "budget"]),  # case left out
        ({"q": "marches CSV"}, ["contracts"]),  # every word, accents left out
        ({"q": "الْمِيزانية"}, ["budget"]),  # Arabic vowel marks left out
        ({"q": "nothing-like-it"}, []),
    ],
)
def test_the_list_action_filters_and_orders(world, filters, expected):
    assert titles(world, **filters) == expected


@pytest.mark.parametrize("name", ["status", "sort"])
def test_an_unknown_choice_is_refused_naming_it(world, name):
    with pytest.raises(helpers.logic.ValidationError) as refused:
        titles(world, **{name: "popular"})
    assert list(refused.value.error_dict) == [name]


def _page(app, world, query: str, lang: str = "fr") -> BeautifulSoup:
    response = app.get(f"/{lang}/plan/{world['plan']['name']}/proposals{query}")
    assert response.status_code == 200
    return BeautifulSoup(response.body, "html.parser")


def _listed(soup: BeautifulSoup) -> list[str]:
    return [a.text for a in soup.select(".opendataplan-contributions h3 a")]


def test_the_page_filters_with_a_plain_get_form_and_counts(app, world):
    soup = _page(app, world, "?theme=budget&sort=oldest&q=")

    assert _listed(soup) == ["الميزانية المفتوحة", "بيانات الصحة"]
    assert soup.find(attrs={"role": "status"}).text.strip() == "Affichées : 2 sur 3"
    form = soup.find("form", attrs={"role": "search"})
    assert form["method"] == "get" and form.find(attrs={"name": "_csrf_token"}) is None
    chosen = {s["name"]: s.find("option", selected=True) for s in form.find_all("select")}
    assert (chosen["theme"]["value"], chosen["sort"]["value"]) == ("Budget", "oldest")
    assert chosen["status"] is None  # "all"
    themes = [o["value"] for o in form.find("select", attrs={"name": "theme"}).find_all("option")]
    assert themes == ["", "Budget", "Marchés"]  # each theme once


def test_the_arabic_page_keeps_the_typed_words_and_says_when_nothing_matches(app, world):
    soup = _page(app, world, "?q=%D8%BA%D9%8A%D8%B1", lang="ar")

    assert _listed(soup) == []
    assert soup.find("input", id="proposals-q")["value"] == "غير"
    assert "لا يطابق أي مقترح هذه المرشحات." in soup.get_text()
    assert soup.find(attrs={"role": "status"}).text.strip() == "المعروض: 0 من 3"


@pytest.mark.parametrize("query", ["?sort=popular", "?status=done", "?q=" + "x" * 600])
def test_a_wrong_parameter_is_a_400_naming_it(app, world, query):
    response = app.get(f"/en/plan/{world['plan']['name']}/proposals{query}")

    assert response.status_code == 400
    assert query[1:].split("=")[0] + ": " in response.body


def test_a_filtered_page_costs_the_same_queries_with_3_or_12_proposals(app):
    counts = {}
    for size in (3, 12):
        world = setting.build()
        for n in range(size):
            propose(f.factories.User(), world["plan"], title=f"Proposition {n}", theme=f"T{n}")
        url = f"/ar/plan/{world['plan']['name']}/proposals?q=Proposition&sort=newest&theme=T1"
        app.get(url)  # warm the caches of the first visit
        with counting() as page:
            assert app.get(url).status_code == 200
        counts[size] = page["sql"]
        reset_database_and_index()
    assert counts[3] == counts[12]
