"""Institution scorecards (/progress/institutions): per lead institution, commitments
led, average progress, late activities, share not late and latest report, from the
data; drafts and private commitments left out; sorts, filter, CSV equal to JSON."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests import factories_odp as f
from tests.pages.downloads import csv_rows

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db_once")

days_ago, activity = f.days_ago, f.activity


@pytest.fixture(scope="module")
def scene(clean_db_once: None) -> dict[str, Any]:
    from ckan.tests import factories

    admin = factories.Sysadmin()
    ministry = factories.Organization(name="ministry", title="Ministry")
    agency = factories.Organization(name="agency", title="Agency")
    idle = factories.Organization(name="idle", title="Idle body")
    period = {"period_start": "2018-01-01", "period_end": days_ago(-365)}
    plan = f.plan(admin, ministry, **period)
    local = f.plan(admin, agency, name="local-plan", plan_kind="ogp_local", **period)
    draft = f.plan(admin, idle, name="draft-plan", version_status="draft", **period)
    future = {"end_date": days_ago(-365)}
    f.commitment(
        admin,
        plan,
        ministry,
        name="m1",
        milestones=[activity("Late", 10, 50), activity("Done", 30, 100)],
        **future,
    )
    f.commitment(
        admin,
        plan,
        ministry,
        name="m2",
        number="5",
        milestones=[activity("Soon", -5, 20)],
        **future,
    )
    agency_commitment = f.commitment(
        admin, local, agency, name="a1", number="1", milestones=[activity("Late", 3, 40)], **future
    )
    f.commitment(
        admin,
        plan,
        agency,
        name="a-hidden",
        number="9",
        private=True,
        milestones=[activity("Hidden", 100, 0)],
        **future,
    )
    f.commitment(
        admin, draft, idle, name="d1", number="1", milestones=[activity("Draft", 50, 0)], **future
    )
    f.report(
        admin,
        local,
        [{"commitment": agency_commitment["id"], "progress": 40}],
        meeting_date="2021-03-01",
    )
    return {"ministry": ministry, "agency": agency}


def cards(app, query: str = "") -> list[dict[str, Any]]:
    response = app.get("/progress/institutions.json" + query)
    assert response.status_code == 200
    return response.json["institutions"]


def test_each_institution_scored_from_its_commitments(app, scene):
    rows = {row["institution"]: row for row in cards(app)}

    assert set(rows) == {"ministry", "agency"}  # the draft plan's body is not scored
    ministry = rows["ministry"]
    # m1: activities at 50 and 100 -> 75; m2: 20 -> mean 47.5, half up 48
    assert (ministry["commitment_count"], ministry["progress"]) == (2, 48)
    assert (ministry["activity_count"], ministry["late_count"]) == (3, 1)
    assert ministry["on_time_share"] == 67  # 2 of 3 not late
    assert ministry["last_report"] is None
    agency = rows["agency"]
    # the private commitment is neither counted nor late
    assert (agency["commitment_count"], agency["progress"], agency["late_count"]) == (1, 40, 1)
    assert (agency["on_time_share"], agency["last_report"]) == (0, "2021-03-01")
    assert agency["title"] == "Agency" and agency["institution_id"] == scene["agency"]["id"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["agency", "ministry"]),  # most late first, then least advanced
        ("?sort=progress", ["ministry", "agency"]),
        ("?sort=title", ["agency", "ministry"]),
        ("?kind=ogp_local", ["agency"]),
        ("?kind=ogp_national", ["ministry"]),
    ],
)
def test_sorts_and_filter(app, scene, query, expected):
    assert [row["institution"] for row in cards(app, query)] == expected


@pytest.mark.parametrize("query", ["?sort=alphabet", "?kind=secret"])
def test_an_unknown_choice_is_a_400_naming_the_parameter(app, scene, query):
    response = app.get("/en/progress/institutions" + query)

    assert response.status_code == 400
    assert query[1:].split("=")[0] in response.body


def test_the_csv_gives_the_same_rows(app, scene):
    rows = csv_rows(app.get("/progress/institutions.csv?sort=title"))

    assert [(r["institution"], r["progress"], r["late_count"]) for r in rows] == [
        (c["institution"], str(c["progress"]), str(c["late_count"]))
        for c in cards(app, "?sort=title")
    ]


def test_the_arabic_page_links_each_institution_and_its_late_activities(app, scene):
    page = BeautifulSoup(app.get("/ar/progress/institutions").body, "html.parser")

    assert page.find("html")["dir"] == "rtl"
    rows = page.select("tbody tr")
    assert [tr.select_one("td a").text for tr in rows] == ["Agency", "Ministry"]
    late_link = rows[0].select_one("td[data-label='الأنشطة المتأخرة'] a")["href"]
    # the scorecard counts every plan's late activities: so does the page it opens
    assert late_link.endswith(f"/progress/late?institution={scene['agency']['id']}&period=all")
    assert "Hidden" not in page.get_text()
