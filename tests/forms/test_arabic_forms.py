"""No English on any of the plugin's forms under /ar/: the create and edit pages of
plan, commitment, progress report and inventory, the publishing pages and the
response to a proposal, as an editor of the institution reads them (the visible text,
checked against every English phrase that CKAN's and the plugin's catalogs translate,
as the page tests do, and no internal code such as "Progress_Report")."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories

from tests import factories_odp as f
from tests.browser.test_accessibility import english_phrases, visible_english
from tests.marks import portal
from tests.participation import setting

pytestmark = portal

CODE = re.compile(r"\b[A-Za-z]+_[A-Za-z_]+\b")  # an internal code: progress_report, Progress_Report
HIDDEN = ["script", "style", "template", "noscript", "[hidden]", "input[type=hidden]"]


@pytest.fixture
def world():
    """A plan in preparation (its call for proposals open) with a commitment, a report,
    an inventory and a proposal; its institution's editor."""
    built = setting.build()
    editor, plan, body = built["users"]["plan_editor"], built["plan"], built["body"]
    sysadmin = built["users"]["sysadmin"]
    commitment = f.commitment(sysadmin, plan, body, progress=40)
    report = f.report(sysadmin, plan, [{"commitment": commitment["id"], "progress": 50}])
    inventory = f.inventory(sysadmin, body)
    proposal = setting.propose(built["users"]["citizen"], plan)
    names = {
        "plan": plan["name"],
        "commitment": commitment["name"],
        "progress_report": report["name"],
        "inventory": inventory["name"],
    }
    return {"editor": editor, "plan": plan, "names": names, "proposal": proposal}


def _forms(world) -> list[str]:
    plan, names = world["plan"]["name"], world["names"]
    paths = [
        "/ar/plan/new",
        f"/ar/commitment/new?plan={plan}",
        f"/ar/progress_report/new?plan={plan}",
        "/ar/inventory/new",
        f"/ar/plan/{plan}/proposals/{world['proposal']['id']}",
        f"/ar/inventory/{names['inventory']}/items/new",
    ]
    for package_type, name in names.items():
        paths.append(f"/ar/{package_type}/edit/{name}")
        if package_type != "progress_report":  # reports have no publishing page (forms.rows.TYPES)
            paths.append(f"/ar/{package_type}/publishing/{name}")
    return paths


def _visible_text(body: str) -> str:
    soup = BeautifulSoup(body, "html.parser")
    for selector in HIDDEN:
        for element in soup.select(selector):
            element.decompose()
    return " ".join(soup.get_text(" ").split())


def test_no_english_on_any_arabic_form(app, world):
    token = factories.APIToken(user=world["editor"]["name"])["token"]
    phrases = english_phrases("ar")
    found = {}
    for path in _forms(world):
        response = app.get(path, headers={"Authorization": token})
        assert response.status_code == 200, path
        text = _visible_text(response.body)
        found[path] = visible_english(text, phrases) + CODE.findall(text)

    assert {path: english for path, english in found.items() if english} == {}
    assert len(found) == 13  # 5 new, 4 edit, 3 publishing, a proposal's response
