"""Which figure stands and why: a report's page says, for each commitment, whether the
meeting's figure is the current one and if not which newer figure stands and why; the
commitment's page says where its current figure comes from, and the committee's last
figure when another stands; the report form warns before publishing a figure that will
not become current, and publishes it once the editor confirms."""

from __future__ import annotations

import datetime as dt

import ckan.model as model
import pytest
from babel.dates import format_date
from bs4 import BeautifulSoup
from ckan.tests import helpers
from freezegun import freeze_time

from tests import factories_odp as f
from tests.marks import portal
from tests.reports.forms import form_fields
from tests.signing import signed_in

pytestmark = portal


def in_words(day: dt.date) -> str:
    return format_date(day, format="long", locale="en")


@pytest.fixture
def scene(admin, org, plan):
    """'computed' has a figure from its activities dated today (96 %), newer than the
    2020 meeting's 72 %; 'reported' had 10 % in 2019 and the meeting's 40 % stands."""
    computed = f.commitment(admin, plan, org, name="computed", milestones=f.milestones())
    with freeze_time("2019-01-10"):
        reported = f.commitment(admin, plan, org, name="reported", number="5", progress=10)
    updates = [
        {"commitment": computed["id"], "progress": 72},
        {"commitment": reported["id"], "progress": 40},
    ]
    f.report(admin, plan, updates, name="m2020", meeting_date="2020-07-15")
    return {"computed": computed, "reported": reported}


def cells(app, url: str) -> dict[str, str]:
    """The 'figure that stands' cell of each commitment of a report page, by its link."""
    page = BeautifulSoup(app.get(url).body, "html.parser")
    rows = page.select(".opendataplan-changes__table tbody tr")
    return {
        row.find("a")["href"].rsplit("/", 1)[-1]: row.select_one(".opendataplan-standing").text
        for row in rows
    }


def test_the_report_page_says_which_figure_stands_and_why(app, scene):
    found = cells(app, "/en/progress_report/m2020")
    assert " ".join(found["reported"].split()) == "The current figure"
    computed = " ".join(found["computed"].split())
    assert "Not the current figure: 96% stands," in computed
    assert f"computed from its activities on {in_words(dt.date.today())}" in computed


def test_a_later_meeting_is_named_as_the_figure_that_stands(app, admin, plan, scene):
    rows = [{"commitment": scene["reported"]["id"], "progress": 55}]
    f.report(admin, plan, rows, name="m2021", meeting_date="2021-03-01")
    found = cells(app, "/en/progress_report/m2020")
    assert "55% stands, reported at the meeting of March 1, 2021" in " ".join(
        found["reported"].split()
    )
    page = BeautifulSoup(app.get("/en/progress_report/m2020").body, "html.parser")
    assert page.find("a", string="reported at the meeting of March 1, 2021")["href"].endswith(
        "/progress_report/m2021"
    )


def test_the_commitment_page_shows_both_figures_when_they_differ(app, scene):
    page = BeautifulSoup(app.get("/en/commitment/computed").body, "html.parser")
    summary = " ".join(page.select_one(".opendataplan-summary").text.split())
    assert f"This figure is computed from its activities on {in_words(dt.date.today())}." in summary
    assert "The steering committee last reported 72%, reported at the meeting of July 15, 2020" in (
        summary
    )
    quiet = BeautifulSoup(app.get("/en/commitment/reported").body, "html.parser")
    summary = " ".join(quiet.select_one(".opendataplan-summary").text.split())
    assert "This figure is reported at the meeting of July 15, 2020." in summary
    assert "last reported" not in summary  # the committee's figure is the current one


def reports() -> int:
    return model.Session.query(model.Package).filter_by(type="progress_report").count()


def row_prefix(fields: dict[str, str], commitment_id: str) -> str:
    return next(k for k, v in fields.items() if v == commitment_id).removesuffix("commitment")


def test_the_form_warns_before_publishing_a_figure_that_will_not_become_current(
    app, admin, plan, scene
):
    headers = signed_in(admin)
    url = f"/en/progress_report/new?plan={plan['id']}"
    fields = form_fields(app, url, headers)
    fields["meeting_date"] = "2020-12-05"
    computed = row_prefix(fields, scene["computed"]["id"])
    fields[f"{computed}progress"] = "70"
    fields[f"{computed}narrative"] = "Portail relancé"
    untouched = row_prefix(fields, scene["reported"]["id"])
    assert fields[f"{untouched}progress"] == "40"  # pre-filled with its current figure
    before = reports()

    response = app.post(url, data={**fields, "save": "go-metadata"}, headers=headers)

    page = BeautifulSoup(response.body, "html.parser")
    assert page.find(id="opendataplan_confirm_not_current") is not None
    warned = page.find("input", attrs={"name": f"{computed}progress"}).find_parent("div")
    assert "This figure will not become current: 96 %, computed from its activities" in (
        warned.text
    )
    assert page.find("input", attrs={"name": f"{computed}progress"})["value"] == "70"
    assert page.find("textarea", attrs={"name": f"{computed}narrative"}).text == "Portail relancé"
    untouched_row = page.find("input", attrs={"name": f"{untouched}progress"}).find_parent("div")
    assert not untouched_row.select(".error-block")  # the row left as it was is no error
    model.Session.remove()
    assert reports() == before

    confirmed = {**fields, "opendataplan_confirm_not_current": "1", "save": "go-metadata"}
    response = app.post(url, data=confirmed, headers=headers, follow_redirects=False)
    assert response.status_code == 302, response.body[:3000]
    model.Session.remove()
    assert reports() == before + 1
    # its address made from the plan and the meeting, none asked
    assert "/progress_report/ogp-2018-2020-2020-12-05/" in response.headers["Location"]


def test_a_second_report_on_the_same_meeting_gets_the_next_address(admin, plan, scene):
    rows = [{"commitment": scene["reported"]["id"], "progress": 45}]
    for _ in range(2):
        helpers.call_action(
            "package_create",
            {"user": admin["name"]},
            type="progress_report",
            plan=plan["id"],
            meeting_date="2021-02-01",
            updates=rows,
        )
    names = {p.name for p in model.Session.query(model.Package).filter_by(type="progress_report")}
    assert {"ogp-2018-2020-2021-02-01", "ogp-2018-2020-2021-02-01-2"} <= names


def test_the_api_publishes_without_the_forms_question(admin, plan, scene):
    rows = [{"commitment": scene["computed"]["id"], "progress": 70}]
    created = f.report(admin, plan, rows, name="api", meeting_date="2020-12-05")
    assert created["updates"][0]["progress"] == 70
    shown = helpers.call_action("package_show", id="computed")
    assert shown["progress"] == 96  # computed today: it stands
