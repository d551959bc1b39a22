"""`ckan opendataplan demo load` loads the demo data, and running it again changes nothing."""

from __future__ import annotations

from ckan.cli.cli import ckan
from ckan.tests import helpers

from tests.marks import portal

pytestmark = portal


def organization_names() -> list[str]:
    return sorted(helpers.call_action("organization_list"))


def test_demo_load_creates_the_seed_institutions(cli):
    result = cli.invoke(ckan, ["opendataplan", "demo", "load"])

    assert result.exit_code == 0, result.output
    assert organization_names() == [
        "digital-development-agency",
        "mef-administration-reform",
        "tn-ministry-communication-technologies",
    ]
    agency = helpers.call_action("organization_show", id="digital-development-agency")
    assert agency["title"] == "وكالة التنمية الرقمية"


def test_demo_load_twice_updates_in_place(cli):
    cli.invoke(ckan, ["opendataplan", "demo", "load"])
    result = cli.invoke(ckan, ["opendataplan", "demo", "load"])

    assert result.exit_code == 0, result.output
    assert len(organization_names()) == 3
