"""Hostile input, generated (Hypothesis): every field of every action the plugin adds or
extends, and every query parameter of its pages, gets bad values. Never a 500; the
error names the field; nothing is written.

``HYPOTHESIS_EXAMPLES`` sets the number of examples per test (``make test``: 10); run
``HYPOTHESIS_EXAMPLES=500 make test PYTEST_ARGS=tests/common/test_hostile_input.py`` to
search longer.
"""

from __future__ import annotations

import io
import json
import os
from typing import Any

import ckan.model as model
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ckanext.opendataplan.common import packages
from ckanext.opendataplan.model import InventoryItem, ProgressSnapshot
from tests import factories_odp as f
from tests.marks import COORDINATOR

# Every test here checks that bad input writes nothing (``_counts``), so the tests share
# one scene, built once for the module on a clean database and index.
pytestmark = [
    pytest.mark.ckan_config("ckanext.opendataplan.coordinating_bodies", COORDINATOR),
    pytest.mark.usefixtures("with_plugins", "clean_db_once"),
]

FUZZ = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "10")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SCHEMAS = "ckanext/opendataplan/schemas"
TEXT_MAX = 20000

# Values no field accepts.
nul = st.text(max_size=20).map(lambda t: f"{t}\x00{t}")
surrogate = st.sampled_from(["\ud800", "a\udfffb", "\udbff" * 3])
too_long = st.integers(TEXT_MAX + 1, TEXT_MAX + 50).map(lambda n: "x" * n)
non_finite = st.sampled_from([float("inf"), float("-inf"), float("nan")])
# Invisible characters that make a text display as another: bidi embeddings, overrides
# and isolates, DEL and the C1 controls (refused in every text, paragraphs included).
SPOOFING_CONTROLS = [
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    "\x7f",
    "\x85",
    "\x9b",
]
spoofing = st.tuples(
    st.text(max_size=8), st.sampled_from(SPOOFING_CONTROLS), st.text(max_size=8)
).map("".join)
always_bad = st.one_of(nul, surrogate, too_long, non_finite, spoofing)
# Values a one-value field does not accept.
structures = st.one_of(
    st.lists(st.text(max_size=5), min_size=1, max_size=3),
    st.dictionaries(st.text(min_size=1, max_size=5), st.integers(), min_size=1, max_size=2),
)
# Values a number field does not accept.
bad_numbers = st.one_of(
    st.integers(min_value=10**16),
    st.integers(max_value=-(10**16)),
    st.sampled_from(["²", "٣٤", "1e309", "-Infinity", "NaN", "12abc", True]),
)
NUMERIC_PRESETS = {"opendataplan_percent", "opendataplan_number", "opendataplan_weight"}


def _fields(dataset_type: str) -> list[tuple[str | None, str, dict]]:
    """``(parent, name, field)`` of every field and subfield of the type's schema. An
    ordinary dataset keeps CKAN's own schema and CKAN's answers to its own fields (the
    plugin changes none of them): of it, the plugin's two fields, sent at the top level
    and as CKAN's extras (``extras`` as the parent), on create and on patch."""
    if dataset_type == "dataset":
        return [
            (parent, name, {"field_name": name, "names_a_package": True})
            for name in packages.DATASET_FIELDS
            for parent in (None, "extras")
        ]
    with open(f"{SCHEMAS}/{dataset_type}.yaml", encoding="utf-8") as schema:
        fields = yaml.safe_load(schema)["dataset_fields"]
    found = []
    for field in fields:
        if field["field_name"] in ("name", "tag_string"):
            continue  # CKAN's own fields and validators
        subfields = field.get("repeating_subfields")
        found.append((None, field["field_name"], field))
        found.extend((field["field_name"], sub["field_name"], sub) for sub in subfields or [])
    return found


def _bad_values(field: dict) -> st.SearchStrategy:
    if field.get("repeating_subfields"):
        return st.one_of(always_bad, st.integers(), st.lists(st.integers(), min_size=1))
    kinds = [always_bad]
    if field.get("preset") in NUMERIC_PRESETS:
        kinds.append(bad_numbers)
    if field.get("preset") not in ("multiple_checkbox",) and "translated" not in field.get(
        "field_name", ""
    ):
        kinds.append(structures)
    if field.get("names_a_package"):
        kinds.append(st.just(f"no-such-{field['field_name']}"))
    return st.one_of(*kinds)


def _with(base: dict, parent: str | None, name: str, value: Any) -> dict:
    data = json.loads(json.dumps(base))
    if parent == "extras":
        data["extras"] = [{"key": name, "value": value}]
    elif parent is None:
        data[name] = value
    else:
        rows = data.get(parent) or [{}]
        rows[0] = {**rows[0], name: value}
        data[parent] = rows
    return data


def _named(parent: str | None, name: str) -> str:
    """The key the error names: the row's field, or the dataset field sent as an extra."""
    return name if parent in (None, "extras") else parent


def _counts() -> tuple[int, int, int, int]:
    model.Session.remove()
    return (
        model.Session.query(model.Package).count(),
        f.stored_extras(),
        model.Session.query(InventoryItem).count(),
        model.Session.query(ProgressSnapshot).count(),
    )


def _post(app, action: str, data: dict, token: str) -> Any:
    body = json.dumps(data)  # Python writes NaN and Infinity, and CKAN's API reads them
    return app.post(
        f"/api/3/action/{action}",
        data=body,
        headers={"Authorization": token, "Content-Type": "application/json"},
    )


def assert_refused_on(response, field: str) -> None:
    """Not a 500, and a validation error that names the field."""
    assert response.status_code != 500, response.body[:500]
    assert response.status_code == 409, (response.status_code, response.body[:500])
    error = response.json["error"]
    assert field in error, (field, error)


@pytest.fixture(scope="module")
def scene(clean_db_once):
    admin, org = f.factories.Sysadmin(), f.factories.Organization()
    plan = f.plan(admin, org)
    commitment = f.commitment(
        admin, plan, org, name="c1", milestones=f.milestones()[:2], weight=2, number="1"
    )
    inventory = f.inventory(admin, org)
    item = f.item(admin, inventory, reference="I-1")
    dataset = f.factories.Dataset(owner_org=org["id"], name="ordinary")
    report = f.report(admin, plan, [{"commitment": "c1", "progress": 30}], name="meeting")
    token = f.factories.APIToken(user=admin["name"])["token"]
    return {
        "admin": admin,
        "org": org,
        "plan": plan,
        "commitment": commitment,
        "inventory": inventory,
        "item": item,
        "report": report,
        "dataset": dataset,
        "token": token,
    }


def _base(scene: dict, dataset_type: str) -> dict:
    common = {"owner_org": scene["org"]["id"], "title_translated": {"en": "New"}}
    if dataset_type == "plan":
        return {
            **common,
            "type": "plan",
            "name": "fuzz-plan",
            "plan_kind": "ogp_national",
            "period_start": "2020-01-01",
            "period_end": "2021-01-01",
            "version_status": "final",
        }
    if dataset_type == "commitment":
        return {
            **common,
            "type": "commitment",
            "name": "fuzz-commitment",
            "plan": scene["plan"]["id"],
            "milestones": [{"title": "Step", "progress": 10}],
        }
    if dataset_type == "progress_report":
        return {
            "type": "progress_report",
            "name": "fuzz-report",
            "plan": scene["plan"]["id"],
            "meeting_date": "2020-07-15",
            "updates": [{"commitment": "c1", "progress": 40}],
        }
    if dataset_type == "inventory":
        return {
            **common,
            "type": "inventory",
            "name": "fuzz-inventory",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "inventory_status": "in_progress",
        }
    return {
        "type": "dataset",
        "name": "fuzz-dataset",
        "title": "New",
        "owner_org": common["owner_org"],
    }


FIELDS = [
    (dataset_type, parent, name, field)
    for dataset_type in ("plan", "commitment", "progress_report", "inventory", "dataset")
    for parent, name, field in _fields(dataset_type)
]


@pytest.mark.parametrize(
    "dataset_type, parent, name, field",
    FIELDS,
    ids=[f"{t}.{p + '.' if p else ''}{n}" for t, p, n, _ in FIELDS],
)
def test_every_dataset_field_refuses_bad_values(app, scene, dataset_type, parent, name, field):
    """On create, and on update of the stored object (commitment, report, plan)."""
    base = _base(scene, dataset_type)
    stored = {"plan": scene["plan"], "commitment": scene["commitment"]}.get(dataset_type)
    stored = scene["dataset"] if dataset_type == "dataset" else stored
    before = _counts()

    @FUZZ
    @given(value=_bad_values(field))
    def attempt(value: Any) -> None:
        response = _post(app, "package_create", _with(base, parent, name, value), scene["token"])
        assert_refused_on(response, _named(parent, name))
        if stored is not None:
            patch = _with({"id": stored["id"]}, parent, name, value)
            if parent not in (None, "extras"):
                patch[parent] = [{**(stored.get(parent) or [{}])[0], name: value}]
            response = _post(app, "package_patch", patch, scene["token"])
            assert_refused_on(response, _named(parent, name))
        assert _counts() == before

    attempt()


ITEM_FIELDS = {
    "inventory": always_bad | structures,
    "reference": always_bad | structures,
    "title": always_bad | st.lists(st.text(), min_size=1) | st.just({"en": ["list"]}),
    "description": always_bad | st.just({"xx": "unknown language"}),
    "producing_unit": always_bad | structures,
    "theme": always_bad | structures,
    "formats": always_bad | st.just({"a": 1}) | st.just([["nested"]]),
    "electronic": always_bad | structures | st.just("maybe"),
    "open_format": always_bad | structures,
    "restriction": always_bad | structures | st.just("secret"),
    "restriction_other": always_bad | structures,
    "demand": always_bad | bad_numbers | st.integers(min_value=2**31) | st.just(-1),
    "quality": always_bad | bad_numbers | st.just(6),
    "update_frequency": always_bad | structures,
    "planned_publication_date": always_bad | structures | st.just("2024-13-45"),
    "publication_status": always_bad | structures,
    "commitment": always_bad | structures | st.just("no-such-commitment"),
    "milestone": always_bad | bad_numbers | st.just(0),
    "dataset": always_bad | structures | st.just("no-such-dataset"),
}


@pytest.mark.parametrize("field", sorted(ITEM_FIELDS))
def test_every_item_field_refuses_bad_values(app, scene, field):
    before = _counts()
    base = {"inventory": scene["inventory"]["id"], "title": {"en": "Item"}}

    @FUZZ
    @given(value=ITEM_FIELDS[field])
    def attempt(value: Any) -> None:
        create = _post(
            app, "opendataplan_inventory_item_create", {**base, field: value}, scene["token"]
        )
        if field == "inventory":
            assert create.status_code in (404, 409), create.body[:300]
        else:
            assert_refused_on(create, field)
            update = {"id": scene["item"]["id"], field: value}
            assert_refused_on(
                _post(app, "opendataplan_inventory_item_update", update, scene["token"]), field
            )
        assert _counts() == before

    attempt()


READ_ACTIONS = {
    "opendataplan_plan_progress": {"id", "as_of"},
    "opendataplan_progress_history": {"id", "include_withdrawn"},
    "opendataplan_inventory_item_show": {"id"},
    "opendataplan_inventory_item_list": {"inventory", "q", "publication_status", "limit", "offset"},
    "opendataplan_inventory_export": {"inventory"},
}
READ_CASES = [
    (action, param) for action, params in READ_ACTIONS.items() for param in sorted(params)
]


@pytest.mark.parametrize("action, param", READ_CASES)
def test_read_actions_answer_bad_parameters_with_an_error(app, scene, action, param):
    valid = {
        "opendataplan_plan_progress": {"id": scene["plan"]["id"]},
        "opendataplan_progress_history": {"id": scene["commitment"]["id"]},
        "opendataplan_inventory_item_show": {"id": scene["item"]["id"]},
        "opendataplan_inventory_item_list": {"inventory": scene["inventory"]["id"]},
        "opendataplan_inventory_export": {"inventory": scene["inventory"]["id"]},
    }[action]

    # a text and a yes/no parameter take no number test (``True`` is a valid yes/no)
    textual = param in ("q", "include_withdrawn")
    values = always_bad | structures if textual else always_bad | structures | bad_numbers

    @FUZZ
    @given(value=values)
    def attempt(value: Any) -> None:
        response = _post(app, action, {**valid, param: value}, scene["token"])
        assert response.status_code in (404, 409), (response.status_code, response.body[:300])
        if response.status_code == 409:
            assert param in response.json["error"]

    attempt()


page_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["²", "٢٠٢٠", "99999999999999999999", "-1", "2020", "\x00", "%00"]),
)


def test_page_query_parameters_never_give_a_500(app, scene):
    pages = [
        ("/progress", ("kind", "institution", "year", "drafts")),
        ("/progress.json", ("kind", "institution", "year", "drafts")),
        ("/progress.csv", ("year",)),
        ("/progress/late", ("plan", "institution", "kind", "sort", "page")),
        ("/progress/late.csv", ("plan", "institution", "kind", "sort")),
        ("/progress/institutions", ("kind", "sort")),
        ("/progress/institutions.json", ("kind", "sort")),
        (f"/inventory/{scene['inventory']['name']}", ("page",)),
        ("/commitment/new", ("plan",)),
        ("/progress_report/new", ("plan",)),
    ]
    headers = {"Authorization": scene["token"]}

    @FUZZ
    @given(value=page_values, page=st.sampled_from(pages), data=st.data())
    def attempt(value: str, page: tuple, data: Any) -> None:
        param = data.draw(st.sampled_from(page[1]))
        response = app.get(page[0], query_string={param: value}, headers=headers)
        assert response.status_code in (200, 400), (page[0], param, value, response.status_code)
        if response.status_code == 400:
            assert param in response.body

    attempt()


@pytest.mark.parametrize(
    "path", ["/plan/{}", "/commitment/{}", "/embed/plan/{}", "/progress/plan/{}.csv"]
)
def test_page_names_never_give_a_500(app, path):
    # "new" names the create form, which anonymous readers may not open (CKAN's 403)
    names = st.text(min_size=1, max_size=200).filter(lambda n: n.replace("/", "") != "new")

    @FUZZ
    @given(name=st.one_of(names, st.just("a\x00b"), st.just("x" * 300)))
    def attempt(name: str) -> None:
        response = app.get(path.format(name.replace("/", "")))
        assert response.status_code in (200, 404), (name, response.status_code)

    attempt()


def _csv_upload(rows: list[list[str]]) -> Any:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows([["reference", "title_en", "demand", "quality"], *rows])
    upload = io.BytesIO(buffer.getvalue().encode("utf-8", "surrogatepass"))
    upload.filename = "items.csv"
    return upload


def test_import_reports_every_bad_cell_by_row_and_column(scene):
    """Files with at least one bad cell among random ones: every error has its row and
    column, and nothing is written."""
    before = _counts()
    cells = st.text(max_size=20)
    bad_demand = st.sampled_from(["99999999999", "-5", "²", "1e309", "NaN", "x" * 25000])

    @FUZZ
    @given(
        rows=st.lists(st.lists(cells, min_size=4, max_size=4), min_size=1, max_size=4),
        bad=bad_demand,
        at=st.integers(0, 3),
    )
    def attempt(rows: list[list[str]], bad: str, at: int) -> None:
        row = rows[at % len(rows)]
        row[2] = bad
        if row[0].startswith("#"):  # a row of notes, which the import skips
            row[0] = f"r{row[0]}"
        result = f.import_outcome(scene["admin"], scene["inventory"], _csv_upload(rows))
        assert result["errors"], rows
        assert all(error["row"] and error["column"] for error in result["errors"])
        assert _counts() == before

    attempt()
