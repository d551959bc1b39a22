"""CKAN's organization bulk actions (the checkboxes on an organization's page) work on
the plugin's types and on plain datasets, with the plugin's checks chained in."""

from __future__ import annotations

import ckan.model as model
import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal


def _org_with_datasets() -> tuple[dict, dict, list[str]]:
    admin = f.factories.User()
    org = f.factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    plain = f.factories.Dataset(owner_org=org["id"])
    plan = f.plan(admin, org)
    return admin, org, [plain["id"], plan["id"]]


def _bulk(action: str, admin: dict, org: dict, ids: list[str]) -> None:
    context = {"user": admin["name"], "ignore_auth": False}
    helpers.call_action(action, context, datasets=ids, org_id=org["id"])


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("bulk_update_private", "private", True),
        ("bulk_update_delete", "state", "deleted"),
    ],
)
def test_an_organization_admin_bulk_updates_plans_and_datasets(action, field, value):
    admin, org, ids = _org_with_datasets()

    _bulk(action, admin, org, ids)

    model.Session.expire_all()
    assert [getattr(model.Package.get(id_), field) for id_ in ids] == [value, value]


def test_bulk_public_makes_a_private_plan_public_again():
    admin, org, ids = _org_with_datasets()
    _bulk("bulk_update_private", admin, org, ids)

    _bulk("bulk_update_public", admin, org, ids)

    model.Session.expire_all()
    assert [model.Package.get(id_).private for id_ in ids] == [False, False]


def test_bulk_actions_leave_another_organizations_datasets_alone():
    admin, org, _ = _org_with_datasets()
    other = f.factories.Dataset(owner_org=f.factories.Organization()["id"])

    _bulk("bulk_update_private", admin, org, [other["id"]])

    model.Session.expire_all()
    assert model.Package.get(other["id"]).private is False
