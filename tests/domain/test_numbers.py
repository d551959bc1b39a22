"""One rule reads every number (``domain/numbers.py``): the validators that accept a
figure and the rules that read it back agree on what it is, and on what is not one."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ckanext.opendataplan.domain import checks, flags, progress
from ckanext.opendataplan.domain.numbers import NotFinite, as_finite

finite = st.floats(allow_nan=False, allow_infinity=False)
# Digits other than ASCII that Python's float() would read: Arabic-Indic, Persian, ...
other_digits = st.characters(categories=["Nd"]).filter(lambda char: not char.isascii())
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.text(alphabet="0123456789 ,.-+e\u00a0", max_size=12),
    st.lists(st.integers(), max_size=2),
)


@given(finite)
def test_a_number_and_its_text_read_the_same(number):
    assert as_finite(number) == number
    assert as_finite(repr(number)) == number
    assert as_finite(repr(number).replace(".", ",")) == number


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from([" ", "\u00a0"]))
def test_groups_of_digits_may_be_separated(number, separator):
    assert as_finite(f"{number:,}".replace(",", separator)) == number


@given(st.text(alphabet="0123456789", min_size=1, max_size=6), other_digits, st.data())
def test_digits_other_than_ascii_are_refused(digits, digit, data):
    at = data.draw(st.integers(min_value=0, max_value=len(digits)))
    assert as_finite(digits[:at] + digit + digits[at:]) is None


@given(anything)
def test_anything_reads_as_a_finite_number_or_none(value):
    number = as_finite(value)
    assert number is None or (isinstance(number, float) and math.isfinite(number))


@given(anything)
def test_what_the_validators_refuse_as_no_number_the_rules_ignore(value):
    """A stored value the validators would not take is not counted as a figure."""
    if as_finite(value) is None:
        for parse in (checks.parse_percent, checks.parse_amount, checks.parse_weight):
            with pytest.raises(ValueError):
                parse(value)
        assert progress.commitment_progress([{"progress": value}], None) == 0
        late = {"end_date": "2020-01-31", "title": "a"}
        day = dt.date(2021, 1, 1)
        read = flags.late_activities([{**late, "progress": value}], day)
        assert read == flags.late_activities([late], day)


@given(st.one_of(st.integers(0, 100), st.integers(0, 100).map(str), other_digits))
def test_a_percent_reads_the_same_where_it_is_checked_and_where_it_is_counted(value):
    try:
        accepted = checks.parse_percent(value)
    except ValueError:
        accepted = None
    counted = progress.commitment_progress([{"progress": value}], None)
    assert counted == (accepted if accepted is not None else 0)


def test_not_finite_text_is_no_number():
    assert as_finite(NotFinite("1")) is None
    assert as_finite("١٠") is None and as_finite("10") == 10
