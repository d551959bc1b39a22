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
from ckanext.opendataplan.summary import read, sums

_PLAN_KEYS = ("plan_kind", "period_start", "period_end", "title_translated", "version_status")
# The plans' fields that the overview and the late page read: the same for both, so
# that the warm-up job reads the plans once for them.
COUNTRY_PLAN_KEYS = (*_PLAN_KEYS, *sources.KEYS)


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
    every = rollup.public_plans(COUNTRY_PLAN_KEYS)
    plans = {
        pid: plan
        for pid, plan in every.items()
        if (not kind or plan.get("plan_kind") == kind)
        and _year_matches(plan, year)
        and sources.matches(plan, source)
    }
    if as_of is None and not recompute:
        figures = _from_sums(plans, institution, lang, day, drafts)
    else:
        figures = _recomputed(plans, institution, lang, as_date(as_of), day, drafts)
    return {
        **figures,
        "today": day,
        "previous_quarter_end": periods.previous_quarter_end(day),
        "draft_count": sum(1 for plan in plans.values() if rollup.is_draft(plan)),
        "sources": sources.harvested(every.values()),
    }


def _recomputed(
    plans: dict[str, dict[str, Any]],
    institution: str | None,
    lang: str | None,
    as_of: dt.date | None,
    day: dt.date,
    drafts: bool,
) -> dict[str, Any]:
    """The figures from the commitments' fields and history (every commitment read)."""
    commitments = _commitments(plans, institution, lang, as_of, False)
    counted = [c for c in commitments if drafts or not rollup.is_draft(plans[c["plan"]])]
    return {
        "plans": _plan_table(plans, _plan_figures(commitments), institution, lang),
        **progress.coverage((c["progress"], None) for c in counted),
        "progress_as_of": rollup.plan_figures(counted)["progress_as_of"],
        "levels": progress.count_levels(c["completion_level"] for c in counted),
        "institutions": _institutions(counted, quarterly.previous_figures(counted, day), lang),
        **_overdue(counted, plans, day, False, lang),
    }


def _from_sums(
    plans: dict[str, dict[str, Any]],
    institution: str | None,
    lang: str | None,
    day: dt.date,
    drafts: bool,
) -> dict[str, Any]:
    """The same figures from the summary's sums (a few hundred rows, rounded once by
    the same domain functions)."""
    counted = {pid: plan for pid, plan in plans.items() if drafts or not rollup.is_draft(plan)}
    end = periods.previous_quarter_end(day)
    found = sums.grouped(plans, counted, institution, (day, end))
    per_plan = found.per_plan
    national = [group for pid in counted for group in per_plan.get(pid, {}).get("sums", [])]
    dates = [per_plan[pid]["progress_as_of"] for pid in counted if pid in per_plan]
    latest = max((d for d in dates if d), default=None)
    rows = []
    for org, sums_of in found.per_institution.items():
        now = progress.summed_coverage(sums_of["sums"])
        change = quarterly.summed_change(end, sums_of["previous"], now["progress"])
        rows.append({"id": org, **now, **change})
    first = sums.first_late(counted, day, institution, OVERDUE_LISTED)
    return {
        "plans": _plan_table(plans, _summed_figures(per_plan), institution, lang),
        **progress.summed_coverage((None, *group[1:]) for group in national),
        "progress_as_of": latest.isoformat() if latest else None,
        "levels": found.levels,
        "institutions": _titled(rows, lang),
        "overdue_count": found.late_count,
        "overdue": _listed(first, read.late(first, counted, day, True), lang),
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


def _plan_figures(commitments: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``{plan id: rollup.plan_figures}`` of these commitments (the recomputation)."""
    per_plan: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for commitment in commitments:
        per_plan[commitment["plan"]].append(commitment)
    return {pid: rollup.plan_figures(members) for pid, members in per_plan.items()}


def _summed_figures(per_plan: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The same figures from the sums of :func:`sums.grouped` by plan."""
    return {
        pid: {
            **progress.summed_coverage(found["sums"]),
            "progress_as_of": found["progress_as_of"] and found["progress_as_of"].isoformat(),
        }
        for pid, found in per_plan.items()
    }


def _plan_table(
    plans: dict[str, dict[str, Any]],
    figures: dict[str, dict[str, Any]],
    institution: str | None,
    lang: str | None,
) -> list[dict[str, Any]]:
    """One row per plan (with commitments of institution, when given), newest first."""
    empty = rollup.plan_figures([])
    rows = []
    for plan in plans.values():
        if institution and plan["id"] not in figures:
            continue
        found = figures.get(plan["id"], empty)
        title, title_lang = multilingual.titled(plan, lang)
        rows.append(
            {
                "id": plan["id"],
                "name": plan["name"],
                "title": title,
                "title_lang": title_lang,
                "plan_kind": plan.get("plan_kind"),
                "version_status": plan.get("version_status"),
                "period_start": plan.get("period_start"),
                "period_end": plan.get("period_end"),
                **{key: found[key] for key in ("progress", *rollup.COVERAGE_KEYS)},
                "progress_as_of": found["progress_as_of"],
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
    rows = [
        {
            "id": org,
            **progress.coverage((c["progress"], None) for c in members),
            **quarterly.institution_change(members, earlier),
        }
        for org, members in per_org.items()
    ]
    return _titled(rows, lang)


def _titled(rows: list[dict[str, Any]], lang: str | None) -> list[dict[str, Any]]:
    """Institution rows titled in ``lang``, ranked (those with none reported last)."""
    titles = named([row["id"] for row in rows], lang)
    for row in rows:
        row["title"] = titles[row["id"]].title if row["id"] in titles else row["id"]
        row["title_lang"] = titles[row["id"]].lang if row["id"] in titles else ""
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
    return {"overdue_count": sum(counts.values()), "overdue": _listed(first, late, lang)}


def _listed(
    first: list[dict[str, Any]], late: dict[str, list[dict[str, Any]]], lang: str | None
) -> list[dict[str, Any]]:
    """The first overdue activities, their commitments titled in ``lang``."""
    titles = {c["id"]: multilingual.titled(c, lang) for c in first}
    overdue = [
        {
            "commitment": c["name"],
            "commitment_title": titles[c["id"]][0],
            "commitment_lang": titles[c["id"]][1],
            "activity": activity["title"],
        }
        for c in first
        for activity in late[c["id"]]
    ]
    return overdue[:OVERDUE_LISTED]
