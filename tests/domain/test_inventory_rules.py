"""Inventory rules without CKAN: priority score, item checks, spreadsheet cells."""

from __future__ import annotations

import pytest

from ckanext.opendataplan.domain import checks
from ckanext.opendataplan.domain import inventory as inventory_rules

EQUAL = inventory_rules.parse_weights("quality:1 no_impediment:1 open_format:1 demand:1")
BEST = {"quality": 5, "restriction": "none", "electronic": True, "open_format": True, "demand": 10}


def score(item: dict, weights: inventory_rules.Weights = EQUAL, cap: int = 10) -> float:
    return inventory_rules.priority(item, weights, cap)[0]


def test_an_item_meeting_every_criterion_scores_100():
    assert score(BEST) == 100


def test_an_item_meeting_none_scores_0():
    assert score({"restriction": "security", "demand": 0}) == 0


def test_breakdown_names_each_criterion_and_adds_up_to_the_score():
    item = {**BEST, "quality": 4, "demand": 5}
    total, breakdown = inventory_rules.priority(item, EQUAL, 10)

    assert [part["criterion"] for part in breakdown] == list(inventory_rules.CRITERIA)
    assert {part["criterion"]: part["points"] for part in breakdown} == {
        "quality": 18.75,
        "no_impediment": 25,
        "open_format": 25,
        "demand": 12.5,
    }
    assert total == sum(part["points"] for part in breakdown) == 81.25


def test_points_add_up_even_with_thirds():
    weights = inventory_rules.parse_weights("quality:1 no_impediment:1 demand:1")
    total, breakdown = inventory_rules.priority({**BEST, "quality": 4}, weights, 10)

    assert total == pytest.approx(sum(part["points"] for part in breakdown))


def test_electronic_in_a_closed_format_is_half_the_open_format_criterion():
    ratios = inventory_rules.criterion_ratios({"electronic": True, "open_format": False}, 10)
    assert ratios["open_format"] == 0.5


def test_demand_is_capped():
    assert inventory_rules.criterion_ratios({"demand": 50}, 10)["demand"] == 1
    assert inventory_rules.criterion_ratios({"demand": 3}, 10)["demand"] == 0.3


def test_weights_change_the_ranking():
    in_demand = {"quality": 1, "restriction": "none", "demand": 10}
    good_quality = {"quality": 5, "restriction": "none", "demand": 0}
    by_demand = inventory_rules.parse_weights("demand:3 quality:1")
    by_quality = inventory_rules.parse_weights("demand:1 quality:3")

    assert score(in_demand, by_demand) > score(good_quality, by_demand)
    assert score(in_demand, by_quality) < score(good_quality, by_quality)


@pytest.mark.parametrize(
    "setting, message",
    [
        ("speed:1", "unknown priority criterion"),
        ("quality:high", "not a number"),
        ("quality:-1", "negative"),
        ("quality:0", "at least one"),
    ],
)
def test_bad_weights_are_refused_with_a_reason(setting, message):
    with pytest.raises(ValueError, match=message):
        inventory_rules.parse_weights(setting)


@pytest.mark.parametrize(
    "item, field",
    [
        ({"restriction": "other"}, "restriction_other"),
        ({"restriction": "security", "publication_status": "planned"}, "publication_status"),
        ({"publication_status": "planned"}, "planned_publication_date"),
        ({"publication_status": "published"}, "publication_status"),
        ({"milestone": 2}, "milestone"),
    ],
)
def test_item_checks_name_the_field(item, field):
    assert field in [problem[0] for problem in inventory_rules.check_item(item)]


def test_a_complete_item_passes_the_checks():
    item = {
        "restriction": "other",
        "restriction_other": "Pending a court ruling",
        "publication_status": "candidate",
    }
    assert inventory_rules.check_item(item) == []
    assert inventory_rules.check_item({"publication_status": "published", "dataset": "x"}) == []


@pytest.mark.parametrize("value", ["yes", "Oui", "نعم", "1", True, "x"])
def test_yes_in_three_languages(value):
    assert checks.parse_bool(value) is True


@pytest.mark.parametrize("value", ["no", "Non", "لا", "0", "", None, False])
def test_no_in_three_languages(value):
    assert checks.parse_bool(value) is False


def test_an_unreadable_answer_is_refused():
    with pytest.raises(ValueError):
        checks.parse_bool("maybe")


@pytest.mark.parametrize("value", [4.5, 0, 6, "high"])
def test_quality_is_a_whole_number_from_1_to_5(value):
    with pytest.raises(ValueError):
        inventory_rules.check_quality(value)


def test_lists_split_on_commas_and_semicolons():
    assert checks.parse_list("CSV; XLSX,  PDF ,") == ["CSV", "XLSX", "PDF"]


@pytest.mark.parametrize("text", ["=1+1", "+33 5", "-2", "@SUM(A1)"])
def test_formulas_are_made_inert_and_restored(text):
    assert checks.inert(text) == "'" + text
    assert checks.uninert(checks.inert(text)) == text


def test_ordinary_text_and_numbers_are_left_alone():
    assert checks.inert("Budget 2024") == "Budget 2024"
    assert checks.inert(-3) == -3
    assert checks.uninert("'quoted") == "'quoted"
