"""Two real portals: the suite's own (the national one) and a regional one beside it,
from the same services. Each keeps its own plans; the regional one publishes its plan
data for the national one to harvest."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import ckan.plugins.toolkit as tk
import pytest

from tests.federation.regional import PLAN, Regional

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


def test_the_regional_portal_is_a_site_of_its_own(regional: Regional):
    found = get_json(f"{regional.url}/api/3/action/package_search?fq=type:plan")["result"]
    assert [plan["name"] for plan in found["results"]] == [PLAN]
    assert found["results"][0]["plan_kind"] == "ogp_local"
    # Same PostgreSQL, Solr and Redis, but not the national portal's data.
    with pytest.raises(tk.ObjectNotFound):
        tk.get_action("package_show")({"ignore_auth": True}, {"id": PLAN})
    national = tk.get_action("package_search")({"ignore_auth": True}, {"fq": f"name:{PLAN}"})
    assert national["count"] == 0


def test_the_regional_portal_publishes_its_plan_data(regional: Regional):
    descriptor = get_json(regional.descriptor)
    assert descriptor["opendataplan"]["portal"]["path"] == regional.url
    progress = get_json(f"{regional.url}/api/3/action/opendataplan_plan_progress?id={PLAN}")
    result = progress["result"]
    # The regional demo's two meetings, the second of 20 January 2026, reported all four.
    assert (result["commitment_count"], result["reported_count"]) == (4, 4)
    assert result["progress_as_of"] == "2026-01-20"
