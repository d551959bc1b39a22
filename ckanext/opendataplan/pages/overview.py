"""The national overview (/progress): every public plan, its commitments' levels, the
institutions ranked by progress and the overdue activities.

Two queries whatever the number of plans, commitments and milestones: one for the
plans, one for all their commitments' stored fields; the rest is arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import ckan.model as model

from ckanext.opendataplan.common import multilingual, packages
from ckanext.opendataplan.domain import flags, progress
from ckanext.opendataplan.domain.checks import as_date
from ckanext.opendataplan.plans import rollup

_PLAN_KEYS = ("plan_kind", "period_start", "period_end", "title_translated", "version_status")


def _year_matches(plan: dict[str, Any], year: int | None) -> bool:
    if year is None:
        return True
    start, end = as_date(plan.get("period_start")), as_date(plan.get("period_end"))
    return bool(start and end and start.year <= year <= end.year)


def build(
    kind: str | None = None,
    institution: str | None = None,
    year: int | None = None,
    lang: str | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    today = today or dt.date.today()
    plans = {
        pid: plan
        for pid, plan in packages.with_fields("plan", _PLAN_KEYS, public_only=True).items()
        if (not kind or plan.get("plan_kind") == kind) and _year_matches(plan, year)
    }
    keys = rollup.COMMITMENT_KEYS
    commitments = [
        c
        for c in packages.with_fields("commitment", keys, public_only=True).values()
        if c.get("plan") in plans and (not institution or c["owner_org"] == institution)
    ]

    per_plan: dict[str, list[dict[str, Any]]] = defaultdict(list)
    per_org: dict[str, list[int]] = defaultdict(list)
    overdue = []
    for commitment in commitments:
        # parsed once, for progress and for overdue
        commitment["milestones"] = packages.load_json(commitment.get("milestones")) or []
    rollup.current_figures(commitments)
    for commitment in commitments:
        milestones, value = commitment["milestones"], commitment["progress"]
        commitment["label"] = (
            multilingual.pick(commitment.get("title_translated"), lang) or commitment["title"]
        )
        per_plan[commitment["plan"]].append(commitment)
        per_org[commitment["owner_org"]].append(value)
        for title in flags.overdue_activities(milestones, today):
            overdue.append(
                {
                    "commitment": commitment["name"],
                    "commitment_title": commitment["label"],
                    "activity": title,
                }
            )

    org_titles = dict(
        model.Session.query(model.Group.id, model.Group.title).filter(
            model.Group.id.in_(list(per_org))
        )
    )
    plan_rows = []
    for plan in plans.values():
        members = per_plan.get(plan["id"], [])
        if institution and not members:
            continue
        parts = [(c["progress"], rollup.as_weight(c.get("weight"))) for c in members]
        plan_rows.append(
            {
                "name": plan["name"],
                "title": multilingual.pick(plan.get("title_translated"), lang) or plan["title"],
                "plan_kind": plan.get("plan_kind"),
                "period_start": plan.get("period_start"),
                "period_end": plan.get("period_end"),
                "progress": progress.weighted_progress(parts) or 0,
                "commitment_count": len(members),
            }
        )
    institutions = sorted(
        (
            {
                "id": org,
                "title": org_titles.get(org, org),
                "commitment_count": len(values),
                "progress": progress.weighted_progress((v, None) for v in values) or 0,
            }
            for org, values in per_org.items()
        ),
        key=lambda row: (-row["progress"], row["title"]),
    )
    return {
        "plans": sorted(
            plan_rows, key=lambda row: (row["period_start"] or "", row["name"]), reverse=True
        ),
        "levels": progress.count_levels(c["completion_level"] for c in commitments),
        "institutions": institutions,
        "overdue": overdue,
        "commitment_count": len(commitments),
    }
