"""A meeting recorded in one call is told once to each follower of the plan and of each
commitment it changed: one sentence on the dashboard, one line in the activity email,
in the reader's language; CKAN's own "updated" activities of its saves fold into it."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from ckanext.opendataplan.accountability.activities import ACTIVITY_TYPE
from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

TODAY = dt.date.today().isoformat()


@pytest.fixture
def world():
    sysadmin = factories.Sysadmin()
    org = factories.Organization()
    plan = f.plan(sysadmin, org)
    first = f.commitment(sysadmin, plan, org, name="first", milestones=f.milestones())
    second = f.commitment(sysadmin, plan, org, name="second", number="5", progress=10)
    third = f.commitment(sysadmin, plan, org, name="third", number="6", progress=30)
    follower = factories.User(activity_streams_email_notifications=True)
    for package in (plan, first, second):
        helpers.call_action("follow_dataset", {"user": follower["name"]}, id=package["id"])
    return locals()


def _meeting(world):
    return helpers.call_action(
        "opendataplan_meeting_record",
        {"user": world["sysadmin"]["name"]},
        plan=world["plan"]["name"],
        meeting_date=TODAY,
        updates=[
            {
                "commitment": "first",
                "progress": 96,
                "activities": [{"index": 2, "status": "complete"}],
            },
            {"commitment": "second", "progress": 40},
            {"commitment": "third", "progress": 30},  # unchanged: not told
        ],
    )


def _of_meeting(dashboard, report):
    return [a for a in dashboard if (a.get("data") or {}).get("meeting") == report["id"]]


def test_a_follower_of_the_plan_and_two_commitments_hears_of_the_meeting_once(world):
    report = _meeting(world)

    dashboard = helpers.call_action("dashboard_activity_list", {"user": world["follower"]["name"]})
    (told,) = _of_meeting(dashboard, report)
    assert told["activity_type"] == ACTIVITY_TYPE
    assert told["data"]["figures"] == 2  # first and second changed; third did not
    assert told["data"]["activities"] == 1
    # it was written on the plan and on each changed commitment, not on the unchanged one
    for name, expected in (("ogp-2018-2020", 1), ("first", 1), ("second", 1), ("third", 0)):
        stream = helpers.call_action("package_activity_list", id=name)
        ours = [a for a in stream if a["activity_type"] == ACTIVITY_TYPE]
        assert len([a for a in ours if a["data"].get("meeting") == report["id"]]) == expected


def test_the_sentence_is_in_the_readers_language(app, world):
    report = _meeting(world)
    headers = {"Authorization": factories.APIToken(user=world["follower"]["name"])["token"]}

    arabic = BeautifulSoup(app.get("/ar/dashboard/", headers=headers).body, "html.parser")
    french = BeautifulSoup(app.get("/fr/dashboard/", headers=headers).body, "html.parser")

    link = arabic.select_one(f"a[href='/ar/progress_report/{report['name']}']")
    assert "اجتماع" in link.get_text() and "2018-2020" in link.get_text()
    link = french.select_one(f"a[href='/fr/progress_report/{report['name']}']")
    assert "réunion" in link.get_text()
    assert len(arabic.select(f"a[href='/ar/progress_report/{report['name']}']")) == 1


@pytest.mark.ckan_config("ckan.activity_streams_email_notifications", "true")
def test_the_activity_email_tells_the_meeting_once(world, smtp_inbox):
    report = _meeting(world)

    helpers.call_action("send_email_notifications", {"user": world["sysadmin"]["name"]})

    (message,) = smtp_inbox.to(world["follower"]["email"])
    dashboard = helpers.call_action("dashboard_activity_list", {"user": world["follower"]["name"]})
    (told,) = _of_meeting(dashboard, report)
    text = smtp_inbox.text(message)
    assert text.count(told["data"]["text"]) == 1
    # one activity in the email: the meeting, whatever the follower follows
    assert [line for line in text.splitlines() if line.startswith("- ")] == [
        f"- {told['data']['text']}"
    ]
