"""An editor answers a citizen's proposal and imports the inventory template filled in
Arabic, in headless Chromium (tests/browser/editor_steps.mjs), signed in through CKAN's
own login form, reading what the pages show: a refused response names its field and
keeps what was chosen; Arabic labels and day-first dates import."""

from __future__ import annotations

import json

import ckan.model as model
from ckan.tests import helpers

from tests.browser.node import run_script
from tests.browser.test_accessibility import ROOT, live_server  # noqa: F401 (a fixture)
from tests.inventory.test_import_languages import ARABIC_CSV
from tests.marks import portal
from tests.participation import setting
from tests.signing import PASSWORD

pytestmark = portal


def steps(base: str, user: dict, *planned: dict) -> list[dict]:
    account = model.User.get(user["name"])
    account.password = PASSWORD  # CKAN hashes it
    model.repo.commit()
    return run_script(
        "editor_steps.mjs",
        base,
        LOGIN=user["name"],
        PASSWORD=PASSWORD,
        STEPS=json.dumps(list(planned)),
    )


def test_the_body_answers_a_proposal_through_one_refused_response(live_server):  # noqa: F811
    world = setting.build()
    made = setting.propose(world["users"]["citizen"], world["plan"])
    page = f"/ar/plan/{world['plan']['name']}/proposals/{made['id']}"
    refused, answered = steps(
        live_server,
        world["users"]["plan_editor"],
        {
            "goto": page,
            "check": ["input[name=status][value=merged]"],
            "submit": ".opendataplan-response-form button[type=submit]",
            "values": ["input[name=status][value=merged]"],
        },
        {
            "fill": {"#field-reason": "مقترح مكرر"},
            "check": ["input[name=status][value=not_retained]"],
            "submit": ".opendataplan-response-form button[type=submit]",
        },
    )

    assert "/respond" in refused["url"] or refused["url"].endswith(made["id"])
    assert refused["values"]["input[name=status][value=merged]"] is True  # kept
    # the summary names the fields to correct (the reason; the proposal to merge into)
    assert "لم يُحفظ شيء" in refused["summary"] and "التعليل" in refused["summary"]
    assert answered["summary"] == ""
    assert "مقترح مكرر" in answered["text"]
    shown = helpers.call_action("opendataplan_proposal_show", id=made["id"])
    assert (shown["status"], shown["reason"]) == ("not_retained", "مقترح مكرر")


def test_the_arabic_template_filled_in_arabic_imports(live_server, admin, inventory, tmp_path):  # noqa: F811
    filled = tmp_path / "items.csv"
    filled.write_text(ARABIC_CSV, encoding="utf-8")
    (imported,) = steps(
        live_server,
        admin,
        {
            "goto": f"/ar/inventory/{inventory['name']}",
            "files": {"#opendataplan-import-file": str(filled)},
            "submit": ".opendataplan-inventory__import button[type=submit]",
        },
    )

    assert "م-1" in imported["text"] and "الميزانية" in imported["text"]
    items = helpers.call_action(
        "opendataplan_inventory_item_list", {"user": admin["name"]}, inventory=inventory["name"]
    )
    assert {i["reference"]: i["planned_publication_date"] for i in items} == {
        "م-1": "2026-09-15",
        "م-2": None,
        "م-3": "2027-02-01",
    }
