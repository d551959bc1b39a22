"""Reported or not, against the data: a commitment with no figure is "not reported" on
every channel (action, index, overview, scorecards, CSV, open data, embed, plan page),
never an IRM level and never a 0 in an average; every average comes with its coverage;
the plan page says what changed since the last meeting; the country-wide pages answer
``as_of`` with each institution's change since the previous quarter."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories_odp as f
from tests.pages.downloads import csv_rows

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db_once")


def _milestone(title: str, end: str, value: int) -> dict[str, Any]:
    return {"title": title, "start_date": "2019-01-01", "end_date": end, "progress": value}


@pytest.fixture(scope="module")
def scene(clean_db_once: None) -> dict[str, Any]:
    from ckan.tests import factories

    admin = factories.Sysadmin()
    ministry = factories.Organization(name="ministry", title="Ministry")
    agency = factories.Organization(name="agency", title="Agency")
    plan = f.plan(admin, ministry, name="plan", period_end=f.days_ago(-365))
    for name, org, number in [
        ("moving", ministry, "1"),
        ("finished", ministry, "2"),
        ("fresh", ministry, "3"),
        ("silent", agency, "4"),
    ]:
        f.commitment(admin, plan, org, name=name, number=number, end_date=f.days_ago(-365))
    f.commitment(
        admin,
        plan,
        agency,
        name="slipping",
        number="5",
        end_date=f.days_ago(-365),
        milestones=[_milestone("Draft the decree", "2020-03-31", 10)],
    )
    f.report(
        admin,
        plan,
        [
            {"commitment": "moving", "progress": 20},
            {"commitment": "finished", "progress": 90},
            {"commitment": "slipping", "progress": 10},
        ],
        name="winter",
        meeting_date="2020-02-15",
    )
    f.report(
        admin,
        plan,
        [
            {"commitment": "moving", "progress": 50},
            {"commitment": "finished", "progress": 100},
            {"commitment": "fresh", "progress": 30},
            {"commitment": "slipping", "progress": 10},
        ],
        name="spring",
        meeting_date="2020-05-15",
    )
    return {"admin": admin, "plan": plan}


# moving 50, finished 100, fresh 30, slipping 10 (its activity, as entered): 47.5 -> 48
REPORTED = {"progress": 48, "commitment_count": 5, "reported_count": 4, "unreported_count": 1}


def test_the_plan_counts_no_zero_for_the_commitment_not_reported(scene):
    answer = helpers.call_action("opendataplan_plan_progress", id="plan")

    assert {key: answer[key] for key in REPORTED} == REPORTED
    assert answer["reported_share"] == 80
    silent = next(c for c in answer["commitments"] if c["name"] == "silent")
    assert (silent["progress"], silent["completion_level"]) == (None, "not_reported")
    assert answer["levels"]["not_reported"] == 1 and answer["levels"]["not_started"] == 0


def test_every_channel_gives_the_same_average_and_coverage(app, scene):
    shown = helpers.call_action("package_show", id="plan")
    found = helpers.call_action("package_search", fq="name:plan")["results"][0]
    overview = app.get("/progress.json").json
    plan_row = next(row for row in overview["plans"] if row["name"] == "plan")
    export = csv_rows(app.get("/progress/open-data/plans.csv"))[0]
    overview_csv = csv_rows(app.get("/progress.csv"))[0]

    for answer in (shown, found, plan_row, overview):
        assert {key: answer[key] for key in REPORTED} == REPORTED, answer
    for row in (export, overview_csv):
        assert {key: row[key] for key in REPORTED} == {k: str(v) for k, v in REPORTED.items()}
    silent = csv_rows(app.get("/progress/open-data/commitments.csv"))
    assert [
        (r["progress"], r["completion_level"]) for r in silent if r["commitment"] == "silent"
    ] == [("", "not_reported")]


def test_the_pages_say_not_reported_and_the_coverage(app, scene):
    page = BeautifulSoup(app.get("/en/plan/plan").body, "html.parser")
    rows = page.select(".opendataplan-commitments__table tbody tr")
    silent = next(row for row in rows if row.select_one("a")["href"].endswith("/silent"))

    assert silent.select_one(".opendataplan-level--not_reported").text == "Not reported"
    assert not silent.select(".opendataplan-level--not_started")
    text = " ".join(page.get_text(" ").split())
    assert "48% over 4 of 5 commitments reported; 1 not reported" in text
    assert "created from an accepted proposal" in page.get_text(" ")
    for url in ("/en/progress", "/en/embed/plan/plan", "/en/progress/institutions"):
        text = BeautifulSoup(app.get(url).body, "html.parser").get_text(" ")
        assert "of 5 commitments reported" in text or "1 of 2 reported" in text, url


def test_the_arabic_plan_page_says_it_in_arabic(app, scene):
    page = BeautifulSoup(app.get("/ar/plan/plan").body, "html.parser")

    badge = page.select_one(".opendataplan-commitments__table .opendataplan-level--not_reported")
    assert badge.text == "لم يبلغ عنه"
    coverage = page.select_one(".opendataplan-commitments .opendataplan-coverage").get_text()
    assert "4 من 5" in coverage and "not reported" not in coverage


def test_the_scorecards_give_coverage_and_sort_by_it(app, scene):
    rows = app.get("/progress/institutions.json?sort=coverage").json["institutions"]

    assert [(r["institution"], r["reported_count"], r["commitment_count"]) for r in rows] == [
        ("agency", 1, 2),
        ("ministry", 3, 3),
    ]
    assert [r["reported_share"] for r in rows] == [50, 100]
    assert rows[0]["progress"] == 10  # slipping alone: silent is no 0
    csv = csv_rows(app.get("/progress/institutions.csv?sort=coverage"))
    assert [(r["institution"], r["reported_share"]) for r in csv] == [
        ("agency", "50"),
        ("ministry", "100"),
    ]


def test_since_the_last_meeting_per_commitment(app, scene):
    page = BeautifulSoup(app.get("/en/plan/plan").body, "html.parser")
    section = page.select_one(".opendataplan-since")
    text = section.get_text(" ")
    items = {
        li.select_one("a")["href"].rsplit("/", 1)[-1]: li.get_text(" ")
        for li in section.select("li")
    }

    assert "Between the meeting of February 15, 2020 and the meeting of May 15, 2020" in text
    assert "+30 points" in items["moving"]
    assert "Newly complete" in items["finished"] and "+10 points" in items["finished"]
    assert "first figure" in items["fresh"]
    assert "Newly late: Draft the decree" in items["slipping"]
    assert "silent" not in items
    assert "Unchanged: 1" in text


@pytest.mark.parametrize(
    ("as_of", "ministry", "then", "change"),
    [
        ("2020-03-01", 55, None, None),  # 20 and 90 reported; nothing at 2019-12-31
        ("2020-06-01", 60, 55, 5),  # 50, 100, 30; at 2020-03-31: 20 and 90
    ],
)
def test_as_of_gives_the_figures_then_and_the_change_since_the_previous_quarter(
    app, scene, as_of, ministry, then, change
):
    rows = app.get(f"/progress/institutions.json?as_of={as_of}").json["institutions"]
    row = next(r for r in rows if r["institution"] == "ministry")
    overview = app.get(f"/progress.json?as_of={as_of}").json
    same = next(r for r in overview["institutions"] if r["title"] == "Ministry")

    assert (row["progress"], row["previous_quarter_progress"]) == (ministry, then)
    assert row["change_since_previous_quarter"] == change
    assert (same["progress"], same["change_since_previous_quarter"]) == (ministry, change)
    csv = csv_rows(app.get(f"/progress/institutions.csv?as_of={as_of}"))
    assert next(r for r in csv if r["institution"] == "ministry")[
        "change_since_previous_quarter"
    ] == ("" if change is None else str(change))


@pytest.mark.parametrize(
    ("url", "rows"),
    [
        ("/en/progress/institutions?as_of=2020-06-01", "tbody tr"),
        ("/en/progress?as_of=2020-06-01", ".opendataplan-ranking li"),
    ],
)
def test_the_pages_say_each_change_since_the_quarter_with_its_day(app, scene, url, rows):
    """The words "Since <day>" are said once for the page's hundreds of rows: each row
    still says them, with the day the change is counted from."""
    page = BeautifulSoup(app.get(url).body, "html.parser")
    said = {
        row.get_text(" ").split()[0]: " ".join(row.get_text(" ").split())
        for row in page.select(rows)
    }

    assert "Since March 31, 2020: +5 points" in said["Ministry"]
    assert "Since March 31, 2020" in said["Agency"]


def test_the_late_page_as_of_a_day(app, scene):
    before = app.get("/progress/late.json?as_of=2020-03-01").json
    after = app.get("/progress/late.json?as_of=2020-06-01").json

    assert [a["activity"] for a in before["activities"]] == []
    assert [a["activity"] for a in after["activities"]] == ["Draft the decree"]
    assert (after["previous_quarter_end"], after["previous_quarter_count"]) == ("2020-03-31", 0)
    form = BeautifulSoup(app.get("/ar/progress/late?as_of=2020-06-01").body, "html.parser")
    assert form.select_one("input[type=date][name=as_of]")["value"] == "2020-06-01"


@pytest.mark.parametrize("value", ["2020-13-01", "yesterday", "2999-01-01", "20200101"])
def test_a_wrong_as_of_is_a_400_naming_it(app, scene, value):
    for url in ("/en/progress", "/en/progress/late", "/en/progress/institutions.json"):
        response = app.get(f"{url}?as_of={value}")
        assert response.status_code == 400 and "as_of" in response.body, url


_runs = itertools.count()
QUARTER_ENDS = ["2019-03-31", "2019-06-30", "2019-09-30", "2019-12-31", "2020-03-31"]


@settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 100)),
        min_size=1,
        max_size=4,
        unique_by=lambda r: r[0],
    )
)
def test_the_quarterly_changes_add_up_to_the_current_figure(app, scene, sequence):
    """Reports at random meetings in random quarters: the changes since the previous
    quarter, read quarter after quarter (the first figure counted from 0), add up to the
    figure the scorecards give now."""
    from ckan.tests import factories

    run = next(_runs)
    org = factories.Organization(name=f"body-{run}")
    plan = f.plan(scene["admin"], org, name=f"quarters-{run}")
    f.commitment(scene["admin"], plan, org, name=f"quarters-{run}-c")
    for quarter, value in sorted(sequence):
        day = QUARTER_ENDS[quarter][:8] + "01"  # the first of the quarter's last month
        updates = [{"commitment": f"quarters-{run}-c", "progress": value}]
        f.report(scene["admin"], plan, updates, name=f"quarters-{run}-{quarter}", meeting_date=day)

    total = 0
    for end in [*QUARTER_ENDS, f.days_ago(0)]:
        rows = app.get(f"/progress/institutions.json?as_of={end}").json["institutions"]
        row = next((r for r in rows if r["institution"] == org["name"]), None)
        if row is None or row["progress"] is None:
            continue
        change = row["change_since_previous_quarter"]
        total += row["progress"] if change is None else change
    now = next(
        r
        for r in app.get("/progress/institutions.json").json["institutions"]
        if r["institution"] == org["name"]
    )
    assert total == now["progress"] == sorted(sequence)[-1][1]


def test_the_report_form_starts_a_not_reported_commitment_empty(app, scene):
    """Not a 0 it was never given (which a save would record as "not started"), and
    never the word None."""
    token = f.factories.APIToken(user=scene["admin"]["name"])["token"]
    page = BeautifulSoup(
        app.get(
            "/en/progress_report/new",
            query_string={"plan": "plan"},
            headers={"Authorization": token},
        ).body,
        "html.parser",
    )
    values = {
        field.find_previous("input", attrs={"name": lambda n: n and n.endswith("-commitment")})[
            "value"
        ]: field["value"]
        for field in page.select("input[name$='-progress']")
    }
    silent = helpers.call_action("package_show", id="silent")["id"]
    moving = helpers.call_action("package_show", id="moving")["id"]
    assert (values[silent], values[moving]) == ("", "50")
