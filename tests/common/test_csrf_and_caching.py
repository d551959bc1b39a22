"""CSRF through the action API and CKAN's forms of the plugin's types, and what shared
caches may keep. Each case first makes the request that makes CKAN 2.12 exempt the view
from its own check for the life of the process (anonymous, or by API token), then posts
as a browser signed in by its cookie."""

from __future__ import annotations

import ckan.model as model
import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal
from tests.signing import PASSWORD, cookie_browser, page_token, signed_in

pytestmark = portal


@pytest.fixture
def world(admin, org, plan):
    editor = f.factories.User(password=PASSWORD)
    helpers.call_action(
        "organization_member_create", id=org["id"], username=editor["name"], role="admin"
    )
    commitment = f.commitment(admin, plan, org, name="c1", progress=10)
    return {"editor": editor, "commitment": commitment, "org": org, "plan": plan}


def exempt_the_view(app, url: str, editor: dict) -> None:
    """What makes CKAN 2.12 stop checking the view: any request to it without a session,
    anonymous or by API token (2.11 exempted only that request). Reads, so that they
    change nothing themselves."""
    app.test_client().get(url)
    app.test_client().get(url, headers=signed_in(editor))


def assert_csrf_refusal(response) -> None:
    """A 400: the plugin's JSON error, or CKAN 2.11's own refusal (2.11 exempted only the
    exempting request itself, so its check still runs first there)."""
    assert response.status_code == 400
    if response.json is not None:
        assert response.json["error"]["__type"] == "CSRF Error"
    else:
        assert "CSRF" in response.get_data(as_text=True)


def progress_of(name: str) -> int:
    model.Session.remove()
    return helpers.call_action("package_show", id=name)["progress"]


@pytest.mark.parametrize("path", ["/api/action/package_patch", "/api/3/action/package_patch"])
def test_a_cookie_signed_in_api_write_needs_the_token(app, world, path):
    exempt_the_view(app, path, world["editor"])
    browser = cookie_browser(app, world["editor"])
    body = {"id": "c1", "progress": 90}

    refused = browser.post(path, json=body)
    assert refused.status_code == 400
    assert_csrf_refusal(refused)
    assert progress_of("c1") == 10

    token = page_token(browser, "/commitment/c1")
    done = browser.post(path, json=body, headers={"X-CSRFToken": token})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert progress_of("c1") == 90


def test_the_plugins_own_actions_through_the_api(app, world):
    path = "/api/action/opendataplan_comment_create"
    exempt_the_view(app, path, world["editor"])
    browser = cookie_browser(app, world["editor"])
    refused = browser.post(path, json={"plan": world["plan"]["name"], "body": "Bonjour"})
    assert refused.status_code == 400
    assert_csrf_refusal(refused)


def test_api_tokens_and_reads_need_no_csrf_token(app, world):
    headers = signed_in(world["editor"])
    app.post("/api/action/package_patch", json={"id": "c1", "progress": 30}, headers=headers)
    assert progress_of("c1") == 30
    browser = cookie_browser(app, world["editor"])
    assert browser.get("/api/action/package_show?id=c1").status_code == 200
    # a read posted as JSON, as some clients do, by anonymous: nobody to impersonate
    assert app.test_client().post("/api/action/package_search", json={}).status_code == 200


@pytest.mark.parametrize(
    "url", ["/commitment/edit/c1", "/dataset/edit/c1", "/en/dataset/edit/c1", "/dataset/delete/c1"]
)
def test_ckans_forms_of_a_plugin_type_need_the_token(app, world, url):
    """Under the type's own path and under ``/dataset/``, which serves every type."""
    exempt_the_view(app, url, world["editor"])
    browser = cookie_browser(app, world["editor"])
    form = {"name": "c1", "progress": "70", "plan": world["plan"]["id"], "save": ""}

    refused = browser.post(url, data=form)
    assert refused.status_code == 400
    assert progress_of("c1") == 10
    assert model.Package.get("c1").state == "active"


def test_an_organizations_bulk_action_needs_the_token(app, world):
    url = f"/organization/bulk_process/{world['org']['name']}"
    exempt_the_view(app, url, world["editor"])
    browser = cookie_browser(app, world["editor"])
    form = {f"dataset_{world['commitment']['id']}": "on", "bulk_action.private": "private"}

    assert browser.post(url, data=form).status_code == 400
    model.Session.remove()
    assert model.Package.get("c1").private is False


# Caching


def test_what_a_role_unlocks_is_never_marked_public(app, world, admin):
    helpers.call_action(
        "package_patch", {"user": admin["name"]}, id=world["plan"]["id"], private=True
    )
    browser = cookie_browser(app, world["editor"])
    for url in (
        f"/plan/{world['plan']['name']}",
        f"/progress/plan/{world['plan']['name']}.json",
        "/progress/commitment/c1.json",
        "/api/action/package_show?id=c1",
    ):
        response = browser.get(url)
        assert response.status_code == 200, url
        cache = response.headers.get("Cache-Control", "")
        assert "private" in cache and "public" not in cache, (url, cache)


def test_anonymous_answers_may_stay_public(app, world):
    response = app.get("/progress.json")
    assert "public" in response.headers.get("Cache-Control", "")
