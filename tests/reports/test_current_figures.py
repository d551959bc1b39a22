"""One definition of "current": a commitment's figure is its latest snapshot by the date
it speaks of, and every channel reads the same one."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re

import ckan.model as model
import pytest
from ckan.tests import helpers
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import SQLAlchemyError

from ckanext.opendataplan.domain import progress as progress_rules
from ckanext.opendataplan.model import ProgressSnapshot
from ckanext.opendataplan.progress import history as history_module
from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal


def today() -> str:
    """Read when used: a suite running past midnight must not compare two days."""
    return dt.date.today().isoformat()


def show(package_id: str, user: dict | None = None) -> dict:
    context = {"user": user["name"]} if user else {}
    return helpers.call_action("package_show", context, id=package_id)


def plan_progress(plan: dict, **params) -> dict:
    return helpers.call_action("opendataplan_plan_progress", id=plan["id"], **params)


def report(admin, plan, name, meeting_date, updates) -> dict:
    return f.report(admin, plan, updates, name=name, meeting_date=meeting_date)


def as_admin(admin: dict) -> dict:
    return {"user": admin["name"]}


@pytest.fixture
def two(admin, org, plan):
    with freeze_time("2019-01-10"):
        return [
            f.commitment(admin, plan, org, name=f"c{n}", number=str(n), progress=10 * n)
            for n in (1, 2)
        ]


def test_a_past_meeting_entered_today_does_not_replace_a_later_figure(admin, org, plan):
    commitment = f.commitment(admin, plan, org, name="today", progress=60)
    report(admin, plan, "m2020", "2020-07-15", [{"commitment": "today", "progress": 30}])

    assert show(commitment["id"])["progress"] == 60
    assert plan_progress(plan)["progress"] == plan_progress(plan, as_of=today())["progress"] == 60
    dates = [
        (s["date"], s["progress"])
        for s in helpers.call_action("opendataplan_progress_history", id=commitment["id"])
    ]
    assert dates == [("2020-07-15", 30), (today(), 60)]  # the report in 2020's place


def test_a_report_dated_after_the_last_figure_becomes_current(admin, plan, two):
    report(admin, plan, "meeting", "2020-07-15", [{"commitment": "c1", "progress": 70}])
    assert show("c1")["progress"] == 70
    assert show("c2")["progress"] == 20


def test_a_commitment_created_without_figure_takes_its_first_reports(admin, org, plan):
    f.commitment(admin, plan, org, name="blank")
    assert helpers.call_action("opendataplan_progress_history", id="blank") == []
    report(admin, plan, "meeting", "2020-07-15", [{"commitment": "blank", "progress": 35}])
    assert show("blank")["progress"] == 35


def test_editing_a_report_redoes_it_and_gives_dropped_commitments_their_value_back(
    admin, plan, two
):
    created = report(
        admin,
        plan,
        "meeting",
        "2020-07-15",
        [{"commitment": "c1", "progress": 70}, {"commitment": "c2", "progress": 90}],
    )
    helpers.call_action(
        "package_patch",
        as_admin(admin),
        id=created["id"],
        updates=[{"commitment": "c1", "progress": 80}],
    )

    assert (show("c1")["progress"], show("c2")["progress"]) == (80, 20)
    active = model.Session.query(ProgressSnapshot).filter_by(
        report_id=created["id"], withdrawn=False
    )
    assert [(s.commitment_id, s.progress) for s in active] == [(two[0]["id"], 80)]


def test_deleting_and_restoring_a_report(admin, plan, two):
    created = report(admin, plan, "meeting", "2020-07-15", [{"commitment": "c1", "progress": 70}])
    helpers.call_action("package_delete", as_admin(admin), id=created["id"])
    assert show("c1")["progress"] == 10
    assert plan_progress(plan, as_of="2020-08-01")["progress"] == (10 + 20) / 2

    helpers.call_action("package_patch", as_admin(admin), id=created["id"], state="active")
    assert show("c1")["progress"] == 70


def test_as_of_the_meeting_day_counts_the_meeting(admin, plan, two):
    report(admin, plan, "meeting", "2020-07-15", [{"commitment": "c1", "progress": 70}])
    on_the_day = plan_progress(plan, as_of="2020-07-15")
    the_day_before = plan_progress(plan, as_of="2020-07-14")
    assert {c["name"]: c["progress"] for c in on_the_day["commitments"]}["c1"] == 70
    assert {c["name"]: c["progress"] for c in the_day_before["commitments"]}["c1"] == 10


def test_one_report_raises_no_flag(admin, plan, two):
    report(admin, plan, "meeting", "2020-07-15", [{"commitment": "c1", "progress": 10}])
    assert show("c1")["flags"]["no_progress_since_last_report"] is False


def test_a_meeting_that_has_not_taken_place_cannot_be_reported(admin, plan, two):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(helpers.logic.ValidationError) as error:
        report(admin, plan, "meeting", tomorrow, [{"commitment": "c1", "progress": 99}])
    assert "meeting_date" in error.value.error_dict


@pytest.mark.parametrize("failing", [0, 1, 2])
def test_a_report_is_published_whole_or_not_at_all(app, admin, org, plan, monkeypatch, failing):
    for n in range(3):
        with freeze_time("2019-01-10"):
            f.commitment(admin, plan, org, name=f"k{n}", number=str(n), progress=10)
    before = model.Session.query(ProgressSnapshot).count()
    calls = itertools.count()
    record = history_module.record

    def flaky(*args, **kwargs):
        if next(calls) == failing:
            raise SQLAlchemyError("injected failure")
        return record(*args, **kwargs)

    monkeypatch.setattr(history_module, "record", flaky)
    token = f.factories.APIToken(user=admin["name"])["token"]
    response = app.post(
        "/en/api/3/action/package_create",
        json={
            "type": "progress_report",
            "name": "whole",
            "plan": plan["id"],
            "meeting_date": "2020-07-15",
            "updates": [{"commitment": f"k{n}", "progress": 50 + n} for n in range(3)],
        },
        headers={"Authorization": token},
    )

    assert response.status_code == 409
    errors = response.json["error"]["updates"]
    assert "injected failure" in errors[failing]["commitment"][0]
    model.Session.remove()
    assert model.Package.get("whole") is None
    assert model.Session.query(ProgressSnapshot).count() == before
    assert [show(f"k{n}")["progress"] for n in range(3)] == [10, 10, 10]


# Plain CKAN clients


def test_core_title_and_notes_alone_are_accepted(admin, org):
    plan = helpers.call_action(
        "package_create",
        as_admin(admin),
        type="plan",
        name="plain",
        title="Plan from a harvester",
        notes="Its description",
        owner_org=org["id"],
        plan_kind="ogp_national",
        period_start="2020-01-01",
        period_end="2021-01-01",
        version_status="final",
    )
    assert plan["title_translated"] == {"ar": "Plan from a harvester"}
    assert plan["notes_translated"] == {"ar": "Its description"}
    both = helpers.call_action(
        "package_patch",
        as_admin(admin),
        id="plain",
        title="Other",
        title_translated={"en": "Multilingual wins"},
    )
    assert both["title_translated"] == {"en": "Multilingual wins"}


def _comparable(package: dict) -> dict:
    volatile = ("metadata_modified", "revision_id", "num_resources", "num_tags")
    return {key: value for key, value in package.items() if key not in volatile}


def test_show_fed_back_to_update_changes_nothing(admin, org, plan, inventory, two):
    created = report(admin, plan, "meeting", "2020-07-15", [{"commitment": "c1", "progress": 70}])
    live = {"title": "Datasets", "source": "portal_datasets", "baseline": 1, "current": 5}
    helpers.call_action("package_patch", as_admin(admin), id="c2", indicators=[live])
    dataset = f.factories.Dataset(owner_org=org["id"])
    snapshots = model.Session.query(ProgressSnapshot).count()
    for package_id in (plan["id"], "c1", "c2", created["id"], inventory["id"], dataset["id"]):
        before = show(package_id, admin)
        after = helpers.call_action("package_update", as_admin(admin), **before)
        assert _comparable(after) == _comparable(before), package_id
        assert model.Session.query(ProgressSnapshot).count() == snapshots, package_id
    assert (show("c1")["progress"], show("c2")["progress"]) == (70, 20)


# The invariant: every channel gives the same figures, after any sequence of changes


def channels(app, plan: dict) -> dict[str, dict[str, int]]:
    """The commitments' figures and the plan's, as each channel gives them."""
    names = [c["name"] for c in plan_progress(plan)["commitments"]]
    found = helpers.call_action(
        "package_search", fq=f'+dataset_type:commitment +plan:"{plan["id"]}"', rows=100
    )["results"]
    plan_json = app.get(f"/progress/plan/{plan['name']}.json").json["progress"]
    overview = {p["name"]: p for p in app.get("/progress.json").json["plans"]}
    plan_csv = csv.DictReader(io.StringIO(app.get(f"/progress/plan/{plan['name']}.csv").body))
    return {
        "package_show": {n: show(n)["progress"] for n in names}
        | {"plan": show(plan["id"])["progress"]},
        "search": {c["name"]: c["progress"] for c in found}
        | {
            "plan": helpers.call_action("package_search", fq=f"id:{plan['id']}")["results"][0][
                "progress"
            ]
        },
        "plan_progress": {c["name"]: c["progress"] for c in plan_progress(plan)["commitments"]}
        | {"plan": plan_progress(plan)["progress"]},
        "as_of_today": {
            c["name"]: c["progress"] for c in plan_progress(plan, as_of=today())["commitments"]
        }
        | {"plan": plan_progress(plan, as_of=today())["progress"]},
        "plan_json": {c["name"]: c["progress"] for c in plan_json["commitments"]}
        | {"plan": plan_json["progress"]},
        "overview": {n: show(n)["progress"] for n in names}
        | {"plan": overview[plan["name"]]["progress"]},
        "csv": {row["name"]: int(row["progress"]) for row in plan_csv}
        | {"plan": overview[plan["name"]]["progress"]},
        "embed": {n: _first_bar(app, f"/embed/commitment/{n}") for n in names}
        | {"plan": _first_bar(app, f"/embed/plan/{plan['name']}")},
        "pages": {n: _first_bar(app, f"/commitment/{n}") for n in names}
        | {"plan": _first_bar(app, f"/plan/{plan['name']}")},
    }


def _first_bar(app, url: str) -> int:
    """The figure a page shows first: its first progress bar's value."""
    found = re.search(r'role="progressbar"[^>]*aria-valuenow="(\d+)"', app.get(url).body)
    assert found, url
    return int(found.group(1))


dates = st.dates(dt.date(2019, 1, 1), dt.date.today()).map(dt.date.isoformat)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, 100)),
        st.tuples(st.just("milestones"), st.integers(0, 2), st.integers(0, 99)),
        st.tuples(st.just("report"), dates, st.lists(st.integers(0, 100), min_size=3, max_size=3)),
        st.tuples(st.just("edit_report"), st.integers(0, 5), st.integers(0, 100)),
        st.tuples(st.just("delete_report"), st.integers(0, 5)),
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps)
def test_every_channel_gives_the_same_figures_after_any_changes(app, admin, org, sequence):
    run = next(_runs)
    plan = f.plan(admin, org, name=f"p{run}")
    names = [f"p{run}-c{n}" for n in range(3)]
    for n, name in enumerate(names):
        f.commitment(admin, plan, org, name=name, number=str(n), progress=5 * n)
    reports: list[str] = []
    seen: dict[str, tuple] = {}
    for step in sequence:
        _apply(admin, plan, names, reports, step)
        figures = channels(app, plan)
        assert all(answer == figures["package_show"] for answer in figures.values()), (
            step,
            figures,
        )
        expected = _expected(names)
        assert {n: figures["package_show"][n] for n in names} == expected
        rows = {s.id: (s.progress, s.date, s.source) for s in model.Session.query(ProgressSnapshot)}
        assert all(rows.get(key) == value for key, value in seen.items())  # append-only
        seen = rows


_runs = itertools.count()
_report_numbers = itertools.count()


def _apply(admin, plan, names, reports, step) -> None:
    kind = step[0]
    context = as_admin(admin)
    if kind == "edit":
        helpers.call_action("package_patch", context, id=names[step[1]], progress=step[2])
    elif kind == "milestones":
        milestone = {"title": "Step", "status": "in_progress", "progress": step[2]}
        helpers.call_action("package_patch", context, id=names[step[1]], milestones=[milestone])
    elif kind == "report":
        name = f"{plan['name']}-r{next(_report_numbers)}"  # never a live report's name
        updates = [{"commitment": n, "progress": v} for n, v in zip(names, step[2])]
        report(admin, plan, name, step[1], updates)
        reports.append(name)
    elif kind == "edit_report" and reports:
        name = reports[step[1] % len(reports)]
        updates = [{"commitment": names[0], "progress": step[2]}]
        helpers.call_action("package_patch", context, id=name, updates=updates)
    elif kind == "delete_report" and reports:
        helpers.call_action("package_delete", context, id=reports.pop(step[1] % len(reports)))


def _expected(names: list[str]) -> dict[str, int]:
    """The rule itself: the latest non-withdrawn snapshot by (date, recorded_at)."""
    expected = {}
    for name in names:
        package = model.Package.get(name)
        rows = (
            model.Session.query(ProgressSnapshot)
            .filter_by(commitment_id=package.id, withdrawn=False)
            .order_by(ProgressSnapshot.date, ProgressSnapshot.recorded_at)
            .all()
        )
        fields = {k: package.extras.get(k) for k in ("milestones", "progress")}
        milestones = json.loads(fields["milestones"]) if fields["milestones"] else []
        fallback = progress_rules.commitment_progress(milestones, fields["progress"])
        expected[name] = rows[-1].progress if rows else fallback
    return expected
