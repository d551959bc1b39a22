"""Validators for scheming fields, registered with the ``opendataplan_`` prefix."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.logic.validators import owner_org_validator

from .. import access, multilingual
from ..domain import progress, rules

Key = tuple[Any, ...]


def opendataplan_percent(value: Any) -> Any:
    if value is None or value == "" or value is missing:
        return value
    try:
        return progress.check_percent(int(value))
    except (TypeError, ValueError) as error:
        raise tk.Invalid(tk._("Progress must be a whole number between 0 and 100")) from error


def opendataplan_number(value: Any) -> Any:
    """A decimal number (amounts, indicator values, weights); empty stays empty."""
    if value is None or value == "" or value is missing:
        return value
    try:
        number = float(str(value).replace(",", ".").replace(" ", ""))
    except ValueError as error:
        raise tk.Invalid(tk._("Enter a number")) from error
    return int(number) if number.is_integer() else number


def opendataplan_level_override(value: Any) -> Any:
    """Only ``no_evidence`` is stored; a derived level sent back (as package_patch does)
    means "derive it", anything else is refused."""
    if value in (None, "", missing) or value == progress.NO_EVIDENCE:
        return value
    if value in progress.COMPLETION_LEVELS:
        return ""
    raise tk.Invalid(tk._("Unknown completion level: %s") % value)


def _form_values(key: Key, data: dict[Key, Any]) -> dict[str, str]:
    """Texts posted by the form as ``<field>-<lang>`` inputs; the validation puts inputs
    that are not schema fields under ``__extras``."""
    extras = data.get(("__extras",)) or {}
    values = {}
    for lang in multilingual.content_languages():
        name = f"{key[-1]}-{lang}"
        value = data.get((name,), extras.get(name))
        if value:
            values[lang] = value
    return values


def opendataplan_multilingual(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """Store ``{lang: text}`` as JSON, from the API's object or the form's inputs."""
    value = data.get(key)
    texts = multilingual.parse(value) or multilingual.parse(_form_values(key, data))
    unknown = set(texts) - set(multilingual.content_languages())
    if unknown:
        errors[key].append(tk._("Unknown language: %s") % ", ".join(sorted(unknown)))
    data[key] = json.dumps(texts, ensure_ascii=False) if texts else ""


def opendataplan_multilingual_required(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    opendataplan_multilingual(key, data, errors, context)
    if not data[key] and not errors[key]:
        errors[key].append(tk._("Give the text in at least one language"))


def opendataplan_multilingual_output(value: Any) -> dict[str, str]:
    return multilingual.parse(value)


def opendataplan_from_translated(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """Fill a core field (``title``, ``notes``) from its ``*_translated`` companion, in the
    default locale first, when it is not given."""
    if data.get(key) not in (None, "", missing):
        return
    companion = (f"{key[-1]}_translated",)
    texts = multilingual.parse(data.get(companion)) or _form_values(companion, data)
    data[key] = multilingual.pick(texts, tk.config.get("ckan.locale_default"))


def _plan_for(reference: Any, context: dict) -> Any:
    model = context["model"]
    plan = model.Package.get(reference) if reference else None
    if not plan or plan.type != "plan" or plan.state != "active":
        return None
    try:
        tk.check_access("package_show", {"user": context.get("user")}, {"id": plan.id})
    except tk.NotAuthorized:
        return None
    return plan


def opendataplan_plan_reference(value: Any, context: dict) -> Any:
    """A plan's name or id, stored as the id of a plan the user can see."""
    plan = _plan_for(value, context)
    if not plan:
        raise tk.Invalid(tk._("Plan not found: %s") % value)
    return plan.id


def opendataplan_commitment_owner_org(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> Any:
    """The lead institution: the plan's coordinating admins may name any institution."""
    plan = _plan_for(data.get(("plan",)), context)
    if plan and access.is_org_admin(plan.owner_org, context.get("user")):
        group = context["model"].Group.get(data.get(key))
        if not group or not group.is_organization:
            raise tk.Invalid(tk._("Organization does not exist"))
        data[key] = group.id
        return
    return owner_org_validator(key, data, errors, context)


def _add_problems(errors: dict, prefix: Key, problems: list[rules.Problem]) -> None:
    for field, message in problems:
        errors.setdefault(prefix + (field,), []).append(tk._(message))


def _repeating(data: dict[Key, Any], field: str) -> dict[int, dict[str, Any]]:
    """``{index: {subfield: value}}`` of a repeating field in flattened data."""
    rows: dict[int, dict[str, Any]] = {}
    for key, value in data.items():
        if len(key) == 3 and key[0] == field:
            rows.setdefault(key[1], {})[key[2]] = value
    return rows


def opendataplan_plan_checks(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    _add_problems(
        errors,
        (),
        rules.check_period(data.get(("period_start",)), data.get(("period_end",)), "period_end"),
    )
    languages = set(multilingual.parse(data.get(("title_translated",))))
    _add_problems(
        errors, (), rules.check_ogp_local_languages(data.get(("plan_kind",)) or "", languages)
    )


def opendataplan_period_checks(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    _add_problems(
        errors,
        (),
        rules.check_period(data.get(("period_start",)), data.get(("period_end",)), "period_end"),
    )


def opendataplan_commitment_checks(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    _add_problems(
        errors, (), rules.check_period(data.get(("start_date",)), data.get(("end_date",)))
    )
    for index, milestone in _repeating(data, "milestones").items():
        _add_problems(errors, ("milestones", index), rules.check_milestone(milestone))


def opendataplan_report_title(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """A report's title: from title_translated, else the plan's title and the meeting date."""
    opendataplan_from_translated(key, data, errors, context)
    if data.get(key):
        return
    plan = _plan_for(data.get(("plan",)), context)
    meeting = str(data.get(("meeting_date",)) or "")[:10]
    data[key] = " ".join(part for part in (plan.title if plan else "", meeting) if part)


def opendataplan_report_owner_org(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> Any:
    """A report belongs to the institution that owns its plan, unless another is named."""
    if data.get(key) in (None, "", missing):
        plan = _plan_for(data.get(("plan",)), context)
        if plan is not None:
            data[key] = plan.owner_org
    return owner_org_validator(key, data, errors, context)


def opendataplan_report_checks(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """Each update names a commitment of the report's plan, once."""
    plan = _plan_for(data.get(("plan",)), context)
    model = context["model"]
    seen: set[str] = set()
    for index, update in _repeating(data, "updates").items():
        field = ("updates", index, "commitment")
        commitment = model.Package.get(update.get("commitment") or "")
        if (
            commitment is None
            or commitment.type != "commitment"
            or commitment.state != "active"
            or plan is None
            or commitment.extras.get("plan") != plan.id
        ):
            errors.setdefault(field, []).append(
                tk._("Not a commitment of this plan: %s") % update.get("commitment")
            )
            continue
        if commitment.id in seen:
            errors.setdefault(field, []).append(tk._("This commitment is updated twice"))
        seen.add(commitment.id)
        data[field] = commitment.id


def opendataplan_commitment_reference(value: Any, context: dict) -> Any:
    """A commitment's name or id, stored as its id."""
    from . import item_validators

    return item_validators.commitment_reference(value, context)


def opendataplan_inventory_item_reference(value: Any, context: dict) -> Any:
    """The inventory item a dataset comes from, among those the user may see."""
    from .. import inventory

    item = inventory.get_item(value)
    if item is None or not inventory.can_see(item, context.get("user")):
        raise tk.Invalid(tk._("Inventory item not found"))
    return item.id
