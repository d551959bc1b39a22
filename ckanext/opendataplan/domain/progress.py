"""Progress roll-up and OGP IRM completion levels."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction

from .numbers import as_finite

NO_EVIDENCE = "no_evidence"
NOT_STARTED = "not_started"
LIMITED = "limited"
SUBSTANTIAL = "substantial"
COMPLETE = "complete"
COMPLETION_LEVELS = (NO_EVIDENCE, NOT_STARTED, LIMITED, SUBSTANTIAL, COMPLETE)
# No figure yet (no report, nothing entered): not an IRM level, never counted as 0 %.
NOT_REPORTED = "not_reported"
DEFAULT_BANDS = (1, 50, 100)
MAX_WEIGHT = 1000  # the heaviest a commitment or milestone may weigh


class ProgressError(ValueError):
    """A progress figure or band outside what the rules allow."""


def parse_bands(text: str) -> tuple[int, int, int]:
    """Parse the ``limited substantial complete`` thresholds, e.g. ``"1 50 100"``."""
    numbers = [as_finite(part) for part in text.split()]
    if not all(number is not None and number.is_integer() for number in numbers):
        raise ProgressError("Completion bands must be whole numbers")
    bands = tuple(int(number) for number in numbers)  # type: ignore[arg-type]
    if len(bands) != 3 or not 0 < bands[0] < bands[1] < bands[2] <= 100:
        raise ProgressError("Completion bands must be three rising numbers between 1 and 100")
    return bands  # type: ignore[return-value]


def number_order(number: object, fallback: str = "") -> tuple:
    """Commitments in their numbers' order: 2 before 10, numbered before unnumbered
    (those by ``fallback``, e.g. their name)."""
    text = str(number or "")
    return (0, int(text), "") if text.isdigit() else (1, 0, text or fallback)


def completion_level(progress: int, bands: Sequence[int] = DEFAULT_BANDS) -> str:
    """The IRM level a progress figure falls in; never ``no_evidence``."""
    limited, substantial, complete = bands
    if progress >= complete:
        return COMPLETE
    if progress >= substantial:
        return SUBSTANTIAL
    if progress >= limited:
        return LIMITED
    return NOT_STARTED


def _weight(value: float | None) -> float:
    """A part's weight: 1 when absent, or when a stored value is not a positive finite
    number (validation refuses those; figures stay within 0-100 even with old data)."""
    weight = as_finite(value)
    return weight if weight is not None and 0 < weight <= MAX_WEIGHT else 1.0


def _percent(value: float) -> float:
    return min(max(float(value), 0.0), 100.0) if math.isfinite(float(value)) else 0.0


def weighted_progress(parts: Iterable[tuple[float, float | None]]) -> int | None:
    """Mean of ``(progress, weight)`` pairs, rounded to a whole percent.

    Parts without a weight count once; ``None`` when there are no parts, so that
    the caller keeps a figure set by hand.
    """
    total: Exact = 0
    weight_sum: Exact = 0
    for value, weight in parts:
        part_weight = exact(_weight(weight))
        total += exact(_percent(value)) * part_weight
        weight_sum += part_weight
    return rounded_mean(total, weight_sum)


Exact = int | Fraction


def exact(number: float) -> Exact:
    """A number as the exact number it is: whole ones as ints (fast), others as fractions."""
    if isinstance(number, int):
        return number
    return int(number) if number.is_integer() else Fraction(number)


def rounded_mean(total: Exact, weight_sum: Exact) -> int | None:
    """``total / weight_sum`` to a whole percent, half up (not banker's rounding), in
    exact arithmetic: the same figure whether the parts were added one by one here or
    summed by the database; ``None`` when nothing weighs."""
    if weight_sum <= 0:
        return None
    return int((2 * total + weight_sum) // (2 * weight_sum))


def milestone_parts(milestones: Iterable[dict]) -> list[tuple[float, float | None]]:
    """``(progress, weight)`` of each milestone that has a progress figure."""
    parts = []
    for milestone in milestones:
        if not isinstance(milestone, dict):
            continue
        value = as_finite(milestone.get("progress"))
        if value is None:
            continue
        parts.append((value, as_finite(milestone.get("weight"))))
    return parts


def reported_progress(milestones: Iterable[dict], manual: object) -> int | None:
    """From the milestones that have a figure, else the figure set by hand; ``None``
    when there is neither: the commitment is not reported."""
    derived = weighted_progress(milestone_parts(milestones))
    if derived is not None:
        return derived
    value = as_finite(manual)
    return int(_percent(value)) if value is not None else None


def commitment_progress(milestones: Iterable[dict], manual: int | None) -> int:
    """What a save records: :func:`reported_progress`, 0 if none (a save records a
    figure only when its fields give one)."""
    value = reported_progress(milestones, manual)
    return 0 if value is None else value


def commitment_level(
    progress: int, override: str | None, bands: Sequence[int] = DEFAULT_BANDS
) -> str:
    """``no_evidence`` only when set explicitly, else derived from progress."""
    if override == NO_EVIDENCE:
        return NO_EVIDENCE
    return completion_level(progress, bands)


def reported_level(
    progress: int | None, override: str | None, bands: Sequence[int] = DEFAULT_BANDS
) -> str:
    """:func:`commitment_level`, or ``not_reported`` when there is no figure (an IRM
    level is never derived from the absence of one; ``no_evidence`` set by hand stays)."""
    if progress is None and override != NO_EVIDENCE:
        return NOT_REPORTED
    return commitment_level(progress or 0, override, bands)


def count_levels(levels: Iterable[str]) -> dict[str, int]:
    """Commitments per IRM level, then those not reported (their own count)."""
    return tally_levels((level, 1) for level in levels)


def tally_levels(groups: Iterable[tuple[str, int]]) -> dict[str, int]:
    """:func:`count_levels` from ``(level, how many)`` pairs (a database's counts)."""
    counts = dict.fromkeys((*COMPLETION_LEVELS, NOT_REPORTED), 0)
    for level, count in groups:
        counts[level] += count
    return counts


# ``(weight, commitments, reported ones, sum of their progress)``: a group of
# commitments of one weight (``None``: they count once), as a database sums them.
Sums = tuple[float | None, int, int, int]


def coverage(parts: Iterable[tuple[int | None, float | None]]) -> dict[str, int | None]:
    """An average and what it stands on, from ``(progress, weight)`` pairs where
    ``None`` is not reported: ``progress`` (the weighted mean of the reported ones,
    ``None`` when none is), ``commitment_count``, ``reported_count``,
    ``unreported_count`` and ``reported_share`` (whole percent, ``None`` for none)."""
    return summed_coverage(
        (weight, 1, 0, 0) if value is None else (weight, 1, 1, _percent(value))  # type: ignore[misc]
        for value, weight in parts
    )


def summed_coverage(groups: Iterable[Sums]) -> dict[str, int | None]:
    """:func:`coverage` from sums (:data:`Sums`): the same figures, rounded once."""
    count = reported = 0
    total: Exact = 0
    weight_sum: Exact = 0
    for weight, members, reported_members, progress_sum in groups:
        part_weight = exact(_weight(weight))
        count += members
        reported += reported_members
        total += exact(progress_sum) * part_weight
        weight_sum += part_weight * reported_members
    return {
        "progress": rounded_mean(total, weight_sum),
        "commitment_count": count,
        "reported_count": reported,
        "unreported_count": count - reported,
        "reported_share": share(reported, count),
    }


def share(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` in whole percent, half up; ``None`` when ``whole`` is 0."""
    if whole <= 0:
        return None
    return int(math.floor(part * 100 / whole + 0.5))


def ranking(value: int | None) -> tuple[int, int]:
    """Sort key, highest first, the not reported (``None``) after every figure."""
    return (1, 0) if value is None else (0, -value)
