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


def test_sums_give_the_figures_of_the_parts_they_sum():
    """The database's sums (by weight) round as the parts one by one: at .5 exactly,
    also with weights that are not exact in binary (0.1 x 3 != 0.3)."""
    parts = [(1, 0.1), (2, 0.1), (None, 0.1), (2, None), (1, None)]
    assert pr.coverage(parts) == pr.summed_coverage([(0.1, 3, 2, 3), (None, 2, 2, 3)])
    # (0.1 + 0.2 + 2 + 1) / 2.2 = 1.5 -> 2, not 1
    assert pr.coverage(parts)["progress"] == 2
    assert pr.summed_coverage([(None, 2, 2, 1)])["progress"] == 1  # 0.5 -> 1
    assert pr.summed_coverage([(None, 2, 2, 3), (None, 1, 0, 0)]) == {
        "progress": 2,  # 1.5 -> 2
        "commitment_count": 3,
        "reported_count": 2,
        "unreported_count": 1,
        "reported_share": 67,
    }
    assert pr.summed_coverage([(2.5, 4, 0, 0)])["progress"] is None


def test_a_tenth_weighted_half_rounds_up_exactly():
    """0.1 x 1 + 0.1 x 2 over 0.2 is 1.5 exactly: rounded half up, as 1 and 2 are."""
    assert pr.weighted_progress([(1, 0.1), (2, 0.1)]) == 2
    assert pr.weighted_progress([(1, 0.1), (0, 0.1)]) == 1
    assert (
        pr.rounded_mean(3, 2) == 2 and pr.rounded_mean(1, 2) == 1 and pr.rounded_mean(0, 0) is None
    )


def test_levels_tally_as_they_count():
    levels = [pr.LIMITED, pr.NOT_REPORTED, pr.LIMITED]
    assert pr.tally_levels([(pr.LIMITED, 2), (pr.NOT_REPORTED, 1)]) == pr.count_levels(levels)
