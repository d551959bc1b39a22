"""Computed progress and completion levels of commitments and plans, end to end."""

from __future__ import annotations

import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal


def test_commitment_4_comes_out_at_96_percent(admin, org, plan):
    commitment = f.commitment(admin, plan, org, milestones=f.milestones())

    shown = helpers.call_action("package_show", id=commitment["id"])
    assert shown["progress"] == 96
    assert shown["completion_level"] == "substantial"


def test_weights_of_milestones_count(admin, org, plan):
    weighted = [
        {"title": "a", "status": "complete", "progress": 100, "weight": 3},
        {"title": "b", "status": "not_started", "progress": 0, "weight": 1},
    ]
    commitment = f.commitment(admin, plan, org, milestones=weighted)

    assert commitment["progress"] == 75


def test_commitment_without_milestones_keeps_its_progress_set_by_hand(admin, org, plan):
    commitment = f.commitment(admin, plan, org, progress=40)

    assert commitment["progress"] == 40
    assert commitment["completion_level"] == "limited"


def test_no_evidence_only_when_set_explicitly(admin, org, plan):
    derived = f.commitment(admin, plan, org, name="derived", progress=0)
    explicit = f.commitment(
        admin, plan, org, name="explicit", progress=30, completion_level="no_evidence"
    )

    assert derived["completion_level"] == "not_started"
    assert explicit["completion_level"] == "no_evidence"


@pytest.mark.ckan_config("ckanext.opendataplan.completion_bands", "10 40 95")
def test_completion_bands_are_configurable(admin, org, plan):
    assert (
        f.commitment(admin, plan, org, name="c1", progress=9)["completion_level"] == "not_started"
    )
    assert (
        f.commitment(admin, plan, org, name="c2", progress=40)["completion_level"] == "substantial"
    )
    assert f.commitment(admin, plan, org, name="c3", progress=95)["completion_level"] == "complete"


def test_plan_progress_is_the_weighted_mean_of_its_commitments(admin, org, plan):
    f.commitment(admin, plan, org, name="c1", progress=100, weight=3)
    f.commitment(admin, plan, org, name="c2", progress=0, weight=1)

    shown = helpers.call_action("package_show", id=plan["id"])
    assert shown["progress"] == 75
    assert shown["commitment_count"] == 2


def test_plan_progress_action(admin, org, plan):
    f.commitment(admin, plan, org, name="c1", number="1", progress=100)
    f.commitment(admin, plan, org, name="c2", number="2", progress=20)
    f.commitment(admin, plan, org, name="c3", number="10", progress=0)

    result = helpers.call_action("opendataplan_plan_progress", id=plan["name"])

    assert result["progress"] == 40
    assert result["levels"] == {
        "no_evidence": 0,
        "not_started": 1,
        "limited": 1,
        "substantial": 0,
        "complete": 1,
        "not_reported": 0,  # a figure of 0 is reported: "not started", never "not reported"
    }
    assert [c["name"] for c in result["commitments"]] == ["c1", "c2", "c3"]
    assert result["commitments"][1] == {
        **result["commitments"][1],
        "title": "تعزيز نشر البيانات المفتوحة",
        "progress": 20,
        "completion_level": "limited",
    }


def test_plan_progress_of_a_missing_plan_is_not_found():
    with pytest.raises(helpers.logic.NotFound):
        helpers.call_action("opendataplan_plan_progress", id="no-such-plan")


def test_deleting_a_commitment_leaves_the_plan_progress(admin, org, plan):
    f.commitment(admin, plan, org, name="c1", progress=100)
    doomed = f.commitment(admin, plan, org, name="c2", progress=0)
    helpers.call_action("package_delete", {"user": admin["name"]}, id=doomed["id"])

    assert helpers.call_action("package_show", id=plan["id"])["progress"] == 100
