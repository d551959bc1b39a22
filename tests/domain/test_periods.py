"""Reported or not, coverage, and change over time, as plain rules: a commitment with no
figure is never an IRM level and never 0 % in an average; changes between meetings and
quarters add up to the figure reported last."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ckanext.opendataplan.domain import periods, progress


def test_no_figure_is_not_reported_never_a_level():
    assert progress.reported_progress([], None) is None
    assert progress.reported_progress([{"title": "a", "progress": None}], "") is None
    assert progress.reported_level(None, None) == progress.NOT_REPORTED
    assert progress.NOT_REPORTED not in progress.COMPLETION_LEVELS
    # a figure of 0 is reported, and that one is "not started"
    assert progress.reported_progress([], 0) == 0
    assert progress.reported_level(0, None) == progress.NOT_STARTED
    # "no evidence" set by hand stays what the institution said
    assert progress.reported_level(None, progress.NO_EVIDENCE) == progress.NO_EVIDENCE


def test_coverage_leaves_the_not_reported_out_of_the_average():
    figures = progress.coverage([(40, None), (None, None), (80, None)])

    assert figures == {
        "progress": 60,  # not 40: the one not reported is not a 0
        "commitment_count": 3,
        "reported_count": 2,
        "unreported_count": 1,
        "reported_share": 67,
    }
    assert progress.coverage([(None, None)])["progress"] is None
    assert progress.coverage([])["reported_share"] is None


def test_levels_count_the_not_reported_apart():
    counts = progress.count_levels(["complete", "not_reported", "not_reported"])

    assert counts["not_reported"] == 2 and counts["not_started"] == 0
    assert counts["complete"] == 1


def test_ranking_puts_the_not_reported_after_every_figure():
    values = [10, None, 90, 0]
    assert sorted(values, key=progress.ranking) == [90, 10, 0, None]


def test_quarters():
    assert periods.quarter_start(dt.date(2020, 8, 31)) == dt.date(2020, 7, 1)
    assert periods.previous_quarter_end(dt.date(2020, 8, 31)) == dt.date(2020, 6, 30)
    assert periods.previous_quarter_end(dt.date(2021, 1, 1)) == dt.date(2020, 12, 31)


def test_change_between_two_meetings():
    moved = periods.change((40, "limited"), (100, "complete"))
    assert (moved["points"], moved["newly_complete"], moved["newly_reported"]) == (60, True, False)

    first = periods.change((None, None), (30, "limited"))
    assert (first["points"], first["newly_reported"]) == (None, True)
    assert periods.moved(first)
    assert not periods.moved({**periods.change((50, "substantial"), (50, "substantial"))})


def test_newly_late_are_the_activities_due_between_the_meetings():
    milestones = [
        {"title": "old", "end_date": "2019-01-31", "progress": 10},
        {"title": "new", "end_date": "2019-05-31", "progress": 10},
        {"title": "done", "end_date": "2019-05-31", "progress": 100},
        {"title": "later", "end_date": "2019-12-31", "progress": 10},
    ]

    late = periods.newly_late(milestones, dt.date(2019, 3, 1), dt.date(2019, 7, 1))

    assert late == ["new"]


figure = st.one_of(st.none(), st.integers(min_value=0, max_value=100))


@given(st.lists(figure, max_size=12))
def test_the_changes_add_up_to_the_last_figure_reported(figures):
    changes = periods.deltas(figures)
    reported = [value for value in figures if value is not None]

    assert sum(changes) == (reported[-1] if reported else 0)
    assert len(changes) == len(reported)


@given(st.lists(figure, min_size=1, max_size=12))
def test_points_between_successive_reported_figures_add_up(figures):
    reported = [value for value in figures if value is not None]
    steps = [periods.points(a, b) for a, b in zip(reported, reported[1:])]

    if reported:
        assert reported[0] + sum(steps) == reported[-1]


@given(st.lists(st.tuples(figure, st.none()), max_size=20))
def test_coverage_counts_every_commitment_once(parts):
    figures = progress.coverage(parts)

    assert figures["reported_count"] + figures["unreported_count"] == len(parts)
    reported = [value for value, _weight in parts if value is not None]
    assert (figures["progress"] is None) == (not reported)
    if reported:
        assert min(reported) <= figures["progress"] <= max(reported)
