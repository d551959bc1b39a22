"""A harvest source cleared or deleted (ckanext-harvest's ``harvest_source_clear`` and
``harvest_source_delete``, its pages' Clear and Delete): the plans and commitments it
brought are withdrawn as a plan gone from the source is (private, never purged, their
history kept), none stays public and counted; a cleared source's next harvest brings
them back. ckanext-harvest alone would purge the plan its objects name (clear) or leave
everything public (delete), and knows nothing of the commitments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ckan.model as model
import pytest
from ckan.logic import NotAuthorized, ValidationError
from ckan.tests import helpers
from ckanext.harvest.model import HarvestSource

from ckanext.opendataplan.model.progress_snapshot import ProgressSnapshot
from tests.federation import harvesting as h
from tests.pages.test_export import rows

pytestmark = pytest.mark.usefixtures("with_plugins")

NAMES = ("regional-plan", "region-c1", "region-c2")


@pytest.fixture(scope="module")
def world(portal_app: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    with h.harvesting(portal_app, tmp_path_factory) as found, h.Served(found["folder"]) as server:
        h.create_source(found["admin"], server.url, found["org"]["name"])
        h.run_job(found["ini"])
        # a web app made with ckanext-harvest's plugins loaded has its pages (/harvest)
        yield {**found, "url": server.url, "web": helpers._get_test_app()}


def _public(app: Any) -> dict[str, list[str]]:
    """What the public files and the overview's figures hold."""
    return {
        "plans": [row["plan"] for row in rows(app, "plans")],
        "commitments": [row["commitment"] for row in rows(app, "commitments")],
        "overview": [row["commitment_count"] for row in h_progress(app)],
    }


def h_progress(app: Any) -> list[dict[str, Any]]:
    return [app.get("/progress.json", status=200).json]


def _withdrawn_not_purged() -> None:
    model.Session.remove()
    for name in NAMES:
        package = model.Package.get(name)
        assert package is not None and package.state == "active", name
        assert package.private, name
    snapshots = model.Session.query(ProgressSnapshot).filter(
        ProgressSnapshot.commitment_id == model.Package.get("region-c1").id
    )
    assert snapshots.count() > 0  # the history is kept


def test_the_harvest_source_list_answers_with_the_source_and_its_organization(world):
    # CKAN 2.11 indexed the source with its organization's name alone: /harvest was a 500
    from bs4 import BeautifulSoup

    for url in ("/harvest", "/en/harvest", "/ar/harvest"):
        page = BeautifulSoup(world["web"].get(url, status=200).body, "html.parser")
        [item] = page.select(".dataset-item")
        assert item.select_one(".dataset-heading a")["href"].endswith(f"/harvest/{h.SOURCE}")
        organization = item.select_one(f'a[href$="/organization/{world["org"]["name"]}"]')
        assert organization is not None and organization.text.strip(), url


def test_clearing_a_source_withdraws_its_plans_and_commitments(app, world):
    assert _public(app) == {
        "plans": ["regional-plan"],
        "commitments": ["region-c1", "region-c2"],
        "overview": [2],
    }

    source_id = model.Package.get(h.SOURCE).id  # ckanext-harvest's clear takes the id only
    helpers.call_action("harvest_source_clear", {"user": world["admin"]["name"]}, id=source_id)

    _withdrawn_not_purged()
    assert _public(app) == {"plans": [], "commitments": [], "overview": [0]}
    found = helpers.call_action("package_search", {"ignore_auth": True}, fq="type:commitment")
    assert found["count"] == 0  # the index says so too
    # the next harvest brings them back, public, with their history
    h.run_job(world["ini"])
    assert h.last_job_errors() == {"gather": [], "objects": []}
    assert _public(app)["commitments"] == ["region-c1", "region-c2"]
    assert not model.Package.get("region-c2").private


def _source_as(user: str, **changes: Any) -> dict:
    """The source updated by ``harvest_source_update`` with its every field (ckanext-harvest
    1.6.3's patch loses ``source_type``), changed by ``changes``."""
    source = model.Package.get(h.SOURCE)
    stored = model.Session.get(HarvestSource, source.id)
    fields = {"id": source.id, "name": source.name, "title": source.title, "url": stored.url}
    fields.update(source_type=stored.type, config=stored.config, owner_org=source.owner_org)
    return helpers.call_action("harvest_source_update", {"user": user}, **{**fields, **changes})


def test_a_source_keeps_its_name_while_its_plans_carry_it(world):
    """Renamed, a source would lose its plans and another could take the old name and
    them; a change that leaves the name (its title) still goes through."""
    admin = world["admin"]["name"]
    for rename in (
        lambda: _source_as(admin, name="renamed-source"),
        lambda: helpers.call_action(
            "package_patch", {"user": admin}, id=h.SOURCE, name="renamed-source"
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            rename()
        assert "name" in refused.value.error_dict
    _source_as(admin, title="Region")
    model.Session.remove()
    assert (model.Package.get(h.SOURCE).name, model.Package.get(h.SOURCE).title) == (
        h.SOURCE,
        "Region",
    )


def test_only_who_may_change_its_organizations_datasets_withdraws_them(app, world):
    """A source moved to another organization (its configuration still names the
    first): that organization's editor may clear it by ckanext-harvest's rule, but not
    withdraw the first organization's plans. Refused as a whole: nothing changes."""
    from ckan.tests import factories

    editor = factories.User()
    other = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    source_id = model.Package.get(h.SOURCE).id
    _source_as(world["admin"]["name"], owner_org=other["id"])
    try:
        with pytest.raises(NotAuthorized):
            helpers.call_action("harvest_source_clear", {"user": editor["name"]}, id=source_id)
        model.Session.remove()
        assert not model.Package.get("regional-plan").private
        assert _public(app)["commitments"] == ["region-c1", "region-c2"]
    finally:
        _source_as(world["admin"]["name"], owner_org=world["org"]["id"])


def test_deleting_a_source_by_package_update_withdraws_them_too(app, world):
    """``package_update`` with the state deleted is a deletion too: it no longer skips
    the withdrawal. Made active again and harvested, the source brings them back (for
    the next test)."""
    _source_as(world["admin"]["name"], state="deleted")

    model.Session.remove()
    assert model.Package.get(h.SOURCE).state == "deleted"
    _withdrawn_not_purged()
    assert _public(app) == {"plans": [], "commitments": [], "overview": [0]}
    _source_as(world["admin"]["name"], state="active")
    h.run_job(world["ini"])
    assert _public(app)["commitments"] == ["region-c1", "region-c2"]


def test_a_link_followed_clears_and_deletes_nothing(app, world):
    """ckanext-harvest clears and deletes a source on a GET: refused, so that a link
    from another site, followed by a signed-in editor, withdraws nothing."""
    from tests.signing import signed_in

    source = model.Package.get(h.SOURCE)
    headers = signed_in(world["admin"])
    for path in (f"/harvest/clear/{source.id}", f"/harvest/delete/{source.id}?clear=True"):
        world["web"].get(path, headers=headers, follow_redirects=False, status=405)

    model.Session.remove()
    assert model.Package.get(h.SOURCE).state == "active"
    assert _public(app)["commitments"] == ["region-c1", "region-c2"]


def test_deleting_a_source_through_its_page_withdraws_them(app, world):
    """The source page's Delete button posts (CKAN's confirm-action, with the page's
    CSRF token) to CKAN's own deletion of the source, which withdraws them."""
    from ckan.tests import factories

    from tests.signing import PASSWORD, cookie_browser, page_token

    source = model.Package.get(h.SOURCE)
    browser = cookie_browser(world["web"], factories.Sysadmin(password=PASSWORD))
    url = f"/harvest/delete/{source.id}"
    assert browser.post(url, follow_redirects=False).status_code == 400  # no token
    token = page_token(browser, f"/harvest/admin/{h.SOURCE}")
    answer = browser.post(url, data={"_csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 302

    model.Session.remove()
    assert model.Package.get(h.SOURCE).state == "deleted"
    _withdrawn_not_purged()
    assert _public(app) == {"plans": [], "commitments": [], "overview": [0]}


def test_a_new_source_of_the_old_name_in_another_organization_takes_nothing(app, world):
    """After the delete above, another organization's editor makes a source of the same
    name: its harvest may not move the withdrawn plans into its organization (nor make
    them public): each is refused as a name taken."""
    from ckan.tests import factories

    editor = factories.User()
    other = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    h.create_source(editor, world["url"], other["name"])
    h.run_job(world["ini"])

    assert h.last_job_errors()["objects"]  # refused, naming the plan
    model.Session.remove()
    plan = model.Package.get("regional-plan")
    assert (plan.owner_org, plan.private) == (world["org"]["id"], True)
    assert _public(app) == {"plans": [], "commitments": [], "overview": [0]}
