"""A portal's theme listed before the plugin (tests/theme: it overrides blocks of CKAN's
``page.html`` and ``home/index.html``) keeps the plugin's pages working: the home page's
progress block, a plan's page, the overview, the four lists and the forms, each with the
theme's banner and footer around the plugin's content (issue 30)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from ckan.tests import factories

from tests import factories_odp as f
from tests.marks import portal
from tests.theme import NAME, ThemePlugin

pytestmark = portal


@pytest.fixture(scope="module")
def themed_app(portal_app: Any) -> Iterator[Any]:
    """The portal's plugins with the theme first (its templates win), in an app of its
    own; the session's plugins loaded again after the module."""
    import ckan.plugins as plugins
    from ckan.common import config
    from ckan.plugins import core
    from ckan.tests import helpers

    before = list(config["ckan.plugins"])
    service = core._get_service
    with mock.patch.object(
        core, "_get_service", lambda name: ThemePlugin(name=NAME) if name == NAME else service(name)
    ):
        config["ckan.plugins"] = [NAME, *before]
        plugins.load_all()
        app = helpers._get_test_app()
        try:
            yield app
        finally:
            config["ckan.plugins"] = before
            plugins.load_all()


def themed(app: Any, url: str, headers: dict | None = None) -> str:
    body = app.get(url, headers=headers or {}, status=200).body
    assert 'class="theme-banner"' in body and 'class="theme-footer"' in body, url
    return body


def test_the_plugins_pages_keep_working_under_a_theme(themed_app, admin, org, plan):
    commitment = f.commitment(admin, plan, org, progress=40)
    f.report(admin, plan, [{"commitment": commitment["id"], "progress": 40}])
    f.inventory(admin, org)

    home = themed(themed_app, "/en/")
    assert 'class="theme-featured"' in home and 'class="theme-promoted"' in home
    assert "opendataplan-home" in home  # the plugin's progress block, inside the theme's frame
    assert "opendataplan" in themed(themed_app, f"/en/plan/{plan['name']}")
    assert "opendataplan" in themed(themed_app, f"/en/commitment/{commitment['name']}")
    assert "opendataplan" in themed(themed_app, "/en/progress")
    for kind in ("plan", "commitment", "progress_report", "inventory"):
        assert 'class="module opendataplan-list"' in themed(themed_app, f"/en/{kind}/")


def test_the_plugins_forms_keep_working_under_a_theme(themed_app, admin, org):
    headers = {"Authorization": factories.APIToken(user=admin["name"])["token"]}

    for kind in ("plan", "commitment", "inventory"):
        form = themed(themed_app, f"/en/{kind}/new", headers)
        assert 'name="_csrf_token"' in form and 'class="opendataplan-form"' in form, kind
    dataset_form = themed(themed_app, "/en/dataset/new", headers)
    assert 'id="dataset-edit"' in dataset_form and 'class="opendataplan-form"' not in dataset_form
