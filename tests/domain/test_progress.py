"""Progress roll-up and IRM levels: plain Python, no CKAN."""

from __future__ import annotations

import pytest

from ckanext.opendataplan.domain import progress as pr


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0, "not_started"),
        (1, "limited"),
        (49, "limited"),
        (50, "substantial"),
        (99, "substantial"),
        (100, "complete"),
    ],
)
def test_default_bands(value, level):
    assert pr.completion_level(value) == level


def test_configured_bands_move_the_levels():
    bands = pr.parse_bands("10 40 95")
    assert pr.completion_level(9, bands) == "not_started"
    assert pr.completion_level(40, bands) == "substantial"
    assert pr.completion_level(95, bands) == "complete"


@pytest.mark.parametrize("text", ["1 50", "50 1 100", "0 50 100", "1 50 101", "a b c"])
def test_bad_bands_are_refused(text):
    with pytest.raises(pr.ProgressError):
        pr.parse_bands(text)


def test_commitment_4_of_the_moroccan_plan_comes_out_at_96():
    activities = [100, 100, 90, 100, 90, 100, 90]
    assert pr.weighted_progress((value, None) for value in activities) == 96


def test_weights_count():
    assert pr.weighted_progress([(100, 3), (0, 1)]) == 75


def test_half_rounds_up():
    assert pr.weighted_progress([(50, None), (51, None)]) == 51


def test_no_parts_gives_none():
    assert pr.weighted_progress([]) is None


def test_commitments_sort_by_their_numbers():
    numbers = ["10", "2", "", "1a", "1"]
    ordered = sorted(numbers, key=lambda n: pr.number_order(n, "z-unnumbered"))

    assert ordered == ["1", "2", "10", "1a", ""]
