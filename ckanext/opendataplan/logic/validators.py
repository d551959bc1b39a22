"""Validators for scheming fields, registered with the ``opendataplan_`` prefix."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.logic.validators import owner_org_validator
from ckanext.scheming.helpers import scheming_get_dataset_schema

from .. import access, multilingual
from ..domain import progress, rules

Key = tuple[Any, ...]


def _parsed(parse: Any, value: Any) -> Any:
    """``parse(value)``, its ``ValueError`` turned into a translated field error."""
    if value is None or value == "" or value is missing:
        return value
    try:
        return parse(value)
    except ValueError as error:
        raise tk.Invalid(tk._(error.args[0])) from error


def opendataplan_percent(value: Any) -> Any:
    return _parsed(rules.parse_percent, value)


def opendataplan_number(value: Any) -> Any:
    """A finite decimal number (amounts, indicator values); empty stays empty."""
    return _parsed(rules.parse_amount, value)


def opendataplan_plan_date(value: Any) -> Any:
    """A date from 1900 to 2200."""
    return _parsed(rules.parse_plan_date, value)


def opendataplan_weight(value: Any) -> Any:
    """A weight in a mean: above 0, at most 1000."""
    return _parsed(rules.parse_weight, value)


def _text(value: Any, limit_option: str) -> str:
    """Text, or a number given where text is expected; never a list or an object."""
    finite = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
    if isinstance(value, (bool, rules.NotFinite)) or not (isinstance(value, str) or finite):
        raise tk.Invalid(tk._("Enter text"))
    text = value if isinstance(value, str) else str(value)
    if not access.is_clean_text(text):
        raise tk.Invalid(tk._("The text contains characters that cannot be stored"))
    limit = int(tk.config.get(limit_option))
    if len(text) > limit:
        raise tk.Invalid(tk._("At most %(limit)s characters") % {"limit": limit})
    return text


def opendataplan_line(value: Any) -> Any:
    """One line of text: a name, a role, a number, a place."""
    return _text(value, "ckanext.opendataplan.line_max_length")


def opendataplan_long_text(value: Any) -> Any:
    """A text in several paragraphs (markdown)."""
    return _text(value, "ckanext.opendataplan.text_max_length")


def opendataplan_web_url(value: Any) -> Any:
    text = opendataplan_line(value)
    if text and not rules.is_web_url(text):
        raise tk.Invalid(tk._("Enter a web address starting with http:// or https://"))
    return text


def opendataplan_email(value: Any) -> Any:
    text = opendataplan_line(value)
    if text and not rules.is_email(text.removeprefix("mailto:")):
        raise tk.Invalid(tk._("Enter an email address"))
    return text.removeprefix("mailto:")


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


def _texts(value: Any, key: Key, errors: dict) -> dict[str, str]:
    """The ``{lang: text}`` object as given: text in each language, nothing else."""
    if isinstance(value, str) and not value.strip().startswith("{"):
        # plain text, as CKAN clients send it: in the portal's default language
        return {tk.config.get("ckan.locale_default"): value} if value.strip() else {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = None
    if value in (None, "", missing):
        return {}
    if not isinstance(value, dict) or not all(isinstance(text, str) for text in value.values()):
        errors[key].append(tk._('Give the text as {"ar": "...", "fr": "...", "en": "..."}'))
        return {}
    return multilingual.parse(value)


def _check_texts(texts: dict[str, str], key: Key, errors: dict, limit_option: str) -> None:
    unknown = set(texts) - set(multilingual.content_languages())
    if unknown:
        errors[key].append(tk._("Unknown language: %s") % access.shown(", ".join(sorted(unknown))))
        return
    for text in texts.values():
        try:
            _text(text, limit_option)
        except tk.Invalid as error:
            errors[key].append(error.error)
            return


def _multilingual(key: Key, data: dict[Key, Any], errors: dict, limit_option: str) -> None:
    """Store ``{lang: text}`` as JSON, from the API's object, the form's inputs, or CKAN's
    core field alone (``title``, ``notes``), as any CKAN client sends it: in the portal's
    default language."""
    core = (key[-1].removesuffix("_translated"),)
    texts = (
        _texts(data.get(key), key, errors)
        or multilingual.parse(_form_values(key, data))
        or _texts(data.get(core), key, errors)
    )
    _check_texts(texts, key, errors, limit_option)
    data[key] = json.dumps(texts, ensure_ascii=False) if texts and not errors[key] else ""


def opendataplan_multilingual(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """A description in several languages (markdown)."""
    _multilingual(key, data, errors, "ckanext.opendataplan.text_max_length")


def opendataplan_multilingual_required(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """A title in several languages, at least one."""
    _multilingual(key, data, errors, "ckanext.opendataplan.line_max_length")
    if not data[key] and not errors[key]:
        errors[key].append(tk._("Give the text in at least one language"))


def opendataplan_multilingual_output(value: Any) -> dict[str, str]:
    return multilingual.parse(value)


def opendataplan_from_translated(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """Fill a core field (``title``, ``notes``) from its ``*_translated`` companion, in the
    default locale first, when it is not given."""
    if data.get(key) in (None, "", missing):
        companion = (f"{key[-1]}_translated",)
        texts = multilingual.parse(data.get(companion)) or _form_values(companion, data)
        data[key] = multilingual.pick(texts, tk.config.get("ckan.locale_default"))
    check = opendataplan_line if key[-1] == "title" else opendataplan_long_text
    try:
        data[key] = check(data[key]) if data[key] else data[key]
    except tk.Invalid as error:
        errors[key].append(error.error)


def _plan_for(reference: Any, context: dict) -> Any:
    """A plan the user may see."""
    return access.visible_package(reference, context, "plan")


def opendataplan_plan_reference(value: Any, context: dict) -> Any:
    """A plan's name or id, stored as the id of a plan the user can see."""
    plan = _plan_for(value, context)
    if not plan:
        raise tk.Invalid(tk._("Plan not found: %s") % access.shown(value))
    return plan.id


def opendataplan_commitment_owner_org(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> Any:
    """The lead institution: a coordinating body's admins may name any institution for
    its plans; everyone else, an institution they may publish in (CKAN's rule)."""
    _check_organization_reference(data.get(key))
    plan = _plan_for(data.get(("plan",)), context)
    if plan and access.may_name_any_lead(plan.owner_org, context.get("user")):
        group = access.organization(data.get(key))
        if group is None:
            raise tk.Invalid(tk._("Organization does not exist"))
        data[key] = group.id
        return
    return owner_org_validator(key, data, errors, context)


def opendataplan_owner_org(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> Any:
    """CKAN's owner_org validator, for ids and names only."""
    _check_organization_reference(data.get(key))
    return owner_org_validator(key, data, errors, context)


def _check_organization_reference(value: Any) -> None:
    """What CKAN's owner_org validator would send to the database unchecked."""
    if value not in (None, "", missing) and access.reference(value) is None:
        raise tk.Invalid(tk._("Organization does not exist"))


def opendataplan_input_shapes(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """Before any field validator: infinite and NaN numbers (which CKAN's API reads from
    JSON) become :class:`NotFinite` text, which every field refuses with its own error,
    and which scheming can still serialise while it reports the errors."""
    for field, value in list(data.items()):
        if isinstance(value, float) and not math.isfinite(value):
            data[field] = rules.NotFinite(repr(value))


def repeating_field_errors(data_dict: dict[str, Any]) -> dict[str, list[str]]:
    """Repeating fields (milestones, updates...) given anything but a list of rows: CKAN
    refuses those before any validator runs, untranslated or with a server error."""
    dataset_type = data_dict.get("type")
    if not isinstance(dataset_type, str):
        return {}
    schema = scheming_get_dataset_schema(dataset_type) or {}
    errors = {}
    for field in schema.get("dataset_fields", []):
        value = data_dict.get(field["field_name"])
        if not field.get("repeating_subfields") or value in (None, ""):
            continue
        if not (isinstance(value, list) and all(isinstance(row, dict) for row in value)):
            errors[field["field_name"]] = [tk._("Give a list of rows")]
    return errors


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
    _check_organization_reference(data.get(key))
    if data.get(key) in (None, "", missing):
        plan = _plan_for(data.get(("plan",)), context)
        if plan is not None:
            data[key] = plan.owner_org
    return owner_org_validator(key, data, errors, context)


def opendataplan_report_checks(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """The meeting has taken place; each update names a commitment of the report's plan
    that the user may see, once."""
    meeting = rules.as_date(data.get(("meeting_date",)))
    if meeting is not None and meeting > dt.date.today():
        errors.setdefault(("meeting_date",), []).append(
            tk._("A meeting that has not taken place yet cannot be reported")
        )
    plan = _plan_for(data.get(("plan",)), context)
    seen: set[str] = set()
    updates = _repeating(data, "updates")
    visible = access.visible_packages(
        [update.get("commitment") for update in updates.values()], context, "commitment"
    )
    for index, update in updates.items():
        field = ("updates", index, "commitment")
        if errors.get(field):
            continue
        commitment = visible.get(access.reference(update.get("commitment")) or "")
        if commitment is None or plan is None or commitment.extras.get("plan") != plan.id:
            errors.setdefault(field, []).append(
                tk._("Not a commitment of this plan: %s") % access.shown(update.get("commitment"))
            )
            continue
        if commitment.id in seen:
            errors.setdefault(field, []).append(tk._("This commitment is updated twice"))
        seen.add(commitment.id)
        data[field] = commitment.id


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


def opendataplan_inventory_item_reference(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """The inventory item a dataset comes from. Tying a dataset to an item publishes the
    item: it needs the right to edit the item's inventory, an item free of any legal
    impediment, and an item no other dataset has taken."""
    from .. import inventory

    value = data.get(key)
    if value in (None, "", missing):
        return
    item = inventory.get_item(value)
    stored = access.package(data.get(("id",)))
    kept = stored is not None and item is not None and item.dataset_id in (None, stored.id)
    if kept and stored.extras.get("inventory_item") == item.id:
        return  # the tie is not changing: it needs no new right
    user = context.get("user")
    if item is None or not inventory.can_see(item, user):
        raise tk.Invalid(tk._("Inventory item not found"))
    data[key] = item.id
    if not access.can("package_update", user, item.inventory_id):
        raise tk.Invalid(tk._("Only those who may edit the inventory may publish its items"))
    if item.restriction != "none":
        raise tk.Invalid(tk._("An item with a legal impediment cannot be published"))
    taken = access.package(item.dataset_id) if item.dataset_id else None
    if taken is not None and (stored is None or taken.id != stored.id):
        raise tk.Invalid(tk._("This item already has its dataset: %s") % taken.name)
