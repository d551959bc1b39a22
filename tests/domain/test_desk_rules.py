"""The "to update" page's own rules: no figure since the last meeting, publication due."""

from __future__ import annotations

import datetime as dt

from ckanext.opendataplan.domain import desk

TODAY = dt.date(2026, 12, 6)


def test_a_commitment_the_last_meeting_did_not_report_has_no_figure_since():
    assert desk.no_figure_since_meeting("2026-10-01", "2026-11-15")
    assert desk.no_figure_since_meeting(None, "2026-11-15")  # never a figure


def test_the_meetings_own_figure_or_a_later_one_counts():
    assert not desk.no_figure_since_meeting("2026-11-15", "2026-11-15")
    assert not desk.no_figure_since_meeting(dt.date(2026, 11, 20), "2026-11-15")
    assert not desk.no_figure_since_meeting("2026-10-01", None)  # no meeting yet


def test_a_planned_item_is_due_within_the_horizon_or_past_its_date():
    assert desk.publication_due("planned", "2026-12-20", TODAY, 14)
    assert desk.publication_due("planned", "2026-01-01", TODAY, 14)
    assert not desk.publication_due("planned", "2027-01-01", TODAY, 14)
    assert not desk.publication_due("published", "2026-12-10", TODAY, 14)
    assert not desk.publication_due("candidate", None, TODAY, 14)
