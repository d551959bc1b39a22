"""The commitment form's activities as one table with the figure a save records
("compute the figure": nothing saved, every value kept), and the commitment picker of an
ordinary dataset (by title, only what the user may use), posted as a browser would."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from tests import factories_odp as f
from tests.forms.test_forms import page, post
from tests.marks import portal

pytestmark = portal

# progress 100 (weight 3), 50 and 0 (weight 1 each): (300 + 50 + 0) / 5 = 70 %
ACTIVITIES = [
    ("جرد المعطيات", "2026-01-01", "2026-03-31", "complete", "100", "3"),
    ("نشر المعطيات", "2026-04-01", "2026-06-30", "in_progress", "50", ""),
    ("تكوين الأعوان", "2026-07-01", "2026-12-31", "not_started", "0", ""),
]
KEYS = ("title", "start_date", "end_date", "status", "progress", "weight")


def commitment_form(plan: dict, org: dict, **fields: str) -> dict[str, str]:
    form = {
        "plan": plan["id"],
        "title_translated-ar": "نشر البيانات",
        "title_translated-fr": "Publier les données",
        "name": "",
        "owner_org": org["id"],
    }
    for index, row in enumerate(ACTIVITIES):
        form.update({f"milestones-{index}-{key}": value for key, value in zip(KEYS, row)})
    return {**form, **fields}


def figure_of(soup: BeautifulSoup) -> str:
    return soup.find(attrs={"data-opendataplan-figure": True}).get_text(" ", strip=True)


def test_the_preview_saves_nothing_keeps_every_value_and_equals_the_save(
    app, editor, body, own_plan
):
    url = f"/ar/commitment/new?plan={own_plan['name']}"
    form = commitment_form(own_plan, body, _opendataplan_preview="milestones")
    soup = BeautifulSoup(post(app, url, editor, form).body, "html.parser")

    assert helpers.call_action("package_search", fq="+dataset_type:commitment")["count"] == 0
    assert soup.find(class_="opendataplan-error-summary") is None
    table = soup.find(class_="opendataplan-activities__table")
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == 3
    for index, row in enumerate(ACTIVITIES):
        for key, value in zip(KEYS, row):
            field = soup.find(attrs={"name": f"milestones-{index}-{key}"})
            shown = field.find("option", selected=True) if field.name == "select" else field
            assert shown["value"] == value, (index, key)
    assert soup.find(attrs={"name": "title_translated-fr"})["value"] == "Publier les données"
    previewed = figure_of(soup)
    assert re.sub(r"\D", "", previewed) == "70"

    post(app, url, editor, commitment_form(own_plan, body))
    saved = helpers.call_action("package_show", id="nshr-albyanat")
    assert saved["progress"] == 70
    edit = page(app, "/ar/commitment/edit/nshr-albyanat", editor)
    assert figure_of(edit) == previewed  # the figure of the stored activities, as saved
    assert len(edit.find(class_="opendataplan-activities__table").find_all("tr")) == 4


def test_without_a_progress_the_figure_is_the_hand_set_one_or_not_reported(
    app, editor, body, own_plan
):
    url = f"/ar/commitment/new?plan={own_plan['name']}"
    bare = {f"milestones-{i}-progress": "" for i in range(3)}
    soup = BeautifulSoup(
        post(
            app,
            url,
            editor,
            commitment_form(
                own_plan, body, **bare, progress="35", _opendataplan_preview="milestones"
            ),
        ).body,
        "html.parser",
    )
    assert re.sub(r"\D", "", figure_of(soup)) == "35"
    soup = BeautifulSoup(
        post(
            app,
            url,
            editor,
            commitment_form(own_plan, body, **bare, _opendataplan_preview="milestones"),
        ).body,
        "html.parser",
    )
    assert figure_of(soup) == "لم يبلغ عنه"


def test_the_activities_table_adds_a_row_without_scripts(app, editor, body, own_plan):
    url = f"/ar/commitment/new?plan={own_plan['name']}"
    soup = page(app, url, editor)
    table = soup.find(class_="opendataplan-activities__table")
    assert table.has_attr("hidden") and not table.select("tbody tr")  # no row at first
    assert not soup.select("template [name]")  # the script's row is never posted
    answer = post(app, url, editor, {"_opendataplan_add": "milestones", "plan": own_plan["id"]})
    soup = BeautifulSoup(answer.body, "html.parser")
    rows = soup.select(".opendataplan-activities__table .opendataplan-activities__row")
    assert len(rows) == 1
    labels = [label.get_text(" ", strip=True) for label in rows[0].find_all("label")]
    assert len(labels) == len(KEYS) and all(labels)


@pytest.fixture
def commitments(editor, body, own_plan) -> dict[str, dict]:
    """One of the editor's plan, one their institution leads in another body's plan,
    one of another institution's plan (not theirs to use)."""
    admin = factories.Sysadmin()
    coordinator, stranger = factories.Organization(), factories.Organization()
    national = f.plan(admin, coordinator, name="national-plan")
    other = f.plan(admin, stranger, name="other-plan")
    return {
        "own": f.commitment(admin, own_plan, body, name="own-c", number="1"),
        "led": f.commitment(admin, national, body, name="led-c", number="2"),
        "other": f.commitment(admin, other, stranger, name="other-c", number="3"),
    }


# The picker comes with the plugin's preset, on a portal whose own dataset schema lists it
# (CKAN's dataset form, without scheming, stays CKAN's: tests/plans/test_dataset_fields.py).
WITH_PRESETS = pytest.mark.ckan_config(
    "scheming.dataset_schemas",
    " ".join(
        [
            f"ckanext.opendataplan:schemas/{t}.yaml"
            for t in ("plan", "commitment", "progress_report", "inventory")
        ]
        + ["tests.plans:dataset_with_presets.yaml"]
    ),
)


def offered(soup: BeautifulSoup) -> dict[str, str]:
    select = soup.find("select", attrs={"name": "commitment"})
    return {o["value"]: o.get_text(strip=True) for o in select.find_all("option") if o["value"]}


@WITH_PRESETS
@pytest.mark.usefixtures("dataset_schemas")
def test_the_dataset_commitment_is_chosen_by_title_among_those_the_user_may_use(
    app, editor, body, commitments
):
    choices = offered(page(app, "/ar/dataset/new", editor))
    assert set(choices) == {commitments["own"]["id"], commitments["led"]["id"]}
    assert choices[commitments["own"]["id"]] == "1 تعزيز نشر البيانات المفتوحة"
    assert offered(page(app, "/fr/dataset/new", editor))[commitments["led"]["id"]] == (
        "2 Données ouvertes"
    )
    everything = offered(page(app, "/ar/dataset/new", factories.Sysadmin()))
    assert {c["id"] for c in commitments.values()} <= set(everything)


def form_values(soup: BeautifulSoup) -> dict[str, str]:
    """What the browser would post of the dataset form as it is shown."""
    values = {}
    for field in soup.find(id="dataset-edit").find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "checkbox"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            values[name] = chosen["value"] if chosen else ""
        else:
            values[name] = field.text if field.name == "textarea" else field.get("value", "")
    return values


@WITH_PRESETS
@pytest.mark.usefixtures("dataset_schemas")
def test_the_chosen_commitment_is_stored_by_id_and_the_action_still_decides(
    app, editor, body, commitments
):
    dataset = factories.Dataset(owner_org=body["id"], user=editor)
    url = f"/ar/dataset/edit/{dataset['name']}"
    soup = page(app, url, editor)
    form = form_values(soup)
    form.update(commitment=commitments["led"]["id"], save="")
    post(app, url, editor, form)
    stored = helpers.call_action("package_show", id=dataset["id"])
    assert stored["commitment"] == commitments["led"]["id"]
    assert offered(page(app, url, editor))  # the chosen one is selected on the form again
    chosen = page(app, url, editor).find("select", attrs={"name": "commitment"})
    assert chosen.find("option", selected=True)["value"] == commitments["led"]["id"]

    form.update(commitment=commitments["other"]["id"])
    refused = BeautifulSoup(post(app, url, editor, form).body, "html.parser")
    assert refused.find("select", attrs={"name": "commitment"}) is not None
    assert (
        helpers.call_action("package_show", id=dataset["id"])["commitment"]
        == (commitments["led"]["id"])
    )


def test_the_forms_buttons_answer_only_those_who_may_save(editor, body, own_plan):
    """'Compute the figure' and 'add a row' answer with the form again: not to a user who
    may not save it (hostile review: they answered 409 before CKAN's check)."""
    from ckan.logic import NotAuthorized

    commitment = f.commitment(editor, own_plan, body, name="guarded")
    for button in ("_opendataplan_preview", "_opendataplan_add"):
        with pytest.raises(NotAuthorized):
            helpers.call_action(
                "package_update",
                {"user": factories.User()["name"], "ignore_auth": False},
                id=commitment["id"],
                **{button: "milestones"},
            )
