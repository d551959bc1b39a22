"""Institution scorecards (/progress/institutions): for each body that leads public
commitments, how many, how far along, how many activities are late and when its
commitments were last reported on. Five queries whatever the number of institutions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from ckanext.opendataplan.common.institutions import Institution, named
from ckanext.opendataplan.domain import periods, progress, sources
from ckanext.opendataplan.domain.checks import as_date
from ckanext.opendataplan.model import progress_snapshot
from ckanext.opendataplan.pages import quarterly
from ckanext.opendataplan.progress import rollup
from ckanext.opendataplan.summary import read, sums


def _or_below_zero(value: int | None) -> int:
    """A figure to sort by, lowest first, the not reported before 0 %."""
    return -1 if value is None else value


# ?sort=: the orders a reader may ask for (most behind first by default).
SORTS = {
    "late": lambda row: (-row["late_count"], _or_below_zero(row["progress"]), row["title"]),
    "progress": lambda row: (*progress.ranking(row["progress"]), row["title"]),
    # least reported first: an institution that does not report is seen not reporting
    "coverage": lambda row: (row["reported_share"], -row["commitment_count"], row["title"]),
    "title": lambda row: (row["title"],),
}
COLUMNS = [
    "institution",
    "title",
    "title_lang",
    "commitment_count",
    "progress",
    "reported_count",
    "unreported_count",
    "reported_share",
    "activity_count",
    "late_count",
    "on_time_share",
    "last_report",
    *quarterly.COLUMNS,
]
# Only what the scorecards use (not the overview's fields): their first reader after a
# save waits for this read.
_PLAN_KEYS = ("plan_kind", "period_end", *sources.KEYS)
_COMMITMENT_KEYS = ("milestones", "end_date", *rollup.COMMITMENT_KEYS)


def build(
    kind: str | None = None,
    sort: str = "late",
    today: dt.date | None = None,
    as_of: str | None = None,
    lang: str | None = None,
    source: str | None = None,
    recompute: bool = False,
) -> dict[str, Any]:
    """``rows``: one scorecard per lead institution of the public commitments of
    adopted public plans (of this kind of plan), as they stood on ``as_of`` (an ISO
    date; default today), each with its change since the end of the previous quarter;
    institutions titled in ``lang``. Today's are read from the commitments' summary;
    ``as_of`` (or ``recompute``) computes them from their fields and history."""
    public = rollup.public_plans(_PLAN_KEYS)
    chosen = {
        pid: p
        for pid, p in public.items()
        if (not kind or p.get("plan_kind") == kind) and sources.matches(p, source)
    }
    plans = {pid: p for pid, p in chosen.items() if not rollup.is_draft(p)}
    day = as_date(as_of) or today or dt.date.today()
    if as_of is None and not recompute:
        rows = _from_sums(chosen, plans, day, lang)
    else:
        rows = _recomputed(plans, day, as_date(as_of), lang)
    adopted = [p for p in public.values() if not rollup.is_draft(p)]
    return {
        "rows": sorted(rows, key=SORTS[sort]),
        "today": day,
        "previous_quarter_end": periods.previous_quarter_end(day),
        "sources": sources.harvested(adopted),
    }


def _recomputed(
    plans: dict[str, dict[str, Any]], day: dt.date, as_of: dt.date | None, lang: str | None
) -> list[dict[str, Any]]:
    """The scorecards from the commitments' fields and history (every commitment read)."""
    _, every = rollup.published(_PLAN_KEYS, _COMMITMENT_KEYS, drafts=False)
    commitments = [c for c in every if c["plan"] in plans]
    rollup.current_figures(commitments, as_of)
    late = read.late_counts(commitments, plans, day, False)
    earlier = quarterly.previous_figures(commitments, day)
    per_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for commitment in commitments:
        per_org[commitment["owner_org"]].append(commitment)
    reports = progress_snapshot.last_reports([c["id"] for c in commitments], day)
    titles = named(per_org, lang)
    return [
        {
            **_card(org, members, late, titles.get(org, Institution(org, org, "")), reports),
            **quarterly.institution_change(members, earlier),
        }
        for org, members in per_org.items()
    ]


def _from_sums(
    chosen: dict[str, dict[str, Any]],
    plans: dict[str, dict[str, Any]],
    day: dt.date,
    lang: str | None,
) -> list[dict[str, Any]]:
    """The same scorecards from the summary's sums of the adopted ``plans``, rounded by
    the same functions. The sums are asked of every ``chosen`` plan, drafts included, as
    the overview asks them: the warm-up job then reads them once for both pages."""
    end = periods.previous_quarter_end(day)
    found = sums.grouped(chosen, plans, None, (day, end)).per_institution
    titles = named(found, lang)
    rows = []
    for org, counts in found.items():
        now = progress.summed_coverage(counts["sums"])
        then = progress.summed_coverage([counts["previous"]])["progress"]
        institution = titles.get(org, Institution(org, org, ""))
        figures = (counts["activity_count"], counts["late_count"], counts["last_report"])
        rows.append(
            {
                **_scorecard(institution, org, now, figures),
                **quarterly.change(end, then, now["progress"]),
            }
        )
    return rows


def _card(
    org: str,
    commitments: list[dict[str, Any]],
    late_of: dict[str, int],
    institution: Institution,
    reports: dict[str, dt.date],
) -> dict[str, Any]:
    activities = sum(read.activity_count(c) for c in commitments)
    late = sum(late_of[c["id"]] for c in commitments)
    dates = [reports[c["id"]] for c in commitments if c["id"] in reports]
    now = progress.coverage((c["progress"], None) for c in commitments)
    return _scorecard(institution, org, now, (activities, late, max(dates, default=None)))


def _scorecard(
    institution: Institution,
    org: str,
    now: dict[str, Any],
    figures: tuple[int, int, dt.date | None],
) -> dict[str, Any]:
    """One scorecard: its coverage (``now``), activities, late ones and last report."""
    activities, late, last_report = figures
    return {
        "institution": institution.name,
        "institution_id": org,
        "title": institution.title,
        "title_lang": institution.lang,
        **now,
        "activity_count": activities,
        "late_count": late,
        "on_time_share": progress.share(activities - late, activities),
        "last_report": last_report.isoformat() if last_report else None,
    }
