"""A meeting's changes to a commitment's activities, and what minutes may be: plain rules."""

from __future__ import annotations

import pytest

from ckanext.opendataplan.domain import meetings

ACTIVITIES = [
    {"title": "Study", "status": "complete", "progress": 100, "end_date": "2019-01-31"},
    {"title": "Guide", "status": "in_progress", "progress": 60, "end_date": "2019-06-30"},
    {"title": "Training", "status": "not_started", "progress": 0},
]


def test_changes_apply_by_position_and_keep_every_other_field():
    after, problems = meetings.apply_changes(
        ACTIVITIES, [{"index": 1, "status": "complete"}, {"index": "2", "progress": "40"}]
    )

    assert problems == {}
    assert after[1] == {**ACTIVITIES[1], "status": "complete", "progress": 100}
    assert after[2] == {**ACTIVITIES[2], "progress": 40}
    assert after[0] == ACTIVITIES[0]
    assert meetings.differs(ACTIVITIES, after)
    assert not meetings.differs(ACTIVITIES, [dict(a) for a in ACTIVITIES])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"index": 9, "status": "complete"}, "index"),
        ({"index": True}, "index"),
        ({"index": "one"}, "index"),
        ({"index": 1, "status": "finished"}, "status"),
        ({"index": 1, "progress": 150}, "progress"),
        ({"index": 1, "progress": "٥٠"}, "progress"),
        ({"index": 1, "status": "complete", "progress": 60}, "progress"),
        ({"index": 1, "progress": 100}, "status"),
    ],
)
def test_a_bad_change_is_named_on_its_field_and_changes_nothing(change, field):
    after, problems = meetings.apply_changes(ACTIVITIES, [{"index": 0}, change])

    assert list(problems) == [1] and field in problems[1]
    assert after == ACTIVITIES


@pytest.mark.parametrize(
    ("name", "head", "size", "problem"),
    [
        ("minutes.pdf", b"%PDF-1.7", 10, None),
        ("محضر.PDF", b"%PDF-1.4", 10, None),
        ("minutes.docx", b"PK\x03\x04", 10, None),
        ("minutes.odt", b"PK\x03\x04", 10, None),
        ("minutes.doc", b"\xd0\xcf\x11\xe0", 10, None),
        ("minutes.pdf", b"<html>", 10, "The minutes must be a PDF, DOCX, ODT or DOC document"),
        ("minutes.exe", b"%PDF-1.4", 10, "The minutes must be a PDF, DOCX, ODT or DOC document"),
        ("minutes", b"%PDF-1.4", 10, "The minutes must be a PDF, DOCX, ODT or DOC document"),
        ("minutes.pdf", b"%PDF-1.4", 101, "The minutes file is too large"),
    ],
)
def test_minutes_are_a_document_of_a_bounded_size(name, head, size, problem):
    assert meetings.minutes_problem(name, head, size, 100) == problem


def test_an_activity_left_as_stored_is_never_refused():
    stored = [{"title": "Old", "status": "complete", "progress": 90}]  # stored before the rules

    after, problems = meetings.apply_changes(
        stored, [{"index": 0, "status": "complete", "progress": "90"}]
    )

    assert problems == {} and after == stored
    assert not meetings.differs(stored, after)


ROWS = [
    {"title": "a", "status": "complete", "progress": 100, "weight": 1},
    {"title": "b", "status": "in_progress", "progress": 50, "weight": 2},
    {"title": "c", "status": "not_started", "progress": 0, "weight": 1},
]
RAISED = [ROWS[0], {**ROWS[1], "progress": 80}, ROWS[2]]


@pytest.mark.parametrize(
    ("posted", "reported"),
    [
        (50, 65),  # left as pre-filled (the activities' figure before): theirs after
        ("50", 65),
        (None, 65),  # left empty: the activities' figure
        ("", 65),
        (70, 70),  # typed: what the meeting decided
        ("0", "0"),
    ],
)
def test_a_figure_left_as_it_was_follows_the_activities_the_meeting_changed(posted, reported):
    assert meetings.figure_after(ROWS, RAISED, posted) == reported
