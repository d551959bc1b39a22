"""Which figure stands and why: the plain rules."""

from __future__ import annotations

import datetime as dt

from ckanext.opendataplan.domain import provenance as p

MEETING = dt.date(2026, 12, 5)
TODAY = dt.date(2026, 12, 6)


def figure(progress, day, source=p.REPORT, key=None, report=None):
    return p.Figure(progress=progress, date=day, source=source, key=key, report=report)


def test_a_meeting_figure_that_is_the_latest_stands():
    mine = figure(70, MEETING, key="a")
    assert p.standing(mine, mine).stands


def test_a_figure_computed_after_the_meeting_outranks_it():
    computed = figure(53, TODAY, p.RECOMPUTE, key="b")
    found = p.standing(figure(70, MEETING, key="a"), computed)
    assert not found.stands
    assert found.current is computed


def test_a_later_figure_saying_the_same_lets_the_meeting_figure_stand():
    assert p.standing(figure(70, MEETING, key="a"), figure(70, TODAY, p.RECOMPUTE)).stands


def test_the_meetings_own_figure_stands_read_from_its_report():
    meeting = figure(70, MEETING, report="r1")
    assert p.standing(meeting, figure(70, MEETING, key="x", report="r1")).stands
    assert not p.standing(meeting, figure(55, TODAY, key="y", report="r2")).stands


def test_with_no_figure_in_the_history_the_meeting_figure_stands():
    assert p.standing(figure(70, MEETING), None).stands


def test_outranks_only_a_later_day():
    assert p.outranks(figure(53, TODAY, p.RECOMPUTE), MEETING)
    assert not p.outranks(figure(53, MEETING, p.EDIT), MEETING)  # same day: the meeting wins
    assert not p.outranks(None, MEETING)


def test_last_report_and_whether_it_differs_from_the_current_figure():
    reported = figure(72, dt.date(2020, 7, 15), key="r")
    computed = figure(96, TODAY, p.RECOMPUTE, key="c")
    history = [figure(10, dt.date(2019, 1, 1), p.EDIT, key="e"), reported, computed]
    assert p.last_report(history) is reported
    assert p.differs(computed, reported)
    assert not p.differs(reported, reported)
    assert not p.differs(computed, None)
    assert not p.differs(figure(72, TODAY, p.RECOMPUTE, key="d"), reported)  # says the same
    assert p.last_report([computed]) is None
