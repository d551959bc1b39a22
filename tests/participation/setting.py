"""A plan in preparation with its call for proposals and its consultation open, its
body (the coordinating organization), another body, and citizens."""

from __future__ import annotations

from typing import Any

from ckan.tests import helpers

from tests import factories_odp as f

ROLES = ("anonymous", "citizen", "other_editor", "plan_editor", "plan_admin", "sysadmin")


def open_windows(**overrides: Any) -> dict[str, str]:
    return {
        "version_status": "draft",
        "proposals_open": f.days_ago(5),
        "proposals_close": f.days_ago(-5),
        "consultation_open": f.days_ago(5),
        "consultation_close": f.days_ago(-5),
        **overrides,
    }


def build(**plan_fields: Any) -> dict[str, Any]:
    sysadmin = f.factories.Sysadmin()
    body, other = f.factories.Organization(), f.factories.Organization()
    plan = f.plan(sysadmin, body, name="ogp-2021-2023", **open_windows(**plan_fields))
    return {
        "plan": plan,
        "body": body,
        "users": {
            "anonymous": None,
            "citizen": f.factories.User(fullname="Citizen One"),
            "other_editor": f.member(other, "editor"),
            "plan_editor": f.member(body, "editor"),
            "plan_admin": f.member(body, "admin"),
            "sysadmin": sysadmin,
        },
    }


def as_user(user: dict | None) -> dict[str, Any]:
    return {"user": user["name"] if user else "", "ignore_auth": False}


def act(action: str, user: dict | None, **data: Any) -> Any:
    return helpers.call_action(action, as_user(user), **data)


def propose(user: dict, plan: dict, **fields: Any) -> dict[str, Any]:
    data = {
        "plan": plan["name"],
        "title": "نشر بيانات الصفقات العمومية",
        "problem": "لا تنشر الإدارات بيانات الصفقات في صيغة مفتوحة.",
        "solution": "نشر بيانات الصفقات شهرياً في صيغة CSV.",
        "ogp_values": ["transparency"],
        "language": "ar",
        **fields,
    }
    return act("opendataplan_proposal_create", user, **data)
