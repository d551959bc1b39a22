"""The national overview (/progress): every public plan, its commitments' levels, the
institutions ranked by progress and the overdue activities.

Two queries whatever the number of plans, commitments and milestones: one for the
plans, one for all their commitments' stored fields; the rest is arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from ckanext.opendataplan.common import multilingual, packages
from ckanext.opendataplan.common.institutions import named
from ckanext.opendataplan.domain import periods, progress, sources
from ckanext.opendataplan.domain.checks import as_date
from ckanext.opendataplan.pages import quarterly
from ckanext.opendataplan.progress import rollup
from ckanext.opendataplan.summary import read

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
    drafts: bool = False,
    as_of: str | None = None,
    source: str | None = None,
    recompute: bool = False,
) -> dict[str, Any]:
    """Every public plan (drafts badged), of this portal or harvested (``source``:
    ``local`` or a harvest source's name); the national figures count the adopted ones,
    and the drafts too when ``drafts`` is asked for; as they stood on ``as_of`` (an ISO
    date; default today), each institution with its change since the previous quarter.
    Today's figures are read from the commitments' summary; ``as_of`` (or
    ``recompute``) computes them from the commitments' fields and history."""
    day = as_date(as_of) or today or dt.date.today()
    every = packages.with_fields("plan", (*_PLAN_KEYS, *sources.KEYS), public_only=True)
    plans = {
        pid: plan
        for pid, plan in every.items()
        if (not kind or plan.get("plan_kind") == kind)
        and _year_matches(plan, year)
        and sources.matches(plan, source)
    }
    current = as_of is None and not recompute
    commitments = _commitments(plans, institution, lang, as_date(as_of), current)
    counted = [c for c in commitments if drafts or not rollup.is_draft(plans[c["plan"]])]
    return {
        "plans": _plan_rows(plans, commitments, institution, lang),
        **progress.coverage((c["progress"], None) for c in counted),
        "progress_as_of": rollup.plan_figures(counted)["progress_as_of"],
        "levels": progress.count_levels(c["completion_level"] for c in counted),
        "institutions": _institutions(counted, quarterly.previous_figures(counted, day), lang),
        **_overdue(counted, plans, day, current, lang),
        "today": day,
        "previous_quarter_end": periods.previous_quarter_end(day),
        "draft_count": sum(1 for plan in plans.values() if rollup.is_draft(plan)),
        "sources": sources.harvested(every.values()),
    }


def _commitments(
    plans: dict[str, dict[str, Any]],
    institution: str | None,
    lang: str | None,
    day: dt.date | None,
    current: bool,
) -> list[dict[str, Any]]:
    """The public commitments of these plans (of one institution), by name, with their
    current figures (from the summary when ``current``, else with their parsed
    milestones)."""
    if current:
        found = read.commitments(plans)
    else:
        found = sorted(
            packages.with_fields("commitment", rollup.COMMITMENT_KEYS, public_only=True).values(),
            key=lambda c: c["name"],
        )
    commitments = [
        c
        for c in found
        if c.get("plan") in plans and (not institution or c["owner_org"] == institution)
    ]
    if not current:
        for commitment in commitments:
            commitment["milestones"] = packages.load_json(commitment.get("milestones")) or []
        rollup.current_figures(commitments, day)
    return commitments


def _plan_rows(
    plans: dict[str, dict[str, Any]],
    commitments: list[dict[str, Any]],
    institution: str | None,
    lang: str | None,
) -> list[dict[str, Any]]:
    per_plan: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for commitment in commitments:
        per_plan[commitment["plan"]].append(commitment)
    rows = []
    for plan in plans.values():
        members = per_plan.get(plan["id"], [])
        if institution and not members:
            continue
        figures = rollup.plan_figures(members)
        rows.append(
            {
                "id": plan["id"],
                "name": plan["name"],
                "title": multilingual.pick(plan.get("title_translated"), lang) or plan["title"],
                "plan_kind": plan.get("plan_kind"),
                "version_status": plan.get("version_status"),
                "period_start": plan.get("period_start"),
                "period_end": plan.get("period_end"),
                **{key: figures[key] for key in ("progress", *rollup.COVERAGE_KEYS)},
                "progress_as_of": figures["progress_as_of"],
                "draft": rollup.is_draft(plan),
                **sources.origin(plan),
            }
        )
    return sorted(rows, key=lambda row: (row["period_start"] or "", row["name"]), reverse=True)


def _institutions(
    commitments: list[dict[str, Any]], earlier: quarterly.Earlier, lang: str | None
) -> list[dict[str, Any]]:
    """Institutions ranked by the mean progress of the reported commitments they lead
    (those with none reported last), each with its coverage."""
    per_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for commitment in commitments:
        per_org[commitment["owner_org"]].append(commitment)
    titles = named(per_org, lang)
    rows = [
        {
            "id": org,
            "title": titles[org].title if org in titles else org,
            "title_lang": titles[org].lang if org in titles else "",
            **progress.coverage((c["progress"], None) for c in members),
            **quarterly.institution_change(members, earlier),
        }
        for org, members in per_org.items()
    ]
    return sorted(rows, key=lambda row: (*progress.ranking(row["progress"]), row["title"]))


OVERDUE_LISTED = 20  # the late page (and its CSV and JSON) lists every one


def _overdue(
    commitments: list[dict[str, Any]],
    plans: dict[str, dict[str, Any]],
    today: dt.date,
    current: bool,
    lang: str | None,
) -> dict[str, Any]:
    """``overdue_count`` and the first ``overdue`` activities, their commitments titled
    in ``lang``: at national scale they are a hundred thousand, which the overview
    counts but does not list (so it titles only those it lists)."""
    counts = read.late_counts(commitments, plans, today, current)
    first, listed = [], 0  # the commitments of the first activities listed
    for commitment in commitments:
        if listed >= OVERDUE_LISTED:
            break
        if counts[commitment["id"]]:
            first.append(commitment)
            listed += counts[commitment["id"]]
    late = read.late(first, plans, today, current)
    overdue = [
        {
            "commitment": c["name"],
            "commitment_title": multilingual.pick(c.get("title_translated"), lang) or c["title"],
            "activity": activity["title"],
        }
        for c in first
        for activity in late[c["id"]]
    ]
    return {"overdue_count": sum(counts.values()), "overdue": overdue[:OVERDUE_LISTED]}
