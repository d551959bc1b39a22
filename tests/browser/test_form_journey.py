"""An editor of one institution walks the plugin's forms in headless Chromium, in Arabic
(tests/browser/form_journey.mjs), reading what the pages show: a plan with an
Arabic-only title gets its address; a refused save keeps every typed value in ar, fr and
en; an untouched row never blocks saving; a commitment with three activities, its figure
computed before saving equal to the saved one. Without scripts (the plain HTML forms),
then with them (rows added and the figure followed without a round trip)."""

from __future__ import annotations

from ckan.tests import factories, helpers

from tests.browser.node import run_script
from tests.browser.test_accessibility import (  # noqa: F401 (a fixture)
    ROOT,
    english_phrases,
    live_server,
    visible_english,
)
from tests.forms.conftest import body, editor  # noqa: F401 (fixtures)
from tests.marks import portal

pytestmark = portal

TITLE = "خطة الوزارة للبيانات المفتوحة"
NOTES = {"ar": "وصف الخطة", "fr": "Description du plan", "en": "The plan's description"}
ACTIVITIES = [
    ["جرد المعطيات", "2026-01-01", "2026-03-31", "complete", "100", "3"],
    ["نشر المعطيات", "2026-04-01", "2026-06-30", "in_progress", "50", ""],
    ["تكوين الأعوان", "2026-07-01", "2026-12-31", "not_started", "0", ""],
]


def journey(base: str, user: dict, institution: dict, **env: str) -> dict:
    """What form_journey.mjs reports, signed in as ``user``, publishing in ``institution``."""
    token = factories.APIToken(user=user["name"])["token"]
    return run_script("form_journey.mjs", base, institution["id"], "-", AUTHORIZATION=token, **env)


def test_a_plan_and_a_commitment_through_the_plain_forms(
    editor,  # noqa: F811
    body,  # noqa: F811
    live_server,  # noqa: F811
):
    report = journey(live_server, editor, body, SCRIPTS="off")

    assert report["calendarRows"] == 1  # "add a row", left untouched
    refused = report["refused"]
    assert "لم يُحفظ شيء" in refused["summary"] and "نهاية الفترة" in refused["summary"]
    assert refused["title"] == TITLE and refused["notes"] == NOTES
    assert refused["period"] == ["2026-01-01", "2025-01-01"]
    assert refused["kind"] == "institutional_annual"
    assert visible_english(refused["text"], english_phrases("ar")) == []
    # saved with the untouched row, at an address made from the Arabic title
    assert report["plan"]["path"] == "/ar/plan/khta-alwzara-llbyanat-almftwha"
    assert TITLE in report["plan"]["h1"]
    plan = helpers.call_action("package_show", id="khta-alwzara-llbyanat-almftwha")
    assert not plan.get("calendar") and plan["notes_translated"] == NOTES

    (commitment,) = report["commitments"]
    assert commitment["kept"] == ACTIVITIES  # after "compute the figure", nothing saved
    assert commitment["preview"] == "70%"
    assert visible_english(commitment["formText"], english_phrases("ar")) == []
    assert commitment["path"] == "/ar/commitment/alaltzam-1"
    assert all(row[0] in commitment["text"] for row in ACTIVITIES)
    saved = helpers.call_action("package_show", id="alaltzam-1")
    assert saved["progress"] == 70 and len(saved["milestones"]) == 3
    # the plan page, "add a row" for the calendar, the refused save, the save; the
    # commitment page, three "add a row", "compute the figure", the save
    assert (report["loads"], report["submissions"]) == (2, 8)


def test_with_scripts_rows_come_without_a_round_trip_and_the_figure_follows(
    editor,  # noqa: F811
    body,  # noqa: F811
    live_server,  # noqa: F811
):
    report = journey(live_server, editor, body, SCRIPTS="on", REFUSE="0", PREVIEW="0")

    (commitment,) = report["commitments"]
    assert commitment["live"] == "70%"  # computed as typed, by the rule of the save
    assert helpers.call_action("package_show", id="alaltzam-1")["progress"] == 70
    # the plan's save, the commitment's save
    assert (report["loads"], report["submissions"]) == (2, 2)
