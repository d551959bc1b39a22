"""What a save of the plugin's types changed, for its line in the activity stream."""

from __future__ import annotations

from ckanext.opendataplan.domain import saves

FIELDS = ["title", "notes", "progress", "milestones", "end_date"]


def test_changed_fields_in_the_forms_order_empty_values_alike():
    before = {"title": "A", "notes": "", "progress": 40, "milestones": [], "end_date": None}
    after = {
        "title": "A",
        "notes": None,
        "progress": 55,
        "milestones": [{"t": 1}],
        "end_date": "2020-01-01",
    }

    assert saves.changed_fields(before, after, FIELDS) == ["milestones", "end_date"]
    assert saves.changed_fields(None, after, FIELDS) == []  # a creation: nothing "changed"


def test_the_summary_tells_the_figure_once_and_each_completed_activity_once():
    moved = {"kind": "progress", "before": 40, "after": 55}
    done = {"kind": "milestone", "milestone": "Training"}
    told = [
        {"id": "1", "data": moved},
        {"id": "2", "data": moved},  # the same move, on the plan's stream
        {"id": "3", "data": done},
        {"id": "4", "data": done},
    ]

    facts = saves.summary(saves.CHANGED, ["milestones"], told)

    assert facts == {
        "kind": "changed",
        "fields": ["milestones"],
        "figure": {"before": 40, "after": 55},
        "completed": ["Training"],
        "told": ["1", "2", "3", "4"],
    }
    assert not saves.says_nothing(facts)
    assert saves.says_nothing(saves.summary(saves.CHANGED, [], []))
    assert not saves.says_nothing(saves.summary(saves.CREATED, [], []))


def test_left_out_are_the_activities_that_a_line_of_the_stream_tells():
    line = {"id": "9", "data": {"opendataplan_save": {"told": ["1", "2"]}}}
    other = {"id": "1", "data": {"kind": "progress"}}

    assert saves.left_out([line, other]) == {"1", "2"}
    assert saves.left_out([other]) == set()
