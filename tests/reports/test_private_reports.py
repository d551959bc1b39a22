"""A private (draft) progress report on a public plan gives no figure until it is made
public: nobody reads its figures, its name or its date anywhere meanwhile."""

from __future__ import annotations

import datetime as dt

from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal


def channels(app, name: str) -> str:
    return " ".join(
        app.get(url).body
        for url in (
            "/progress/open-data/history.json",
            "/progress/open-data/commitments.json",
            "/progress/late.json",
            f"/commitment/{name}",
        )
    )


def test_a_draft_report_changes_nothing_until_it_is_published(app, admin, org, plan):
    commitment = f.commitment(admin, plan, org, name="c1", progress=20)
    draft = f.report(
        admin,
        plan,
        [{"commitment": commitment["id"], "progress": 77}],
        name="draft-report",
        meeting_date=dt.date.today().isoformat(),
        private=True,
        owner_org=org["id"],
    )

    assert helpers.call_action("package_show", id="c1")["progress"] == 20
    history = helpers.call_action("opendataplan_progress_history", id="c1")
    assert [h["report"] for h in history] == [None]
    assert "draft-report" not in channels(app, "c1")

    helpers.call_action("package_patch", {"user": admin["name"]}, id=draft["id"], private=False)
    assert helpers.call_action("package_show", id="c1")["progress"] == 77
    assert "draft-report" in app.get("/progress/open-data/history.json").body

    helpers.call_action("package_patch", {"user": admin["name"]}, id=draft["id"], private=True)
    assert helpers.call_action("package_show", id="c1")["progress"] == 20
