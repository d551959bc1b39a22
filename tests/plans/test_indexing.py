"""The search index carries plan, progress and completion level, in every language."""

from __future__ import annotations

import datetime as dt

import pytest
from ckan.logic import ValidationError
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import ReadOnlyStartingPoint, portal

pytestmark = portal


def add_commitments(admin: dict, org: dict, plan: dict) -> tuple[dict, dict, dict]:
    f.commitment(
        admin,
        plan,
        org,
        name="limited-one",
        progress=20,
        title_translated={"fr": "Budget citoyen", "ar": "الميزانية المواطنة"},
    )
    f.commitment(
        admin,
        plan,
        org,
        name="complete-one",
        progress=100,
        milestones=[{"title": "Hackathon national", "status": "complete", "progress": 100}],
    )
    return admin, org, plan


@pytest.fixture
def plan_with_commitments(admin, org, plan):
    return add_commitments(admin, org, plan)


class SharedPlan(ReadOnlyStartingPoint):
    """Tests that only read: one plan with its commitments for the whole class."""

    @pytest.fixture(scope="class")
    def plan_with_commitments(self, admin: dict, org: dict, plan: dict) -> tuple[dict, dict, dict]:
        return add_commitments(admin, org, plan)


def search(**params) -> dict:
    return helpers.call_action("package_search", **params)


def names(result: dict) -> list[str]:
    return sorted(dataset["name"] for dataset in result["results"])


class TestTheIndexedFigures(SharedPlan):
    def test_filter_by_completion_level(self, plan_with_commitments):
        assert names(search(fq="completion_level:limited")) == ["limited-one"]
        assert names(search(fq="completion_level:complete")) == ["complete-one"]

    def test_filter_by_plan(self, plan_with_commitments):
        _, _, plan = plan_with_commitments
        assert names(search(fq=f"plan:{plan['id']}")) == ["complete-one", "limited-one"]

    def test_facets_on_level_and_plan(self, plan_with_commitments):
        result = search(
            fq="dataset_type:commitment",
            **{"facet.field": '["completion_level", "plan", "progress"]'},
        )
        assert result["facets"]["completion_level"] == {"limited": 1, "complete": 1}
        assert result["facets"]["progress"] == {"20": 1, "100": 1}
        assert sum(result["facets"]["plan"].values()) == 2

    @pytest.mark.parametrize("query", ["Budget", "citoyen", "المواطنة", "Hackathon"])
    def test_text_is_searchable_in_each_language(self, plan_with_commitments, query):
        assert "limited-one" in names(search(q=query)) or "complete-one" in names(search(q=query))

    def test_search_results_carry_the_figures(self, plan_with_commitments):
        [result] = search(fq="name:limited-one")["results"]
        assert result["progress"] == 20
        assert result["completion_level"] == "limited"
        assert result["title_translated"]["fr"] == "Budget citoyen"


def test_plan_document_follows_its_commitments(plan_with_commitments):
    admin, _, plan = plan_with_commitments
    assert search(fq=f"name:{plan['name']}")["results"][0]["progress"] == 60

    helpers.call_action("package_patch", {"user": admin["name"]}, id="limited-one", progress=100)

    [indexed] = search(fq=f"name:{plan['name']}")["results"]
    assert indexed["progress"] == 100
    assert search(fq="progress:100 AND dataset_type:plan")["count"] == 1


LONG_ADDRESS = "http://example.invalid/" + "a" * 40_000  # one Solr term: over 32,766 bytes


def refused(admin: dict, action: str, **data) -> dict:
    """The errors of an action the checks refuse."""
    with pytest.raises(ValidationError) as refusal:
        helpers.call_action(action, {"user": admin["name"]}, **data)
    return refusal.value.error_dict


def test_a_document_address_is_bounded_as_the_form_says(plan_with_commitments):
    """A resource's address, name, format and type are one line each: a report attaching a
    40,000-character address is refused at validation, naming the field, and nothing of
    it is written (Solr, which refuses such a term, is never asked)."""
    admin, _, plan = plan_with_commitments
    updates = [{"commitment": "limited-one", "progress": 70}]
    minutes = {"name": "minutes", "url": LONG_ADDRESS}
    with pytest.raises(ValidationError) as refusal:
        f.report(admin, plan, updates, name="refused", resources=[minutes])
    assert refusal.value.error_dict == {"resources": [{"url": ["At most 500 characters"]}]}
    assert search(fq="dataset_type:progress_report")["count"] == 0
    assert search(fq="name:limited-one")["results"][0]["progress"] == 20


def test_a_resource_field_given_a_list_is_refused_not_a_crash(plan_with_commitments):
    admin, _, plan = plan_with_commitments
    resources = [{"url": "http://example.invalid/a.pdf"}, {"url": ["a.pdf"], "name": {"x": 1}}]
    with pytest.raises(ValidationError) as refusal:
        f.report(admin, plan, [], name="refused", resources=resources)
    assert refusal.value.error_dict == {
        "resources": [{}, {"url": ["Enter text"], "name": ["Enter text"]}]
    }


def test_a_resource_form_is_told_which_field_is_too_long(plan_with_commitments):
    """CKAN's resource form and ``resource_create`` read the errors of the resource
    they add (the last one): the field's own, shown beside it, not a message naming an
    internal key."""
    admin, _, plan = plan_with_commitments
    errors = refused(
        admin, "resource_create", package_id=plan["id"], url=LONG_ADDRESS, format="x" * 600
    )
    assert errors == {"url": ["At most 500 characters"], "format": ["At most 500 characters"]}


@pytest.mark.ckan_config("ckanext.opendataplan.line_max_length", 50_000)
def test_no_value_too_long_for_one_term_makes_solr_undo_a_save(plan_with_commitments):
    """A portal that raised the bound, or an address stored before it: the report's
    document leaves that term out and Solr takes the whole save (the report, its
    commitments' new figures, the plan's); the package keeps the address."""
    admin, _, plan = plan_with_commitments
    updates = [{"commitment": "limited-one", "progress": 70}]
    minutes = {"name": "minutes", "url": LONG_ADDRESS, "format": "x" * 40_000}
    today = dt.date.today().isoformat()
    report = f.report(admin, plan, updates, "kept", today, resources=[minutes])

    [indexed] = search(fq="dataset_type:progress_report")["results"]
    assert indexed["id"] == report["id"]
    assert indexed["resources"][0]["url"] == LONG_ADDRESS
    assert search(fq="name:limited-one")["results"][0]["progress"] == 70
    assert search(fq=f"name:{plan['name']}")["results"][0]["progress"] == 85


@pytest.mark.parametrize("named", ["dataset", None, "x"])
def test_naming_another_type_does_not_lift_the_bounds(plan_with_commitments, named):
    """CKAN keeps the stored type whatever an update names: so do the checks."""
    admin, _, plan = plan_with_commitments
    errors = refused(
        admin, "package_patch", id=plan["id"], type=named, resources=[{"url": LONG_ADDRESS}]
    )
    assert errors == {"resources": [{"url": ["At most 500 characters"]}]}


@pytest.mark.parametrize(
    ("given", "errors"),
    [
        ([{"url": 12345}], [{"url": ["Enter text"]}]),
        ([{"url": "a.pdf", "hash": "x" * 20_001}], [{"hash": ["At most 20000 characters"]}]),
        (
            [{"url": "a.pdf", "note": "nul\x00"}],
            [{"note": ["The text contains characters that cannot be stored"]}],
        ),
        (["x"], ["Give a list of rows"]),
        ([None], ["Give a list of rows"]),
        ({"url": "a.pdf"}, ["Give a list of rows"]),
    ],
)
def test_every_value_of_a_resource_is_checked(plan_with_commitments, given, errors):
    admin, _, plan = plan_with_commitments
    assert refused(admin, "package_patch", id=plan["id"], resources=given) == {"resources": errors}


@pytest.mark.parametrize(
    ("given", "errors"),
    [
        (
            [{"key": "k", "value": "nul\x00"}],
            [{"value": ["The text contains characters that cannot be stored"]}],
        ),
        ([{"key": "k" * 501, "value": "v"}], [{"key": ["At most 500 characters"]}]),
        (
            [{"key": "k", "value": "\ud800"}],
            [{"value": ["The text contains characters that cannot be stored"]}],
        ),
        ("k=v", ["Give a list of rows"]),
    ],
)
def test_every_free_extra_is_checked(plan_with_commitments, given, errors):
    admin, _, plan = plan_with_commitments
    assert refused(admin, "package_patch", id=plan["id"], extras=given) == {"extras": errors}
