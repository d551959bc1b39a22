"""Template helpers of the progress report form."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import access, dates
from ckanext.opendataplan.domain import progress
from ckanext.opendataplan.progress import provenance, rollup


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


def opendataplan_figure_source(commitment_id: str) -> dict[str, Any] | None:
    """Where a commitment's current figure comes from, and the steering committee's last
    reported figure when it is not the one that stands (see ``progress.provenance``)."""
    return provenance.commitment_source(commitment_id)


def figure_reason(figure: dict[str, Any], lang: str) -> str:
    """Where a figure comes from, in words: computed from the activities, set by hand, or
    reported at a meeting, with the day it speaks of (the pages and the form's warning)."""
    day = dates.in_words(figure["date"], lang)
    if figure["source"] == "report":
        return tk._("reported at the meeting of %(date)s") % {"date": day}
    if figure["source"] == "recompute":
        return tk._("computed from its activities on %(date)s") % {"date": day}
    return tk._("set by hand on %(date)s") % {"date": day}


def opendataplan_figure_reason(figure: dict[str, Any]) -> str:
    return figure_reason(figure, tk.h.lang())
