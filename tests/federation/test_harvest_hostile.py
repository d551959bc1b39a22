"""Hostile and broken sources, harvested by ckanext-harvest's own command: each is an
error in the job's report (a gather error, or the plan's object error) that names the
file, row and column, and nothing is half-written here. The source is files served
over HTTP (a regional plan exported by this test portal, then purged here)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ckan.model as model
import pytest
from ckan.logic import ValidationError
from ckan.tests import factories, helpers
from ckanext.harvest.model import HarvestSource

from ckanext.opendataplan.model.progress_snapshot import ProgressSnapshot
from tests.federation import harvesting as h
from tests.federation.test_harvester import where
from tests.federation.test_reader import Files, said

pytestmark = pytest.mark.usefixtures("with_plugins")

PLACE = "{table}, row {row}, column {column}: {problem}"
MAX_BYTES = 100_000
TIMEOUT = 2


@pytest.fixture(scope="module")
def world(portal_app: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    settings = {
        "ckanext.opendataplan.federation_max_bytes": MAX_BYTES,
        "ckanext.opendataplan.federation_timeout": TIMEOUT,
    }
    served = tmp_path_factory.mktemp("served")
    with (
        h.harvesting(portal_app, tmp_path_factory, **settings) as found,
        h.Served(served) as server,
    ):
        h.create_source(found["admin"], server.url, found["org"]["name"])
        yield {**found, "pristine": found["folder"], "served": served, "url": server.url}


@pytest.fixture
def source(world: dict) -> Path:
    """A fresh copy of the regional export in the served folder; its descriptor."""
    Files.slow = ()
    shutil.rmtree(world["served"])
    shutil.copytree(world["pristine"], world["served"])
    return world["served"] / "datapackage.json"


def harvested_nothing() -> bool:
    """No plan or commitment here, and no history but the purged source's own."""
    found = model.Session.query(model.Package).filter(
        model.Package.type.in_(("plan", "commitment"))
    )
    written = model.Session.query(ProgressSnapshot).filter(
        ProgressSnapshot.commitment_id.in_(model.Session.query(model.Package.id))
    )
    return found.count() == 0 and written.count() == 0


def rewrite(path: Path, table: str, change: Callable[[list[list[str]]], list[list[str]]]) -> None:
    """Rewrite a table's file, its header included."""
    file = path.parent / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8-sig"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(change(rows))
    file.write_text("\ufeff" + out.getvalue(), encoding="utf-8")


def without(column: int) -> Callable[[list[list[str]]], list[list[str]]]:
    return lambda rows: [row[:column] + row[column + 1 :] for row in rows]


def with_cell(row: int, column: int, value: str) -> Callable[[list[list[str]]], list[list[str]]]:
    def change(rows: list[list[str]]) -> list[list[str]]:
        rows[row - 1][column] = value
        return rows

    return change


# case: (table, change of its rows, message, values, where: (file, row, column) or None)
CASES: dict[str, tuple] = {
    "a missing column": (
        "plans",
        without(4),  # plan, title_ar, title_fr, title_en, plan_kind
        "This column is missing",
        {},
        ("plans.csv", 1, "plan_kind"),
    ),
    "an extra column": (
        "commitments",
        lambda rows: [[*rows[0], "secret"], *[[*row, "x"] for row in rows[1:]]],
        "This column is not in the plan-data profile",
        {},
        ("commitments.csv", 1, "secret"),
    ),
    "a wrong type": (
        "plans",
        with_cell(2, 6, "yesterday"),  # period_start
        "Not a date (YYYY-MM-DD)",
        {},
        ("plans.csv", 2, "period_start"),
    ),
    "a formula-like cell": (
        "milestones",
        with_cell(3, 2, '=HYPERLINK("http://x")'),  # title
        "A spreadsheet would run this cell as a formula",
        {},
        ("milestones.csv", 3, "title"),
    ),
    "an oversized file": (
        "history",
        lambda rows: [*rows, *[rows[1]] * (MAX_BYTES // 50)],
        "{file}: larger than {limit} bytes",
        {"file": "history.csv", "limit": MAX_BYTES},
        None,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_broken_table_is_a_gather_error_and_nothing_is_written(app, world, source, case):
    table, change, message, values, place = CASES[case]
    rewrite(source, table, change)

    h.run_job(world["ini"])

    expected = where(app, *place, message, **values) if place else said(app, message, **values)
    assert h.last_job_errors() == {"gather": [expected], "objects": []}
    assert harvested_nothing()


def test_a_malformed_descriptor_is_a_gather_error(app, world, source):
    source.write_text('{"opendataplan": ', encoding="utf-8")

    h.run_job(world["ini"])

    expected = said(app, "datapackage.json: not a JSON document")
    assert h.last_job_errors() == {"gather": [expected], "objects": []}
    assert harvested_nothing()


def test_a_source_that_does_not_answer_in_time_is_a_gather_error(app, world, source):
    Files.slow = ("commitments.csv",)

    h.run_job(world["ini"])

    message = "{file}: the source did not answer within {seconds} s"
    expected = said(app, message, file="commitments.csv", seconds=TIMEOUT)
    assert h.last_job_errors() == {"gather": [expected], "objects": []}
    assert harvested_nothing()


def test_a_plan_that_fails_half_way_writes_nothing(app, world, source):
    # the plan and its first commitment are valid; the milestone's status is not
    rewrite(source, "milestones", with_cell(2, 5, "finished"))

    h.run_job(world["ini"])

    errors = h.last_job_errors()
    assert errors["gather"] == [] and len(errors["objects"]) == 1
    place = {"table": "commitments.csv", "row": 2, "column": "milestones", "problem": ""}
    assert errors["objects"][0].startswith(said(app, PLACE, **place).strip())
    assert harvested_nothing()
    found = app.get("/api/3/action/package_search?q=name:regional-plan").json["result"]
    assert found["count"] == 0


def _portal(descriptor_file: Path, **portal: str) -> None:
    descriptor = json.loads(descriptor_file.read_text(encoding="utf-8-sig"))
    descriptor["opendataplan"]["portal"].update(portal)
    descriptor_file.write_text(json.dumps(descriptor), encoding="utf-8")


def test_a_portal_address_that_is_not_a_web_page_is_a_gather_error(app, world, source):
    address = "javascript:alert(document.domain)//"
    _portal(source, path=address)

    h.run_job(world["ini"])

    expected = said(app, "datapackage.json: {address} is not a web address", address=address)
    assert h.last_job_errors() == {"gather": [expected], "objects": []}
    assert harvested_nothing()


def test_a_portal_title_with_direction_controls_is_a_gather_error(app, world, source):
    _portal(source, title="\u202eRegion\u202c")

    h.run_job(world["ini"])

    message = "datapackage.json: invisible characters that change how the text reads"
    assert h.last_job_errors() == {"gather": [said(app, message)], "objects": []}
    assert harvested_nothing()


def test_a_history_row_dated_after_today_writes_nothing(app, world, source):
    def later(rows: list[list[str]]) -> list[list[str]]:
        rows[1][rows[0].index("date")] = "2099-12-31"
        return rows

    rewrite(source, "history", later)

    h.run_job(world["ini"])

    errors = h.last_job_errors()
    assert errors["gather"] == [] and len(errors["objects"]) == 1
    assert errors["objects"][0] == where(app, "history.csv", 2, "date", "After today")
    assert harvested_nothing()


def test_a_source_passes_the_same_checks_however_it_is_changed(world):
    owner = factories.User()
    helpers.call_action(
        "organization_member_create",
        id=world["org"]["id"],
        username=owner["name"],
        role="admin",
    )
    elsewhere = factories.Organization()
    user = {"user": owner["name"], "ignore_auth": False}
    config = f'{{"organization": "{elsewhere["name"]}"}}'
    for action in ("harvest_source_patch", "package_patch"):
        with pytest.raises(ValidationError):
            helpers.call_action(action, dict(user), id=h.SOURCE, config=config)
        kept = model.Session.query(HarvestSource).get(model.Package.get(h.SOURCE).id)
        assert world["org"]["name"] in kept.config, action
    # the source's own fields as CKAN shows them, only the organization changed
    shown = helpers.call_action("harvest_source_show", id=h.SOURCE)
    with pytest.raises(ValidationError) as raised:
        helpers.call_action("package_update", dict(user), **{**shown, "config": config})
    assert "config" in raised.value.error_dict
    with pytest.raises(ValidationError) as raised:
        h.create_source(world["admin"], world["url"], world["org"]["name"], name="local")
    assert "name" in raised.value.error_dict
    with pytest.raises(ValidationError) as raised:
        h.create_source(world["admin"], "file:///etc/passwd", world["org"]["name"], name="f")
    assert "url" in raised.value.error_dict


# last: it leaves the harvested plan in place
def test_a_plan_of_another_source_is_not_taken_over(app, world, source):
    h.run_job(world["ini"])
    assert model.Package.get("regional-plan").extras["federation_source"] == h.SOURCE
    # the same files, owned by another organization here: another source
    other = factories.Organization(name="other-copy")
    h.create_source(world["admin"], world["url"], other["name"], name="copy")

    h.run_job(world["ini"], "copy")

    taken = "{value}: this name is taken here, by this portal or another source"
    expected = where(app, "plans.csv", 2, "plan", taken, value="regional-plan")
    assert h.last_job_errors("copy") == {"gather": [], "objects": [expected]}
    assert model.Package.get("regional-plan").extras["federation_source"] == h.SOURCE
