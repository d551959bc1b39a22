"""The country-wide pages' default views read from the summary: the public commitments
of the plans a page selects with their current figures (one query), and their late
activities on a day (one query, a comparison of dates). Who may see a commitment is
CKAN's package table's (its private and deleted ones left out), which plans a page
counts the page's own choice.

:func:`late` also answers from the milestones themselves (``current=False``): the full
recomputation, the reference the summary is tested against and what a view of an
earlier day (``as_of``) reads."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from types import SimpleNamespace
from typing import Any

import ckan.model as model
from sqlalchemy import (
    Date,
    Integer,
    Text,
    any_,
    bindparam,
    cast,
    func,
    literal,
    or_,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from ckanext.opendataplan.common import packages, shared
from ckanext.opendataplan.domain import flags, progress, summary
from ckanext.opendataplan.model.commitment_summary import ActivityDue, CommitmentSummary
from ckanext.opendataplan.progress import rollup

_S = CommitmentSummary.__table__.c
_A = ActivityDue.__table__.c
_P = model.package_table.c
_FIELDS = ("number", "title_translated", "end_date", "weight")


# The commitments no visitor may see (private or deleted): a few, read from their own
# small index (migration 0008), so that the pages read the summary alone.
_HIDDEN = select(_P.id).where(_P.type == "commitment", or_(_P.private, _P.state != "active"))


def _visible(query: Any, plans: dict[str, dict[str, Any]], rows: Any = _S) -> Any:
    """Only the rows (summary rows, or ``_A``'s) of the active public commitments of
    these plans (the summary keeps active commitments only; CKAN's package table says
    which are private or deleted, however that changed)."""
    return query.where(rows.plan_id == any_(ids_array(plans)), rows.commitment_id.not_in(_HIDDEN))


def ids_array(ids: Any) -> Any:
    """SQL: these ids as one array parameter. A country's hundreds of plan ids as one
    ``IN`` list each would be hundreds of parameters to compile, send and plan, in each
    place a query names them."""
    return bindparam(None, list(ids), type_=ARRAY(Text))


def led_by(query: Any, institution: str | None, rows: Any = _S) -> Any:
    """Only the rows of commitments led by ``institution``, when given."""
    return query if not institution else query.where(rows.owner_org == institution)


def commitments(plans: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The public commitments of these plans, sorted by name, as the pages read them
    (``packages.with_fields`` then ``rollup.current_figures``), with ``activity_count``."""
    query = _visible(
        select(
            _S.commitment_id.label("id"),
            _S.name,
            _S.title,
            _S.owner_org,
            _S.plan_id,
            *(_S[key] for key in _FIELDS),
            _S.progress,
            _S.completion_level,
            _S.progress_as_of,
            _S.activity_count,
        ),  # fmt: skip
        plans,
    ).order_by(_S.name)
    bands = rollup.bands()
    found = []
    for found_row in model.Session.execute(query):
        row = found_row._mapping
        entry = {"id": row["id"], "name": row["name"], "title": row["title"], "private": False}
        entry.update({"owner_org": row["owner_org"], "plan": row["plan_id"]})
        entry.update({key: row[key] for key in _FIELDS if row[key] is not None})
        # the level with today's bands (``no_evidence`` is never derived)
        level, as_of = row["completion_level"], row["progress_as_of"]
        override = level if level == progress.NO_EVIDENCE else None
        entry["progress"] = row["progress"]
        entry["completion_level"] = progress.reported_level(row["progress"], override, bands)
        entry["progress_as_of"] = as_of.isoformat() if as_of else None
        entry["activity_count"] = row["activity_count"]
        found.append(entry)
    return found


def _late_query(plans: dict[str, dict[str, Any]], day: dt.date, *columns: Any) -> Any:
    """The kept activities of the public commitments of these plans due before ``day``
    (those below 100 % only are kept: a comparison of dates says which are late)."""
    return _visible(
        select(*columns).where(_A.commitment_id == _S.commitment_id, _A.due < day), plans
    )


def late_on(day: dt.date) -> Any:
    """SQL: how many of a summary row's activities are late on ``day`` (due before it),
    a binary search in its sorted due dates (``width_bucket`` counts those up to the eve)."""
    return func.width_bucket(literal(day - dt.timedelta(days=1), Date), _S.dues)


def _late_rows(
    plans: dict[str, dict[str, Any]], day: dt.date, ids: list[str]
) -> dict[str, list[dict[str, Any]]]:
    columns = (_A.commitment_id, _A.title, _A.end_date, _A.progress, _S.undated_end)
    query = _late_query(plans, day, *columns).order_by(_A.commitment_id, _A.position)
    if len(ids) <= FEW:
        query = query.where(_A.commitment_id.in_(ids), _S.commitment_id.in_(ids))
    late: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in model.Session.execute(query):
        due = row.end_date or row.undated_end
        found = flags.late_activity(row.title, row.end_date, due, row.progress, day)
        if found is not None:
            late[row.commitment_id].append(found)
    return late


FEW = 100  # commitments asked about by their ids rather than by their plans


def late(
    commitments_: list[dict[str, Any]],
    plans: dict[str, dict[str, Any]],
    day: dt.date,
    current: bool,
) -> dict[str, list[dict[str, Any]]]:
    """``{commitment id: its activities late on day}`` (:func:`flags.late_activities`)
    of these commitments of these plans: from the summary when ``current``, else from
    their milestones (which ``commitments_`` then carry)."""
    if current:
        found = _late_rows(plans, day, [c["id"] for c in commitments_])
        return {c["id"]: found.get(c["id"], []) for c in commitments_}
    return {
        c["id"]: flags.late_activities(
            _milestones(c),
            day,
            flags.undated_end(c.get("end_date"), plans[c["plan"]].get("period_end")),
        )
        for c in commitments_
    }


def late_counts(
    commitments_: list[dict[str, Any]],
    plans: dict[str, dict[str, Any]],
    day: dt.date,
    current: bool,
) -> dict[str, int]:
    """``{commitment id: how many of its activities are late on day}``: from the summary
    (one query counting in SQL) when ``current``, else from the milestones."""
    if not current:
        return {cid: len(found) for cid, found in late(commitments_, plans, day, False).items()}
    query = _visible(select(_S.commitment_id, late_on(day)), plans).where(_S.dues[1] < day)
    counts = dict(model.Session.execute(query).all())
    return {c["id"]: counts.get(c["id"], 0) for c in commitments_}


def _milestones(commitment: dict[str, Any]) -> Any:
    milestones = commitment.get("milestones")
    return (packages.load_json(milestones) if isinstance(milestones, str) else milestones) or []


def activity_count(commitment: dict[str, Any]) -> int:
    """How many activities a commitment has (the summary's, or from its milestones)."""
    if "activity_count" in commitment:
        return commitment["activity_count"]
    return len(summary.activities(_milestones(commitment)))


@shared.once_per_ids
def late_per_plan(
    plans: dict[str, dict[str, Any]], days: tuple[dt.date, ...], institution: str | None
) -> dict[str, list[int]]:
    """``{plan id: [how many activities of its public commitments (led by institution,
    when given) are late on each of days]}``, plans with none left out: one query
    summing in SQL each commitment's count (:func:`late_on`)."""
    if not plans:
        return {}
    counts = (func.sum(late_on(day)) for day in days)
    query = _visible(select(_S.plan_id, *counts), plans).where(_S.dues[1] < max(days))
    query = led_by(query, institution)
    rows = model.Session.execute(query.group_by(_S.plan_id))
    return {plan: [int(n) for n in found] for plan, *found in rows if any(found)}


@shared.once_per_ids
def lead_institutions(plans: dict[str, dict[str, Any]]) -> list[str]:
    """The ids of the institutions leading the public commitments of these plans."""
    if not plans:
        return []
    query = _visible(select(_S.owner_org).distinct(), plans)
    return [owner for (owner,) in model.Session.execute(query) if owner]


def _ranks(titles: dict[str, str]) -> dict[str, int]:
    """``{key: rank}`` of these titles as Python orders them (equal titles, equal rank)."""
    order = sorted(set(titles.values()))
    rank = {title: n for n, title in enumerate(order)}
    return {key: rank[title] for key, title in titles.items()}


def _rank_of(column: Any, titles: dict[str, str]) -> Any:
    """SQL: the rank of ``column``'s title among ``titles`` (unknown keys first), looked
    up in one JSON object rather than compared with each key."""
    ranks = type_coerce(_ranks(titles), JSONB)
    return func.coalesce(cast(func.jsonb_extract_path_text(ranks, column), Integer), -1)


# The late page's orders (``pages/late.SORTS``) in SQL, ties broken as the full list
# breaks them (commitments by name, activities as listed): strings in code point order.
# ``by``: the columns ``name``, ``number``, ``plan_rank`` and ``institution_rank``.
def _order(sort: str, by: Any) -> list[Any]:
    title = _A.title.collate("C")
    ties = [by.name.collate("C"), _A.position]
    return {
        "days": [_A.due, by.plan_rank, title],
        "due": [_A.due, by.plan_rank, title],
        "institution": [by.institution_rank, _A.due],
        "plan": [by.plan_rank, func.coalesce(by.number, "").collate("C"), _A.due],
    }[sort] + ties


def _due_cutoff(
    plans: dict[str, dict[str, Any]], day: dt.date, institution: str | None, last: int
) -> dt.date | None:
    """When the ``last``-th (from 1) activity late on day of the public commitments of
    these plans (led by institution) is due, in due order (read along its index);
    ``None`` when there are fewer."""
    query = _visible(select(_A.due), plans, _A).where(_A.due < day)
    query = led_by(query, institution, _A)
    return model.Session.execute(query.order_by(_A.due).offset(last - 1).limit(1)).scalar()


def _page_keys(
    plans: dict[str, dict[str, Any]],
    day: dt.date,
    institution: str | None,
    order: tuple[str, dict[str, str], dict[str, str]],
    window: tuple[int, int],
) -> Any:
    """The query of the page's keys (narrow rows: the database keeps the best few). In
    an order by due date, only the activities due by the page's last one are sorted."""
    sort, plan_titles, institution_titles = order
    keys = _visible(select(_A.commitment_id, _A.position), plans, _A).where(_A.due < day)
    keys = led_by(keys, institution, _A)
    if sort in ("days", "due"):
        cutoff = _due_cutoff(plans, day, institution, sum(window))
        keys = keys if cutoff is None else keys.where(_A.due <= cutoff)
    if sort == "plan":
        keys = keys.where(_S.commitment_id == _A.commitment_id)
    by = SimpleNamespace(
        name=_A.name,
        number=_S.number,
        plan_rank=_rank_of(_A.plan_id, plan_titles),
        institution_rank=_rank_of(_A.owner_org, institution_titles),
    )
    return keys.order_by(*_order(sort, by)).offset(window[0]).limit(window[1])


def late_page(
    plans: dict[str, dict[str, Any]],
    day: dt.date,
    institution: str | None,
    order: tuple[str, dict[str, str], dict[str, str]],
    window: tuple[int, int],
) -> list[dict[str, Any]]:
    """One page of the activities late on day (``window``: offset and size) of the public
    commitments of these plans (led by institution, when given), in the late page's
    ``order`` (its sort, then the plans' and the institutions' titles by id), each with
    its commitment's fields (``commitment``) and as :func:`flags.late_activity` gives it
    (``activity``)."""
    if not plans:
        return []
    keys = _page_keys(plans, day, institution, order, window)
    shown = [tuple(key) for key in model.Session.execute(keys)]
    if not shown:
        return []
    columns = (
        _A.commitment_id, _A.position, _A.title.label("activity"), _A.end_date, _A.progress,
        _S.undated_end, _S.name, _S.title, _S.owner_org, _S.plan_id,
        _S.title_translated, _S.number, _S.end_date.label("commitment_end"),
    )  # fmt: skip
    query = select(*columns).where(
        tuple_(_A.commitment_id, _A.position).in_(shown),
        _S.commitment_id == _A.commitment_id,
    )
    rows = {(row.commitment_id, row.position): row for row in model.Session.execute(query)}
    return [_late_one(rows[key], day) for key in shown]


def _late_one(row: Any, day: dt.date) -> dict[str, Any]:
    commitment = {"id": row.commitment_id, "name": row.name, "title": row.title}
    commitment.update(plan=row.plan_id, owner_org=row.owner_org, number=row.number)
    commitment.update(title_translated=row.title_translated, end_date=row.commitment_end)
    due = row.end_date or row.undated_end
    activity = flags.late_activity(row.activity, row.end_date, due, row.progress, day)
    return {"commitment": commitment, "activity": activity}
