"""Factories for plans and commitments, on top of CKAN's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import sqlalchemy as sa
from ckan.logic import ValidationError
from ckan.tests import factories, helpers

SEVEN_ACTIVITIES = [
    ("Comparative studies of data strategies", "2018-10-01", "2018-12-31", "complete", 100),
    ("Assessment of open data in Morocco", "2018-12-01", "2019-04-30", "complete", 100),
    ("Open-data strategy and governance rules", "2019-05-01", "2019-10-31", "in_progress", 90),
    ("Open-data governance core", "2019-11-01", "2020-01-31", "complete", 100),
    ("Procedures guide", "2019-11-01", "2020-01-31", "in_progress", 90),
    ("Awareness and communication campaign", "2020-01-01", "2020-01-31", "complete", 100),
    ("Training administrations", "2020-02-01", "2020-03-31", "in_progress", 90),
]


def days_ago(days: int) -> str:
    """An ISO date so many days before today (after it, when negative)."""
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


def activity(title: str, end_days_ago: int, progress: int) -> dict[str, Any]:
    """A milestone started in 2018 that ends (ended) so many days before today."""
    return {
        "title": title,
        "start_date": "2018-01-01",
        "end_date": days_ago(end_days_ago),
        "status": "in_progress" if progress < 100 else "complete",
        "progress": progress,
    }


def milestones(rows: list[tuple] = SEVEN_ACTIVITIES) -> list[dict[str, Any]]:
    keys = ("title", "start_date", "end_date", "status", "progress")
    return [dict(zip(keys, row)) for row in rows]


def plan(user: dict, org: dict, **fields: Any) -> dict:
    data = {
        "type": "plan",
        "name": "ogp-2018-2020",
        "title_translated": {"ar": "خطة العمل الوطنية 2018-2020", "en": "OGP plan 2018-2020"},
        "plan_kind": "ogp_national",
        "owner_org": org["id"],
        "period_start": "2018-08-01",
        "period_end": "2020-08-31",
        "version_status": "final",
        **fields,
    }
    return helpers.call_action("package_create", {"user": user["name"]}, **data)


def commitment(user: dict, plan_dict: dict, org: dict, **fields: Any) -> dict:
    data = {
        "type": "commitment",
        "name": "commitment-4",
        "plan": plan_dict["name"],
        "number": "4",
        "title_translated": {"ar": "تعزيز نشر البيانات المفتوحة", "fr": "Données ouvertes"},
        "owner_org": org["id"],
        "start_date": "2018-08-01",
        "end_date": "2020-08-31",
        **fields,
    }
    return helpers.call_action("package_create", {"user": user["name"]}, **data)


def report(
    user: dict,
    plan_dict: dict,
    updates: list[dict],
    name: str = "meeting",
    meeting_date: str = "2020-07-15",
    **fields: Any,
) -> dict:
    return helpers.call_action(
        "package_create",
        {"user": user["name"]},
        type="progress_report",
        name=name,
        plan=plan_dict["id"],
        meeting_date=meeting_date,
        updates=updates,
        **fields,
    )


def member(org: dict, role: str) -> dict:
    """A new user with this role in the organization."""
    user = factories.User()
    helpers.call_action(
        "organization_member_create", id=org["id"], username=user["name"], role=role
    )
    return user


def inventory(user: dict, org: dict, **fields: Any) -> dict:
    data = {
        "type": "inventory",
        "name": "inventory-2024",
        "title_translated": {"ar": "جرد البيانات العمومية", "en": "Public data inventory"},
        "owner_org": org["id"],
        "officer_role": "Open-data officer",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "inventory_status": "in_progress",
        **fields,
    }
    return helpers.call_action("package_create", {"user": user["name"]}, **data)


def item(user: dict, inventory_dict: dict, **fields: Any) -> dict:
    data = {
        "inventory": inventory_dict["name"],
        "title": {"ar": "قائمة المؤسسات", "en": "List of institutions"},
        "quality": 4,
        "electronic": True,
        "open_format": True,
        "demand": 5,
        **fields,
    }
    return helpers.call_action("opendataplan_inventory_item_create", {"user": user["name"]}, **data)


__all__ = [
    "factories",
    "helpers",
    "plan",
    "commitment",
    "milestones",
    "member",
    "report",
    "inventory",
    "item",
    "dataset_field",
]


def import_outcome(user: dict, inventory: dict, upload: Any) -> dict[str, Any]:
    """An inventory import's answer in one shape: the counts, or every problem of the
    file (the action raises a ValidationError on ``upload`` and writes nothing)."""
    try:
        counts = helpers.call_action(
            "opendataplan_inventory_import",
            {"user": user["name"]},
            inventory=inventory["id"],
            upload=upload,
        )
    except ValidationError as invalid:
        assert set(invalid.error_dict) == {"upload"}, invalid.error_dict
        return {"created": 0, "updated": 0, "errors": invalid.error_dict["upload"]}
    return {**counts, "errors": []}


def stored_extras() -> int:
    """How many dataset extras the database holds: rows of ``package_extra`` (CKAN 2.11)
    or keys of the ``package.extras`` JSONB column (2.12)."""
    if hasattr(model, "PackageExtra"):
        return model.Session.query(model.PackageExtra).count()
    count = sa.text("SELECT count(*) FROM package, jsonb_object_keys(package.extras)")
    return model.Session.execute(count).scalar_one()


def dataset_field(dataset: dict, name: str) -> Any:
    """A plugin field of an ordinary dataset (``commitment``, ``inventory_item``): at the
    top level under a scheming schema with the plugin's presets, else among its extras."""
    from ckanext.opendataplan.common import packages

    return packages.extras_value(dataset, name)
