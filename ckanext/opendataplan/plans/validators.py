"""Validators of plans, commitments, and of the commitment a dataset says it fulfils."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.logic.validators import owner_org_validator

from ckanext.opendataplan.common import access, multilingual
from ckanext.opendataplan.common.validators import (
    Key,
    add_problems,
    check_organization_reference,
    repeating,
)
from ckanext.opendataplan.domain import checks, progress


def opendataplan_level_override(value: Any) -> Any:
    """Only ``no_evidence`` is stored; a derived level sent back (as package_patch does;
    ``not_reported`` too) means "derive it", anything else is refused."""
    if value in (None, "", missing) or value == progress.NO_EVIDENCE:
        return value
    if value in (*progress.COMPLETION_LEVELS, progress.NOT_REPORTED):
        return ""
    raise tk.Invalid(tk._("Unknown completion level: %s") % value)


def opendataplan_irm_assessment(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """The IRM's fields change only by the IRM's assessors; a save by anyone else keeps
    the stored value (a form that does not show the field, an update that leaves it out)
    and refuses a different one."""
    if context.get("ignore_auth") or access.may_assess_irm(context.get("user")):
        return
    # a deleted commitment's too: deleting then updating it must not clear the assessment
    reference = access.reference(data.get(("id",)))
    stored = model.Package.get(reference) if reference else None
    kept = stored.extras.get(key[-1]) if stored is not None else None
    value = data.get(key)
    if value in (None, "", missing):
        value = None
    if value == kept:
        return
    if value is None:
        data[key] = kept if kept is not None else missing
        return
    raise tk.Invalid(
        tk._("Only the portal's administrators and the IRM's assessors may set this field")
    )


def plan_for(reference: Any, context: dict) -> Any:
    """A plan the user may see."""
    return access.visible_package(reference, context, "plan")


def opendataplan_plan_reference(value: Any, context: dict) -> Any:
    """A plan's name or id, stored as the id of a plan the user can see."""
    plan = plan_for(value, context)
    if not plan:
        raise tk.Invalid(tk._("Plan not found: %s") % access.shown(value))
    return plan.id


def opendataplan_commitment_owner_org(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> Any:
    """The lead institution: a coordinating body's admins may name any institution for
    its plans; everyone else, an institution they may publish in (CKAN's rule)."""
    check_organization_reference(data.get(key))
    plan = plan_for(data.get(("plan",)), context)
    if plan and access.may_name_any_lead(plan.owner_org, context.get("user")):
        group = access.organization(data.get(key))
        if group is None:
            raise tk.Invalid(tk._("Organization does not exist"))
        data[key] = group.id
        return
    return owner_org_validator(key, data, errors, context)


def opendataplan_plan_checks(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    add_problems(
        errors,
        (),
        checks.check_period(data.get(("period_start",)), data.get(("period_end",)), "period_end"),
    )
    for window in ("proposals", "consultation"):
        opens, closes = data.get((f"{window}_open",)), data.get((f"{window}_close",))
        add_problems(errors, (), checks.check_period(opens, closes, f"{window}_close"))
    seen: set[str] = set()
    for index, row in repeating(data, "initial_assessment").items():
        if not isinstance(row.get("question"), str):
            continue  # the select has said what is wrong with it
        if row.get("question") in seen:
            errors.setdefault(("initial_assessment", index, "question"), []).append(
                tk._("This question is already answered above")
            )
        seen.add(row.get("question"))
    languages = set(multilingual.parse(data.get(("title_translated",))))
    add_problems(
        errors, (), checks.check_ogp_local_languages(data.get(("plan_kind",)) or "", languages)
    )


def opendataplan_period_checks(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    add_problems(
        errors,
        (),
        checks.check_period(data.get(("period_start",)), data.get(("period_end",)), "period_end"),
    )


def opendataplan_commitment_checks(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    add_problems(
        errors, (), checks.check_period(data.get(("start_date",)), data.get(("end_date",)))
    )
    for index, milestone in repeating(data, "milestones").items():
        add_problems(errors, ("milestones", index), checks.check_milestone(milestone))


def opendataplan_dataset_commitment(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """The commitment a dataset says it fulfils (then listed on the commitment's page): a
    commitment the user may see, and, for a new tie, one that the dataset's institution
    leads or coordinates, or that the user may edit."""
    value = data.get(key)
    if value in (None, "", missing):
        return
    stored = access.package(data.get(("id",)))
    commitment = access.visible_package(value, context, "commitment")
    if commitment is None:
        if stored is not None and stored.extras.get(key[-1]) == value:
            return  # kept as it is (the commitment may have become private since)
        raise tk.Invalid(tk._("Commitment not found: %s") % access.shown(value))
    data[key] = commitment.id
    if stored is not None and stored.extras.get(key[-1]) == commitment.id:
        return
    owner = access.organization(data.get(("owner_org",)))
    bodies = {commitment.owner_org, access.plan_owner_org(commitment.extras.get("plan"))}
    user = context.get("user")
    lead, plan_id = commitment.owner_org, commitment.extras.get("plan")
    if (owner is None or owner.id not in bodies) and not access.can_edit_commitment(
        lead, plan_id, user
    ):
        raise tk.Invalid(
            tk._(
                "Only datasets of the commitment's lead institution or of its plan's "
                "institution may be published under it"
            )
        )
