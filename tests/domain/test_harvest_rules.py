"""The harvester's rules in plain Python: a source's configuration, its tables grouped
by plan, the dicts a plan and a commitment are saved from, and the history entries with
their local identifiers, the same at every harvest."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.opendataplan.domain import harvest
from ckanext.opendataplan.domain.plandata_rows import RowError


def tables() -> dict[str, list[dict]]:
    plan = {"plan": "region-plan", "title_ar": "خطة", "title_fr": None, "plan_kind": "ogp_local"}
    plan |= {"period_start": "2024-01-01", "period_end": "2025-12-31", "version_status": "final"}
    commitment = {"plan": "region-plan", "number": "1", "title_en": "Open budgets"}
    commitment |= {"start_date": "2024-01-01", "end_date": None, "weight": None}
    commitment |= {"progress": 40, "completion_level": "substantial"}
    return {
        "plans": [plan],
        "commitments": [
            {**commitment, "commitment": "c1"},
            {**commitment, "commitment": "c2", "number": "2", "weight": 2.0},
        ],
        "milestones": [
            {"commitment": "c1", "position": 2, "title": "B", "status": "complete",
             "start_date": None, "end_date": None, "progress": 100, "weight": None},
            {"commitment": "c1", "position": 1, "title": "A", "status": "not_started",
             "start_date": None, "end_date": None, "progress": 0, "weight": None},
        ],
        "indicators": [],
        "history": [
            {"commitment": "c2", "date": "2024-06-30", "progress": 40,
             "completion_level": "substantial", "source": "report", "report": "r1",
             "recorded_at": "2024-07-01T10:00:00+02:00", "entry": "e1"},
        ],
    }  # fmt: skip


def test_the_configuration_names_one_organization() -> None:
    assert harvest.parse_config('{"organization": " region "}') == "region"
    for text, message in [
        ("", "The configuration is not a JSON object"),
        ("[1]", "The configuration is not a JSON object"),
        ("{", "The configuration is not a JSON object"),
        ("{}", "Name the local organization that will own the plans"),
        ('{"organization": 3}', "Name the local organization that will own the plans"),
        ('{"organization": "a", "x": 1}', "Unknown configuration keys: {keys}"),
    ]:
        with pytest.raises(harvest.ConfigError) as raised:
            harvest.parse_config(text)
        assert raised.value.message == message, text


def test_the_tables_group_by_plan_with_the_rows_they_came_from() -> None:
    bundles = harvest.bundles(tables())

    assert list(bundles) == ["region-plan"]
    plan = bundles["region-plan"]
    assert plan["row"] == 2
    assert [(c["row"], c["fields"]["commitment"]) for c in plan["commitments"]] == [
        (2, "c1"),
        (3, "c2"),
    ]
    assert [m["row"] for m in plan["commitments"][0]["milestones"]] == [2, 3]
    assert [h["row"] for h in plan["commitments"][1]["history"]] == [2]


def test_a_plan_and_its_commitments_as_saved_here() -> None:
    plan = harvest.bundles(tables())["region-plan"]

    assert harvest.plan_fields(plan) == {
        "type": "plan",
        "name": "region-plan",
        "title_translated": {"ar": "خطة"},
        "plan_kind": "ogp_local",
        "period_start": "2024-01-01",
        "period_end": "2025-12-31",
        "version_status": "final",
    }
    first, second = (harvest.commitment_fields(c) for c in plan["commitments"])
    # activities in their order; the figure is theirs, not a progress set by hand
    assert [m["title"] for m in first["milestones"]] == ["A", "B"]
    assert "progress" not in first and "end_date" not in first
    # with a history, the figure is the history's
    assert "progress" not in second and second["weight"] == 2.0
    alone = {**plan["commitments"][1], "history": [], "milestones": []}
    assert harvest.commitment_fields(alone)["progress"] == 40


def test_history_entries_keep_their_dates_and_a_stable_local_identifier() -> None:
    commitment = harvest.bundles(tables())["region-plan"]["commitments"][1]

    first = harvest.history_entries(commitment, "source-1")
    again = harvest.history_entries(commitment, "source-1")
    other = harvest.history_entries(commitment, "source-2")

    assert first == again
    assert first[0]["id"] != other[0]["id"]
    assert first[0]["date"] == dt.date(2024, 6, 30)
    assert first[0]["recorded_at"] == dt.datetime(2024, 7, 1, 8, 0)  # UTC
    assert first[0]["source"] == "report"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("progress", None, "Required"),
        ("date", None, "Required"),
        ("source", "import", "Not one of: report, edit, recompute"),
    ],
)
def test_a_history_row_without_a_figure_or_of_unknown_kind_is_refused(column, value, message):
    commitment = harvest.bundles(tables())["region-plan"]["commitments"][1]
    commitment["history"][0]["fields"][column] = value

    with pytest.raises(RowError) as raised:
        harvest.history_entries(commitment, "source-1")
    assert (raised.value.table, raised.value.row, raised.value.column) == ("history", 2, column)
    assert raised.value.message == message


def test_identifiers_that_cannot_be_addresses_are_refused() -> None:
    data = tables()
    data["commitments"][1]["commitment"] = "C 2/../x"
    data["milestones"] = []
    data["history"] = []

    with pytest.raises(RowError) as raised:
        harvest.check_names(harvest.bundles(data)["region-plan"])
    assert (raised.value.table, raised.value.row, raised.value.column) == (
        "commitments",
        3,
        "commitment",
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [("date", "2099-12-31"), ("recorded_at", "9999-12-31T00:00:00")],
)
def test_a_history_row_after_the_harvest_day_is_refused(column, value):
    commitment = harvest.bundles(tables())["region-plan"]["commitments"][1]
    commitment["history"][0]["fields"][column] = value

    with pytest.raises(RowError) as raised:
        harvest.history_entries(commitment, "source-1", today=dt.date(2026, 12, 7))
    assert (raised.value.table, raised.value.row, raised.value.column) == ("history", 2, column)
