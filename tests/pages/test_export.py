"""The plans as open data: five files with stable columns and a data dictionary, with
the figures the progress pages show, and nothing private."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.pages.downloads import csv_rows

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db_once")

TABLES = ("plans", "commitments", "milestones", "indicators", "history")


@pytest.fixture(scope="module")
def scene(clean_db_once: None) -> dict[str, Any]:
    from ckan.tests import factories

    admin = factories.Sysadmin()
    org = factories.Organization(name="institution")
    plan = f.plan(admin, org)
    indicator = {"title": "Datasets", "unit": "datasets", "baseline": 10, "target": 50}
    first = f.commitment(
        admin, plan, org, name="c1", milestones=f.milestones(), indicators=[indicator]
    )
    second = f.commitment(admin, plan, org, name="c2", number="5", weight=3)
    hidden = f.commitment(admin, plan, org, name="c-hidden", number="6", private=True)
    f.report(admin, plan, [{"commitment": first["id"], "progress": 60}], name="r1")
    f.report(
        admin,
        plan,
        [{"commitment": first["id"], "progress": 80}, {"commitment": second["id"], "progress": 20}],
        name="r2",
        meeting_date="2020-08-20",
    )
    draft = f.plan(admin, org, name="draft-plan", private=True)
    return {"plan": plan, "first": first, "second": second, "hidden": hidden, "draft": draft}


def rows(app, table: str) -> list[dict[str, str]]:
    return csv_rows(app.get(f"/progress/open-data/{table}.csv"))


def test_every_file_has_the_columns_its_dictionary_describes(app, scene):
    package = app.get("/progress/open-data/datapackage.json").json

    assert [resource["name"] for resource in package["resources"]] == list(TABLES)
    for resource in package["resources"]:
        described = [field["name"] for field in resource["schema"]["fields"]]
        header = next(csv.reader(io.StringIO(app.get(resource["path"]).data.decode("utf-8-sig"))))
        assert header == described
        assert all(field["description"] for field in resource["schema"]["fields"])
        json_rows = app.get(resource["path"].replace(".csv", ".json")).json
        assert all(list(row) == described for row in json_rows)


def test_the_figures_are_the_pages_figures(app, scene):
    shown = helpers.call_action("opendataplan_plan_progress", id=scene["plan"]["id"])
    plans = {row["plan"]: row for row in rows(app, "plans")}
    commitments = {row["commitment"]: row for row in rows(app, "commitments")}

    assert set(plans) == {scene["plan"]["name"]}
    assert int(plans[scene["plan"]["name"]]["progress"]) == shown["progress"]
    assert set(commitments) == {"c1", "c2"}
    assert commitments["c2"]["weight"] == "3"
    served = {
        row["commitment"]: row for row in app.get("/progress/open-data/commitments.json").json
    }
    assert served["c2"]["weight"] == 3  # a number, as the descriptor declares
    for row in shown["commitments"]:
        exported = commitments[row["name"]]
        assert (int(exported["progress"]), exported["completion_level"]) == (
            row["progress"],
            row["completion_level"],
        )
        history = helpers.call_action("opendataplan_progress_history", id=row["name"])
        latest = max(history, key=lambda h: (h["date"], h["recorded_at"]))
        assert exported["measured_on"] == latest["date"]


def test_the_nested_tables_and_the_history(app, scene):
    milestones = rows(app, "milestones")
    assert [(m["commitment"], m["position"]) for m in milestones][:2] == [("c1", "1"), ("c1", "2")]
    assert len(milestones) == len(f.milestones())
    assert rows(app, "indicators")[0]["target"] == "50"

    history = [
        (h["commitment"], h["date"], h["progress"], h["report"]) for h in rows(app, "history")
    ]
    assert ("c1", "2020-07-15", "60", "r1") in history
    assert ("c1", "2020-08-20", "80", "r2") in history
    assert ("c2", "2020-08-20", "20", "r2") in history


@pytest.mark.parametrize("table", TABLES)
def test_nothing_private_is_exported(app, scene, table):
    body = app.get(f"/progress/open-data/{table}.json").data.decode()

    assert "c-hidden" not in body and "draft-plan" not in body
    assert scene["hidden"]["id"] not in body


def test_the_open_data_page_describes_each_file_in_arabic(app, scene):
    page = app.get("/ar/progress/open-data")

    assert page.status_code == 200
    for table in TABLES:
        assert f"/progress/open-data/{table}.csv" in page.body
    assert "نص" in page.body or "عدد" in page.body
    assert "/progress/open-data" in app.get("/ar/progress").body
