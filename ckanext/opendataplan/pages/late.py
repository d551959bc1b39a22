"""Who is late (/progress/late): every activity of a public commitment whose end date has
passed below 100 %, with its commitment, plan, lead institution, due date, days overdue
and the commitment's last report. Four queries whatever the number of plans and activities.

By default the activities of plans still running on the page's day (``period``:
``running``); those left unfinished by plans that have ended are one choice away
(``ended``), or both (``all``), each counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ckanext.opendataplan.common import multilingual
from ckanext.opendataplan.common.institutions import Institution, named
from ckanext.opendataplan.domain import periods, sources
from ckanext.opendataplan.domain.checks import as_date
from ckanext.opendataplan.model import progress_snapshot
from ckanext.opendataplan.pages.overview import COUNTRY_PLAN_KEYS
from ckanext.opendataplan.progress import rollup
from ckanext.opendataplan.summary import read

# ?sort=: the orders a reader may ask for, and the key of each (most overdue first).
SORTS = {
    "days": lambda row: (-row["days_overdue"], row["plan_title"], row["activity"]),
    "due": lambda row: (row["end_date"], row["plan_title"], row["activity"]),
    "institution": lambda row: (row["institution_title"], -row["days_overdue"]),
    "plan": lambda row: (row["plan_title"], row["commitment_number"], -row["days_overdue"]),
}
# ?period=: the plans whose activities are listed, by their end on the page's day
PERIODS = ("running", "ended", "all")
COLUMNS = [
    "activity",
    "commitment",
    "commitment_title",
    "commitment_lang",
    "plan",
    "plan_title",
    "plan_lang",
    "institution",
    "institution_title",
    "institution_lang",
    "end_date",
    "due_from",
    "days_overdue",
    "progress",
    "last_report",
    "plan_ended",
    "plan_period",
    "source",
    "source_portal",
    "source_link",
]
_PLAN_KEYS = COUNTRY_PLAN_KEYS
_COMMITMENT_KEYS = ("plan", "milestones", "number", "title_translated", "end_date")


def build(
    plan: str | None = None,
    institution: str | None = None,
    kind: str | None = None,
    sort: str = "days",
    lang: str | None = None,
    today: dt.date | None = None,
    as_of: str | None = None,
    period: str = "running",
    source: str | None = None,
    recompute: bool = False,
) -> dict[str, Any]:
    """``rows``: the activities late on ``as_of`` (an ISO date; default today), filtered
    by plan (name), institution (id) and kind of plan; ``plans`` and ``institutions``:
    what the filters may choose from; ``previous_quarter_count``: how many of these
    activities were late at the end of the previous quarter; ``counts``: per period,
    the activities late and the plans they belong to, whichever ``period`` is shown.
    Today's are read from the commitments' summary; ``as_of`` (or ``recompute``) computes
    them from the commitments' milestones."""
    current = as_of is None and not recompute
    if current:
        all_plans = rollup.public_plans(_PLAN_KEYS, drafts=False)
        all_commitments = read.commitments(all_plans)
    else:
        all_plans, all_commitments = rollup.published(_PLAN_KEYS, _COMMITMENT_KEYS, drafts=False)
    institutions = named((c["owner_org"] for c in all_commitments), lang)
    plans = _chosen(all_plans, plan, kind, source)
    commitments = [
        c
        for c in all_commitments
        if c["plan"] in plans and (not institution or c["owner_org"] == institution)
    ]
    day = as_date(as_of) or today or dt.date.today()
    ended = {pid for pid, p in plans.items() if periods.has_ended(p.get("period_end"), day)}
    late_then = read.late(commitments, plans, day, current)
    everywhere = [(c, activity) for c in commitments for activity in late_then[c["id"]]]
    counts = _counts(everywhere, ended)
    commitments = [c for c in commitments if _shown(c["plan"] in ended, period)]
    late = [(c, a) for c, a in everywhere if _shown(c["plan"] in ended, period)]
    reports = progress_snapshot.last_reports(sorted({c["id"] for c, _activity in late}), day)
    # each title read once, not once per late activity (a hundred thousand nationally)
    titled = {p["id"]: multilingual.titled(p, lang) for p in (*plans.values(), *commitments)}
    rows = [_row(c, a, plans[c["plan"]], institutions, reports, titled) for c, a in late]
    for row, (c, _activity) in zip(rows, late):
        row["plan_period"] = "ended" if c["plan"] in ended else "running"
    earlier = periods.previous_quarter_end(day)
    late_earlier = read.late_counts(commitments, plans, earlier, current)
    return {
        "rows": sorted(rows, key=SORTS[sort]),
        "period": period,
        "counts": counts,
        "today": day,
        "previous_quarter_end": earlier,
        "previous_quarter_count": sum(late_earlier[c["id"]] for c in commitments),
        **_choices(all_plans, institutions, lang),
    }


def page(
    number: int,
    size: int,
    plan: str | None = None,
    institution: str | None = None,
    kind: str | None = None,
    sort: str = "days",
    lang: str | None = None,
    today: dt.date | None = None,
    period: str = "running",
    source: str | None = None,
) -> dict[str, Any]:
    """Today's late page as :func:`build` gives it, with one page of its rows (``number``
    from 1, ``size`` rows; ``pages``: that page and how many rows in all), from the
    summary in SQL: the page's rows sorted and cut there, the counts per plan grouped
    there, never the country's every late activity."""
    all_plans = rollup.public_plans(_PLAN_KEYS, drafts=False)
    institutions = named(read.lead_institutions(all_plans), lang)
    plans = _chosen(all_plans, plan, kind, source)
    day = today or dt.date.today()
    ended = {pid for pid, p in plans.items() if periods.has_ended(p.get("period_end"), day)}
    earlier = periods.previous_quarter_end(day)
    per_plan = read.late_per_plan(plans, (day, earlier), institution)
    counts = {
        shown: {
            "activities": sum(n[0] for pid, n in per_plan.items() if _shown(pid in ended, shown)),
            "plans": sum(1 for pid, n in per_plan.items() if n[0] and _shown(pid in ended, shown)),
        }
        for shown in PERIODS
    }
    plans = {pid: p for pid, p in plans.items() if _shown(pid in ended, period)}
    titled = {pid: multilingual.titled(p, lang) for pid, p in plans.items()}
    titles = {gid: found.title for gid, found in institutions.items()}
    order = (sort, {pid: text for pid, (text, _lang) in titled.items()}, titles)
    found = read.late_page(plans, day, institution, order, ((number - 1) * size, size))
    reports = progress_snapshot.last_reports(sorted({f["commitment"]["id"] for f in found}), day)
    titled.update(
        {f["commitment"]["id"]: multilingual.titled(f["commitment"], lang) for f in found}
    )
    rows = []
    for late_one in found:
        c, activity = late_one["commitment"], late_one["activity"]
        rows.append(_row(c, activity, plans[c["plan"]], institutions, reports, titled))
        rows[-1]["plan_period"] = "ended" if c["plan"] in ended else "running"
    return {
        "rows": rows,
        "pages": {"page": number, "size": size, "total": counts[period]["activities"]},
        "period": period,
        "counts": counts,
        "today": day,
        "previous_quarter_end": earlier,
        "previous_quarter_count": sum(per_plan.get(pid, (0, 0))[1] for pid in plans),
        **_choices(all_plans, institutions, lang),
    }


def sliced(data: dict[str, Any], number: int, size: int) -> dict[str, Any]:
    """:func:`build`'s answer with one page of its rows, as :func:`page` gives it."""
    rows = data["rows"]
    return {
        **{key: value for key, value in data.items() if key != "rows"},
        "rows": rows[(number - 1) * size : number * size],
        "pages": {"page": number, "size": size, "total": len(rows)},
    }


def _chosen(
    all_plans: dict[str, dict[str, Any]], plan: str | None, kind: str | None, source: str | None
) -> dict[str, dict[str, Any]]:
    """The plans the filters choose (by name, kind and source)."""
    return {
        pid: p
        for pid, p in all_plans.items()
        if (not plan or p["name"] == plan)
        and (not kind or p.get("plan_kind") == kind)
        and sources.matches(p, source)
    }


def _choices(
    all_plans: dict[str, dict[str, Any]], institutions: dict[str, Institution], lang: str | None
) -> dict[str, Any]:
    """What the filters may choose from: plans, sources and institutions."""
    return {
        "plans": _options((p["name"], multilingual.title(p, lang)) for p in all_plans.values()),
        "sources": sources.harvested(all_plans.values()),
        "institutions": _options((gid, found.title) for gid, found in institutions.items()),
    }


def _shown(plan_ended: bool, period: str) -> bool:
    return period == "all" or plan_ended == (period == "ended")


def _counts(late: list[tuple[dict[str, Any], Any]], ended: set[str]) -> dict[str, Any]:
    """``{period: {"activities": n, "plans": m}}``: the late activities of running and of
    ended plans, and how many plans they belong to."""
    counts = {}
    for period in PERIODS:
        chosen = [c["plan"] for c, _activity in late if _shown(c["plan"] in ended, period)]
        counts[period] = {"activities": len(chosen), "plans": len(set(chosen))}
    return counts


def _options(pairs: Any) -> list[dict[str, str]]:
    """Choices of a filter, ``{value, label}`` as the schema's choices are, by label."""
    return [{"value": v, "label": t} for v, t in sorted(pairs, key=lambda pair: pair[1])]


def _due_from(commitment: dict[str, Any], activity: dict[str, Any]) -> str:
    if activity["dated"]:
        return "activity"
    return "commitment" if commitment.get("end_date") else "plan"


def _row(
    commitment: dict[str, Any],
    activity: dict[str, Any],
    plan: dict[str, Any],
    institutions: dict[str, Institution],
    reports: dict[str, dt.date],
    titled: dict[str, tuple[str, str]],
) -> dict[str, Any]:
    """``titled``: each package's title and the language it is in."""
    lead = institutions.get(commitment["owner_org"], Institution("", "", ""))
    last = reports.get(commitment["id"])
    return {
        "activity": activity["title"],
        "commitment": commitment["name"],
        "commitment_title": titled[commitment["id"]][0],
        "commitment_lang": titled[commitment["id"]][1],
        "commitment_number": commitment.get("number") or "",
        "plan": plan["name"],
        "plan_title": titled[plan["id"]][0],
        "plan_lang": titled[plan["id"]][1],
        "institution": lead.name,
        "institution_id": commitment["owner_org"],
        "institution_title": lead.title,
        "institution_lang": lead.lang,
        "end_date": activity["end_date"].isoformat(),
        "due_from": _due_from(commitment, activity),
        "days_overdue": activity["days_overdue"],
        "progress": activity["progress"],
        "last_report": last.isoformat() if last else None,
        # the plan's period is over: the activity was not done by the plan's end
        "plan_ended": plan.get("period_end") if _ended(plan, activity) else None,
        **sources.origin(plan),  # where the plan is kept: this portal or a harvest source
    }


def _ended(plan: dict[str, Any], activity: dict[str, Any]) -> bool:
    end = as_date(plan.get("period_end"))
    return bool(end and end < activity["end_date"] + dt.timedelta(days=activity["days_overdue"]))
