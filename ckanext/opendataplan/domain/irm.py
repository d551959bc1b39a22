"""The variables of the OGP Independent Reporting Mechanism's commitments data: the
IRM's own assessment scales, and a commitment's row in the IRM data export."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# The IRM's scales, lowest first (IRM procedures manual, commitment assessment).
SPECIFICITY = ("none", "low", "medium", "high")
POTENTIAL_IMPACT = ("none", "minor", "moderate", "transformative")
OPENED_GOVERNMENT = ("worsened", "did_not_change", "marginal", "major", "outstanding")
STARRED = ("yes", "no")

# The commitment fields only the IRM's assessors may set, and their scales.
ASSESSMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "irm_specificity": SPECIFICITY,
    "irm_potential_impact": POTENTIAL_IMPACT,
    "irm_did_it_open_government": OPENED_GOVERNMENT,
    "irm_starred": STARRED,
}

# The OGP values the IRM codes one column each (yes / no).
VALUE_COLUMNS = (
    "access_to_information",
    "civic_participation",
    "accountability",
    "technology_innovation",
    "transparency",
    "integrity",
)

COLUMNS = (
    "country",
    "plan",
    "plan_title",
    "plan_period",
    "commitment_number",
    "commitment",
    "commitment_title",
    "lead_institution",
    "supporting_institutions",
    *(f"value_{value}" for value in VALUE_COLUMNS),
    "specificity",
    "potential_impact",
    "completion",
    "progress",
    "figures_date",
    "did_it_open_government",
    "starred",
    "url",
)


def yes_no(present: bool) -> str:
    return "yes" if present else "no"


def commitment_row(
    plan: Mapping[str, Any], commitment: Mapping[str, Any], country: str
) -> dict[str, Any]:
    """One row of the IRM data: ``plan`` and ``commitment`` carry plain values already
    read (titles in the export's language, institutions by name, current figures)."""
    values = set(_as_list(commitment.get("ogp_values")))
    return {
        "country": country,
        "plan": plan["name"],
        "plan_title": plan["title"],
        "plan_period": _period(plan.get("period_start"), plan.get("period_end")),
        "commitment_number": commitment.get("number") or "",
        "commitment": commitment["name"],
        "commitment_title": commitment["title"],
        "lead_institution": commitment.get("lead_institution") or "",
        "supporting_institutions": "; ".join(_as_list(commitment.get("supporting_institutions"))),
        **{f"value_{value}": yes_no(value in values) for value in VALUE_COLUMNS},
        "specificity": commitment.get("irm_specificity") or "",
        "potential_impact": commitment.get("irm_potential_impact") or "",
        "completion": commitment.get("completion_level") or "",
        "progress": commitment.get("progress"),
        "figures_date": commitment.get("progress_as_of") or "",
        "did_it_open_government": commitment.get("irm_did_it_open_government") or "",
        "starred": commitment.get("irm_starred") or "",
        "url": commitment.get("url") or "",
    }


def _period(start: Any, end: Any) -> str:
    years = [str(day)[:4] for day in (start, end) if day]
    return "-".join(dict.fromkeys(years))


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, Iterable):
        return [str(part) for part in value if part]
    return []
