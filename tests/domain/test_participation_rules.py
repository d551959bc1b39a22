"""Co-creation rules: windows, limits and the consultation report (plain Python)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ckanext.opendataplan.domain import participation

DAY = dt.date(2020, 10, 15)


def test_a_window_includes_its_opening_and_closing_days():
    assert participation.window("2020-10-15", "2020-10-31", DAY) == "open"
    assert participation.window("2020-10-01", "2020-10-15", DAY) == "open"
    assert participation.window("2020-10-16", "2020-10-31", DAY) == "upcoming"
    assert participation.window("2020-10-01", "2020-10-14", DAY) == "closed"
    assert participation.window(None, "2020-10-31", DAY) == "unset"


@given(opens=st.dates(), closes=st.dates(), today=st.dates())
def test_a_window_is_open_exactly_between_its_dates(opens, closes, today):
    state = participation.window(opens.isoformat(), closes.isoformat(), today)
    assert (state == "open") == (opens <= today <= closes)


def test_limits():
    assert participation.within_limit(9, 10) and not participation.within_limit(10, 10)
    assert participation.within_limit(10_000, 0)  # 0: no limit


def test_the_report_counts_merged_proposals_under_the_commitment_they_joined():
    proposals = [
        {"id": "a", "author": "u1", "status": "accepted", "commitment": "c1", "supports": 3},
        {"id": "b", "author": "u2", "status": "merged", "merged_into": "a", "supports": 1},
        {"id": "c", "author": "u3", "status": "not_retained"},
        {"id": "d", "author": "u4", "status": "submitted", "hidden": True},
    ]
    comments = [
        {"author": "u1", "commitment": "c1", "outcome": "taken"},
        {"author": "u5", "commitment": None, "outcome": None},
    ]
    report = participation.report(proposals, comments, supporters=["u6", "u1"])

    assert report["by_commitment"]["c1"] == {
        "proposals": 2,
        "comments": 1,
        "taken": 1,
        "partly": 0,
        "not_taken": 0,
    }
    assert (report["answered"], report["responded"], report["hidden"]) == (5, 4, 1)
    assert report["unanswered"] == 1 and report["share_answered"] == 83
    assert report["participants"] == 6 and report["supports"] == 4
    assert report["proposal_statuses"] == {
        "submitted": 0,
        "accepted": 1,
        "merged": 1,
        "not_retained": 1,
    }
