"""The proposals list's rule: filters by status, theme and words, orders, hidden last."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ckanext.opendataplan.domain import proposal_list

ROWS = [
    {"id": "a", "title": "Éducation", "theme": "École", "supports": 1, "created": "2026-01-02"},
    {"id": "b", "title": "الصحة", "status": "accepted", "supports": 3, "created": "2026-01-01"},
    {"id": "c", "title": "Hidden", "hidden": True, "supports": 9, "created": "2026-01-03"},
]


def ids(rows):
    return [row["id"] for row in rows]


def test_folding_leaves_out_case_accents_and_arabic_marks():
    assert proposal_list.folded("ÉCOLE") == proposal_list.folded("ecole")
    assert proposal_list.folded("الصِّحَّة") == proposal_list.folded("الصحة")


def test_orders_with_hidden_ones_last():
    assert ids(proposal_list.select(ROWS)) == ["b", "a", "c"]
    assert ids(proposal_list.select(ROWS, sort="newest")) == ["a", "b", "c"]
    assert ids(proposal_list.select(ROWS, sort="oldest")) == ["b", "a", "c"]


def test_filters():
    assert ids(proposal_list.select(ROWS, status="accepted")) == ["b"]
    assert ids(proposal_list.select(ROWS, theme="ecole")) == ["a"]
    assert ids(proposal_list.select(ROWS, q="الصحة")) == ["b"]
    later = {"theme": "école", "created": "2026-02-01"}
    assert proposal_list.themes([later, *ROWS]) == ["École"]  # as first written
    assert proposal_list.chosen_theme("ECOLE", ["École"]) == "École"


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=12), st.text(max_size=5))
def test_a_selection_is_a_subset_in_supports_order(supports, words):
    rows = [
        {"id": str(n), "title": f"t{n}", "supports": s, "created": f"2026-01-{n + 1:02}"}
        for n, s in enumerate(supports)
    ]
    chosen = proposal_list.select(rows, q=words)
    assert set(ids(chosen)) <= set(ids(rows))
    assert [row["supports"] for row in chosen] == sorted(
        (row["supports"] for row in chosen), reverse=True
    )
