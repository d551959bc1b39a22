"""Which activities are late, and by how many days (plain Python)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ckanext.opendataplan.domain import flags

TODAY = dt.date(2020, 9, 1)


def test_late_means_past_its_end_below_100():
    milestones = [
        {"title": "late", "end_date": "2020-08-22", "progress": 60},
        {"title": "done", "end_date": "2020-01-01", "progress": 100},
        {"title": "ends today", "end_date": "2020-09-01", "progress": 0},
        {"title": "unreported", "end_date": "2019-09-01"},
        {"title": "no end date", "progress": 0},
        {"title": "almost", "end_date": "2020-08-31", "progress": 99.6},
    ]

    late = flags.late_activities(milestones, TODAY)

    assert [(a["title"], a["days_overdue"], a["progress"]) for a in late] == [
        ("late", 10, 60),
        ("unreported", 366, None),
        ("almost", 1, 99),
    ]
    assert flags.overdue_activities(milestones, TODAY) == ["late", "unreported", "almost"]


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(max_size=5),
            st.dictionaries(
                st.sampled_from(["title", "end_date", "progress"]),
                st.one_of(st.none(), st.text(max_size=12), st.floats(), st.integers()),
            ),
        ),
        max_size=6,
    )
)
def test_any_stored_milestones_give_late_activities_in_bounds(milestones):
    for activity in flags.late_activities(milestones, TODAY):
        assert activity["days_overdue"] > 0
        assert activity["progress"] is None or 0 <= activity["progress"] < 100


def test_an_undated_activity_is_due_with_its_commitment_or_else_its_plan():
    undated = [{"title": "undated", "progress": 20}]

    assert flags.late_activities(undated, TODAY) == []
    due = flags.undated_end(None, "2020-06-30")
    [late] = flags.late_activities(undated, TODAY, due)
    assert (late["days_overdue"], late["dated"]) == (63, False)
    assert flags.undated_end("2020-08-31", "2020-06-30") == "2020-08-31"
