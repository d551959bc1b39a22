"""The plugin's create and edit pages for plans, commitments and inventories, posted as
a browser would (CKAN's views, the plugin's actions, an editor of one institution)."""

from __future__ import annotations

from typing import Any

import ckan.model as model
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

TITLE = {"ar": "خطة البيانات المفتوحة للوزارة", "fr": "Plan de données", "en": "Data plan"}


def headers(user: dict) -> dict[str, str]:
    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def page(app, url: str, user: dict, status: int = 200) -> BeautifulSoup:
    response = app.get(url, headers=headers(user), status=status)
    return BeautifulSoup(response.body, "html.parser")


def post(app, url: str, user: dict, form: dict[str, Any], status: int | None = None) -> Any:
    token = page(app, url, user).find("input", attrs={"name": "_csrf_token"})["value"]
    return app.post(url, data={"_csrf_token": token, **form}, headers=headers(user), status=status)


def plan_form(body: dict, **fields: str) -> dict[str, str]:
    return {
        "title_translated-ar": TITLE["ar"],
        "name": "",
        "plan_kind": "institutional_annual",
        "owner_org": body["id"],
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "version_status": "draft",
        "private": "True",  # the form's hidden input on a new plan
        **fields,
    }


def texts_of(soup: BeautifulSoup, *names: str) -> list[str]:
    found = []
    for name in names:
        element = soup.find(attrs={"name": name})
        found.append(element.get("value") or element.text if element else None)
    return found


def test_the_plan_form_has_no_dataset_furniture_and_starts_without_rows(app, editor, body):
    soup = page(app, "/ar/plan/new", editor)
    text = soup.get_text(" ")
    for english in ("Add data", "What are datasets", "Unpublish", "license", "Markdown", "Create"):
        assert english not in text
    assert soup.find("input", attrs={"name": "_csrf_token"}) is not None
    assert soup.find(attrs={"name": "private"}).get("type") == "hidden"
    assert soup.find(attrs={"name": "trainings-0-title"}) is None
    adds = soup.find_all("button", attrs={"name": "_opendataplan_add"})
    assert {b["value"] for b in adds} >= {"trainings", "calendar", "budget_lines"}


def test_an_arabic_only_title_makes_the_address(app, editor, body):
    response = post(app, "/ar/plan/new", editor, plan_form(body))
    assert response.status_code == 200
    plan = model.Session.query(model.Package).filter_by(type="plan").one()
    assert plan.name == "khta-albyanat-almftwha-llwzara"
    assert plan.private  # published later, from its own page
    again = post(app, "/ar/plan/new", editor, plan_form(body))
    assert again.status_code == 200
    names = {p.name for p in model.Session.query(model.Package).filter_by(type="plan")}
    assert names == {"khta-albyanat-almftwha-llwzara", "khta-albyanat-almftwha-llwzara-2"}


def test_a_refused_save_keeps_every_typed_value_and_says_where(app, editor, body):
    form = plan_form(
        body,
        **{f"title_translated-{lang}": text for lang, text in TITLE.items()},
        **{"notes_translated-fr": "Une description", "period_end": "2025-01-01"},
        **{"budget_lines-0-activity": "ورشة", "budget_lines-0-amount": "1200"},
    )
    soup = BeautifulSoup(post(app, "/ar/plan/new", editor, form).body, "html.parser")
    summary = soup.find(class_="opendataplan-error-summary")
    assert summary is not None
    assert summary.find("a")["href"] == "#field-period_end"
    assert texts_of(soup, "title_translated-ar", "title_translated-fr", "title_translated-en") == [
        TITLE["ar"],
        TITLE["fr"],
        TITLE["en"],
    ]
    assert soup.find(attrs={"name": "notes_translated-fr"}).text == "Une description"
    assert texts_of(soup, "budget_lines-0-activity", "budget_lines-0-amount") == ["ورشة", "1200"]
    assert model.Session.query(model.Package).filter_by(type="plan").count() == 0


def test_add_a_row_comes_back_with_one_more_row_and_saves_nothing(app, editor, body):
    form = plan_form(body, _opendataplan_add="calendar", **{"calendar-0-activity": "جرد"})
    soup = BeautifulSoup(post(app, "/ar/plan/new", editor, form).body, "html.parser")
    assert soup.find(class_="opendataplan-error-summary") is None
    assert texts_of(soup, "calendar-0-activity", "calendar-1-activity") == ["جرد", ""]
    assert texts_of(soup, "title_translated-ar") == [TITLE["ar"]]
    assert model.Session.query(model.Package).filter_by(type="plan").count() == 0


def test_an_untouched_row_never_blocks_saving(app, editor, body):
    blank = {f"budget_lines-0-{key}": "" for key in ("activity", "amount", "currency")}
    blank.update({"calendar-3-activity": "", "calendar-3-start_date": ""})
    response = post(app, "/ar/plan/new", editor, plan_form(body, **blank))
    assert response.status_code == 200
    plan = helpers.call_action("package_show", id="khta-albyanat-almftwha-llwzara")
    assert not plan.get("budget_lines") and not plan.get("calendar")


def test_a_commitment_with_three_activities_and_its_figure(app, editor, body, own_plan):
    rows = {}
    for index, (title, progress, status) in enumerate(
        [("جرد", "100", "complete"), ("نشر", "50", "in_progress"), ("تكوين", "0", "not_started")]
    ):
        rows.update(
            {
                f"milestones-{index}-title": title,
                f"milestones-{index}-progress": progress,
                f"milestones-{index}-status": status,
            }
        )
    form = {
        "plan": own_plan["id"],
        "title_translated-ar": "نشر البيانات",
        "name": "",
        "owner_org": body["id"],
        **rows,
        "partners-0-name": "",
        "partners-0-kind": "",
    }
    response = post(app, f"/ar/commitment/new?plan={own_plan['name']}", editor, form)
    assert response.status_code == 200
    commitment = helpers.call_action("package_show", id="nshr-albyanat")
    assert [m["title"] for m in commitment["milestones"]] == ["جرد", "نشر", "تكوين"]
    assert commitment["progress"] == 50
    assert not commitment.get("partners")


def test_the_plan_picker_offers_only_the_plans_the_editor_may_use(app, editor, body, own_plan):
    other = factories.Organization()
    f.plan(factories.Sysadmin(), other, name="other-plan")
    soup = page(app, "/ar/commitment/new", editor)
    offered = [o["value"] for o in soup.find(id="field-plan").find_all("option") if o["value"]]
    assert offered == [own_plan["id"]]


def test_an_unpublished_commitment_answers_to_its_editor_and_hides_from_others(
    app, editor, body, own_plan
):
    commitment = f.commitment(editor, own_plan, body, name="hidden")
    helpers.call_action("package_patch", {"user": editor["name"]}, id="hidden", state="draft")
    page(app, "/ar/commitment/hidden", editor)
    app.get("/ar/commitment/hidden", status=404)
    history = helpers.call_action(
        "opendataplan_progress_history", {"user": editor["name"]}, id=commitment["id"]
    )
    assert isinstance(history, list)


def test_publishing_is_a_separate_step_with_a_confirmation(app, editor, body, own_plan):
    url = "/ar/plan/publishing/own-plan"
    assert page(app, "/ar/plan/edit/own-plan", editor).find("a", href=url) is not None
    assert page(app, "/ar/plan/own-plan", editor).select_one(".opendataplan-page__publish") is None
    confirm = BeautifulSoup(post(app, url, editor, {"choice": "private"}).body, "html.parser")
    assert confirm.find("button", attrs={"name": "confirm"}) is not None
    assert not helpers.call_action("package_show", id="own-plan")["private"]
    post(app, url, editor, {"choice": "private", "confirm": "yes"})
    assert helpers.call_action("package_show", id="own-plan")["private"]
    page(app, url, factories.User(), status=404)
    # the private plan's own page leads its editor there, in words
    button = page(app, "/ar/plan/own-plan", editor).select_one(".opendataplan-page__publish")
    assert (button["href"], button.get_text(strip=True)) == (url, "انشره")


def test_ckans_dataset_keeps_ckans_form(app, editor, body):
    soup = page(app, "/en/dataset/new", editor)
    assert soup.find(class_="stages") is not None  # CKAN's resource stage
    assert soup.find(class_="opendataplan-form") is None
