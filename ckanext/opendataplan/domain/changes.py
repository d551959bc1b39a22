"""What a save changed that followers are told of: a commitment's current figure, and
the activities (milestones) it marked complete."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .progress import COMPLETE


def changed_figures(
    before: Mapping[str, int | None], after: Mapping[str, int]
) -> list[tuple[str, int | None, int]]:
    """``(commitment, figure before, figure after)`` of each commitment whose current
    figure moved (``None`` before: it had none)."""
    return [
        (cid, before.get(cid), value) for cid, value in after.items() if before.get(cid) != value
    ]


def completed_milestones(before: Iterable[Any], after: Iterable[Any]) -> list[str]:
    """The titles of the milestones that were there before, not complete, and are now.
    A milestone added already complete records the past; it is not news."""
    was = {m.get("title"): m.get("status") for m in before if isinstance(m, Mapping)}
    return [
        m["title"]
        for m in after
        if isinstance(m, Mapping)
        and m.get("title") in was
        and was[m.get("title")] != COMPLETE
        and m.get("status") == COMPLETE
    ]


def figure_moves(snapshots: Iterable[tuple[str, Any, int, Any]]) -> list[dict[str, Any]]:
    """Each time a commitment's figure moved in its history: ``snapshots`` are
    ``(commitment, date, progress, recorded_at)`` in history order (by date, then as
    recorded); a snapshot that repeats the figure before it moved nothing."""
    last: dict[str, int] = {}
    moves = []
    for commitment, date, value, recorded_at in snapshots:
        before = last.get(commitment)
        if before != value:
            moves.append(
                {
                    "commitment": commitment,
                    "date": date,
                    "before": before,
                    "after": value,
                    "recorded_at": recorded_at,
                }
            )
        last[commitment] = value
    return moves
