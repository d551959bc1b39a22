"""The co-creation pages: what each visitor sees and may do, forms that post to the
actions, and the same number of queries whatever the number of contributions."""

from __future__ import annotations

import contextlib

import ckan.model as model
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from tests import factories_odp as f
from tests.conftest import reset_database_and_index
from tests.marks import portal
from tests.participation import setting
from tests.participation.setting import act, propose
from tests.signing import cookie_browser, form_token, signed_in

pytestmark = portal


@pytest.fixture
def world():
    return setting.build()


def pages(world, proposal_id):
    plan = world["plan"]["name"]
    return [
        f"/plan/{plan}/proposals",
        f"/plan/{plan}/proposals/{proposal_id}",
        f"/plan/{plan}/consultation",
        f"/plan/{plan}",
    ]


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_every_page_answers_in_each_language(world, app, lang):
    proposal = propose(world["users"]["citizen"], world["plan"])
    for path in pages(world, proposal["id"]):
        response = app.get(f"/{lang}{path}")
        assert response.status_code == 200, path
    plan_page = app.get(f"/{lang}/plan/{world['plan']['name']}").body
    assert f"/plan/{world['plan']['name']}/proposals" in plan_page  # the co-creation block


def test_a_signed_in_citizen_proposes_through_the_form(world, app):
    headers = signed_in(world["users"]["citizen"])
    url = f"/fr/plan/{world['plan']['name']}/proposals"
    token = form_token(app, url, headers)

    refused = app.post(
        url,
        data={"_csrf_token": token, "title": " ", "problem": "p", "solution": "s"},
        headers=headers,
    )
    assert refused.status_code == 400 and "field-title" in refused.body
    assert act("opendataplan_proposal_list", None, plan=world["plan"]["name"]) == []

    form = {
        "_csrf_token": token,
        "title": "Données des marchés",
        "problem": "p",
        "solution": "s",
        "ogp_values": "transparency",
        "language": "fr",
    }
    done = app.post(url, data=form, headers=headers, follow_redirects=False)
    assert done.status_code == 302
    [made] = act("opendataplan_proposal_list", None, plan=world["plan"]["name"])
    assert made["title"] == "Données des marchés" and made["ogp_values"] == ["transparency"]


def test_the_body_answers_through_the_proposal_page(world, app):
    made = propose(world["users"]["citizen"], world["plan"])
    headers = signed_in(world["users"]["plan_editor"])
    url = f"/ar/plan/{world['plan']['name']}/proposals/{made['id']}"
    token = form_token(app, url, headers)
    app.post(
        f"{url}/respond",
        data={"_csrf_token": token, "status": "not_retained", "reason": "خارج نطاق الخطة"},
        headers=headers,
    )

    page = app.get(url).body
    assert "خارج نطاق الخطة" in page
    assert act("opendataplan_proposal_show", None, id=made["id"])["status"] == "not_retained"
    # on the list the reason is a paragraph of its own (its own direction, a French reason
    # on an Arabic page keeping its order), after the date of the response
    listed = BeautifulSoup(
        app.get(f"/ar/plan/{world['plan']['name']}/proposals").body, "html.parser"
    )
    reason = listed.select_one(".opendataplan-contribution__reason > p[dir=auto]")
    assert reason.get_text(strip=True) == "خارج نطاق الخطة"


def test_a_response_that_cannot_apply_names_its_fields_and_keeps_what_was_chosen(world, app):
    """Merging with no proposal chosen and no reason: the page again (400), the summary
    naming each field in Arabic, the response, the target and the reason as chosen;
    nothing written. Then the same form, completed, publishes."""
    citizen = world["users"]["citizen"]
    made = propose(citizen, world["plan"])
    other = propose(citizen, world["plan"], title="منصة للعرائض")
    headers = signed_in(world["users"]["plan_editor"])
    url = f"/ar/plan/{world['plan']['name']}/proposals/{made['id']}"
    token = form_token(app, url, headers)
    chosen = {"_csrf_token": token, "status": "merged", "reason": ""}

    refused = app.post(f"{url}/respond", data=chosen, headers=headers)

    page = BeautifulSoup(refused.body, "html.parser")
    summary = [
        " ".join(li.get_text(" ").split()) for li in page.select(".opendataplan-error-summary li")
    ]
    assert refused.status_code == 400
    assert summary == [
        "في حالة الدمج: في أي مقترح: اختر مقترحاً آخر من نفس الخطة",
        "التعليل (علني): قيمة ناقصة",
    ]
    assert page.select_one("input[name=status][value=merged]").has_attr("checked")
    assert act("opendataplan_proposal_show", None, id=made["id"])["status"] == "submitted"

    chosen["reason"] = "مقترح مكرر"
    refused = app.post(f"{url}/respond", data=chosen, headers=headers)
    page = BeautifulSoup(refused.body, "html.parser")
    assert refused.status_code == 400
    assert page.select_one("#field-reason").get_text() == "مقترح مكرر"
    assert page.select_one("input[name=status][value=merged]").has_attr("checked")

    chosen["merged_into"] = other["id"]
    done = app.post(f"{url}/respond", data=chosen, headers=headers, follow_redirects=False)
    assert done.status_code == 302
    answered = act("opendataplan_proposal_show", None, id=made["id"])
    assert (answered["status"], answered["merged_into"]) == ("merged", other["id"])


def test_a_signed_in_browser_needs_the_csrf_token(world, app):
    """A browser signed in by its session cookie (an API token is exempt from CSRF, as
    in CKAN): without the form's token the post is refused and nothing is written."""
    url = f"/fr/plan/{world['plan']['name']}/proposals"
    # An anonymous visit first: CKAN then exempts the view from its own CSRF check for
    # the life of the process (see common/csrf.py); the plugin's check must still hold.
    app.test_client().get(url)
    browser = cookie_browser(app)
    form = {"title": "t", "problem": "p", "solution": "s"}

    refused = browser.post(url, data=form, follow_redirects=False)
    assert refused.status_code == 400
    assert act("opendataplan_proposal_list", None, plan=world["plan"]["name"]) == []
    page = BeautifulSoup(browser.get(url).body, "html.parser")
    token = page.select_one("form.opendataplan-proposal-form input[name=_csrf_token]")["value"]
    done = browser.post(url, data={**form, "_csrf_token": token}, follow_redirects=False)
    assert done.status_code == 302
    assert len(act("opendataplan_proposal_list", None, plan=world["plan"]["name"])) == 1


def test_anonymous_visitors_are_asked_to_sign_in(world, app):
    page = app.get(f"/en/plan/{world['plan']['name']}/proposals").body
    assert "Sign in to make a proposal" in page and 'name="problem"' not in page


@contextlib.contextmanager
def counting():
    counts = {"sql": 0}

    def on_execute(*args, **kwargs):
        counts["sql"] += 1

    event.listen(model.meta.engine, "before_cursor_execute", on_execute)
    try:
        yield counts
    finally:
        event.remove(model.meta.engine, "before_cursor_execute", on_execute)


def fill(world, proposals: int) -> None:
    editor = world["users"]["plan_editor"]
    for n in range(proposals):
        made = propose(f.factories.User(), world["plan"], title=f"Proposition {n}")
        act("opendataplan_proposal_support", f.factories.User(), id=made["id"])
        if n % 2:
            act(
                "opendataplan_proposal_respond",
                editor,
                id=made["id"],
                status="accepted",
                reason="Oui.",
            )
        act(
            "opendataplan_comment_create",
            f.factories.User(),
            plan=world["plan"]["name"],
            body=f"Avis {n}",
        )


def test_pages_cost_the_same_queries_with_3_or_12_contributions(app):
    counts = {}
    for size in (3, 12):
        world = setting.build()
        fill(world, size)
        plan = world["plan"]["name"]
        app.get(f"/ar/plan/{plan}/proposals")  # warm the caches of the first visit
        with counting() as proposals_page:
            app.get(f"/ar/plan/{plan}/proposals")
        with counting() as consultation_page:
            app.get(f"/ar/plan/{plan}/consultation")
        counts[size] = (proposals_page["sql"], consultation_page["sql"])
        reset_database_and_index()
    assert counts[3] == counts[12]


texts = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)
FIELDS = ("title", "problem", "solution", "ogp_values", "link", "language", "theme", "dataset")


@pytest.mark.ckan_config("ckanext.opendataplan.contributions_per_hour", 0)
def test_any_input_is_a_proposal_or_a_field_error(world):
    before = len(act("opendataplan_proposal_list", None, plan=world["plan"]["name"]))

    @settings(max_examples=40, deadline=None, database=None)
    @given(values=st.fixed_dictionaries({field: texts for field in FIELDS}))
    def attempt(values):
        nonlocal before
        data = {key: value for key, value in values.items() if value is not None}
        try:
            made = act(
                "opendataplan_proposal_create",
                world["users"]["citizen"],
                plan=world["plan"]["name"],
                **data,
            )
        except f.helpers.logic.ValidationError as error:
            assert set(error.error_dict) <= set(FIELDS)
            assert all(
                isinstance(m, str) for messages in error.error_dict.values() for m in messages
            )
            assert (
                len(act("opendataplan_proposal_list", None, plan=world["plan"]["name"])) == before
            )
        else:
            before += 1
            assert made["title"].strip() and made["problem"].strip()

    attempt()
