"""Rules of a public-data inventory: item checks, priority score, spreadsheet cells.

The priority follows the four criteria of the Tunisian annual-plan template: data
quality, no legal impediment to publication, already in an open electronic format,
strong demand. Each criterion gives a ratio between 0 and 1; the score is their
weighted mean on 100, and its breakdown says how many points each criterion gave.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .checks import Problem
from .numbers import as_finite
from .text import N_

PUBLICATION_STATUSES = ("not_eligible", "candidate", "planned", "published")
RESTRICTIONS = ("none", "personal_data", "security", "third_party_rights", "other")
UPDATE_FREQUENCIES = (
    "real_time",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "annual",
    "irregular",
    "one_off",
)
CRITERIA = ("quality", "no_impediment", "open_format", "demand")
QUALITY_RANGE = (1, 5)
# Bounds of what an item holds (the table's integer columns hold up to 2^31 - 1).
MAX_DEMAND = 1_000_000  # requests received
MAX_ACTIONS = 1000  # milestones of a commitment an item may point to
MAX_ITEMS = 1_000_000  # items of an inventory, for paging

Weights = dict[str, float]


def parse_weights(text: str) -> Weights:
    """``"quality:2 demand:1"`` -> weights; criteria not named weigh 0.

    Raises ``ValueError`` naming the bad part, so that a wrong setting fails at start-up.
    """
    weights = dict.fromkeys(CRITERIA, 0.0)
    for part in text.split():
        name, _, number = part.partition(":")
        if name not in CRITERIA:
            raise ValueError(f"unknown priority criterion {name!r}; use {', '.join(CRITERIA)}")
        weight = as_finite(number)
        if weight is None:
            raise ValueError(f"the weight of {name!r} is not a number: {number!r}")
        weights[name] = weight
        if weight < 0:
            raise ValueError(f"the weight of {name!r} is negative")
    if not any(weights.values()):
        raise ValueError("give at least one priority criterion a positive weight")
    return weights


def criterion_ratios(item: Mapping[str, Any], demand_cap: int) -> dict[str, float]:
    """How well the item meets each criterion, between 0 and 1."""
    quality = item.get("quality")
    low, high = QUALITY_RANGE
    electronic, open_format = bool(item.get("electronic")), bool(item.get("open_format"))
    demand = max(int(item.get("demand") or 0), 0)
    return {
        "quality": (int(quality) - low) / (high - low) if quality else 0.0,
        "no_impediment": 1.0 if (item.get("restriction") or "none") == "none" else 0.0,
        # Electronic but in a closed format is half the way to publication.
        "open_format": 1.0 if electronic and open_format else 0.5 if electronic else 0.0,
        "demand": min(demand, demand_cap) / demand_cap if demand_cap > 0 else 0.0,
    }


def _points(ratio: float, weight: float, total: float) -> float:
    return round(100 * weight * ratio / total, 2)


def score(item: Mapping[str, Any], weights: Weights, demand_cap: int) -> float:
    """The priority score on 100: the sum of each criterion's rounded points, so that the
    breakdown of :func:`priority` always adds up to it."""
    total = sum(weights.values())
    ratios = criterion_ratios(item, demand_cap)
    return round(sum(_points(ratios[n], weights[n], total) for n in CRITERIA), 2)


def priority(
    item: Mapping[str, Any], weights: Weights, demand_cap: int
) -> tuple[float, list[dict[str, Any]]]:
    """The score and its breakdown: per criterion its ratio, weight and points."""
    total = sum(weights.values())
    ratios = criterion_ratios(item, demand_cap)
    breakdown = [
        {
            "criterion": name,
            "ratio": round(ratios[name], 3),
            "weight": weights[name],
            "points": _points(ratios[name], weights[name], total),
            "max_points": _points(1, weights[name], total),
        }
        for name in CRITERIA
    ]
    return score(item, weights, demand_cap), breakdown


def check_item(item: Mapping[str, Any]) -> list[Problem]:
    """Rules between an item's fields (each field's own format is checked before)."""
    problems: list[Problem] = []
    restriction = item.get("restriction") or "none"
    status = item.get("publication_status") or "candidate"
    if restriction == "other" and not (item.get("restriction_other") or "").strip():
        problems.append(("restriction_other", N_("Say what the other impediment is")))
    if restriction != "none" and status in ("planned", "published"):
        problems.append(
            (
                "publication_status",
                N_("An item with a legal impediment cannot be planned or published"),
            )
        )
    if status == "planned" and not item.get("planned_publication_date"):
        problems.append(
            ("planned_publication_date", N_("A planned item needs a planned publication date"))
        )
    if status == "published" and not item.get("dataset"):
        problems.append(
            ("publication_status", N_("A published item needs the dataset that publishes it"))
        )
    if item.get("milestone") and not item.get("commitment"):
        problems.append(("milestone", N_("An action belongs to a commitment: name it too")))
    return problems


def check_quality(value: Any) -> int:
    number = as_finite(value)
    if (
        number is None
        or not number.is_integer()
        or not QUALITY_RANGE[0] <= number <= QUALITY_RANGE[1]
    ):
        raise ValueError(value)
    return int(number)
