"""Chart geometry: plain Python, no CKAN."""

import datetime as dt

from ckanext.opendataplan.domain import charts

ITEMS = [
    {"title": "Study", "start_date": "2018-10-01", "end_date": "2018-12-31", "progress": 100},
    {"title": "Training", "start_date": "2020-02-01", "end_date": "2020-03-31", "progress": 90},
    {"title": "Undated", "progress": 10},
]


def test_gantt_places_bars_on_the_period_and_marks_overdue():
    chart = charts.gantt(ITEMS, today=dt.date(2020, 1, 1))
    study, training = chart["bars"]
    assert study.x == 0 and study.width > 0
    assert training.x + training.width == charts.WIDTH
    assert not study.overdue and not training.overdue
    assert [t.label for t in chart["ticks"]] == ["2019", "2020"]
    assert 0 < chart["today_x"] < charts.WIDTH

    later = charts.gantt(ITEMS, today=dt.date(2021, 1, 1))
    assert [bar.overdue for bar in later["bars"]] == [False, True]
    assert later["today_x"] is None


def test_gantt_is_mirrored_right_to_left():
    ltr = charts.gantt(ITEMS, today=dt.date(2020, 1, 1))
    rtl = charts.gantt(ITEMS, today=dt.date(2020, 1, 1), rtl=True)
    for left, right in zip(ltr["bars"], rtl["bars"]):
        assert round(right.x + right.width, 6) == round(charts.WIDTH - left.x, 6)
    assert round(rtl["today_x"], 6) == round(charts.WIDTH - ltr["today_x"], 6)


def test_gantt_without_dates_is_none():
    assert charts.gantt([{"title": "x"}], today=dt.date(2020, 1, 1)) is None


def test_history_line_runs_from_bottom_to_top():
    line = charts.history_line([(dt.date(2020, 1, 1), 0), (dt.date(2020, 7, 1), 100)])
    assert line["points"] == [(0.0, 100.0), (1000.0, 0.0)]
    mirrored = charts.history_line([(dt.date(2020, 1, 1), 0), (dt.date(2020, 7, 1), 100)], rtl=True)
    assert mirrored["points"] == [(1000.0, 100.0), (0.0, 0.0)]


def test_donut_arcs_add_up_to_the_circle():
    arcs = charts.donut({"not_started": 1, "limited": 0, "substantial": 2, "complete": 1})
    assert [a["level"] for a in arcs] == ["not_started", "substantial", "complete"]
    assert sum(a["dash"] for a in arcs) == 100
    assert arcs[0]["offset"] == 25 and arcs[1]["offset"] == 0
