"""Harvesting another portal's plans with ckanext-harvest's own machinery: a harvest
source of type ``opendataplan`` and jobs run by `ckan harvester run-test`. The other
portal is this test portal's own export of a regional plan, saved to a folder, served
over HTTP, and purged here: after the harvest this portal serves the same figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ckan.model as model
import pytest
from ckan.common import config
from ckan.logic import ValidationError
from ckan.tests import factories, helpers

from ckanext.opendataplan.model.progress_snapshot import ProgressSnapshot
from tests.federation import harvesting as h
from tests.federation.test_profile import edit_rows
from tests.federation.test_reader import said

pytestmark = pytest.mark.usefixtures("with_plugins")

# What differs between the two portals' files by design: the institution (the source's
# organization there, the configured one here), the report (a report of the source is
# not copied) and the history entry's identifier (this portal's own, stable).
LOCAL_COLUMNS = {"institution", "report", "entry", "source", "source_portal", "source_link"}


@pytest.fixture(scope="module")
def world(portal_app: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    with h.harvesting(portal_app, tmp_path_factory) as found, h.Served(found["folder"]) as server:
        yield {**found, "url": server.url}


def shown(name: str) -> dict[str, Any]:
    return helpers.call_action("package_show", {"ignore_auth": True}, id=name)


def exported(app: Any, table: str) -> list[dict[str, str]]:
    from tests.pages.test_export import rows

    return rows(app, table)


def same_figures(app: Any, path: Path) -> None:
    for table in ("plans", "commitments", "milestones", "indicators", "history"):
        there = h.csv_rows(path, table)
        here = exported(app, table)
        assert len(here) == len(there) > 0, table
        for mine, theirs in zip(here, there):
            assert {k: v for k, v in mine.items() if k not in LOCAL_COLUMNS} == {
                k: v for k, v in theirs.items() if k not in LOCAL_COLUMNS
            }, table


def test_a_source_names_an_organization_of_this_portal(world):
    with pytest.raises(ValidationError) as raised:
        h.create_source(world["admin"], world["url"], "no-such-org", name="wrong")
    assert "config" in raised.value.error_dict


def test_a_harvest_job_brings_the_plan_with_its_figures_and_marks(app, world):
    h.create_source(world["admin"], world["url"], world["org"]["name"])

    h.run_job(world["ini"])

    assert h.last_job_errors() == {"gather": [], "objects": []}
    assert h.last_job_statuses() == ["added"]
    plan = shown("regional-plan")
    commitment = shown("region-c1")
    for package in (plan, commitment):
        assert package["owner_org"] == world["org"]["id"]
        assert package["federation_source"] == h.SOURCE
        assert package["federation_portal_url"] == "http://test.ckan.net"
        assert package["federation_harvested"]
    assert commitment["federation_link"].endswith("/commitment/region-c1")
    assert commitment["plan"] == plan["id"]
    same_figures(app, world["path"])
    # each figure keeps the date its source gave it
    dates = sorted(s.date.isoformat() for s in _snapshots("region-c1"))
    history = h.csv_rows(world["path"], "history")
    assert dates == sorted(r["date"] for r in history if r["commitment"] == "region-c1")


def _snapshots(name: str) -> list[ProgressSnapshot]:
    package = model.Package.get(name)
    return (
        model.Session.query(ProgressSnapshot)
        .filter(ProgressSnapshot.commitment_id == package.id, ProgressSnapshot.withdrawn.is_(False))
        .all()
    )


def test_a_second_harvest_adds_only_the_new_history_rows(app, world):
    before = {s.id for s in _snapshots("region-c2")}
    edit_rows(world["path"], "history", lambda rows: [*rows, _new_entry(rows)])
    h.set_cells(
        world["path"],
        "commitments",
        ("commitment", "region-c2"),
        progress="45",
        completion_level=_level(45),
        measured_on="2021-03-01",
    )
    _plan_progress(world["path"])

    h.run_job(world["ini"])

    assert h.last_job_errors() == {"gather": [], "objects": []}
    assert h.last_job_statuses() == ["updated"]
    after = _snapshots("region-c2")
    assert len(after) == len(before) + 1
    assert {s.id for s in after} > before
    assert shown("region-c2")["progress"] == 45
    same_figures(app, world["path"])


def _new_entry(rows: list[list[str]]) -> list[str]:
    # commitment, date, progress, completion_level, source, report, recorded_at, entry
    return [
        *("region-c2", "2021-03-01", "45", _level(45), "report", ""),
        *("2021-03-02T10:00:00", "new-entry-1"),
    ]


def test_a_harvest_of_an_unchanged_source_saves_nothing_again(world):
    before = model.Package.get("regional-plan").metadata_modified

    h.run_job(world["ini"])

    assert h.last_job_errors() == {"gather": [], "objects": []}
    assert h.last_job_statuses() == ["not modified"]
    assert model.Package.get("regional-plan").metadata_modified == before


def _level(value: int) -> str:
    from ckanext.opendataplan.domain import progress
    from ckanext.opendataplan.progress import rollup

    return progress.completion_level(value, rollup.bands())


def _plan_progress(path: Path) -> None:
    """The source's plan figure after the new report (what its export would say)."""
    from ckanext.opendataplan.domain import progress

    commitments = h.csv_rows(path, "commitments")
    parts = [(int(c["progress"]), float(c["weight"]) if c["weight"] else None) for c in commitments]
    figure = progress.coverage(parts)["progress"]
    h.set_cells(path, "plans", ("plan", "regional-plan"), progress=str(figure))


def test_harvested_pages_say_where_to_edit_them(app, world):
    from bs4 import BeautifulSoup

    from tests.signing import signed_in

    headers = signed_in(world["admin"])
    for page in ("/plan/regional-plan", "/commitment/region-c1", "/plan/edit/regional-plan"):
        html = BeautifulSoup(app.get(page, headers=headers).data, "html.parser")
        notice = html.select_one(".opendataplan-harvested")
        assert notice is not None, page
        link = notice.select_one("a")
        assert link["href"].startswith("http://test.ckan.net/")
        # the source portal's title, as its descriptor gives it
        assert link.text == config["ckan.site_title"]
        assert not html.select("form#dataset-edit, .opendataplan-page__actions"), page
    # its reports are kept at the source: the plan says where, not that there are none
    reports = BeautifulSoup(app.get("/en/plan/regional-plan").data, "html.parser")
    section = reports.select_one(".opendataplan-reports")
    assert "Its progress reports are published where the plan is kept" in section.text
    assert section.select_one("a[rel=external]")["href"].startswith("http://test.ckan.net/")
    assert "No progress report" not in section.text


def test_harvested_objects_are_read_only_here(world):
    admin = world["admin"]
    for name in ("regional-plan", "region-c1"):
        with pytest.raises(ValidationError) as raised:
            helpers.call_action("package_patch", {"user": admin["name"]}, id=name, notes="x")
        assert "harvested" in str(raised.value.error_dict).lower()
        with pytest.raises(ValidationError):
            helpers.call_action("package_delete", {"user": admin["name"]}, id=name)
    assert model.Package.get("regional-plan").state == "active"


def where(app: Any, table: str, row: int, column: str, problem: str, **values: Any) -> str:
    """An error as the harvester words it (in the portal's language)."""
    return said(
        app,
        "{table}, row {row}, column {column}: {problem}",
        table=table,
        row=row,
        column=column,
        problem=said(app, problem, **values),
    )


def test_a_remote_plan_claiming_a_local_name_is_refused_and_nothing_written(app, world):
    admin = world["admin"]
    own = factories.Organization()
    from tests import factories_odp as f

    f.plan(admin, own, name="local-plan")
    edit_rows(world["path"], "plans", lambda rows: [["local-plan", *rows[0][1:]]])
    edit_rows(
        world["path"], "commitments", lambda rows: [[r[0], "local-plan", *r[2:]] for r in rows]
    )

    h.run_job(world["ini"])

    taken = "{value}: this name is taken here, by this portal or another source"
    assert h.last_job_errors() == {
        "gather": [],
        "objects": [where(app, "plans.csv", 2, "plan", taken, value="local-plan")],
    }
    assert model.Package.get("local-plan").extras.get("federation_source") is None


def test_a_plan_gone_from_the_source_is_withdrawn_not_purged(world):
    # the file now lists only local-plan (refused above): regional-plan is gone there
    h.run_job(world["ini"])

    plan = model.Package.get("regional-plan")
    assert plan.state == "active" and plan.private
    assert all(model.Package.get(n).private for n in ("region-c1", "region-c2"))
    assert _snapshots("region-c1")  # its history is kept


def test_a_hostile_source_is_a_gather_error_naming_file_row_and_column(app, world):
    formula = "=HYPERLINK(1)"
    edit_rows(world["path"], "commitments", lambda rows: [[*rows[0][:2], formula, *rows[0][3:]]])
    count = model.Session.query(model.Package).count()

    h.run_job(world["ini"])

    formula_error = "A spreadsheet would run this cell as a formula"
    assert h.last_job_errors() == {
        "gather": [where(app, "commitments.csv", 2, "number", formula_error)],
        "objects": [],
    }
    assert model.Session.query(model.Package).count() == count
