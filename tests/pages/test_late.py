"""Who is late (/progress/late): each late activity with its commitment, plan, lead
institution, due date, days overdue and last report; sorted and filtered; CSV and JSON
give the same rows; nothing private; the page costs the same queries however many
commitments there are."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests import factories_odp as f
from tests.pages.downloads import csv_rows

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db_once")

TODAY = dt.date.today()
days_ago, activity = f.days_ago, f.activity


@pytest.fixture(scope="module")
def scene(clean_db_once: None) -> dict[str, Any]:
    from ckan.tests import factories

    admin = factories.Sysadmin()
    ministry = factories.Organization(name="ministry", title="Ministry")
    agency = factories.Organization(name="agency", title="Agency")
    period = {"period_start": "2018-01-01", "period_end": days_ago(-365)}
    plan = f.plan(admin, ministry, **period)
    local = f.plan(admin, agency, name="local-plan", plan_kind="ogp_local", **period)
    f.commitment(
        admin,
        plan,
        ministry,
        name="c1",
        end_date=days_ago(-365),
        milestones=[
            activity("Late by ten", 10, 50),
            activity("Done", 30, 100),
            activity("Future", -5, 0),
        ],
    )
    c2 = f.commitment(
        admin,
        plan,
        agency,
        name="c2",
        end_date=days_ago(-365),
        number="5",
        milestones=[activity("Late by forty", 40, 90)],
    )
    f.commitment(
        admin,
        local,
        agency,
        name="c3",
        end_date=days_ago(-365),
        number="1",
        milestones=[activity("Local and late", 3, 0)],
    )
    f.commitment(
        admin,
        plan,
        ministry,
        name="c-hidden",
        end_date=days_ago(-365),
        number="9",
        private=True,
        milestones=[activity("Hidden and late", 100, 0)],
    )
    undated = {
        "title": "Undated",
        "start_date": "2018-01-01",
        "status": "in_progress",
        "progress": 10,
    }
    f.commitment(
        admin, local, agency, name="c4", number="2", end_date=days_ago(2), milestones=[undated]
    )
    f.report(admin, plan, [{"commitment": c2["id"], "progress": 20}], meeting_date="2020-07-15")
    # a plan that ended in 2016 with two activities left unfinished
    old = f.plan(
        admin, ministry, name="old-plan", period_start="2015-01-01", period_end="2016-12-31"
    )
    f.commitment(
        admin,
        old,
        ministry,
        name="c-old",
        start_date="2015-01-01",
        end_date="2016-12-31",
        milestones=[
            {
                "title": "Left unfinished",
                "start_date": "2015-01-01",
                "end_date": "2016-06-30",
                "status": "in_progress",
                "progress": 40,
            },
            {
                "title": "Never started",
                "start_date": "2015-01-01",
                "end_date": "2016-11-30",
                "status": "not_started",
                "progress": 0,
            },
        ],
    )
    return {"ministry": ministry, "agency": agency}


def listed(app, query: str = "") -> list[dict[str, Any]]:
    response = app.get("/progress/late.json" + query)
    assert response.status_code == 200
    return response.json["activities"]


def test_each_late_activity_with_who_and_since_when(app, scene):
    rows = listed(app)

    assert [(r["activity"], r["days_overdue"], r["due_from"]) for r in rows] == [
        ("Late by forty", 40, "activity"),
        ("Late by ten", 10, "activity"),
        ("Local and late", 3, "activity"),
        ("Undated", 2, "commitment"),  # no date of its own: due with its commitment
    ]
    forty = rows[0]
    assert (forty["commitment"], forty["plan"], forty["institution"]) == (
        "c2",
        "ogp-2018-2020",
        "agency",
    )
    assert forty["institution_title"] == "Agency"
    assert forty["end_date"] == days_ago(40)
    assert (forty["progress"], forty["last_report"]) == (90, "2020-07-15")
    assert rows[1]["last_report"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?sort=due", ["Late by forty", "Late by ten", "Local and late", "Undated"]),
        ("?sort=institution", ["Late by forty", "Local and late", "Undated", "Late by ten"]),
        ("?plan=local-plan", ["Local and late", "Undated"]),
        ("?kind=ogp_local", ["Local and late", "Undated"]),
        ("?institution={ministry}", ["Late by ten"]),
        ("?plan=no-such-plan", []),
    ],
)
def test_sorts_and_filters(app, scene, query, expected):
    query = query.format(ministry=scene["ministry"]["id"])
    assert [r["activity"] for r in listed(app, query)] == expected


@pytest.mark.parametrize("query", ["?sort=alphabet", "?kind=secret", "?period=over"])
def test_an_unknown_choice_is_a_400_naming_the_parameter(app, scene, query):
    response = app.get("/en/progress/late" + query)

    assert response.status_code == 400
    assert query[1:].split("=")[0] in response.body


def test_the_csv_gives_the_same_rows(app, scene):
    rows = csv_rows(app.get("/progress/late.csv"))

    assert [(r["activity"], r["days_overdue"], r["institution"]) for r in rows] == [
        (a["activity"], str(a["days_overdue"]), a["institution"]) for a in listed(app)
    ]


def test_the_arabic_page_shows_who_is_late(app, scene):
    page = BeautifulSoup(app.get("/ar/progress/late").body, "html.parser")

    assert page.find("html")["dir"] == "rtl"
    cells = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in page.select("tbody tr")
    ]
    assert len(cells) == 4
    assert cells[0][0] == "Late by forty" and cells[0][3] == "Agency"
    assert page.select_one(".opendataplan-late__days span")["title"] == "40"
    assert "Hidden and late" not in page.get_text()
    assert "/progress/late" in app.get("/ar/progress").body


@pytest.mark.parametrize(
    "query", ["?fmt=csv", "?fmt=", "?endpoint=x", "?_scheme=https", "?_anchor=x"]
)
def test_the_download_links_carry_the_filters_only(app, scene, query):
    response = app.get("/en/progress/late" + query + "&plan=local-plan")

    assert response.status_code == 200
    links = [
        a["href"]
        for a in BeautifulSoup(response.body, "html.parser").select(".opendataplan-downloads a")
    ]
    assert links == [
        "/en/progress/late.csv?plan=local-plan&sort=days&period=running",
        "/en/progress/late.json?plan=local-plan&sort=days&period=running",
    ]


def test_the_page_shows_the_late_activities_a_page_at_a_time(app, scene, monkeypatch):
    from ckanext.opendataplan.pages import views

    monkeypatch.setattr(views, "LATE_PAGE_SIZE", 3)
    first = BeautifulSoup(app.get("/en/progress/late").body, "html.parser")
    second = BeautifulSoup(app.get("/en/progress/late?page=2").body, "html.parser")

    shown = [[tr.td.get_text(strip=True) for tr in p.select("tbody tr")] for p in (first, second)]
    assert shown == [["Late by forty", "Late by ten", "Local and late"], ["Undated"]]
    assert "Late activities: 4" in first.select_one(".opendataplan-late__count").text
    assert [a["href"] for a in first.select(".opendataplan-pages a")] == [
        "/en/progress/late?page=2&sort=days&period=running"
    ]
    assert [a.text for a in second.select(".opendataplan-pages a")] == ["Previous page"]
    assert len(listed(app)) == 4  # the JSON and CSV give them all


@pytest.mark.parametrize("page", ["0", "x", "-1", "1.5"])
def test_a_bad_page_number_is_a_400_naming_it(app, scene, page):
    response = app.get("/en/progress/late?page=" + page)

    assert response.status_code == 400 and "page" in response.body


def test_an_activity_of_an_ended_plan_says_it_was_not_done_by_its_end():
    from ckanext.opendataplan.pages import late

    commitment = {"name": "c", "owner_org": "o", "id": "i", "title": "C", "plan": "p"}
    activity = {
        "title": "A",
        "end_date": dt.date(2020, 1, 31),
        "days_overdue": 400,
        "progress": 50,
        "dated": True,
    }
    ended = {"name": "p", "id": "p", "title": "P", "period_end": "2020-08-31"}
    running = {**ended, "period_end": (dt.date(2020, 1, 31) + dt.timedelta(days=401)).isoformat()}

    labels = {"i": ("C", ""), "p": ("P", "")}  # each title and its language
    row = late._row(commitment, activity, ended, {}, {}, labels)
    assert row["plan_ended"] == "2020-08-31"
    assert late._row(commitment, activity, running, {}, {}, labels)["plan_ended"] is None


RUNNING = ["Late by forty", "Late by ten", "Local and late", "Undated"]
ENDED = ["Left unfinished", "Never started"]  # most overdue first


def test_the_page_lists_the_plans_still_running_by_default(app, scene):
    answer = app.get("/progress/late.json").json

    assert answer["period"] == "running"
    assert [r["activity"] for r in answer["activities"]] == RUNNING
    assert {r["plan_period"] for r in answer["activities"]} == {"running"}
    assert answer["counts"] == {
        "running": {"activities": 4, "plans": 2},
        "ended": {"activities": 2, "plans": 1},
        "all": {"activities": 6, "plans": 3},
    }


@pytest.mark.parametrize(
    ("period", "expected"),
    [("ended", ENDED), ("all", [*ENDED, *RUNNING])],
)
def test_the_activities_of_ended_plans_are_one_parameter_away(app, scene, period, expected):
    answer = app.get(f"/progress/late.json?period={period}").json
    rows = csv_rows(app.get(f"/progress/late.csv?period={period}"))

    assert answer["period"] == period
    assert [r["activity"] for r in answer["activities"]] == expected
    assert [(r["activity"], r["plan_period"]) for r in rows] == [
        (a["activity"], a["plan_period"]) for a in answer["activities"]
    ]
    assert {r["plan_period"] for r in rows if r["activity"] in ENDED} <= {"ended"}


def test_a_plan_is_running_until_its_last_day_on_the_day_asked(app, scene):
    on_its_last_day = app.get("/progress/late.json?as_of=2016-12-31").json
    after = app.get("/progress/late.json?as_of=2017-01-01").json

    assert [r["activity"] for r in on_its_last_day["activities"]] == ENDED
    assert on_its_last_day["counts"]["ended"] == {"activities": 0, "plans": 0}
    assert after["activities"] == []
    assert after["counts"]["ended"] == {"activities": 2, "plans": 1}


def period_choices(app, lang: str) -> tuple[BeautifulSoup, list[str]]:
    """The late page and its choices of plans (running, ended, all), as read."""
    page = BeautifulSoup(app.get(f"/{lang}/progress/late").body, "html.parser")
    return page, [li.get_text(" ", strip=True) for li in page.select(".opendataplan-periods li")]


def test_the_page_counts_the_unfinished_activities_of_ended_plans_one_click_away(app, scene):
    page, choices = period_choices(app, "en")

    assert choices == [
        "4 late activities of 2 running plans",
        "2 unfinished activities of 1 ended plan",
        "All plans: 6",
    ]
    assert page.select_one(".opendataplan-periods [aria-current]").get_text() == choices[0]
    ended = page.select(".opendataplan-periods a")[0]["href"]
    assert ended == "/en/progress/late?sort=days&period=ended"
    shown = BeautifulSoup(app.get(ended).body, "html.parser")
    assert [tr.td.get_text(strip=True) for tr in shown.select("tbody tr")] == ENDED
    # the filters keep the choice when they are sent
    assert shown.select_one("form.opendataplan-filters input[name=period]")["value"] == "ended"


def test_arabic_says_the_counts_in_words(app, scene):
    assert period_choices(app, "ar")[1] == [
        "4 أنشطة متأخرة في خطتين جاريتين",
        "نشاطان غير منجزين في خطة واحدة منتهية",
        "كل الخطط: 6",
    ]


def test_the_counts_elsewhere_open_the_late_page_on_every_plan(app, scene):
    """The overview and the scorecards count the late activities of every plan: their
    links open the late page on the same count."""
    overview = BeautifulSoup(app.get("/en/progress").body, "html.parser")
    link = overview.select_one(".opendataplan-headline__number a")
    listed_there = app.get(link["href"].replace("/progress/late", "/progress/late.json")).json

    assert "period=all" in link["href"]
    assert len(listed_there["activities"]) == int(link.get_text(strip=True))
