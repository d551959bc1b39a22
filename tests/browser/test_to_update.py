"""The "to update" page in headless Chromium, in Arabic, at 375 and 1280 px, as the lead
institution's editor sees it: what the data has them update, in Arabic only, right to
left, nothing wider than a phone, no serious axe-core violation."""

from __future__ import annotations

from tests import factories_odp as f
from tests.accountability.test_reminders import setting  # noqa: F401 (a fixture)
from tests.browser.test_accessibility import (  # noqa: F401 (a fixture)
    check_pages,
    english_phrases,
    live_server,
    visible_english,
)
from tests.desk.test_to_update import more  # noqa: F401 (a fixture)
from tests.marks import portal

pytestmark = portal


def test_the_editor_reads_what_to_update_in_arabic(more, live_server):  # noqa: F811
    token = f.factories.APIToken(user=more["people"]["lead_editor"]["name"])["token"]
    reports = check_pages(live_server, "-", ["/ar/dashboard/to-update"], token)

    assert [r["width"] for r in reports] == [375, 1280]
    phrases = english_phrases("ar")
    for report in reports:
        text = report["text"]
        assert report["status"] == 200 and report["dir"] == "rtl"
        assert report["h1Visible"] and "ما عليّ تحيينه" in text
        # the sections and items of the data, the overdue first
        assert (
            text.index("أنشطة متأخرة")
            < text.index("Data strategy")
            < text.index("Training administrations")
        )
        assert "Procedures guide" in text and "R1" in text  # due soon; to publish
        assert "Other body's activity" not in text and "Draft activity" not in text
        assert visible_english(text, phrases) == []
        # CKAN's own account bar (avatar and dashboard links, labelled apart from their
        # text) is CKAN's page furniture for every signed-in page, left as CKAN has it
        serious = [
            (v["id"], v["nodes"])
            for v in report["axe"]
            if v["impact"] in ("serious", "critical")
            and not set(v["nodes"]) <= {".image", 'a[href$="dashboard/"]'}
        ]
        assert serious == []
    assert reports[0]["overflow"] <= 0
