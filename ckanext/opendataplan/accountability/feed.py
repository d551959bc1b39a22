"""A plan's progress changes, newest first: each time a public commitment's figure moved
in its history (reports, edits), in the words of its activities. Read from the history
itself, so the feed and the pages agree; two queries whatever the size of the plan."""

from __future__ import annotations

from typing import Any

import ckan.model as model

from ckanext.opendataplan.common import packages
from ckanext.opendataplan.domain.changes import figure_moves
from ckanext.opendataplan.model import progress_snapshot

_KEYS = ("title_translated", "number")


def changes(plan_id: str, limit: int) -> list[dict[str, Any]]:
    """``{commitment, name, number, titles, date, before, after, recorded_at}``, the
    latest first, at most ``limit``."""
    in_plan = model.Package.id.in_(packages.ids_with("plan", plan_id))
    commitments = packages.with_fields("commitment", _KEYS, public_only=True, where=in_plan)
    snapshots = progress_snapshot.of_commitments(list(commitments))
    found = []
    for move in figure_moves(
        (s.commitment_id, s.date, s.progress, s.recorded_at) for s in snapshots
    ):
        commitment = commitments[move["commitment"]]
        found.append(
            {
                **move,
                "name": commitment["name"],
                "number": commitment.get("number") or "",
                "titles": commitment.get("title_translated"),
                "title": commitment["title"],
            }
        )
    found.sort(key=lambda row: (row["date"], row["recorded_at"]), reverse=True)
    return found[:limit]
