"""Template helpers of the progress report form."""

from __future__ import annotations

from typing import Any

from ckanext.opendataplan.common import access
from ckanext.opendataplan.domain import progress
from ckanext.opendataplan.progress import rollup


def opendataplan_report_commitments(plan_id: Any) -> list[dict[str, Any]]:
    """The rows of a report form: the plan's commitments the editor may see, private ones
    included (a save keeps their rows), by number, with their current figures."""
    context = {"user": access.viewer_name()}
    plan = access.visible_package(plan_id, context, "plan")
    if plan is None:
        return []
    commitments = rollup.plan_commitments(plan.id)
    visible = access.visible_packages([c["id"] for c in commitments], context, "commitment")
    shown = [c for c in commitments if c["id"] in visible]
    return sorted(shown, key=lambda c: progress.number_order(c["number"], c["name"]))
