"""What a save changed that followers are told of (plain Python)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ckanext.opendataplan.domain import changes


def test_changed_figures():
    assert changes.changed_figures({"a": 72, "b": 50, "c": None}, {"a": 96, "b": 50, "c": 10}) == [
        ("a", 72, 96),
        ("c", None, 10),
    ]


def test_completed_milestones_are_those_marked_complete_now():
    before = [
        {"title": "Strategy", "status": "in_progress"},
        {"title": "Guide", "status": "complete"},
        {"title": "Training", "status": "not_started"},
    ]
    after = [
        {"title": "Strategy", "status": "complete"},
        {"title": "Guide", "status": "complete"},
        {"title": "Training", "status": "in_progress"},
        {"title": "Added already complete", "status": "complete"},
    ]

    assert changes.completed_milestones(before, after) == ["Strategy"]
    assert changes.completed_milestones(["not a row"], [None, "x"]) == []


def test_figure_moves_follow_the_history():
    day = dt.date(2020, 7, 15)
    rows = [
        ("c4", dt.date(2019, 12, 1), 40, 1),
        ("c4", dt.date(2020, 3, 1), 72, 2),
        ("c4", dt.date(2020, 5, 1), 72, 3),
        ("c5", dt.date(2020, 3, 1), 10, 4),
        ("c4", day, 96, 5),
    ]

    moves = changes.figure_moves(rows)

    assert [(m["commitment"], m["before"], m["after"]) for m in moves] == [
        ("c4", None, 40),
        ("c4", 40, 72),
        ("c5", None, 10),
        ("c4", 72, 96),
    ]


@given(st.lists(st.tuples(st.sampled_from("ab"), st.integers(0, 100)), max_size=30))
def test_each_move_starts_where_the_last_one_ended(rows):
    moves = changes.figure_moves((c, dt.date(2020, 1, 1), v, i) for i, (c, v) in enumerate(rows))

    last = {}
    for move in moves:
        assert move["before"] == last.get(move["commitment"])
        assert move["before"] != move["after"]
        last[move["commitment"]] = move["after"]
