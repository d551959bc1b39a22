"""JSON text nested past Python's recursion limit (about 2 KB of brackets) is a field
error like any other bad JSON, never a 500 (found by the hostile review)."""

from __future__ import annotations

import pytest
from ckan.logic import ValidationError
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

DEEP_LIST = "[" * 5000 + "]" * 5000
DEEP_OBJECT = '{"ar":' * 5000 + '"x"' + "}" * 5000


def test_a_meeting_with_deeply_nested_rows_is_refused(admin, plan):
    with pytest.raises(ValidationError) as refused:
        helpers.call_action(
            "opendataplan_meeting_record",
            {"user": admin["name"]},
            plan=plan["name"],
            updates=DEEP_LIST,
        )
    assert "updates" in refused.value.error_dict


def test_a_deeply_nested_title_is_refused_on_its_field(admin, org, plan):
    commitment = f.commitment(admin, plan, org, name="nested")
    with pytest.raises(ValidationError) as refused:
        helpers.call_action(
            "package_patch",
            {"user": admin["name"]},
            id=commitment["id"],
            title_translated=DEEP_OBJECT,
        )
    assert "title_translated" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        helpers.call_action(
            "organization_create",
            {"user": admin["name"]},
            name="deep",
            title_translated=DEEP_OBJECT,
        )
    assert "title_translated" in refused.value.error_dict
