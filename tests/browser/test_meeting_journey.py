"""Recording a steering meeting of the demo's 18-commitment plan in headless Chromium,
in Arabic, as an admin of the plan's institution: one form for every commitment's
figure and activities and the minutes; the form asks before publishing a figure that
will not become current; the report's page then shows the minutes and why that figure
does not stand."""

from __future__ import annotations

from pathlib import Path

import pytest
from ckan.tests import factories, helpers

from ckanext.opendataplan.demo import loader
from tests.browser.node import run_script
from tests.browser.test_accessibility import (  # noqa: F401 (a fixture)
    english_phrases,
    live_server,
    visible_english,
)
from tests.marks import portal
from tests.meetings.test_meeting_action import PDF

pytestmark = portal
ROOT = Path(__file__).resolve().parents[2]
PLAN = "ma-ogp-2018-2020"


@pytest.fixture
def demo_editor():
    loader.load_all()
    plan = helpers.call_action("package_show", id=PLAN)
    editor = factories.User()
    helpers.call_action(
        "organization_member_create", id=plan["owner_org"], username=editor["name"], role="admin"
    )
    return factories.APIToken(user=editor["name"])["token"]


def journey(base: str, token: str, minutes: Path, width: int) -> dict:
    return run_script(
        "meeting_journey.mjs",
        base,
        PLAN,
        "2020-08-15",
        str(minutes),
        AUTHORIZATION=token,
        WIDTH=str(width),
    )


def test_a_meeting_of_eighteen_commitments_in_one_form(demo_editor, live_server, tmp_path):  # noqa: F811
    minutes = tmp_path / "محضر-الاجتماع.pdf"
    minutes.write_bytes(PDF)

    seen = journey(live_server, demo_editor, minutes, 375)

    assert seen["rows"] == 18
    assert seen["overflow"] <= 0
    assert visible_english(seen["formText"], english_phrases("ar")) == []
    # commitment 4's 97 % is older than its 96 % computed from its activities on
    # 31 August 2020: the form asks once, every typed value kept, then publishes
    assert seen["asked"] and "انشر رغم ذلك" in seen["askedText"]
    assert seen["keptNarrative"] == "قرار الاجتماع 1"
    assert (seen["loads"], seen["submissions"]) == (3, 2)
    assert seen["url"].endswith(f"/ar/progress_report/{PLAN}-2020-08-15")
    # the report page: the minutes, and why commitment 4's figure does not stand
    assert "محضر-الاجتماع.pdf" in seen["minutes"] and "PDF" in seen["minutes"]
    assert (seen["minutesStatus"], seen["minutesHead"]) == (200, "%PDF-")
    (outranked,) = [s for s in seen["standing"] if "ليست النسبة الحالية" in s]
    assert "96%" in outranked and "محسوبة من أنشطته بتاريخ 31 " in outranked
    assert outranked.endswith(" 2020")  # 31 August 2020, in the portal's Arabic month names
    # one commitment's activity was completed; its figure and the others' were published
    c4 = helpers.call_action("package_show", id="ma-ogp-2018-2020-c4-open-data")
    assert seen["activitiesChanged"] == 1
    assert [m["status"] for m in c4["milestones"]].count("in_progress") == 2
    report = helpers.call_action("package_show", id=f"{PLAN}-2020-08-15")
    assert len(report["updates"]) == 18 and len(report["resources"]) == 1
