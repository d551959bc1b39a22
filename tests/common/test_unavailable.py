"""Solr out of reach: citizen pages keep answering from PostgreSQL, a save of the
plugin's types is refused with a 503, Retry-After and a message naming the search index
(through a form as through the API) and writes nothing, and no answer is a traceback.

Solr is made unreachable the way an outage looks to CKAN: its URL points at a port
where nothing listens (`make faults` stops the real one under load)."""

from __future__ import annotations

import re
from typing import Any

import ckan.model as model
import pytest
from bs4 import BeautifulSoup
from ckan.lib.search import common as search_common
from ckan.tests import helpers

from ckanext.opendataplan.model import progress_snapshot
from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

NOWHERE = "http://127.0.0.1:9/solr/unreachable"


@pytest.fixture
def solr_down(ckan_config: Any, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(ckan_config, "solr_url", NOWHERE)
    settings = getattr(search_common, "SolrSettings", None)  # CKAN 2.11 reads it there
    if settings is None:
        yield
        return
    url, user, password = settings.get()
    settings.init(NOWHERE, user, password)
    try:
        yield
    finally:
        settings.init(url, user, password)


@pytest.fixture
def scene(admin, org, plan) -> dict:
    commitment = f.commitment(admin, plan, org, progress=40)
    token = f.factories.APIToken(user=admin["name"])["token"]
    return {"plan": plan, "commitment": commitment, "headers": {"Authorization": token}}


def _edit_form(app, scene: dict) -> dict[str, str]:
    """Every field of the commitment's edit form, as the browser would post it, less the
    blank rows of its repeating fields (the commitment has none; posted blank, they
    would be refused as incomplete before any save)."""
    url = f"/commitment/edit/{scene['commitment']['name']}"
    page = BeautifulSoup(app.get(url, headers=scene["headers"]).body, "html.parser")
    form = page.find("form", id="dataset-edit")
    fields = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if re.match(r"^[a-z_]+-(\d+|REPEATING-INDEX\d+)-", name):  # a repeating field's row
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            fields[name] = chosen.get("value", "") if chosen else ""
        elif field.name == "textarea":
            fields[name] = field.text
        else:
            fields[name] = field.get("value", "")
    return fields


def _unchanged(scene: dict) -> None:
    shown = helpers.call_action("package_show", id=scene["commitment"]["id"])
    assert shown["progress"] == 40
    assert [s.progress for s in progress_snapshot.of_commitment(shown["id"])] == [40]


@pytest.mark.usefixtures("clean_db")
def test_a_form_save_while_solr_is_down_is_a_clear_503_and_writes_nothing(app, scene, request):
    form = {**_edit_form(app, scene), "progress": "75", "save": ""}
    request.getfixturevalue("solr_down")
    url = f"/ar/commitment/edit/{scene['commitment']['name']}"
    response = app.post(url, data=form, headers=scene["headers"])

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert 'dir="rtl"' in response.body and "لم يُحفظ أي شيء" in response.body
    assert "فهرس البحث" in response.body  # "the search index": what is missing
    assert "Traceback" not in response.body
    _unchanged(scene)


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "search index cannot be reached"), ("fr", "index de recherche"), ("ar", "فهرس البحث")],
)
def test_an_api_save_while_solr_is_down_is_a_503_naming_the_index(
    app, scene, solr_down, lang, words
):
    response = app.post(
        f"/{lang}/api/3/action/package_patch",
        json={"id": scene["commitment"]["id"], "progress": 75},
        headers=scene["headers"],
    )

    assert response.status_code == 503  # not CKAN's 500 "Search Index Error"
    assert response.headers["Retry-After"] == "30"
    assert response.json["success"] is False
    assert response.json["error"]["__type"] == "Service Unavailable"
    assert words in response.json["error"]["message"]
    _unchanged(scene)


@pytest.mark.usefixtures("clean_db")
def test_a_new_plan_while_solr_is_down_is_a_503_and_not_created(app, org, scene, solr_down):
    response = app.post(
        "/api/3/action/package_create",
        json={
            "type": "plan",
            "name": "plan-while-solr-is-down",
            "owner_org": org["id"],
            "title_translated": {"en": "A plan"},
            "plan_kind": "ogp_national",
            "period_start": "2026-01-01",
            "period_end": "2027-12-31",
            "version_status": "final",
        },
        headers=scene["headers"],
    )

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert model.Package.get("plan-while-solr-is-down") is None


@pytest.mark.usefixtures("clean_db")
def test_ckans_own_dataset_save_keeps_ckans_answer(app, org, scene, solr_down):
    """The README says what CKAN's own datasets do: its API's 500 "Search Index Error",
    and nothing written."""
    response = app.post(
        "/api/3/action/package_create",
        json={"name": "dataset-while-solr-is-down", "owner_org": org["id"]},
        headers=scene["headers"],
    )

    assert response.status_code == 500
    assert response.json["error"]["__type"] == "Search Index Error"
    assert model.Package.get("dataset-while-solr-is-down") is None


@pytest.mark.usefixtures("clean_db")
def test_citizen_pages_answer_from_postgresql_while_solr_is_down(app, scene, solr_down):
    plan, commitment = scene["plan"]["name"], scene["commitment"]["name"]
    for url in (
        "/ar/progress",
        "/ar/progress/late",
        "/ar/progress/institutions",
        f"/ar/plan/{plan}",
        f"/ar/commitment/{commitment}",
        f"/ar/embed/plan/{plan}",
        "/progress.csv",
    ):
        response = app.get(url)
        assert response.status_code == 200, url
        assert "Traceback" not in response.body, url
