"""The per-commitment summary agrees with the full recomputation: after any sequence of
saves (progress, activities' progress and dates, end dates, levels, weights), reports published
and deleted, commitments deleted, privacy and drafts of commitments and plans, and
midnights, the overview, the late page and the scorecards read from the summary equal
those computed from every commitment's fields and history, the summary's rows equal
a fresh rebuild of it, and a save that changes nothing records no figure."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import ckan.model as model
from ckan.logic import ValidationError
from ckan.tests import helpers
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ckanext.opendataplan.model.commitment_summary import ActivityDue, CommitmentSummary
from ckanext.opendataplan.pages import institutions, late, overview
from ckanext.opendataplan.summary import keep
from tests.marks import portal

pytestmark = portal

TODAY = dt.date.today()
_names = itertools.count()
COMMITMENTS = 3  # per example, in two plans of two institutions


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


activities = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(-3, 3)),  # end date around today, or none
        st.one_of(st.none(), st.sampled_from([0, 40, 99, 100])),
    ),
    max_size=3,
)
index = st.integers(0, COMMITMENTS - 1)
operations = st.one_of(
    st.tuples(st.just("progress"), index, st.one_of(st.none(), st.integers(0, 100))),
    st.tuples(st.just("activities"), index, activities),
    st.tuples(st.just("end_date"), index, st.one_of(st.none(), st.integers(-2, 2))),
    st.tuples(st.just("level"), index, st.sampled_from(["", "no_evidence"])),
    # a plan's figure weighs its commitments (whole and fractional weights, none)
    st.tuples(st.just("weight"), index, st.sampled_from(["", 1, 3, 0.5, 2.5, 0.1])),
    st.tuples(st.just("report"), st.integers(0, 1), st.integers(0, 100), st.integers(0, 400)),
    st.tuples(st.just("delete_report"), st.integers(0, 3)),
    st.tuples(st.just("delete"), index),
    st.tuples(st.just("private"), index, st.booleans()),
    st.tuples(st.just("plan_private"), st.integers(0, 1), st.booleans()),
    st.tuples(st.just("plan_draft"), st.integers(0, 1), st.booleans()),
    st.tuples(st.just("plan_end"), st.integers(0, 1), st.integers(-2, 2)),
    st.tuples(st.just("midnight"), st.integers(1, 3)),
)


def _call(action: str, admin: dict, **data: Any) -> Any:
    try:
        return helpers.call_action(action, {"user": admin["name"]}, **data)
    except ValidationError:
        return None  # refused as a whole: nothing written


def _country(admin: dict, orgs: list[dict]) -> dict[str, Any]:
    """Two plans, each of its own institution, and their commitments (new names)."""
    run = next(_names)
    plans = [
        _call(
            "package_create",
            admin,
            type="plan",
            name=f"plan-{run}-{n}",
            title_translated={"ar": f"خطة {run} {n}", "en": f"Plan {run} {n}"},
            plan_kind="ogp_national",
            owner_org=orgs[n]["id"],
            period_start="2018-01-01",
            period_end=day(1 - n),
            version_status="final",
        )
        for n in range(2)
    ]
    commitments = [
        _call(
            "package_create",
            admin,
            type="commitment",
            name=f"c-{run}-{n}",
            plan=plans[n % 2]["name"],
            number=str(n),
            title_translated={"ar": f"التزام {n}", "fr": f"Engagement {n}"},
            owner_org=orgs[n % 2]["id"],
            start_date="2018-01-01",
        )
        for n in range(COMMITMENTS)
    ]
    return {"plans": plans, "commitments": commitments, "reports": [], "today": TODAY}


def _apply(admin: dict, country: dict[str, Any], operation: tuple) -> None:
    kind, *args = operation
    plans, commitments = country["plans"], country["commitments"]
    if kind == "midnight":
        country["today"] += dt.timedelta(days=args[0])
    elif kind in ("plan_private", "plan_draft", "plan_end"):
        value = {
            "plan_private": {"private": args[1]},
            "plan_draft": {"version_status": "draft" if args[1] else "final"},
            "plan_end": {"period_end": day(args[1])},
        }[kind]
        _call("package_patch", admin, id=plans[args[0]]["id"], **value)
    elif kind == "report":
        plan = plans[args[0]]
        updates = [
            {"commitment": c["name"], "progress": args[1]}
            for c in commitments
            if c["plan"] in (plan["id"], plan["name"])  # stored as the plan's id
        ]
        run = next(_names)
        found = _call(
            "package_create",
            admin,
            type="progress_report",
            name=f"report-{run}",
            plan=plan["id"],
            meeting_date=day(-args[2]),
            updates=updates,
        )
        if found:
            country["reports"].append(found["id"])
    elif kind == "delete_report":
        if args[0] < len(country["reports"]):
            _call("package_delete", admin, id=country["reports"][args[0]])
    else:
        _commitment_save(admin, commitments[args[0]], kind, args[1:])


def _commitment_save(admin: dict, commitment: dict, kind: str, args: list) -> None:
    if kind == "delete":
        _call("package_delete", admin, id=commitment["id"])
        return
    (value,) = args
    fields = {
        "progress": lambda: {"progress": "" if value is None else value},
        "activities": lambda: {
            "milestones": [
                {
                    "title": f"activity {n}",
                    "start_date": "2018-01-01",
                    **({} if end is None else {"end_date": day(end)}),
                    **({} if done is None else {"progress": done}),
                }
                for n, (end, done) in enumerate(value)
            ]
        },
        "end_date": lambda: {"end_date": "" if value is None else day(value)},
        "level": lambda: {"completion_level": value},
        "weight": lambda: {"weight": value},
        "private": lambda: {"private": value},
    }[kind]()
    _call("package_patch", admin, id=commitment["id"], **fields)


def _rows() -> list[list[tuple]]:
    return [
        sorted((tuple(row) for row in model.Session.execute(select(table))), key=repr)
        for table in (CommitmentSummary.__table__, ActivityDue.__table__)
    ]


def _same(name: str, kept: Any, recomputed: Any) -> None:
    kept, recomputed = (json.dumps(v, sort_keys=True, default=str) for v in (kept, recomputed))
    assert kept == recomputed, name


def _check(today: dt.date) -> None:
    for lang in ("ar", "en"):
        _same(
            "overview",
            overview.build(lang=lang, today=today),
            overview.build(lang=lang, today=today, recompute=True),
        )
        for period in late.PERIODS:
            _same(
                f"late ({period})",
                late.build(lang=lang, today=today, period=period),
                late.build(lang=lang, today=today, period=period, recompute=True),
            )
        _pages_agree(lang, today)
        _same(
            "scorecards",
            institutions.build(lang=lang, today=today),
            institutions.build(lang=lang, today=today, recompute=True),
        )
    kept = _rows()
    keep.rebuild()
    assert _rows() == kept, "the summary kept by the saves differs from a fresh rebuild"
    model.Session.rollback()


PAGE = 2  # rows per page: a page boundary falls among ties of the sorts


def _pages_agree(lang: str, today: dt.date) -> None:
    """The late page's HTML view, read a page at a time in SQL, shows the full
    recomputation's sorted rows cut into pages, in each sort and period."""
    for sort, period in itertools.product(late.SORTS, late.PERIODS):
        full = late.build(lang=lang, today=today, period=period, sort=sort, recompute=True)
        number = 1
        while True:
            shown = late.page(number, PAGE, lang=lang, today=today, period=period, sort=sort)
            _same(f"late page {number} ({sort}, {period})", shown, late.sliced(full, number, PAGE))
            if number * PAGE >= len(full["rows"]):
                break
            number += 1
    for lead in {row["institution_id"] for row in full["rows"]}:  # the last sort and period
        full = late.build(lang=lang, today=today, institution=lead, sort=sort, recompute=True)
        shown = late.page(1, PAGE, lang=lang, today=today, institution=lead, sort=sort)
        _same(f"late page of {lead}", shown, late.sliced(full, 1, PAGE))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=st.lists(operations, min_size=1, max_size=8))
# then a report's figure: a save of another field must not copy it into a row of its own
# (progress set by hand beside activities without any; no_evidence set by hand)
@example(sequence=[("progress", 0, 30), ("activities", 0, [(None, None)]), ("report", 0, 60, 0)])
@example(
    sequence=[("activities", 0, [(None, 40)]), ("level", 0, "no_evidence"), ("report", 0, 60, 0)]
)
def test_the_summary_agrees_with_the_full_recomputation(admin, sequence):
    from ckan.tests import factories

    orgs = [factories.Organization(), factories.Organization()]
    country = _country(admin, orgs)
    for operation in sequence:
        _apply(admin, country, operation)
    _check(country["today"])
    _round_trips_record_nothing(admin, country)


def _round_trips_record_nothing(admin: dict, country: dict[str, Any]) -> None:
    """A save of another field sends back the figure ``package_show`` gave (as a form
    or a client does): it records no figure, so that a report's figure it was shown
    cannot outlive the report in a row of its own."""
    for commitment in country["commitments"]:
        if model.Package.get(commitment["id"]).state != "active":
            continue
        before = _history(commitment["id"])
        problem = f"مشكلة {next(_names)}"  # CKAN skips a save that changes nothing
        if _call("package_patch", admin, id=commitment["id"], problem=problem) is not None:
            assert _history(commitment["id"]) == before, "a save of another field recorded a figure"


def _history(commitment_id: str) -> list[tuple]:
    rows = helpers.call_action(
        "opendataplan_progress_history", id=commitment_id, include_withdrawn=True
    )
    return [(row["date"], row["progress"], row["source"], row["withdrawn"]) for row in rows]


def test_a_midnight_makes_an_activity_late_without_a_save(admin, org):
    """Lateness is a comparison with the day asked about: nothing is written at midnight."""
    country = _country(admin, [org, org])
    _apply(admin, country, ("activities", 0, [(0, 40)]))
    tomorrow = TODAY + dt.timedelta(days=1)
    assert late.build(today=TODAY)["counts"]["all"]["activities"] == 0
    assert late.build(today=tomorrow)["counts"]["all"]["activities"] == 1
    _check(tomorrow)


def test_the_late_pages_break_ties_as_the_full_list(admin, org):
    """Activities of one plan with the same title and due date, in two commitments: a
    page boundary falls between them in the full list's order, in every sort."""
    country = _country(admin, [org, org])
    for n in (2, 0):
        _apply(admin, country, ("activities", n, [(-2, 40), (-1, None), (-2, 0)]))
    _apply(admin, country, ("activities", 1, [(-1, 99)]))
    assert late.build(period="all")["counts"]["all"]["activities"] == 7
    _pages_agree("en", TODAY)


def test_figures_at_a_half_round_up_the_same_on_every_channel(admin, org):
    """Means that fall exactly on .5, weighted by tenths (not exact in binary) and not
    weighted: the sums the default views read and the full recomputation (``_check``)
    round them the same way, half up."""
    country = _country(admin, [org, org])  # commitments 0 and 2 in the first plan
    first, second = (plan["name"] for plan in country["plans"])
    for n, value in enumerate([1, 2, 2]):
        _apply(admin, country, ("progress", n, value))
        _apply(admin, country, ("weight", n, 0.1))
    shown = overview.build(today=TODAY)
    # (1 x 0.1 + 2 x 0.1) / 0.2 = 1.5 -> 2; the country (1 + 2 + 2) / 3 = 1.67 -> 2
    assert {row["name"]: row["progress"] for row in shown["plans"]} == {first: 2, second: 2}
    assert shown["progress"] == 2
    _check(TODAY)
    _apply(admin, country, ("progress", 2, 0))  # the first plan: 0.1 / 0.2 = 0.5 -> 1
    shown = overview.build(today=TODAY)
    assert {row["name"]: row["progress"] for row in shown["plans"]} == {first: 1, second: 2}
    _apply(admin, country, ("plan_draft", 1, True))  # counted: 1 and 0, 0.5 -> 1
    shown = overview.build(today=TODAY)
    assert (shown["progress"], shown["institutions"][0]["progress"]) == (1, 1)
    assert [row["progress"] for row in institutions.build()["rows"]] == [1]
    _check(TODAY)


def test_the_figure_at_the_quarter_end_is_the_latest_then(admin, org):
    """The scorecards' and the overview's previous-quarter figures, read from the kept
    history: the latest figure dated by the quarter's end (not an earlier one, not a
    later one, not a withdrawn one), and the last report's date."""
    from ckanext.opendataplan.domain import periods

    country = _country(admin, [org, org])
    end = periods.previous_quarter_end(TODAY)
    before_end = (TODAY - end).days
    for value, days_before_today in ((20, before_end + 30), (50, before_end + 10), (70, 1)):
        _apply(admin, country, ("report", 0, value, days_before_today))
    assert len(country["reports"]) == 3, "a report was refused"
    _apply(admin, country, ("progress", 1, 90))  # a figure of today, not of the quarter
    (card,) = institutions.build(today=TODAY)["rows"]
    assert (card["previous_quarter_progress"], card["progress"]) == (50, 77)  # 70, 90, 70
    assert card["last_report"] == day(-1)
    _check(TODAY)
    _apply(admin, country, ("delete_report", 1))  # the 50 % report is withdrawn
    (card,) = institutions.build(today=TODAY)["rows"]
    assert card["previous_quarter_progress"] == 20
    _check(TODAY)


def test_private_and_deleted_commitments_are_left_out(admin, org):
    """A commitment made private, and one deleted, count nowhere: CKAN's package table
    says which (the summary keeps no visibility of its own)."""
    country = _country(admin, [org, org])
    for n in range(COMMITMENTS):
        _apply(admin, country, ("activities", n, [(-2, 40)]))
        _apply(admin, country, ("progress", n, 30))
    assert overview.build(today=TODAY)["overdue_count"] == 3
    _apply(admin, country, ("private", 0, True))
    _apply(admin, country, ("delete", 1))
    shown = overview.build(today=TODAY)
    assert (shown["overdue_count"], shown["commitment_count"]) == (1, 1)
    assert late.page(1, PAGE, today=TODAY, period="all")["pages"]["total"] == 1
    _check(TODAY)
