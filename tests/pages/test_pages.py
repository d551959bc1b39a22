"""Plan and commitment pages, and the /commitment search page with its facets."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers
from freezegun import freeze_time

from tests import factories_odp as f
from tests.marks import COORDINATOR, portal

pytestmark = portal


@pytest.fixture
def data(admin, org, plan):
    commitment = f.commitment(admin, plan, org, milestones=f.milestones())
    return {"admin": admin, "plan": plan, "commitment": commitment}


def page(app, url: str, **kwargs) -> BeautifulSoup:
    response = app.get(url, **kwargs)
    assert response.status_code == 200
    return BeautifulSoup(response.body, "html.parser")


def test_commitment_page_shows_progress_and_level(app, data):
    soup = page(app, "/en/commitment/commitment-4")

    bar = soup.find(attrs={"role": "progressbar"})
    assert bar["aria-valuenow"] == "96"
    assert "Substantial" in soup.select_one(".opendataplan-level").text
    assert "Comparative studies of data strategies" in soup.text


def test_plan_page_lists_its_commitments(app, data):
    soup = page(app, "/en/plan/ogp-2018-2020")

    assert soup.find(attrs={"role": "progressbar"})["aria-valuenow"] == "96"
    row = soup.select_one(".opendataplan-commitments__table tbody tr")
    assert row.find("a")["href"].endswith("/commitment/commitment-4")
    assert "OGP plan 2018-2020" in soup.find("h1").text


def test_plan_page_in_arabic_is_right_to_left_with_the_arabic_title(app, data):
    soup = page(app, "/ar/plan/ogp-2018-2020")

    assert soup.find("html")["dir"] == "rtl"
    assert "خطة العمل الوطنية 2018-2020" in soup.find("h1").text


def test_french_page_falls_back_when_the_title_has_no_french(app, data):
    soup = page(app, "/fr/plan/ogp-2018-2020")
    assert "خطة العمل الوطنية 2018-2020" in soup.find("h1").text


def test_plan_page_shows_only_its_kind_of_sections(app, data):
    admin, plan = data["admin"], data["plan"]
    helpers.call_action(
        "package_patch",
        {"user": admin["name"]},
        id=plan["id"],
        drafting_process="Online consultation",
        tools="National portal",
    )
    text = page(app, "/en/plan/ogp-2018-2020").text
    assert "Online consultation" in text
    assert "National portal" not in text  # the tools section belongs to institutional plans


def test_commitment_list_offers_level_and_plan_filters(app, data):
    soup = page(app, "/en/commitment/")

    labels = " ".join(label.text for label in soup.select(".opendataplan-list__filters label"))
    assert "Completion level" in labels
    assert "Plan" in labels
    assert "commitment-4" in str(soup)


def test_new_commitment_form_renders_for_the_plan_admin(app, data):
    soup = page(
        app,
        "/en/commitment/new",
        query_string={"plan": data["plan"]["id"]},
        extra_environ={"REMOTE_USER": data["admin"]["name"]},
        headers={"Authorization": helpers_token(data["admin"])},
    )
    form = soup.find("form", id="dataset-edit")
    assert form.find("input", attrs={"name": "_csrf_token"})
    assert form.find("input", attrs={"name": "title_translated-ar"})
    assert form.find("select", attrs={"name": "plan"})


def helpers_token(user: dict) -> str:
    return f.factories.APIToken(user=user["name"])["token"]


def test_search_list_shows_titles_in_the_visitors_language(app, data):
    assert "OGP plan 2018-2020" in page(app, "/en/plan/").text
    assert "خطة العمل الوطنية 2018-2020" in page(app, "/ar/plan/").text


def test_page_strings_are_translated(app, data):
    assert (
        page(app, "/ar/commitment/commitment-4").find(id="opendataplan-progress-heading").text
        == "التقدم"
    )
    assert (
        page(app, "/fr/commitment/commitment-4").find(id="opendataplan-progress-heading").text
        == "Avancement"
    )
    assert (
        "Substantiel"
        in page(app, "/fr/commitment/commitment-4").select_one(".opendataplan-level").text
    )


def test_milestones_are_shown_as_a_table(app, data):
    soup = page(app, "/en/commitment/commitment-4")
    table = soup.select("table.opendataplan-gantt__table")[0]
    assert len(table.select(":scope > tbody > tr")) == 7
    headings = [th.text.split() for th in table.select(":scope > thead th")]
    assert headings[0] == ["Activity"] and headings[2:4] == [["Start", "date"], ["End", "date"]]
    assert headings[1][0] == "Timeline" and headings[1][1:] == sorted(headings[1][1:])  # years


def test_list_filters_read_as_words_in_the_visitors_language(app, data):
    soup = page(app, "/fr/commitment/")
    levels = " ".join(option.text for option in soup.select("#list-completion_level option"))
    plans = " ".join(option.text for option in soup.select("#list-plan option"))
    assert "Substantiel" in levels
    assert "خطة العمل الوطنية 2018-2020" in plans  # the plan's title (no French one)
    assert data["plan"]["id"] not in plans

    kinds = " ".join(
        option.text for option in page(app, "/en/plan/").select("#list-plan_kind option")
    )
    assert "OGP national action plan" in kinds


def test_edit_form_has_one_input_and_one_markdown_box_per_language(app, data):
    soup = page(
        app, "/en/plan/edit/ogp-2018-2020", headers={"Authorization": helpers_token(data["admin"])}
    )
    form = soup.find("form", id="dataset-edit")
    assert (
        form.find("input", attrs={"name": "title_translated-en"})["value"] == "OGP plan 2018-2020"
    )
    for lang in ("ar", "fr", "en"):
        assert form.find("textarea", attrs={"name": f"notes_translated-{lang}"})
        assert form.find("input", attrs={"name": f"title_translated-{lang}"})["lang"] == lang


def test_plan_created_through_the_web_form(app, data):
    headers = {"Authorization": helpers_token(data["admin"])}
    form = page(app, "/en/plan/new", headers=headers).find("form", id="dataset-edit")
    token = form.find("input", attrs={"name": "_csrf_token"})["value"]
    fields = {
        "_csrf_token": token,
        "name": "web-plan",
        "title_translated-ar": "خطة من الاستمارة",
        "title_translated-en": "Plan from the form",
        "plan_kind": "national_open_data",
        "owner_org": data["plan"]["owner_org"],
        "period_start": "2021-01-01",
        "period_end": "2021-12-31",
        "version_status": "draft",
        "save": "continue",
    }

    response = app.post("/en/plan/new", data=fields, headers=headers, follow_redirects=False)

    assert response.status_code == 302, response.body
    created = helpers.call_action("package_show", id="web-plan")
    assert created["title_translated"] == {"ar": "خطة من الاستمارة", "en": "Plan from the form"}
    assert created["title"] == "خطة من الاستمارة"
    assert not any(key.startswith("title_translated-") for key in created)


def test_web_form_error_names_the_field_in_the_visitors_language(app, data):
    headers = {"Authorization": helpers_token(data["admin"])}
    form = page(app, "/fr/plan/new", headers=headers).find("form", id="dataset-edit")
    fields = {
        "_csrf_token": form.find("input", attrs={"name": "_csrf_token"})["value"],
        "name": "bad-plan",
        "title_translated-fr": "Plan",
        "plan_kind": "ogp_national",
        "owner_org": data["plan"]["owner_org"],
        "period_start": "2021-06-01",
        "period_end": "2021-01-01",
        "version_status": "draft",
        "save": "continue",
    }

    response = app.post("/fr/plan/new", data=fields, headers=headers)

    assert response.status_code == 200
    assert "La date de fin précède la date de début" in response.body
    with pytest.raises(helpers.logic.NotFound):
        helpers.call_action("package_show", id="bad-plan")


def test_plan_admin_edit_form_keeps_the_lead_institution(app):
    sysadmin = f.factories.Sysadmin()
    coordinator, lead = f.factories.Organization(name=COORDINATOR), f.factories.Organization()
    plan_admin = f.factories.User()
    helpers.call_action(
        "organization_member_create",
        id=coordinator["id"],
        username=plan_admin["name"],
        role="admin",
    )
    plan = f.plan(sysadmin, coordinator)
    f.commitment(sysadmin, plan, lead)

    soup = page(
        app,
        "/en/commitment/edit/commitment-4",
        headers={"Authorization": helpers_token(plan_admin)},
    )

    select = soup.find("select", attrs={"name": "owner_org"})
    assert select.find("option", selected=True)["value"] == lead["id"]
    assert {o["value"] for o in select.find_all("option")} >= {lead["id"], coordinator["id"]}


def test_report_form_lists_the_plans_commitments_with_their_last_values(app, admin, org, plan):
    f.commitment(admin, plan, org, name="c2", number="2", progress=35)
    soup = page(
        app,
        "/en/progress_report/new",
        query_string={"plan": plan["id"]},
        headers={"Authorization": helpers_token(admin)},
    )

    form = soup.find("form", id="dataset-edit")
    assert form.find("input", attrs={"name": "_csrf_token"})
    progress_inputs = form.select("input[name$='-progress']")
    assert [i["value"] for i in progress_inputs] == ["35"]
    assert form.find("input", attrs={"name": "updates-0-commitment"})


def test_report_entered_through_the_form_updates_the_commitment(app, admin, org, plan):
    with freeze_time("2021-01-10"):  # its figure before the meeting the report is about
        c2 = f.commitment(admin, plan, org, name="c2", number="2", progress=35)
    headers = {"Authorization": helpers_token(admin)}
    form = page(
        app, "/en/progress_report/new", query_string={"plan": plan["id"]}, headers=headers
    ).find("form", id="dataset-edit")
    fields = {
        "_csrf_token": form.find("input", attrs={"name": "_csrf_token"})["value"],
        "name": "web-meeting",
        "plan": plan["id"],
        "meeting_date": "2021-03-01",
        "updates-0-commitment": c2["id"],
        "updates-0-progress": "60",
        "updates-0-narrative": "Workshops held",
        "save": "continue",
    }
    response = app.post(
        "/en/progress_report/new", data=fields, headers=headers, follow_redirects=False
    )
    assert response.status_code == 302, response.body
    # The web form saves a draft first; finishing it publishes the report.
    helpers.call_action("package_patch", {"user": admin["name"]}, id="web-meeting", state="active")

    assert helpers.call_action("package_show", id=c2["id"])["progress"] == 60
    soup = page(app, "/en/commitment/c2")
    history = soup.select_one(".opendataplan-history table")
    assert "2021" in history.text and "60" in history.text and "Progress report" in history.text


def test_report_page_shows_the_updates(app, admin, org, plan):
    c2 = f.commitment(admin, plan, org, name="c2", number="2", progress=35)
    f.report(
        admin, plan, [{"commitment": c2["id"], "progress": 70, "narrative": "Guide published"}]
    )

    soup = page(app, "/ar/progress_report/meeting")
    assert soup.find("html")["dir"] == "rtl"
    assert "Guide published" in soup.text
    assert soup.select_one("a[href$='/commitment/c2']")
