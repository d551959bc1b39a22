"""The plan-data profile: the open-data export's descriptor declares each table's keys,
the joins between the tables, a licence, the publishing portal and the profile's
version, and the Frictionless validator reads the export as VALID with its foreign keys
checked (and catches a broken one)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import frictionless
import pytest
from bs4 import BeautifulSoup
from ckan.common import config_declaration

from tests.pages.test_export import scene  # noqa: F401 - the export test's plans

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db_once", "scene")

TABLES = ("plans", "commitments", "milestones", "indicators", "history")
PACKAGE = "/progress/open-data/datapackage.json"


def download(app: Any, folder: Path) -> Path:
    """The descriptor and its five CSV files saved side by side, the descriptor's paths
    made the files' names (everything else as the portal serves it)."""
    package = app.get(PACKAGE).json
    for resource in package["resources"]:
        (folder / f"{resource['name']}.csv").write_bytes(app.get(resource["path"]).data)
        resource["path"] = f"{resource['name']}.csv"
    path = folder / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return path


def validate(path: Path) -> frictionless.Report:
    return frictionless.validate(str(path.name), basepath=str(path.parent))


def errors(report: frictionless.Report) -> list[tuple[str, Any, Any, str]]:
    """(table, row, column, error type) of every error the validator found."""
    return [
        (task.name, error.get_defined("row_number"), error.get_defined("field_name"), error.type)
        for task in report.tasks
        for error in task.errors
    ] + [(None, None, None, error.type) for error in report.errors]


def edit_rows(path: Path, table: str, change: Any) -> None:
    """Rewrite one CSV file's rows (a BOM and a header, as the portal writes them)."""
    file = path.parent / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8-sig"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([rows[0], *change(rows[1:])])
    file.write_text("\ufeff" + out.getvalue(), encoding="utf-8")


def test_the_descriptor_declares_the_keys_licence_portal_and_profile(app):
    package = app.get("/en" + PACKAGE).json
    schemas = {resource["name"]: resource["schema"] for resource in package["resources"]}

    assert {name: schema["primaryKey"] for name, schema in schemas.items()} == {
        "plans": ["plan"],
        "commitments": ["commitment"],
        "milestones": ["commitment", "position"],
        "indicators": ["commitment", "position"],
        "history": ["entry"],
    }
    joins = {
        (name, key["fields"][0], key["reference"]["resource"], key["reference"]["fields"][0])
        for name, schema in schemas.items()
        for key in schema["foreignKeys"]
    }
    assert joins == {
        ("commitments", "plan", "plans", "plan"),
        ("milestones", "commitment", "commitments", "commitment"),
        ("indicators", "commitment", "commitments", "commitment"),
        ("history", "commitment", "commitments", "commitment"),
    }
    for name, schema in schemas.items():
        required = [x["name"] for x in schema["fields"] if x.get("constraints", {}).get("required")]
        assert required == schema["primaryKey"], name
    assert package["licenses"] == [
        {"name": "cc-by", "title": "Creative Commons Attribution", "path": _url("cc-by")}
    ]
    portal = {"title": tk.config["ckan.site_title"], "path": tk.config["ckan.site_url"]}
    assert package["contributors"] == [{**portal, "role": "publisher"}]
    assert package["opendataplan"] == {
        "profile": "opendataplan-plan-data",
        "version": "1.1",
        "portal": portal,
    }


def _url(licence_id: str) -> str:
    return f"http://www.opendefinition.org/licenses/{licence_id}"


def test_the_validator_reads_the_export_valid_foreign_keys_checked(app, tmp_path):
    report = validate(download(app, tmp_path))

    assert errors(report) == []
    assert report.valid
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert set(rows) == set(TABLES)
    assert all(rows.values()), rows  # every table has rows: every join was looked up


def test_a_commitment_of_a_plan_not_in_the_plans_table_is_caught(app, tmp_path):
    path = download(app, tmp_path)
    edit_rows(path, "plans", lambda rows: [])

    found = errors(validate(path))

    assert ("commitments", 2, None, "foreign-key") in found
    assert ("commitments", 3, None, "foreign-key") in found


def test_a_history_entry_of_an_unknown_commitment_is_caught(app, tmp_path):
    path = download(app, tmp_path)
    edit_rows(
        path,
        "history",
        lambda rows: [[("c9" if i == 0 else v) for i, v in enumerate(rows[0])]] + rows[1:],
    )

    assert errors(validate(path)) == [("history", 2, None, "foreign-key")]


def test_a_repeated_key_and_an_empty_key_are_caught(app, tmp_path):
    path = download(app, tmp_path)
    edit_rows(path, "milestones", lambda rows: [rows[0], rows[0], *rows[1:]])
    edit_rows(path, "history", lambda rows: [[*rows[0][:-1], ""], *rows[1:]])

    found = errors(validate(path))

    assert ("milestones", 3, None, "primary-key") in found
    assert ("history", 2, "entry", "constraint-error") in found


@pytest.mark.ckan_config("ckanext.opendataplan.open_data_licence", "odc-odbl")
def test_the_licence_is_the_configured_one(app):
    package = app.get(PACKAGE).json

    assert [licence["name"] for licence in package["licenses"]] == ["odc-odbl"]
    assert package["licenses"][0]["path"] == _url("odc-odbl")


@pytest.mark.parametrize("licence", ["cc-nc", "other-closed", "no-such-licence", ""])
def test_a_licence_that_is_not_open_stops_the_portal(licence):
    config = {**tk.config, "ckanext.opendataplan.open_data_licence": licence}

    _data, problems = config_declaration.validate(config)

    assert list(problems) == ["ckanext.opendataplan.open_data_licence"]
    assert "cc-by" in problems["ckanext.opendataplan.open_data_licence"][0]


def test_the_open_data_page_names_the_licence_and_the_profile_in_arabic(app):
    page = app.get("/ar/progress/open-data").body
    package = app.get("/ar" + PACKAGE).json

    licence = package["licenses"][0]
    assert f'<a href="{licence["path"]}" rel="license">{licence["title"]}</a>' in page
    assert "الرخصة:" in page and "صيغة بيانات الخطط، الإصدار 1.1" in page


def test_the_open_data_page_marks_the_key_columns(app):
    page = BeautifulSoup(app.get("/en/progress/open-data").body, "html.parser")

    def notes(table: str) -> dict[str, list[str]]:
        section = page.find("section", attrs={"aria-labelledby": f"open-data-{table}"})
        return {
            row.code.text: [small.text for small in row.find_all("small")]
            for row in section.tbody.find_all("tr")
        }

    key, commitments = "Part of the key that identifies the row", "Refers to a row of: Commitments"
    assert notes("milestones")["commitment"] == [key, commitments]
    assert notes("milestones")["position"] == [key]
    assert notes("milestones")["title"] == []
    assert notes("commitments")["plan"] == ["Refers to a row of: Plans"]
    assert notes("history")["entry"] == [key]
