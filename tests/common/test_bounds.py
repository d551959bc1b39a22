"""Figures stay inside their bounds: weights, progress, amounts, and the imports."""

from __future__ import annotations

import io
import json

import ckan.model as model
import pytest
from ckan.tests import helpers
from openpyxl import Workbook

from ckanext.opendataplan.inventory import spreadsheet
from tests import factories_odp as f
from tests.marks import ReadOnlyStartingPoint, portal

pytestmark = portal


def api(app, action: str, token: str, **data) -> dict:
    response = app.post(
        f"/en/api/3/action/{action}",
        data=json.dumps(data),
        headers={"Authorization": token, "Content-Type": "application/json"},
    )
    assert response.status_code != 500, response.body[:300]
    return response.json


def make_token(admin: dict) -> str:
    return f.factories.APIToken(user=admin["name"])["token"]


@pytest.fixture
def token(admin) -> str:
    return make_token(admin)


class RefusedWrites(ReadOnlyStartingPoint):
    """Tests whose every write is refused: one plan and one token for the whole class."""

    @pytest.fixture(scope="class")
    def token(self, admin: dict) -> str:
        return make_token(admin)


class TestWeights(RefusedWrites):
    @pytest.fixture(scope="class", autouse=True)
    def c1(self, admin: dict, org: dict, plan: dict) -> dict:
        return f.commitment(admin, plan, org, name="c1", milestones=f.milestones()[:2])

    @pytest.mark.parametrize("weight", [-1, 0, 1001, 1e306, float("inf"), float("nan"), "heavy"])
    def test_weights_are_finite_positive_and_at_most_1000(self, app, token, weight):
        milestones = [{**m, "weight": weight} for m in f.milestones()[:2]]
        answer = api(app, "package_patch", token, id="c1", milestones=milestones)
        assert "milestones" in answer["error"]
        answer = api(app, "package_patch", token, id="c1", weight=weight)
        assert answer["error"]["weight"] == ["A weight is a number above 0 and at most 1000"]


class TestProgressAndDates(RefusedWrites):
    @pytest.fixture(scope="class", autouse=True)
    def c1(self, admin: dict, org: dict, plan: dict) -> dict:
        return f.commitment(admin, plan, org, name="c1")

    @pytest.mark.parametrize("value", [101, -1, 50.5, float("inf"), "1e309", "٥٠", True])
    def test_progress_is_a_whole_percent(self, app, token, value):
        answer = api(app, "package_patch", token, id="c1", progress=value)
        assert answer["error"]["progress"] == ["Progress must be a whole number between 0 and 100"]

    def test_dates_a_chart_cannot_draw_are_refused(self, app, token):
        milestones = [{"title": "m", "start_date": "2020-01-01", "end_date": "9999-12-31"}]
        answer = api(app, "package_patch", token, id="c1", milestones=milestones)
        assert "milestones" in answer["error"]
        assert app.get("/en/commitment/c1").status_code == 200


class TestRefusedCreatesAndIds(RefusedWrites):
    @pytest.mark.parametrize("amount", [1e16, float("-inf"), "١٠٠"])
    def test_amounts_are_finite_and_bounded(self, app, org, token, amount):
        answer = api(
            app,
            "package_create",
            token,
            type="plan",
            name="annual",
            owner_org=org["id"],
            title_translated={"en": "Annual plan"},
            plan_kind="institutional_annual",
            period_start="2024-01-01",
            period_end="2024-12-31",
            version_status="draft",
            budget_lines=[{"activity": "Training", "amount": amount}],
        )
        assert "budget_lines" in answer["error"]

    @pytest.mark.parametrize(
        "field, value",
        [("owner_org", {"a": 1}), ("owner_org", "a\x00b"), ("tag_string", 5), ("name", "\ud800")],
    )
    def test_what_ckan_reads_before_validation_is_refused_on_its_field(
        self, app, org, token, field, value
    ):
        data = {
            "type": "dataset",
            "name": "shapes",
            "title": "Shapes",
            "owner_org": org["id"],
            field: value,
        }
        answer = api(app, "package_create", token, **data)
        assert field in answer["error"]

    @pytest.mark.parametrize("action", ["package_patch", "package_delete", "package_update"])
    def test_bad_ids_are_field_errors(self, app, token, action):
        answer = api(app, action, token, id="a\x00b")
        assert "id" in answer["error"]


def test_figures_stay_in_bounds_with_weights_stored_before_the_checks(app, admin, org, plan):
    """Old rows with weights of 1e306 and -1: every page answers and progress is 0-100."""
    f.commitment(admin, plan, org, name="c1", milestones=f.milestones()[:2], progress=50)
    f.commitment(admin, plan, org, name="c2", progress=80)
    bad = [{**m, "weight": w} for m, w in zip(f.milestones()[:2], (1e306, -1))]
    for name, key, value in (("c1", "milestones", json.dumps(bad)), ("c2", "weight", "1e306")):
        model.Package.get(name).extras[key] = value  # past the validators, as old rows are
    model.Session.commit()

    for url in ("/progress", "/progress.json", "/progress.csv", f"/organization/{org['name']}"):
        assert app.get(url).status_code == 200, url
    figures = helpers.call_action("opendataplan_plan_progress", id=plan["id"])
    assert all(0 <= c["progress"] <= 100 for c in figures["commitments"])
    assert 0 <= figures["progress"] <= 100
    overview = app.get("/progress.json").json
    assert all(0 <= p["progress"] <= 100 for p in overview["plans"])


# Imports: bounded before they are parsed


class Upload(io.BytesIO):
    def __init__(self, content: bytes, filename: str) -> None:
        super().__init__(content)
        self.filename = filename


def _import(admin, inventory, content: bytes, filename: str) -> dict:
    return f.import_outcome(admin, inventory, Upload(content, filename))


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "items"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.ckan_config("ckanext.opendataplan.import_max_rows", 5)
def test_a_file_with_too_many_rows_is_refused(admin, inventory):
    rows = [["reference", "title_en"]] + [[f"R{n}", "Item"] for n in range(6)]
    for content, name in (
        (_xlsx(rows), "items.xlsx"),
        (b"\n".join(b",".join(r.encode() for r in row) for row in rows), "items.csv"),
    ):
        result = _import(admin, inventory, content, name)
        assert result["errors"][0]["message"] == "The file has more than 5 rows"
    assert helpers.call_action("opendataplan_inventory_item_list", inventory=inventory["id"]) == []


@pytest.mark.ckan_config("ckanext.opendataplan.import_max_bytes", 1000)
def test_a_file_too_large_is_refused_unread(admin, inventory):
    result = _import(admin, inventory, b"reference,title_en\n" + b"R,x\n" * 400, "items.csv")
    assert result["errors"][0]["message"] == "The file is larger than 1000 bytes"


def test_a_long_cell_is_reported_with_its_row_and_column(admin, inventory):
    content = "reference,title_en\nR1,ok\nR2,{}\n".format("x" * 130_000).encode()
    result = _import(admin, inventory, content, "items.csv")
    assert result["errors"] == [
        {"row": 3, "column": "title_en", "message": "At most 20000 characters"}
    ]


def test_a_row_outside_the_declared_dimension_is_read(admin, inventory):
    """A workbook whose <dimension> says A1:B2 but has a third row: the row counts."""
    content = _xlsx([["reference", "title_en"], ["R1", "One"], ["R2", "Two"]])
    patched = _rewrite_dimension(content, "A1:B2")
    result = _import(admin, inventory, patched, "items.xlsx")
    assert (result["created"], result["errors"]) == (2, [])


@pytest.mark.ckan_config("ckanext.opendataplan.import_max_rows", 100)
def test_a_workbook_declaring_300000_rows_is_refused_before_reading(admin, inventory):
    content = _rewrite_dimension(_xlsx([["reference", "title_en"]]), "A1:B300000")
    result = _import(admin, inventory, content, "items.xlsx")
    assert result["errors"][0]["message"] == "The file has more than 100 rows"


def _rewrite_dimension(content: bytes, dimension: str) -> bytes:
    import re
    import zipfile

    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for member in old.infolist():
            data = old.read(member.filename)
            if member.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data
                )
            new.writestr(member, data)
    return target.getvalue()


def test_import_limits_are_declared():
    assert set(spreadsheet.limits()) == {"bytes", "rows", "cell_length"}


def test_long_arabic_texts_are_indexed_and_searchable(admin, org, plan):
    """20,000 Arabic characters are 40 KB: over Solr's limit for one string term."""
    problem = "البيانات المفتوحة " * 1100
    f.commitment(admin, plan, org, name="long", problem=problem[:20000], number="ر" * 500)
    found = helpers.call_action("package_search", q="المفتوحة", fq="dataset_type:commitment")
    assert [c["name"] for c in found["results"]] == ["long"]


def test_indicator_scopes_are_escaped_in_the_live_count(app, admin, org, plan, token):
    indicator = {
        "title": "I",
        "source": "portal_datasets",
        "scope_organization": "a\\\\",
        "scope_tag": 'b"',
    }
    f.commitment(admin, plan, org, name="c1")
    answer = api(app, "package_patch", token, id="c1", indicators=[indicator])
    assert answer["success"], answer
    assert answer["result"]["indicators"][0]["live_current"] == 0


@pytest.mark.parametrize("damage", ["truncated", "compression"])
def test_a_damaged_workbook_is_a_file_error(admin, inventory, damage):
    import zipfile

    content = _xlsx([["reference", "title_en"], ["R1", "One"]])
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for member in old.infolist():
            data = old.read(member.filename)
            if member.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2] if damage == "truncated" else data
                if damage == "compression":
                    member.compress_type = zipfile.ZIP_DEFLATED
            new.writestr(member, data)
    raw = bytearray(target.getvalue())
    if damage == "compression":  # an unknown compression method (9) in every header
        raw = raw.replace(
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00", b"PK\x03\x04\x14\x00\x00\x00\x09\x00"
        )
        raw = raw.replace(
            b"PK\x01\x02\x14\x03\x14\x00\x00\x00\x08\x00",
            b"PK\x01\x02\x14\x03\x14\x00\x00\x00\x09\x00",
        )
    result = _import(admin, inventory, bytes(raw), "items.xlsx")
    assert result["errors"][0]["column"] == "upload"


def test_a_workbook_with_malformed_xml_is_refused_as_unreadable(admin, inventory):
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_xlsx([["reference", "title_en"], ["R1", "One"]])))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        for member in source.infolist():
            body = source.read(member)
            archive.writestr(
                member, b"<not xml" if member.filename == "[Content_Types].xml" else body
            )

    result = _import(admin, inventory, damaged.getvalue(), "items.xlsx")

    assert result["errors"][0]["column"] == "upload"
    assert helpers.call_action("opendataplan_inventory_item_list", inventory=inventory["id"]) == []
