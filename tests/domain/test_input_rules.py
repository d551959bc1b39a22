"""Bounds and shapes of what users enter (plain Python, no CKAN)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ckanext.opendataplan.domain import checks, numbers, progress


@given(
    st.lists(
        st.tuples(
            st.floats(allow_nan=True, allow_infinity=True),
            st.none() | st.floats(allow_nan=True, allow_infinity=True),
        ),
        max_size=20,
    )
)
def test_a_weighted_mean_stays_within_0_and_100_whatever_is_stored(parts):
    value = progress.weighted_progress(parts)
    assert value is None or 0 <= value <= 100


@given(st.lists(st.dictionaries(st.sampled_from(["progress", "weight"]), st.text() | st.floats())))
def test_commitment_progress_never_fails_on_stored_garbage(milestones):
    assert 0 <= progress.commitment_progress(milestones, None) <= 100


@pytest.mark.parametrize("value", [0, 100, "42", " 7 ", 50.0])
def test_whole_percents(value):
    assert checks.parse_percent(value) == int(float(str(value)))


@pytest.mark.parametrize(
    "value", [-1, 101, 50.5, "abc", "²", "٥٠", True, None, [], float("inf"), float("nan"), "1e309"]
)
def test_not_percents(value):
    with pytest.raises(ValueError):
        checks.parse_percent(value)


@pytest.mark.parametrize("value", [0.5, 1, "2,5", 1000])
def test_weights(value):
    assert 0 < checks.parse_weight(value) <= 1000


@pytest.mark.parametrize("value", [0, -1, 1000.01, 1e306, float("inf"), "heavy", False])
def test_not_weights(value):
    with pytest.raises(ValueError):
        checks.parse_weight(value)


def test_amounts_are_finite_and_bounded():
    assert checks.parse_amount("1 500,5") == 1500.5
    for value in (10**16, float("-inf"), numbers.NotFinite("inf"), "١٠"):
        with pytest.raises(ValueError):
            checks.parse_amount(value)
    assert numbers.as_finite(numbers.NotFinite("1")) is None
    assert math.isfinite(checks.parse_amount(-(10**15)))


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://data.gov.ma/dataset/x", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt://x", False),
        ("data:text/html,<script>", False),
        ("//evil.example", False),
        ("https:///path", False),
        ("https://exa mple.org", False),
        ("https://example.org/\nx", False),
        ("mailto:a@b.ma", False),
        (None, False),
    ],
)
def test_only_http_addresses_are_links(url, ok):
    assert checks.is_web_url(url) is ok


@pytest.mark.parametrize(
    "email, ok",
    [("open.data@mtc.gov.tn", True), ("a@b", False), ("<script>@x.ma", False), ("a b@c.ma", False)],
)
def test_emails(email, ok):
    assert checks.is_email(email) is ok


def test_hidden_formula_starts_are_made_inert_and_undone():
    from ckanext.opendataplan.domain.checks import inert, uninert

    for value in ("\t=1+1", "\r=1", " =HYPERLINK(1)", "＝1+1", "|cmd", "-1+1", "@SUM(1)"):
        assert inert(value) == "'" + value
        assert uninert(inert(value)) == value
    assert inert("Budget 2024") == "Budget 2024"
