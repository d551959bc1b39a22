"""The meeting form, ``/plan/<name>/meeting``: the plan's commitments with their figures
and activities pre-filled; a refused save keeps every typed value and names each row's
commitment; a saved one goes to the report's page, which shows the minutes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from tests import factories_odp as f
from tests.marks import portal
from tests.meetings.test_meeting_action import PDF
from tests.signing import signed_in

pytestmark = portal


@pytest.fixture
def scene(admin, org, plan):
    first = f.commitment(admin, plan, org, name="first", milestones=f.milestones())
    second = f.commitment(admin, plan, org, name="second", number="5", progress=10)
    return {"admin": admin, "plan": plan, "first": first, "second": second}


def form_page(app, headers):
    return BeautifulSoup(
        app.get("/ar/plan/ogp-2018-2020/meeting", headers=headers).body, "html.parser"
    )


def posted(page) -> dict:
    """What the browser posts as the page stands (every input, the token included)."""
    form = page.select_one("form.opendataplan-meeting")
    data = {
        i["name"]: i.get("value", "") for i in form.select("input[name]") if i.get("type") != "file"
    }
    for select in form.select("select[name]"):
        chosen = select.select_one("option[selected]")
        data[select["name"]] = chosen["value"] if chosen else ""
    for area in form.select("textarea[name]"):
        data[area["name"]] = area.get_text()
    return data


def test_the_form_lists_each_commitment_with_its_figure_and_activities(app, scene):
    page = form_page(app, signed_in(scene["admin"]))

    rows = page.select(".opendataplan-meeting__commitment")
    assert len(rows) == 2
    assert page.select_one("#updates-0-progress")["value"] == "96"  # computed from activities
    assert page.select_one("#updates-1-progress")["value"] == "10"
    statuses = page.select("select[id^='updates-0-activities-'][id$='-status']")
    assert len(statuses) == 7
    assert statuses[2].select_one("option[selected]")["value"] == "in_progress"
    assert page.select_one("input[name=_csrf_token]")
    assert page.select_one("form.opendataplan-meeting")["enctype"] == "multipart/form-data"


def test_a_refused_save_keeps_every_value_and_names_the_commitment(app, scene):
    headers = signed_in(scene["admin"])
    data = posted(form_page(app, headers))
    data.update(
        {
            "place": "الرباط",
            "updates-0-narrative": "تقدم ملموس",
            "updates-0-activities-2-status": "complete",
            "updates-0-activities-2-progress": "100",
            "updates-1-progress": "150",
        }
    )

    response = app.post("/ar/plan/ogp-2018-2020/meeting", data=data, headers=headers)

    page = BeautifulSoup(response.body, "html.parser")
    summary = page.select_one(".opendataplan-error-summary").get_text(" ", strip=True)
    assert "الالتزام 5" in summary and "updates-1-progress" in str(
        page.select_one(".opendataplan-error-summary")
    )
    assert page.select_one("#field-place")["value"] == "الرباط"
    assert page.select_one("#updates-0-narrative").get_text() == "تقدم ملموس"
    assert page.select_one("#updates-1-progress")["value"] == "150"
    chosen = page.select_one("#updates-0-activities-2-status option[selected]")
    assert chosen["value"] == "complete"
    assert helpers.call_action("package_search", fq="type:progress_report")["count"] == 0
    first = helpers.call_action("package_show", id="first")
    assert first["milestones"][2]["status"] == "in_progress"


def test_a_saved_meeting_goes_to_its_report_with_the_minutes(app, scene):
    headers = signed_in(scene["admin"])
    data = posted(form_page(app, headers))
    data.update(
        {
            "meeting_date": dt.date.today().isoformat(),
            "updates-0-activities-2-status": "complete",
            "updates-0-activities-2-progress": "100",
            "updates-1-progress": "40",
        }
    )
    data["minutes"] = (io.BytesIO(PDF), "minutes.pdf")

    response = app.post(
        "/ar/plan/ogp-2018-2020/meeting", data=data, headers=headers, follow_redirects=False
    )

    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/ar/progress_report/ogp-2018-2020-")  # relative: no site_url
    page = BeautifulSoup(app.get(location, headers=headers).body, "html.parser")
    minutes = page.select_one(".opendataplan-minutes")
    link = minutes.select_one("a")
    assert link.get_text() == "minutes.pdf" and "/download/minutes.pdf" in link["href"]
    assert "PDF" in minutes.get_text()
    assert app.get(link["href"], headers=headers).data.startswith(b"%PDF-")
    first = helpers.call_action("package_show", id="first")
    assert first["milestones"][2]["status"] == "complete"


def test_who_may_not_edit_the_plan_finds_no_form(app, scene):
    outsider = factories.User()
    assert app.get("/ar/plan/ogp-2018-2020/meeting", headers=signed_in(outsider)).status_code == 404
    anonymous = app.get("/ar/plan/ogp-2018-2020/meeting", follow_redirects=False)
    assert anonymous.status_code == 302 and "/user/login" in anonymous.headers["Location"]


def test_the_plan_page_links_to_the_form(app, scene):
    page = BeautifulSoup(
        app.get("/ar/plan/ogp-2018-2020", headers=signed_in(scene["admin"])).body, "html.parser"
    )
    assert page.select_one("a[href='/ar/plan/ogp-2018-2020/meeting']").get_text() == "تسجيل اجتماع"
