"""A commitment's row of the IRM data export (plain Python)."""

from __future__ import annotations

from ckanext.opendataplan.domain import irm


def test_a_commitment_row_has_the_irm_variables():
    plan = {
        "name": "ma-ogp-2018-2020",
        "title": "OGP 2018-2020",
        "period_start": "2018-08-01",
        "period_end": "2020-08-31",
    }
    commitment = {
        "name": "c4",
        "number": "4",
        "title": "Open data",
        "lead_institution": "Administration reform",
        "supporting_institutions": ["Planning commission", "Universities"],
        "ogp_values": ["transparency", "accountability", "civic_participation"],
        "completion_level": "substantial",
        "progress": 96,
        "progress_as_of": "2020-08-31",
        "irm_specificity": "medium",
        "irm_starred": "no",
    }

    row = irm.commitment_row(plan, commitment, "Morocco")

    assert list(row) == list(irm.COLUMNS)
    assert row["plan_period"] == "2018-2020"
    assert row["supporting_institutions"] == "Planning commission; Universities"
    assert (row["value_transparency"], row["value_access_to_information"]) == ("yes", "no")
    assert (row["completion"], row["progress"], row["specificity"]) == ("substantial", 96, "medium")
    assert (row["potential_impact"], row["did_it_open_government"]) == ("", "")


def test_values_may_come_as_text():
    row = irm.commitment_row(
        {"name": "p", "title": "P"},
        {"name": "c", "title": "C", "ogp_values": "integrity, transparency"},
        "",
    )

    assert row["value_integrity"] == row["value_transparency"] == "yes"
    assert row["plan_period"] == ""
