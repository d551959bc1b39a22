"""The country-wide pages' default views as sums: the summary's public commitments
grouped in SQL (by plan and weight, by institution, by figure and level), a few hundred
rows whatever the number of commitments. The database returns whole sums and counts;
the rounding is the domain's (:func:`progress.summed_coverage`), the one the full
recomputation uses, so a figure never differs by one between the two."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
from sqlalchemy import func, select

from ckanext.opendataplan.domain import progress
from ckanext.opendataplan.domain.numbers import as_finite
from ckanext.opendataplan.model.commitment_summary import CommitmentSummary
from ckanext.opendataplan.model.progress_snapshot import REPORT, ProgressSnapshot
from ckanext.opendataplan.progress import rollup
from ckanext.opendataplan.summary.read import _P, _S, _late_query, _visible

Plans = dict[str, dict[str, Any]]
_SNAP = ProgressSnapshot.__table__.c


def _of(query: Any, institution: str | None) -> Any:
    return query if not institution else query.where(_P.owner_org == institution)


def _counts() -> tuple[Any, ...]:
    """How many commitments, how many reported, the sum of their figures."""
    return func.count(), func.count(_S.progress), func.coalesce(func.sum(_S.progress), 0)


def per_plan(plans: Plans, institution: str | None) -> dict[str, dict[str, Any]]:
    """``{plan id: {"sums": [progress.Sums], "progress_as_of": latest figure's date}}``
    of the public commitments of these plans (led by institution, when given), each
    group of one weight weighing as :func:`rollup.plan_figures` weighs it."""
    if not plans:
        return {}
    query = _visible(select(_S.plan_id, _S.weight, *_counts(), func.max(_S.progress_as_of)), plans)
    found: dict[str, dict[str, Any]] = {}
    for plan, weight, count, reported, total, as_of in model.Session.execute(
        _of(query, institution).group_by(_S.plan_id, _S.weight)
    ):
        entry = found.setdefault(plan, {"sums": [], "progress_as_of": None})
        entry["sums"].append((as_finite(weight), count, reported, int(total)))
        if as_of and (entry["progress_as_of"] is None or as_of > entry["progress_as_of"]):
            entry["progress_as_of"] = as_of
    return found


def levels(plans: Plans, institution: str | None) -> dict[str, int]:
    """Commitments per level (:func:`progress.count_levels`), from their figures and
    whether ``no_evidence`` was set by hand, counted in SQL."""
    if not plans:
        return progress.tally_levels([])
    evidence = _S.completion_level == progress.NO_EVIDENCE
    query = _visible(select(_S.progress, evidence, func.count()), plans)
    bands = rollup.bands()
    return progress.tally_levels(
        (progress.reported_level(value, progress.NO_EVIDENCE if none else None, bands), count)
        for value, none, count in model.Session.execute(
            _of(query, institution).group_by(_S.progress, evidence)
        )
    )


def per_institution(plans: Plans, institution: str | None) -> dict[str, dict[str, Any]]:
    """``{institution id: {"sums": [progress.Sums], "activity_count": n}}`` of the
    public commitments of these plans (each counting once)."""
    if not plans:
        return {}
    columns = (_P.owner_org, *_counts(), func.coalesce(func.sum(_S.activity_count), 0))
    query = _of(_visible(select(*columns), plans), institution).group_by(_P.owner_org)
    return {
        org: {"sums": [(None, count, reported, int(total))], "activity_count": int(activities)}
        for org, count, reported, total, activities in model.Session.execute(query)
    }


def previous(plans: Plans, institution: str | None, day: dt.date) -> dict[str, progress.Sums]:
    """``{institution id: sums}`` of the figures its public commitments of these plans
    had on ``day`` (each one's latest snapshot then: :func:`progress_snapshot.as_of`)."""
    if not plans:
        return {}
    then = (
        select(_SNAP.commitment_id, _SNAP.progress)
        .where(_SNAP.date <= day, _SNAP.withdrawn.is_(False))
        .distinct(_SNAP.commitment_id)
        .order_by(_SNAP.commitment_id, _SNAP.date.desc(), _SNAP.recorded_at.desc())
        .subquery()
    )
    columns = (_P.owner_org, func.count(), func.count(then.c.progress), func.sum(then.c.progress))
    joined = CommitmentSummary.__table__.outerjoin(then, then.c.commitment_id == _S.commitment_id)
    query = _visible(select(*columns).select_from(joined), plans)
    rows = model.Session.execute(_of(query, institution).group_by(_P.owner_org))
    return {org: (None, n, reported, int(total or 0)) for org, n, reported, total in rows}


def late_per_institution(plans: Plans, day: dt.date) -> dict[str, int]:
    """``{institution id: how many activities of its public commitments of these plans
    are late on day}``: one count in SQL."""
    if not plans:
        return {}
    query = _late_query(plans, day, _P.owner_org, func.count()).group_by(_P.owner_org)
    return {org: int(n) for org, n in model.Session.execute(query)}


def last_reports(plans: Plans, day: dt.date) -> dict[str, dt.date]:
    """``{institution id: the date of the latest report (on or before day) on one of its
    public commitments of these plans}``."""
    if not plans:
        return {}
    query = _visible(select(_P.owner_org, func.max(_SNAP.date)), plans).where(
        _SNAP.commitment_id == _S.commitment_id,
        _SNAP.source == REPORT,
        _SNAP.withdrawn.is_(False),
        _SNAP.date <= day,
    )
    return dict(model.Session.execute(query.group_by(_P.owner_org)).all())


def late(plans: Plans, day: dt.date, institution: str | None, first: int) -> tuple[int, list]:
    """How many activities of the public commitments of these plans (led by institution)
    are late on day, and the ``first`` commitments by name with one late (dicts as
    :func:`read.late` takes them): one query, counted and grouped in SQL."""
    if not plans:
        return 0, []
    keys = (_P.id, _P.name, _P.title, _S.plan_id, _S.title_translated)
    query = _of(_late_query(plans, day, *keys, func.sum(func.count()).over()), institution)
    found = model.Session.execute(
        query.group_by(*keys).order_by(_P.name.collate("C")).limit(first)
    ).all()
    rows = [
        {"id": cid, "name": name, "title": title, "plan": plan, "title_translated": titles}
        for cid, name, title, plan, titles, _ in found
    ]
    return (int(found[0][-1]) if found else 0), rows
