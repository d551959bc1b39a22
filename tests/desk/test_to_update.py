"""The "to update" page against the data: exactly the due, overdue and stale items of
the user's institutions (the reminders' rules), nothing of others; the landing after
login; the account menu's link; a constant number of queries."""

from __future__ import annotations

import datetime as dt

import ckan
import pytest
from bs4 import BeautifulSoup
from ckan import model
from ckan.tests import factories, helpers

from ckanext.opendataplan.desk import items
from tests import factories_odp as f
from tests.accountability.test_reminders import _in, setting  # noqa: F401 (a fixture)
from tests.marks import portal
from tests.pages.test_query_counts import counting
from tests.signing import PASSWORD, cookie_browser, signed_in

pytestmark = portal


def _sections(user: dict, org: dict | None = None) -> dict[str, list[dict]]:
    body = items.build(model.User.get(user["name"]), "en")
    for entry in body["institutions"]:
        if org is None or entry["org"].id == org["id"]:
            return dict(entry["sections"])
    return {}


@pytest.fixture
def more(setting):  # noqa: F811
    """Beside the reminders' setting: another institution's late commitment, a
    commitment of the lead that missed the last meeting, and a planned inventory item."""
    sysadmin, plan = setting["sysadmin"], setting["plan"]
    lead = model.Group.get(setting["c4"]["owner_org"])
    other = factories.Organization()
    f.commitment(
        sysadmin,
        plan,
        other,
        name="other-c",
        number="9",
        milestones=[f.activity("Other body's activity", -4, 10)],
    )
    f.commitment(sysadmin, plan, {"id": lead.id}, name="commitment-6", number="6")
    inventory = f.inventory(sysadmin, {"id": lead.id})
    helpers.call_action(
        "opendataplan_inventory_item_create",
        {"user": sysadmin["name"]},
        inventory=inventory["id"],
        title={"en": "Register of schools"},
        reference="R1",
        publication_status="planned",
        planned_publication_date=_in(5),
    )
    return {**setting, "other": other, "lead": lead}


def test_lists_exactly_what_the_lead_institution_has_to_update(more):
    found = _sections(more["people"]["lead_editor"])

    # every overdue activity, the oldest first: the emails' look-back (30 days) is about
    # news, and "Data strategy", 400 days late, is still to update
    assert [r["activity"] for r in found["overdue"]] == [
        "Data strategy",
        "Training administrations",
    ]
    assert [r["days"] for r in found["overdue"]] == [400, 3]
    assert [r["activity"] for r in found["due"]] == ["Procedures guide"]
    assert [r["url"] for r in found["stale"]] == ["/commitment/edit/commitment-6"]
    assert [r["url"] for r in found["no_progress"]] == ["/commitment/edit/commitment-5"]
    (reporting,) = found["reporting"]
    assert reporting["date"] == dt.date.today() + dt.timedelta(days=7) and reporting["soon"]
    assert [r["reference"] for r in found["publication"]] == ["R1"]
    assert "drafts" not in found  # the draft plan is the plan body's, not the lead's
    every = [row.get("activity") for rows in found.values() for row in rows]
    assert "Other body's activity" not in every and "Draft activity" not in every
    assert "Awareness campaign" not in every  # complete


def test_the_plan_body_sees_its_reporting_date_and_draft_not_the_leads_activities(more):
    found = _sections(more["people"]["body_admin"])

    assert set(found) == {"reporting", "drafts"}
    assert [r["url"] for r in found["drafts"]] == ["/plan/edit/draft-plan"]


def test_a_member_without_a_role_to_edit_has_nothing(more):
    assert (
        items.build(model.User.get(more["people"]["lead_member"]["name"]), "en")["institutions"]
        == []
    )


def test_the_page_in_arabic_links_each_item_to_its_form(app, more):
    page = app.get("/ar/dashboard/to-update", headers=signed_in(more["people"]["lead_editor"]))
    soup = BeautifulSoup(page.body, "html.parser")

    links = {a["href"] for a in soup.select(".opendataplan-desk__list a")}
    assert "/ar/commitment/edit/commitment-4" in links
    assert "/ar/plan/" + more["plan"]["name"] + "/meeting" in links
    assert soup.h1.get_text(strip=True) == "ما عليّ تحيينه"
    assert "Overdue" not in soup.select_one(".opendataplan-desk").get_text()
    assert soup.select_one('a[href="/ar/dashboard/to-update"]')  # the account menu
    # where an editor starts a plan, a commitment or an inventory, in words
    started = {a["href"]: a.get_text(strip=True) for a in soup.select(".opendataplan-desk__new a")}
    assert started == {
        "/ar/plan/new": "خطة جديدة",
        "/ar/commitment/new": "التزام جديد",
        "/ar/inventory/new": "جرد جديد",
    }


def test_an_editor_lands_on_the_page_after_login_others_on_ckans(app, more):
    editor = factories.User(password=PASSWORD)
    helpers.call_action(
        "organization_member_create", id=more["lead"].id, username=editor["name"], role="editor"
    )
    for user, landing in ((editor, "/dashboard/to-update"), (None, "/dashboard/datasets")):
        browser = cookie_browser(app, user)
        url = "/user/me"
        for _hop in range(3):
            response = browser.get(url, follow_redirects=False)
            if response.status_code != 302:
                break
            url = response.headers["Location"]
        assert url.endswith(landing), url


def test_a_visitor_is_asked_to_sign_in(app):
    response = app.get("/dashboard/to-update", follow_redirects=False)
    assert response.status_code == 302 and "/user/login" in response.headers["Location"]


def test_the_page_costs_the_same_whatever_the_number_of_items(app, monkeypatch, more):
    headers = signed_in(more["people"]["lead_editor"])
    url = "/en/dashboard/to-update"

    def cost() -> int:
        app.get(url, headers=headers)
        with counting(monkeypatch) as counts:
            assert app.get(url, headers=headers).status_code == 200
        return counts["sql"]

    small = cost()
    for n in range(10):
        f.commitment(
            more["sysadmin"],
            more["plan"],
            {"id": more["lead"].id},
            name=f"extra-{n}",
            number=str(20 + n),
            milestones=[f.activity(f"Extra {n}", -2, 10), f.activity(f"Soon {n}", 2, 10)],
        )
    # measured: 34 on CKAN 2.12, 35 on 2.11
    budget = 35 if ckan.__version__.startswith("2.11") else 34
    assert cost() == small <= budget, small
