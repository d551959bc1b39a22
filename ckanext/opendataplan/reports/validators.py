"""Validators of progress reports: their title, institution, meeting date and updates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.logic.validators import owner_org_validator

from ckanext.opendataplan.common import access
from ckanext.opendataplan.common.validators import (
    Key,
    check_organization_reference,
    opendataplan_from_translated,
    repeating,
)
from ckanext.opendataplan.domain import checks
from ckanext.opendataplan.reports import visibility


def plan_for(reference: Any, context: dict) -> Any:
    """The report's plan, if the user may see it."""
    return access.visible_package(reference, context, "plan")


def opendataplan_report_title(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """A report's title: from title_translated, else the plan's title and the meeting date."""
    opendataplan_from_translated(key, data, errors, context)
    if data.get(key):
        return
    plan = plan_for(data.get(("plan",)), context)
    meeting = str(data.get(("meeting_date",)) or "")[:10]
    data[key] = " ".join(part for part in (plan.title if plan else "", meeting) if part)


def opendataplan_report_owner_org(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> Any:
    """A report belongs to the institution that owns its plan, unless another is named."""
    check_organization_reference(data.get(key))
    if data.get(key) in (None, "", missing):
        plan = plan_for(data.get(("plan",)), context)
        if plan is not None:
            data[key] = plan.owner_org
    return owner_org_validator(key, data, errors, context)


def opendataplan_report_checks(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """The meeting has taken place; each update names a commitment of the report's plan
    that the user may see, once."""
    meeting = checks.as_date(data.get(("meeting_date",)))
    if meeting is not None and meeting > dt.date.today():
        errors.setdefault(("meeting_date",), []).append(
            tk._("A meeting that has not taken place yet cannot be reported")
        )
    plan = plan_for(data.get(("plan",)), context)
    seen: set[str] = set()
    updates = repeating(data, "updates")
    visible = access.visible_packages(
        [update.get("commitment") for update in updates.values()], context, "commitment"
    )
    # a row recorded earlier stays valid when its commitment has since moved to another plan
    recorded = visibility.recorded_commitments(access.package(data.get(("id",)), "progress_report"))
    kept = visibility.kept_rows(context)
    as_stored = set(sorted(updates)[len(updates) - kept :]) if kept else set()
    for index, update in updates.items():
        field = ("updates", index, "commitment")
        if index in as_stored:  # rows the user was never shown, kept as they were
            seen.add(update.get("commitment"))
            continue
        if errors.get(field):
            continue
        commitment = visible.get(access.reference(update.get("commitment")) or "")
        in_plan = (
            commitment is not None
            and plan is not None
            and (commitment.extras.get("plan") == plan.id or commitment.id in recorded)
        )
        if not in_plan:
            errors.setdefault(field, []).append(
                tk._("Not a commitment of this plan: %s") % access.shown(update.get("commitment"))
            )
            continue
        if commitment.id in seen:
            errors.setdefault(field, []).append(tk._("This commitment is updated twice"))
        seen.add(commitment.id)
        data[field] = commitment.id
