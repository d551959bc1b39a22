"""Indicators whose source is the portal are counted live, not typed."""

from __future__ import annotations

from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

SEED_INDICATORS = [
    {
        "title": "Institutions taking part",
        "unit": "institutions",
        "baseline": 16,
        "target": 32,
        "current": 999,
        "source": "portal_publishers",
    },
    {
        "title": "Datasets on the portal",
        "unit": "datasets",
        "baseline": 136,
        "target": 300,
        "source": "portal_datasets",
    },
    {"title": "Reuse initiatives", "unit": "reuses", "target": 20, "source": "portal_reuses"},
    {
        "title": "Agency datasets tagged budget",
        "source": "portal_datasets",
        "scope_organization": "agency",
        "scope_tag": "budget",
    },
    {"title": "Workshops held", "baseline": 0, "target": 10, "current": 4, "source": "manual"},
]


def dataset(org: dict, **fields) -> dict:
    return f.factories.Dataset(owner_org=org["id"], notes="", **fields)


def test_commitment_4_indicators_are_computed_from_the_portal():
    admin = f.factories.Sysadmin()
    agency = f.factories.Organization(name="agency")
    ministry = f.factories.Organization(name="ministry")
    f.factories.Organization(name="silent")  # publishes nothing
    dataset(agency, tags=[{"name": "budget"}])
    dataset(agency)
    dataset(ministry, tags=[{"name": "budget"}])
    dataset(ministry, private=True)  # not public: not counted
    plan = f.plan(admin, agency)
    commitment = f.commitment(admin, plan, agency, indicators=SEED_INDICATORS)

    shown = helpers.call_action("package_show", id=commitment["id"])
    publishers, datasets, reuses, scoped, manual = shown["indicators"]

    # the portal's counts beside the reported values, never in their place
    assert (publishers["live_current"], publishers["baseline"], publishers["target"]) == (2, 16, 32)
    assert publishers["current"] == 999  # the value reported for it stays
    assert datasets["live_current"] == 3
    assert reuses["live_current"] is None  # ckanext-showcase is not enabled
    assert scoped["live_current"] == 1
    assert manual["current"] == 4 and "live" not in manual
    assert publishers["live"] and datasets["live"]


def test_live_value_moves_when_a_dataset_is_published():
    admin = f.factories.Sysadmin()
    org = f.factories.Organization()
    plan = f.plan(admin, org)
    commitment = f.commitment(admin, plan, org, indicators=SEED_INDICATORS[1:2])
    draft = dataset(org, private=True)

    shown = helpers.call_action("package_show", id=commitment["id"])
    before = shown["indicators"][0]["live_current"]
    helpers.call_action("package_patch", {"user": admin["name"]}, id=draft["id"], private=False)
    shown = helpers.call_action("package_show", id=commitment["id"])
    after = shown["indicators"][0]["live_current"]

    assert (before, after) == (0, 1)
