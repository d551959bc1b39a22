"""The pages of plans, commitments and progress reports are built for them: no dataset
furniture, what and how far first, every figure dated and explained; a report shows
each commitment before and after its meeting; plans link to their reports and back;
draft plans are badged and left out of the national figures unless asked for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from babel.dates import format_date
from bs4 import BeautifulSoup

from tests import factories_odp as f

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db_once")


@pytest.fixture(scope="module")
def scene(clean_db_once: None) -> dict[str, Any]:
    from ckan.tests import factories

    admin = factories.Sysadmin()
    org = factories.Organization(name="ministry", title="Ministry")
    plan = f.plan(admin, org)
    reported = f.commitment(admin, plan, org, name="reported", milestones=f.milestones())
    quiet = f.commitment(admin, plan, org, name="quiet", number="5")
    f.report(
        admin,
        plan,
        [{"commitment": reported["id"], "progress": 72, "narrative": "Strategy drafted"}],
        name="first-meeting",
        meeting_date="2020-01-15",
    )
    f.report(
        admin,
        plan,
        [
            {"commitment": reported["id"], "progress": 96, "narrative": "Training done"},
            {"commitment": quiet["id"], "progress": 10},
        ],
        name="second-meeting",
        meeting_date="2020-07-15",
    )
    draft = f.plan(admin, org, name="draft-plan", version_status="draft")
    f.commitment(admin, draft, org, name="drafted", number="1", progress=100)
    f.commitment(admin, plan, org, name="blank", number="6")
    return {"plan": plan}


def soup(app, url: str) -> BeautifulSoup:
    response = app.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.body, "html.parser")


@pytest.mark.parametrize(
    "url",
    ["/en/plan/ogp-2018-2020", "/en/commitment/reported", "/en/progress_report/first-meeting"],
)
def test_no_dataset_furniture(app, scene, url):
    page = soup(app, url)

    assert page.select_one("[role=main] .opendataplan-page h1")
    assert not page.select("aside.secondary")  # followers, social, licence, organization
    assert not page.select(".nav-tabs")  # Dataset / Groups / Activity stream
    assert not page.select(".resource-list, .additional-info, .tag-list")
    assert "This dataset has no data" not in page.get_text()


def test_plan_page_dates_its_figure_and_lists_its_reports(app, scene):
    page = soup(app, "/en/plan/ogp-2018-2020")

    facts = {
        term.text.strip(): dd.get_text(" ", strip=True)
        for term, dd in zip(
            page.select(".opendataplan-facts dt"), page.select(".opendataplan-facts dd")
        )
    }
    assert facts["Period"] == "August 1, 2018 – August 31, 2020"
    assert facts["Institution"] == "Ministry"
    summary = page.select_one(".opendataplan-summary")
    # the latest figure counted: the activities entered today, after the 2020 reports
    assert f"As of {format_date(dt.date.today(), 'long', locale='en')}" in summary.text
    assert summary.find("a")["href"] == "/en/progress/methodology"
    reports = [a["href"] for a in page.select(".opendataplan-reports a")]
    assert reports == ["/en/progress_report/second-meeting", "/en/progress_report/first-meeting"]


def test_a_commitment_without_any_figure_says_so(app, scene):
    blank = soup(app, "/en/commitment/blank").select_one(".opendataplan-asof").text
    quiet = soup(app, "/en/commitment/quiet").select_one(".opendataplan-asof").text

    assert "No report yet" in blank  # not "not started": nobody has said anything yet
    assert "As of July 15, 2020" in quiet  # its only figure came from that meeting


def test_report_shows_each_commitment_before_and_after(app, scene):
    page = soup(app, "/en/progress_report/second-meeting")

    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select(".opendataplan-changes__table tbody tr")
    ]
    assert rows[0][0].endswith("Données ouvertes") or rows[0][0].startswith("4.")
    assert "72%" in rows[0][1] and "January 15, 2020" in rows[0][1]
    assert "96%" in rows[0][2] and rows[0][3] == "+24 points"
    assert rows[0][4] == "The current figure"  # computed today, it says the same 96 %
    assert rows[0][5] == "Training done"
    assert rows[1][1] == "No figure before" and rows[1][3] == "First figure"
    plan_link = page.select_one(".opendataplan-facts a")["href"]
    assert plan_link == "/en/plan/ogp-2018-2020"


def test_report_page_in_arabic_is_right_to_left_with_dates_in_words(app, scene):
    page = soup(app, "/ar/progress_report/second-meeting")

    assert page.find("html")["dir"] == "rtl"
    text = page.select_one("[role=main]").get_text(" ", strip=True)
    assert "يوليو" in text and "2020-07-15" not in text


def test_drafts_are_badged_and_left_out_of_national_figures(app, scene):
    overview = app.get("/progress.json").json
    with_drafts = app.get("/progress.json?drafts=include").json

    assert overview["commitment_count"] == 3 and with_drafts["commitment_count"] == 4
    assert overview["progress"] < with_drafts["progress"]
    assert overview["draft_count"] == 1
    assert {p["name"]: p["draft"] for p in overview["plans"]} == {
        "ogp-2018-2020": False,
        "draft-plan": True,
    }
    page = soup(app, "/en/progress")
    badges = [tr.select_one(".badge") for tr in page.select("tbody tr")]
    assert [b.text for b in badges if b] == ["Draft plan"]
    assert soup(app, "/en/plan/draft-plan").select_one("h1 .badge").text == "Draft plan"
    assert app.get("/en/progress?drafts=yes").status_code == 400


def test_methodology_page_gives_this_portals_bands(app, scene):
    page = soup(app, "/fr/progress/methodology")

    cells = [td.text for td in page.select(".opendataplan-levels td")]
    assert "moins de 1 %" in cells and "de 50 % à moins de 100 %" in cells
    assert page.find("html")["lang"] == "fr"


def test_home_page_leads_with_the_national_progress(app, scene):
    block = soup(app, "/en/").select_one(".opendataplan-home")

    overview = app.get("/progress.json").json
    assert block.select_one("[role=progressbar]")["aria-valuenow"] == str(overview["progress"])
    late = block.select_one(".opendataplan-home__late").get_text(" ", strip=True)
    assert late == f"Late activities: {overview['overdue_count']}"
    reports = [a["href"] for a in block.select(".opendataplan-reports__list a")]
    assert reports == ["/en/progress_report/second-meeting", "/en/progress_report/first-meeting"]


@pytest.mark.ckan_config("ckanext.opendataplan.home_block", False)
def test_the_home_block_can_be_turned_off(app, scene):
    page = soup(app, "/en/")

    assert page.select_one(".opendataplan-home") is None
    assert page.select_one(".homepage")  # CKAN's own home page
