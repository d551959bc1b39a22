"""Template helpers; every name starts with ``opendataplan_``."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import access, multilingual


def opendataplan_level_label(level: str) -> str:
    labels = {
        "no_evidence": tk._("No evidence available"),
        "not_started": tk._("Not started"),
        "limited": tk._("Limited"),
        "substantial": tk._("Substantial"),
        "complete": tk._("Complete"),
    }
    return labels.get(level, level)


def opendataplan_multilingual(value: Any) -> dict[str, str]:
    return multilingual.parse(value)


def opendataplan_localized(value: Any) -> str:
    return multilingual.pick(value, tk.h.lang())


def opendataplan_content_languages() -> list[str]:
    return multilingual.content_languages()


def opendataplan_field_applies(field: dict[str, Any], pkg_dict: dict[str, Any]) -> bool:
    """Whether a plan's field belongs to the template of this kind of plan."""
    kinds = field.get("plan_kinds")
    return not kinds or pkg_dict.get("plan_kind") in kinds


def opendataplan_plan_title(plan_id: str) -> str:
    plan = model.Package.get(plan_id) if plan_id else None
    if plan is None:
        return plan_id or ""
    return multilingual.pick(plan.extras.get("title_translated"), tk.h.lang()) or plan.title


def opendataplan_plan_name(plan_id: str) -> str:
    plan = model.Package.get(plan_id) if plan_id else None
    return plan.name if plan is not None else plan_id


def opendataplan_plan_choices() -> list[dict[str, str]]:
    """Plans the current user can see, for the commitment form."""
    result = tk.get_action("package_search")(
        {}, {"fq": "+dataset_type:plan", "rows": 1000, "include_private": True, "sort": "name asc"}
    )
    return [
        {"value": plan["id"], "text": tk.h.dataset_display_name(plan)} for plan in result["results"]
    ]


def opendataplan_plan_progress(plan_id: str) -> dict[str, Any]:
    return tk.get_action("opendataplan_plan_progress")({}, {"id": plan_id})


def opendataplan_facet_label(facet: str, value: str) -> str:
    if facet == "completion_level":
        return opendataplan_level_label(value)
    if facet == "plan":
        return opendataplan_plan_title(value)
    return value


def opendataplan_lead_choices(plan_id: str | None, current: str | None) -> list[dict[str, str]]:
    """Institutions that may lead a commitment: any, for the plan's coordinating admins;
    else those the user may publish in. The current lead is always offered."""
    user = tk.current_user.name if tk.current_user.is_authenticated else None
    plan_org = access.plan_owner_org(plan_id) if plan_id else None
    query = model.Session.query(model.Group.id, model.Group.title).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active"
    )
    if not access.is_org_admin(plan_org, user):
        allowed = {org["id"] for org in tk.h.organizations_available("create_dataset")}
        query = query.filter(model.Group.id.in_(allowed | {current} if current else allowed))
    return [{"value": org_id, "text": title} for org_id, title in query.order_by(model.Group.title)]


def opendataplan_progress_history(commitment_id: str) -> list[dict[str, Any]]:
    return tk.get_action("opendataplan_progress_history")({}, {"id": commitment_id})


def opendataplan_source_label(source: str) -> str:
    labels = {
        "report": tk._("Progress report"),
        "edit": tk._("Direct edit"),
        "recompute": tk._("Recomputed from milestones"),
    }
    return labels.get(source, source)
