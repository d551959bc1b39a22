"""The lookups of a plan's commitments and reports, and of a commitment's datasets, go
through the plugin's index (migration 0004) instead of reading every dataset."""

from __future__ import annotations

import ckan.model as model
import pytest
from sqlalchemy import text

from ckanext.opendataplan.common import packages
from tests.marks import portal

pytestmark = portal


@pytest.mark.parametrize("key", ["plan", "commitment"])
def test_a_reference_lookup_uses_the_index(key):
    query = packages.ids_with(key, "some-plan-id").compile(
        dialect=model.Session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    # With a handful of rows the planner would read the table anyway: forbid that, so
    # that the plan shows whether an index matches the lookup at all.
    model.Session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(row[0] for row in model.Session.execute(text(f"EXPLAIN {query}")))
    model.Session.rollback()

    assert "opendataplan_package_" in plan, plan
