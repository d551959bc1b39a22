"""Progress reports and the progress history: every meeting is a snapshot."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from ckan.tests import helpers
from freezegun import freeze_time

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal


def report(user: dict, plan: dict, name: str, meeting_date: str, updates: list[dict]) -> dict:
    return f.report(user, plan, updates, name=name, meeting_date=meeting_date)


def history(commitment: dict, **params) -> list[dict]:
    return helpers.call_action("opendataplan_progress_history", id=commitment["id"], **params)


def progress(commitment: dict) -> int:
    return helpers.call_action("package_show", id=commitment["id"])["progress"]


CREATED = "2019-01-10"  # the commitments' first figures, before the meetings below


@pytest.fixture
def commitments(admin, org, plan):
    with freeze_time(CREATED):
        return [
            f.commitment(admin, plan, org, name=f"c{n}", number=str(n), progress=10 * n)
            for n in (1, 2)
        ]


def test_publishing_a_report_snapshots_and_sets_each_commitment(admin, plan, commitments):
    c1, c2 = commitments
    created = report(
        admin,
        plan,
        "meeting-2020-07",
        "2020-07-15",
        [
            {"commitment": "c1", "progress": 70, "narrative": "Guide published"},
            {"commitment": c2["id"], "progress": 24, "completion_level": "no_evidence"},
        ],
    )

    assert created["updates"][0]["commitment"] == c1["id"]
    assert (progress(c1), progress(c2)) == (70, 24)
    shown = helpers.call_action("package_show", id=c2["id"])
    assert shown["completion_level"] == "no_evidence"
    [created, reported] = history(c1)  # in date order: the creation, then the 2020 meeting
    assert (created["source"], created["progress"], created["date"]) == ("edit", 10, CREATED)
    assert reported == {
        **reported,
        "date": "2020-07-15",
        "progress": 70,
        "completion_level": "substantial",
        "source": "report",
        "report": "meeting-2020-07",
    }


def test_a_direct_edit_appends_and_milestones_recompute(admin, plan, commitments):
    c1, _ = commitments
    helpers.call_action("package_patch", {"user": admin["name"]}, id=c1["id"], progress=55)
    helpers.call_action("package_patch", {"user": admin["name"]}, id=c1["id"], progress=55)
    helpers.call_action(
        "package_patch",
        {"user": admin["name"]},
        id=c1["id"],
        milestones=[{"title": "a", "status": "complete", "progress": 100}],
    )

    rows = history(c1)
    assert [(r["source"], r["progress"]) for r in rows] == [
        ("edit", 10),
        ("edit", 55),
        ("recompute", 100),
    ]
    assert rows[-1]["date"] == dt.date.today().isoformat()


def test_deleting_a_report_withdraws_its_snapshots_and_restores_values(admin, plan, commitments):
    c1, c2 = commitments
    first = report(admin, plan, "m1", "2020-01-10", [{"commitment": "c1", "progress": 40}])
    second = report(
        admin,
        plan,
        "m2",
        "2020-07-15",
        [{"commitment": "c1", "progress": 70}, {"commitment": "c2", "progress": 90}],
    )

    helpers.call_action("package_delete", {"user": admin["name"]}, id=second["id"])

    assert (progress(c1), progress(c2)) == (40, 20)
    assert [r["progress"] for r in history(c1)] == [10, 40]
    everything = history(c1, include_withdrawn=True)
    assert [(r["progress"], r["withdrawn"]) for r in everything] == [
        (10, False),
        (40, False),
        (70, True),
    ]
    assert first["name"] == "m1"


def test_a_deleted_reports_figure_does_not_survive_saves_made_for_other_reasons(admin, org, plan):
    """Activities without progress leave the figure to the one set by hand, so a save
    that sends back the report's figure it was shown (made private and public again,
    moved to another plan and back, its plan's end date changed) records nothing: when
    the report goes, its figure goes on every channel."""
    context = {"user": admin["name"]}
    other = f.plan(admin, org, name="other-plan")
    undated = [{"title": "Working group"}, {"title": "Legal review"}]
    with freeze_time(CREATED):
        commitment = f.commitment(admin, plan, org, name="c1", progress=30, milestones=undated)
    meeting = report(admin, plan, "m1", "2020-07-15", [{"commitment": "c1", "progress": 80}])
    for change in (
        {"private": True},
        {"private": False},
        {"plan": other["id"]},
        {"plan": plan["id"]},
    ):
        helpers.call_action("package_patch", context, id=commitment["id"], **change)
    helpers.call_action("package_patch", context, id=plan["id"], period_end="2021-08-31")

    assert [(r["source"], r["progress"]) for r in history(commitment)] == [
        ("edit", 30),
        ("report", 80),
    ]
    assert (
        helpers.call_action("package_show", id=commitment["id"])["progress_as_of"] == "2020-07-15"
    )
    helpers.call_action("package_delete", context, id=meeting["id"])
    shown = helpers.call_action("package_show", id=commitment["id"])
    assert (shown["progress"], shown["progress_as_of"]) == (30, CREATED)
    assert helpers.call_action("opendataplan_plan_progress", id=plan["name"])["progress"] == 30


def test_a_commitment_first_reported_by_a_deleted_report_is_not_reported_again(admin, org, plan):
    """A commitment with no figure of its own: an edit of its description sends back
    the report's figure it was shown, which must not become its own."""
    context = {"user": admin["name"]}
    commitment = f.commitment(admin, plan, org, name="c5")
    meeting = report(admin, plan, "m1", "2020-07-15", [{"commitment": "c5", "progress": 70}])
    helpers.call_action("package_patch", context, id=commitment["id"], notes="Described")
    helpers.call_action("package_patch", context, id=commitment["id"], completion_level="")

    helpers.call_action("package_delete", context, id=meeting["id"])

    shown = helpers.call_action("package_show", id=commitment["id"])
    assert (shown.get("progress"), shown.get("progress_as_of")) == (None, None)
    [indexed] = helpers.call_action("package_search", fq="name:c5")["results"]
    assert indexed.get("progress") is None
    assert history(commitment) == []


def test_no_progress_since_the_last_report_flag(admin, plan, commitments):
    c1, c2 = commitments
    report(
        admin,
        plan,
        "m1",
        "2020-01-10",
        [{"commitment": "c1", "progress": 40}, {"commitment": "c2", "progress": 30}],
    )
    report(
        admin,
        plan,
        "m2",
        "2020-07-15",
        [{"commitment": "c1", "progress": 40}, {"commitment": "c2", "progress": 35}],
    )

    flags = {
        c["name"]: helpers.call_action("package_show", id=c["id"])["flags"] for c in commitments
    }
    assert flags["c1"]["no_progress_since_last_report"] is True
    assert flags["c2"]["no_progress_since_last_report"] is False


def test_overdue_flag_names_activities_past_their_end_below_100(admin, org, plan):
    commitment = f.commitment(
        admin,
        plan,
        org,
        name="late",
        milestones=[
            {"title": "Done", "end_date": "2019-01-31", "status": "complete", "progress": 100},
            {"title": "Late", "end_date": "2019-01-31", "status": "in_progress", "progress": 90},
            {"title": "Future", "end_date": "2199-01-31", "status": "in_progress", "progress": 10},
        ],
    )
    assert commitment["flags"]["overdue_activities"] == ["Late"]


def test_plan_progress_as_of_a_date(admin, plan, commitments):
    report(
        admin,
        plan,
        "m1",
        "2020-07-15",
        [{"commitment": "c1", "progress": 70}, {"commitment": "c2", "progress": 90}],
    )

    before = helpers.call_action("opendataplan_plan_progress", id=plan["name"], as_of="2020-01-01")
    after = helpers.call_action("opendataplan_plan_progress", id=plan["name"], as_of="2020-08-01")
    now = helpers.call_action("opendataplan_plan_progress", id=plan["name"])

    assert (before["progress"], before["commitment_count"]) == ((10 + 20) / 2, 2)  # at creation
    assert (after["progress"], after["commitment_count"]) == (80, 2)
    assert after["as_of"] == "2020-08-01"
    assert {c["name"]: c["progress"] for c in after["commitments"]} == {"c1": 70, "c2": 90}
    assert now["progress"] == 80


def test_a_report_on_a_plan_the_user_cannot_edit_is_refused(admin, plan, commitments):
    outsider_org = f.factories.Organization()
    outsider = f.factories.User()
    helpers.call_action(
        "organization_member_create", id=outsider_org["id"], username=outsider["name"], role="admin"
    )
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action(
            "package_create",
            {"user": outsider["name"], "ignore_auth": False},
            type="progress_report",
            name="forged",
            plan=plan["id"],
            owner_org=outsider_org["id"],
            meeting_date="2020-07-15",
            updates=[{"commitment": "c1", "progress": 100}],
        )
    assert progress(commitments[0]) == 10
    assert len(history(commitments[0])) == 1


def test_an_update_on_a_commitment_of_another_plan_is_refused(admin, org, plan, commitments):
    other_plan = f.plan(admin, org, name="other-plan")
    stranger = f.commitment(admin, other_plan, org, name="stranger", progress=5)
    with pytest.raises(helpers.logic.ValidationError) as error:
        report(admin, plan, "m1", "2020-07-15", [{"commitment": "stranger", "progress": 50}])
    assert error.value.error_dict["updates"][0]["commitment"] == [
        "Not a commitment of this plan: stranger"
    ]
    assert progress(stranger) == 5


def test_parallel_saves_all_land_in_the_history(app, admin, plan, commitments):
    c1, _ = commitments
    token = f.factories.APIToken(user=admin["name"])["token"]
    statuses = []

    def save(value: int) -> None:
        client = app.flask_app.test_client()
        response = client.post(
            "/api/3/action/package_patch",
            headers={"Authorization": token},
            json={"id": c1["id"], "progress": value},
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save, args=(value,)) for value in range(21, 41)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 20
    recorded = sorted(r["progress"] for r in history(c1) if r["source"] == "edit")
    assert recorded == [10] + list(range(21, 41))
