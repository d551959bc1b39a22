"""Cells as people type them: labels in any language and day-first dates."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ckanext.opendataplan.domain import cells

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


@given(day=DAYS, separator=st.sampled_from("/-."), padded=st.booleans(), arabic=st.booleans())
def test_a_day_first_date_reads_as_the_iso_date(day, separator, padded, arabic):
    width = 2 if padded else 1
    typed = separator.join((f"{day.day:0{width}}", f"{day.month:0{width}}", f"{day.year}"))
    if arabic:
        typed = typed.translate(ARABIC_INDIC)

    assert cells.day_first_date(typed) == day.isoformat()
    assert cells.day_first_date(f" {typed} ") == day.isoformat()


@given(day=DAYS)
def test_an_iso_date_is_left_as_it_is(day):
    assert cells.day_first_date(day.isoformat()) == day.isoformat()


@given(st.one_of(st.text(max_size=20), st.integers(), st.none(), st.floats(allow_nan=False)))
def test_anything_else_is_left_for_the_date_check(value):
    read = cells.day_first_date(value)
    if isinstance(value, str) and read != value:  # only a real day-first date is read
        day, month, year = (
            int(p) for p in value.strip().replace("-", "/").replace(".", "/").split("/")
        )
        assert read == dt.date(year, month, day).isoformat()
    else:
        assert read == value


def test_impossible_days_are_not_turned_into_dates():
    for typed in ("31/02/2026", "00/01/2026", "15/13/2026", "15/09/26", "2026/09/15"):
        assert cells.day_first_date(typed) == typed


LABELS = {
    "planned": ["مبرمجة", "Planifié", "Planned"],
    "not_eligible": ["غير قابلة للنشر", "Non éligible", "Not eligible"],
}


@given(
    code=st.sampled_from(sorted(LABELS)),
    pick=st.integers(0, 2),
    upper=st.booleans(),
    spaces=st.sampled_from(["", " ", "  ", "\t"]),
    tatweel=st.booleans(),
)
def test_a_label_in_any_language_case_or_spacing_names_its_code(code, pick, upper, spaces, tatweel):
    table = cells.lookup(LABELS)
    typed = LABELS[code][pick]
    typed = typed.upper() if upper else typed
    typed = typed.replace(" ", " " + spaces) if spaces else typed
    if tatweel and typed[0] == "م":
        typed = typed[0] + "ـ" + typed[1:] + "َ"  # a stretched letter and a short vowel

    assert table[cells.normal(f"{spaces}{typed}{spaces}")] == code
    assert table[cells.normal(code)] == code


def test_an_unknown_label_names_nothing():
    assert cells.normal("مبرمج") not in cells.lookup(LABELS)
