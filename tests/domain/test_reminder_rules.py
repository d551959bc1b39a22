"""Which reminders are due, and what names each for good (plain Python)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ckanext.opendataplan.domain import reminders as rules

TODAY = dt.date(2020, 7, 1)


def _milestone(title, end, progress=50, status="in_progress"):
    return {"title": title, "end_date": end, "progress": progress, "status": status}


def test_due_soon_and_newly_overdue_milestones():
    milestones = [
        _milestone("ends in 10 days", "2020-07-11"),
        _milestone("ends in 30 days", "2020-07-31"),
        _milestone("ended 5 days ago", "2020-06-26"),
        _milestone("ended a year ago", "2019-07-01"),
        _milestone("done, ends soon", "2020-07-05", 100, "complete"),
        _milestone("done early", "2020-06-20", 100, "complete"),
        _milestone("marked complete at 90", "2020-07-05", 90, "complete"),
    ]

    found = rules.milestone_reminders("plan", "c4", milestones, TODAY, 14, 30)

    assert sorted((r.kind, r.milestone, r.date.isoformat()) for r in found) == [
        (rules.MILESTONE_DUE, "ends in 10 days", "2020-07-11"),
        (rules.MILESTONE_OVERDUE, "ended 5 days ago", "2020-06-26"),
    ]


def test_an_undated_milestone_is_due_with_its_commitment():
    found = rules.milestone_reminders(
        "plan", "c4", [{"title": "undated", "progress": 0}], TODAY, 14, 30, "2020-07-10"
    )

    assert [(r.kind, r.date) for r in found] == [(rules.MILESTONE_DUE, dt.date(2020, 7, 10))]


def test_a_rescheduled_milestone_is_another_reminder():
    before = rules.Reminder(rules.MILESTONE_DUE, "plan", "c4", dt.date(2020, 7, 11), "Training")
    moved = rules.Reminder(rules.MILESTONE_DUE, "plan", "c4", dt.date(2020, 9, 30), "Training")
    again = rules.Reminder(rules.MILESTONE_DUE, "plan", "c4", dt.date(2020, 7, 11), "Training")

    assert before.key != moved.key
    assert before.key == again.key
    assert len(before.key) == 64


def test_next_reporting_date_prefers_the_meeting_then_the_rhythm():
    period = ("2018-08-01", "2020-08-31")
    assert rules.next_reporting_date("2020-07-15", None, "quarterly", period, TODAY) == dt.date(
        2020, 7, 15
    )
    # a past meeting: the rhythm from the last report
    assert rules.next_reporting_date("2020-01-15", "2020-04-15", "quarterly", period, TODAY) == (
        dt.date(2020, 7, 15)
    )
    # no report yet: from the plan's start, the dates missed skipped
    assert rules.next_reporting_date(None, None, "half_yearly", period, TODAY) == dt.date(
        2020, 8, 1
    )
    # after the plan's end: none
    assert rules.next_reporting_date(None, "2020-06-01", "quarterly", period, TODAY) is None
    assert rules.next_reporting_date(None, None, None, period, TODAY) is None
    assert rules.next_reporting_date(None, None, "weekly", period, TODAY) is None


def test_a_reporting_date_is_reminded_within_the_days_ahead():
    assert rules.report_reminder("plan", dt.date(2020, 7, 15), TODAY, 14)
    assert not rules.report_reminder("plan", dt.date(2020, 7, 16), TODAY, 14)
    assert not rules.report_reminder("plan", None, TODAY, 14)


def test_no_progress_since_the_last_recent_report():
    recent, old = dt.date(2020, 6, 20), dt.date(2020, 1, 1)

    found = rules.no_progress_reminder("plan", "c4", [40, 72, 72], recent, TODAY, 30)

    assert [(r.kind, dict(r.facts)) for r in found] == [(rules.NO_PROGRESS, {"progress": 72})]
    assert not rules.no_progress_reminder("plan", "c4", [40, 72], recent, TODAY, 30)
    assert not rules.no_progress_reminder("plan", "c4", [72, 72], old, TODAY, 30)


def test_grouped_most_urgent_first():
    due = rules.Reminder(rules.MILESTONE_DUE, "p", "c", dt.date(2020, 7, 9), "b")
    late = rules.Reminder(rules.MILESTONE_OVERDUE, "p", "c", dt.date(2020, 6, 9), "a")
    report = rules.Reminder(rules.REPORT_DUE, "p", None, dt.date(2020, 7, 10))

    assert [kind for kind, _items in rules.grouped([report, due, late])] == [
        rules.MILESTONE_OVERDUE,
        rules.MILESTONE_DUE,
        rules.REPORT_DUE,
    ]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)), st.integers(0, 48))
def test_add_months_lands_in_the_right_month(day, months):
    moved = rules.add_months(day, months)

    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day >= 28


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(sorted(rules.FREQUENCIES)),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
)
def test_the_next_reporting_date_is_never_past(start, frequency, today):
    due = rules.next_reporting_date(None, start, frequency, (start, None), today)

    assert due is not None and due >= today
