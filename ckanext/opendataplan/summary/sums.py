"""The country-wide pages' default views as sums: the summary's public commitments
grouped in SQL (by plan and weight, by institution, by figure and level), a few hundred
rows whatever the number of commitments. The database returns whole sums and counts;
the rounding is the domain's (:func:`progress.summed_coverage`), the one the full
recomputation uses, so a figure never differs by one between the two."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import ckan.model as model
from sqlalchemy import Date, all_, func, literal, select, tuple_

from ckanext.opendataplan.common import shared
from ckanext.opendataplan.domain import progress
from ckanext.opendataplan.domain.numbers import as_finite
from ckanext.opendataplan.progress import rollup
from ckanext.opendataplan.summary.read import _S, _visible, ids_array, late_on, led_by

Plans = dict[str, dict[str, Any]]


def _counts() -> tuple[Any, ...]:
    """How many commitments, how many reported, the sum of their figures."""
    return func.count(), func.count(_S.progress), func.coalesce(func.sum(_S.progress), 0)


@dataclasses.dataclass
class Grouped:
    """What :func:`grouped` reads in one pass: ``per_plan`` (every plan asked about:
    its ``sums`` per weight, ``progress_as_of``), and of the counted plans only
    ``per_institution`` (``sums``, ``activity_count``, ``late_count``, ``previous``: the
    sums of the figures on the earlier day, ``last_report``), the commitments per
    ``levels``, and how many activities are late (``late_count``)."""

    per_plan: dict[str, dict[str, Any]]
    per_institution: dict[str, dict[str, Any]]
    levels: dict[str, int]
    late_count: int


@shared.once_per_ids
def grouped(
    plans: Plans, counted: Plans, institution: str | None, days: tuple[dt.date, dt.date]
) -> Grouped:
    """The sums of the public commitments of these plans (led by institution, when
    given) by plan and weight, and of those of the ``counted`` plans by institution, by
    figure and level, and in all, with the activities late on the first of ``days`` and
    the figures of the second (the end of the previous quarter): one query, one reading
    of the commitments (grouping sets), a few hundred rows."""
    day, earlier = days
    found = Grouped({}, {}, progress.tally_levels([]), 0)
    if not plans:
        return found
    keys = (
        _S.plan_id,
        _S.weight,
        _counted(plans, counted).label("counted"),
        _S.owner_org,
        _S.progress,
        (_S.completion_level == progress.NO_EVIDENCE).label("no_evidence"),
    )
    plan, weight, in_counted, org, value, evidence = keys
    sets = func.grouping_sets(
        tuple_(plan, weight), tuple_(in_counted, org), tuple_(in_counted, value, evidence),
        tuple_(in_counted),
    )  # fmt: skip
    totals = (
        *_counts(),
        func.max(_S.progress_as_of),
        func.coalesce(func.sum(_S.activity_count), 0),
        func.coalesce(func.sum(late_on(day)), 0),
        func.count(_then(earlier)),
        func.coalesce(func.sum(_then(earlier)), 0),
        func.max(_S.report_dates[func.width_bucket(literal(day, Date), _S.report_dates)]),
    )
    query = led_by(_visible(select(func.grouping(*keys), *keys, *totals), plans), institution)
    levels = []
    for row in model.Session.execute(query.group_by(sets)):
        _add(found, levels, row)
    bands = rollup.bands()
    found.levels = progress.tally_levels(
        (progress.reported_level(value, progress.NO_EVIDENCE if none else None, bands), count)
        for value, none, count in levels
    )
    return found


def _counted(plans: Plans, counted: Plans) -> Any:
    """SQL: whether a row's plan is counted, said by the few plans that are not (the
    drafts): the expression is written four times in the query."""
    left_out = [pid for pid in plans if pid not in counted]
    # with none left out, true of every row (GROUP BY refuses a constant)
    return _S.plan_id != all_(ids_array(left_out)) if left_out else _S.plan_id.is_not(None)


# what each grouping set leaves out (``grouping()``'s bits, the first key the highest)
_BY_PLAN, _BY_INSTITUTION, _BY_LEVEL = 0b001111, 0b110011, 0b110100


def _add(found: Grouped, levels: list[tuple[Any, bool, int]], row: Any) -> None:
    """One row of :func:`grouped`'s into its place."""
    left_out, plan, weight, counted, org, value, evidence, *totals = row
    count, reported, total, as_of, activities, late, then_reported, then_total, report = totals
    if left_out == _BY_PLAN:
        entry = found.per_plan.setdefault(plan, {"sums": [], "progress_as_of": None})
        entry["sums"].append((as_finite(weight), count, reported, int(total)))
        if as_of and (entry["progress_as_of"] is None or as_of > entry["progress_as_of"]):
            entry["progress_as_of"] = as_of
    elif not counted:
        return
    elif left_out == _BY_INSTITUTION:
        found.per_institution[org] = {
            "sums": [(None, count, reported, int(total))],
            "activity_count": int(activities),
            "late_count": int(late),
            "previous": (None, count, then_reported, int(then_total)),
            "last_report": report,
        }
    elif left_out == _BY_LEVEL:
        levels.append((value, evidence, count))
    else:
        found.late_count = int(late)


def _then(day: dt.date) -> Any:
    """SQL: a summary row's figure on ``day`` (its latest dated then; none: NULL)."""
    return _S.history_values[func.width_bucket(literal(day, Date), _S.history_dates)]


def first_late(plans: Plans, day: dt.date, institution: str | None, first: int) -> list:
    """The ``first`` public commitments by name of these plans (led by institution) with
    an activity late on day (dicts as :func:`read.late` takes them): walked in name
    order, the first few only."""
    if not plans:
        return []
    keys = (_S.commitment_id, _S.name, _S.title, _S.plan_id, _S.title_translated)
    query = led_by(_visible(select(*keys), plans), institution).where(_S.dues[1] < day)
    found = model.Session.execute(query.order_by(_S.name.collate("C")).limit(first))
    return [
        {"id": cid, "name": name, "title": title, "plan": plan, "title_translated": titles}
        for cid, name, title, plan, titles in found
    ]
