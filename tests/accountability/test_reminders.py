"""`ckan opendataplan remind` against a real SMTP server: who gets what, one email per
person, nothing twice, the dry run, and a refused email sent again next time."""

from __future__ import annotations

import datetime as dt

import pytest
from ckan import model
from ckan.cli.cli import ckan
from ckan.tests import factories, helpers

from ckanext.opendataplan.accountability import reminders
from ckanext.opendataplan.model import ReminderSent
from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal


def _in(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def setting():
    sysadmin = factories.Sysadmin()
    lead, body = factories.Organization(), factories.Organization()
    people = {
        "lead_admin": f.member(lead, "admin"),
        "lead_editor": f.member(lead, "editor"),
        "lead_member": f.member(lead, "member"),
        "body_admin": f.member(body, "admin"),
    }
    plan = f.plan(
        sysadmin,
        body,
        period_start=f.days_ago(200),
        period_end=_in(300),
        reporting_frequency="quarterly",
        next_steering_meeting=_in(7),
    )
    c4 = f.commitment(
        sysadmin,
        plan,
        lead,
        end_date=_in(200),
        milestones=[
            f.activity("Procedures guide", -5, 60),
            f.activity("Training administrations", 3, 40),
            f.activity("Awareness campaign", -5, 100),
            f.activity("Data strategy", 400, 20),
        ],
    )
    c5 = f.commitment(sysadmin, plan, lead, name="commitment-5", number="5", end_date=_in(200))
    for name, days in (("meeting-1", 40), ("meeting-2", 10)):
        f.report(sysadmin, plan, [{"commitment": c5["id"], "progress": 40}], name, f.days_ago(days))
    draft = f.plan(sysadmin, body, name="draft-plan", version_status="draft")
    f.commitment(
        sysadmin, draft, lead, name="draft-c", milestones=[f.activity("Draft activity", -3, 0)]
    )
    return {"people": people, "plan": plan, "c4": c4, "c5": c5, "sysadmin": sysadmin}


def _remind(cli, inbox, *args):
    result = cli.invoke(ckan, ["opendataplan", "remind", *args], env=inbox.environment)
    assert result.exit_code == 0, result.output
    return result.output


def test_one_email_per_person_with_their_reminders_grouped(cli, smtp_inbox, setting):
    output = _remind(cli, smtp_inbox)

    people = setting["people"]
    assert "sent 3 emails (9 reminders)" in output
    for role in ("lead_admin", "lead_editor"):
        (message,) = smtp_inbox.to(people[role]["email"])
        text = smtp_inbox.text(message)
        assert message["Subject"].endswith("(4)")
        assert text.index("Training administrations") < text.index(
            "Procedures guide"
        )  # overdue first
        assert "Awareness campaign" not in text and "Data strategy" not in text
        assert "Draft activity" not in text
        assert "http://test.ckan.net/commitment/commitment-4" in text
        assert "http://test.ckan.net/commitment/commitment-5" in text  # no progress since
        assert "http://test.ckan.net/plan/ogp-2018-2020" in text  # the meeting in 7 days
    assert not smtp_inbox.to(people["lead_member"]["email"])
    (plan_body,) = smtp_inbox.to(people["body_admin"]["email"])
    assert plan_body["Subject"].endswith("(1)")
    assert "commitment-4" not in smtp_inbox.text(plan_body)


def test_the_texts_are_in_the_portals_language(cli, smtp_inbox, setting):
    _remind(cli, smtp_inbox)

    (message,) = smtp_inbox.to(setting["people"]["lead_admin"]["email"])
    text = smtp_inbox.text(message)
    assert "أنشطة تجاوزت موعدها" in text  # "Activities now overdue", test.ini's default: ar
    assert "الالتزام 4" in text


def test_nothing_is_sent_twice(cli, smtp_inbox, setting):
    _remind(cli, smtp_inbox)
    sent = len(smtp_inbox.messages)

    assert "sent 0 emails" in _remind(cli, smtp_inbox)
    assert len(smtp_inbox.messages) == sent


def test_a_rescheduled_milestone_is_reminded_of_again(cli, smtp_inbox, setting):
    _remind(cli, smtp_inbox)
    c4 = setting["c4"]
    milestones = c4["milestones"]
    milestones[0]["end_date"] = _in(10)
    context = {"user": setting["sysadmin"]["name"]}
    helpers.call_action("package_patch", context, id=c4["id"], milestones=milestones)

    output = _remind(cli, smtp_inbox)

    assert "sent 2 emails (2 reminders)" in output
    (again, *_rest) = smtp_inbox.to(setting["people"]["lead_editor"]["email"])[1:]
    assert "Procedures guide" in smtp_inbox.text(again)


def test_the_dry_run_prints_and_sends_nothing(cli, smtp_inbox, setting):
    output = _remind(cli, smtp_inbox, "--dry-run")

    assert "would send 3 emails (9 reminders)" in output
    assert f"To: {setting['people']['lead_admin']['name']}" in output
    assert "Training administrations" in output
    assert not smtp_inbox.messages
    assert "sent 3 emails" in _remind(cli, smtp_inbox)


def test_an_email_the_server_refuses_is_sent_next_time(cli, smtp_inbox, setting):
    refused = {**smtp_inbox.environment, "CKAN_SMTP_SERVER": "127.0.0.1:1"}  # nothing there

    result = cli.invoke(ckan, ["opendataplan", "remind"], env=refused)

    assert result.exit_code == 1
    assert "not sent" in result.output
    assert model.Session.query(ReminderSent).count() == 0
    assert "sent 3 emails (9 reminders)" in _remind(cli, smtp_inbox)


@pytest.mark.usefixtures("with_request_context")
def test_roles_and_horizon_are_settings(smtp_inbox, setting, ckan_config):
    ckan_config["ckanext.opendataplan.remind_roles"] = "member"
    ckan_config["ckanext.opendataplan.remind_days_ahead"] = 2
    ckan_config["ckanext.opendataplan.remind_no_progress"] = False

    result = reminders.run(dt.date.today(), False, print)

    assert [(email.user.name, len(email.reminders)) for email in result.emails] == [
        (setting["people"]["lead_member"]["name"], 1)  # only the activity now overdue
    ]
    (message,) = smtp_inbox.messages
    assert setting["people"]["lead_member"]["email"] in message["To"]
