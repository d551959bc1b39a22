"""Citizen pages: the overview, the widgets on plan and commitment pages, print, embed,
and the data behind each page as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

INDICATORS = [
    {"title": "Datasets", "baseline": 0, "target": 10, "source": "portal_datasets"},
    {"title": "Workshops", "baseline": 2, "target": 6, "current": 4, "source": "manual"},
]


@pytest.fixture
def data(admin, org, plan):
    commitment = f.commitment(admin, plan, org, milestones=f.milestones(), indicators=INDICATORS)
    f.commitment(
        admin,
        plan,
        org,
        name="late",
        number="5",
        progress=10,
        milestones=[
            {
                "title": "=Late activity",
                "start_date": "2019-01-01",
                "end_date": "2019-03-31",
                "status": "in_progress",
                "progress": 40,
            }
        ],
    )
    f.report(admin, plan, [{"commitment": "late", "progress": 40}])
    return {"plan": plan, "commitment": commitment, "org": org}


def page(app, url: str, **kwargs) -> BeautifulSoup:
    response = app.get(url, **kwargs)
    assert response.status_code == 200, url
    return BeautifulSoup(response.body, "html.parser")


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_overview_lists_plans_levels_institutions_and_overdue(app, data, lang):
    soup = page(app, f"/{lang}/progress")

    assert soup.find("html")["lang"] == lang
    plan_row = soup.select_one("#overview-plans + .table-responsive table tbody tr")
    assert plan_row.find("a")["href"].endswith("/plan/ogp-2018-2020")
    assert plan_row.find(attrs={"role": "progressbar"})["aria-valuenow"] == "68"  # (96 + 40) / 2
    assert "Late activity" in soup.select_one("#overview-overdue").parent.text
    assert len(soup.select(".opendataplan-ranking li")) == 1
    portal = [li.text for li in soup.select("#overview-portal + ul li")]
    assert len(portal) == 2  # public datasets and publishers; reuses need ckanext-showcase


def test_overview_filters(app, data):
    assert page(app, "/en/progress?kind=ogp_national").select(
        "#overview-plans + .table-responsive table tbody tr a"
    )
    empty = page(app, "/en/progress?kind=institutional_annual")
    assert (
        empty.select_one("#overview-plans + .table-responsive table tbody")
        .text.strip()
        .startswith("No plan")
    )
    assert page(app, "/en/progress?year=2019").select(
        "#overview-plans + .table-responsive table tbody tr a"
    )
    assert not page(app, "/en/progress?year=2030").select(
        "#overview-plans + .table-responsive table tbody tr a"
    )


def test_overview_lists_the_plans_a_page_at_a_time(app, data, admin, org, monkeypatch):
    from ckanext.opendataplan.pages import views

    for n in range(2):
        f.plan(admin, org, name=f"plan-{n}", title_translated={"en": f"Plan {n}"})
    monkeypatch.setattr(views, "OVERVIEW_PLANS_PER_PAGE", 2)
    first, second = (page(app, f"/en/progress?page={n}") for n in (1, 2))

    rows = [p.select("#overview-plans + .table-responsive tbody tr") for p in (first, second)]
    assert [len(shown) for shown in rows] == [2, 1]
    names = {a["href"].rsplit("/", 1)[-1] for shown in rows for tr in shown for a in tr("a")[:1]}
    assert names == {"ogp-2018-2020", "plan-0", "plan-1"}
    assert "Plans 1 to 2 of 3" in first.select_one(".opendataplan-pages").text
    assert [a["href"] for a in first.select(".opendataplan-pages a")] == [
        "/en/progress?page=2#overview-plans"
    ]
    assert [a.text for a in second.select(".opendataplan-pages a")] == ["Previous page"]
    assert first.select_one("#overview-overdue") and second.select_one("#overview-overdue")
    assert len(json.loads(app.get("/progress.json").body)["plans"]) == 3  # every plan
    assert app.get("/en/progress?page=0").status_code == 400


def test_overview_as_json_and_csv(app, data):
    f.factories.Dataset(owner_org=data["org"]["id"], notes="")
    payload = json.loads(app.get("/progress.json").body)
    assert payload["portal"] == {
        "portal_datasets": 1,
        "portal_publishers": 1,
        "portal_reuses": None,
    }
    assert payload["plans"][0]["progress"] == 68
    assert payload["levels"]["substantial"] == 1 and payload["levels"]["limited"] == 1

    rows = list(csv.DictReader(io.StringIO(app.get("/progress.csv").body.lstrip("\ufeff"))))
    assert rows[0]["name"] == "ogp-2018-2020" and rows[0]["progress"] == "68"


def test_commitment_page_widgets(app, data):
    soup = page(app, "/ar/commitment/commitment-4")

    gantt = soup.select_one(".opendataplan-gantt")
    bars = gantt.select("tbody .opendataplan-timeline__bar")
    assert len(bars) == 7  # one bar per row, beside its label and dates
    assert all("inset-inline-start:" in bar["style"] for bar in bars)  # mirrors in RTL
    assert len(gantt.select("tbody tr")) == 7
    cards = soup.select(".opendataplan-kpi")
    assert len(cards) == 2
    assert (
        "4" in cards[1].text
        and cards[1].find(attrs={"role": "progressbar"})["aria-valuenow"] == "50"
    )


def test_overdue_activity_is_highlighted_and_history_is_charted(app, data):
    soup = page(app, "/en/commitment/late")
    assert soup.select(".opendataplan-timeline__bar--overdue")
    assert "overdue" in soup.select_one(".opendataplan-overdue").text
    assert soup.select_one(".opendataplan-history-chart polyline")
    assert soup.select(".opendataplan-history-chart__point--report")
    axis = [span.text for span in soup.select(".opendataplan-linechart__y > span")]
    assert axis == ["100%", "50%", "0%"]


def test_plan_page_donut_and_timeline(app, data):
    soup = page(app, "/fr/plan/ogp-2018-2020")
    legend = soup.select_one(".opendataplan-donut__legend").text
    assert "Substantiel: 1" in legend and "Limité: 1" in legend
    assert soup.select_one("#opendataplan-commitment-timeline-caption")


def test_plan_and_commitment_data_downloads(app, data):
    plan = json.loads(app.get("/progress/plan/ogp-2018-2020.json").body)
    assert plan["progress"]["progress"] == 68
    rows = list(
        csv.DictReader(io.StringIO(app.get("/progress/commitment/late.csv").body.lstrip("\ufeff")))
    )
    assert rows[0]["title"] == "'=Late activity"  # a formula made inert
    history = json.loads(app.get("/progress/commitment/late.json").body)["history"]
    assert [(h["progress"], h["source"]) for h in history] == [(40, "report"), (40, "recompute")]


def test_embed_widget_can_be_framed(app, data):
    response = app.get("/ar/embed/commitment/commitment-4")
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    soup = BeautifulSoup(response.body, "html.parser")
    assert soup.find("html")["dir"] == "rtl"
    assert soup.find(attrs={"role": "progressbar"})["aria-valuenow"] == "96"
    assert soup.find("a")["target"] == "_top"


def test_embed_of_a_private_plan_is_not_found(app, admin, org):
    f.plan(admin, org, name="private-plan", private=True)
    assert app.get("/embed/plan/private-plan").status_code == 404


def test_print_view_follows_the_template_order(app, admin, org):
    f.plan(
        admin,
        org,
        name="annual",
        plan_kind="institutional_annual",
        objectives="Open budget",
        tools="National portal",
        calendar=[{"activity": "Inventory", "start_date": "2022-01-01", "end_date": "2022-03-31"}],
        budget_lines=[
            {
                "activity": "Training",
                "amount": 100,
                "currency": "TND",
                "funding_source": "own_budget",
            }
        ],
    )
    text = page(app, "/en/plan/annual/print").text
    assert text.index("Open budget") < text.index("National portal") < text.index("Inventory")


def test_institution_page_has_its_plans_and_commitments(app, data):
    soup = page(app, f"/en/organization/{data['org']['name']}")
    section = soup.select_one(".opendataplan-institution")
    assert section.find("a")["href"].endswith("/plan/ogp-2018-2020")
    assert "Substantial: 1" in section.text


def test_main_navigation_leads_to_the_overview(app, data):
    links = [a["href"] for a in page(app, "/en/").select("nav a")]
    assert any(href.endswith("/progress") for href in links)


def test_gantt_table_dates_follow_the_locale(app, data):
    rows = page(app, "/fr/commitment/commitment-4").select(".opendataplan-gantt__table tbody tr")
    assert "octobre 2018" in rows[0].text


@pytest.mark.ckan_config("ckanext.opendataplan.date_locales", "ar:ar_MA fr:fr_MA")
def test_dates_can_follow_a_country_locale(app, data):
    history = page(app, "/ar/commitment/late").select_one(".opendataplan-history table").text
    assert "يوليوز 2020" in history  # Moroccan Arabic, not the Levantine "يوليو"
    assert (
        "juillet 2020"
        in page(app, "/fr/commitment/late").select_one(".opendataplan-history table").text
    )


def test_dates_default_to_the_page_language(app, data):
    history = page(app, "/ar/commitment/late").select_one(".opendataplan-history table").text
    assert "يوليو 2020" in history and "يوليوز" not in history


def test_plan_and_commitment_pages_link_their_data(app, data):
    links = [
        a["href"] for a in page(app, "/en/plan/ogp-2018-2020").select(".opendataplan-downloads a")
    ]
    assert links[:2] == [
        "/en/progress/plan/ogp-2018-2020.csv",
        "/en/progress/plan/ogp-2018-2020.json",
    ]
    assert "/en/plan/ogp-2018-2020/print" in links and "/en/embed/plan/ogp-2018-2020" in links
    assert app.get(links[0]).status_code == 200


def test_csv_downloads_start_with_a_byte_order_mark(app, admin, org, plan, inventory):
    """Spreadsheet programs read UTF-8 Arabic right only after a BOM: checked on the raw
    bytes, which a test reading the text through a decoder would not see."""
    f.commitment(admin, plan, org, name="bom", progress=10, milestones=f.milestones())
    for url in (
        "/progress.csv",
        f"/progress/plan/{plan['name']}.csv",
        "/progress/commitment/bom.csv",
        f"/inventory/{inventory['name']}/items.csv",
        f"/inventory/{inventory['name']}/template.csv",
    ):
        assert app.get(url).data[:3] == b"\xef\xbb\xbf", url
