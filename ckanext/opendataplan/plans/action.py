"""The checks the plugin chains to CKAN's dataset actions (for all its types), and the
plan progress action."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, ContextManager

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.opendataplan.catalogue import scope
from ckanext.opendataplan.common import access, compat, search_batch, unavailable, validators
from ckanext.opendataplan.federation import marks
from ckanext.opendataplan.forms import rows
from ckanext.opendataplan.plans import dataset_fields, schema
from ckanext.opendataplan.progress import rollup, settling
from ckanext.opendataplan.reports import visibility

# CKAN reads these before any validator runs (in its auth functions and converters):
# what is not an id, a name or text there is refused here, on its field.
REFERENCES = ("id", "name", "owner_org", "type")


# CKAN's own fields that the plugin's schemas leave as CKAN has them, and their
# resources': the same rules as the plugin's texts and links for the plugin's types.
CORE_LINES = ("version", "author", "author_email", "maintainer", "maintainer_email")
RESOURCE_LINES = ("name", "format", "resource_type")
Checks = tuple[tuple[str, Callable[[Any], Any]], ...]
CORE_CHECKS: Checks = (
    *((key, validators.opendataplan_line) for key in CORE_LINES),
    ("url", validators.opendataplan_web_url),
)
RESOURCE_CHECKS: Checks = (
    ("url", validators.opendataplan_address),
    *((key, validators.opendataplan_line) for key in RESOURCE_LINES),
    ("description", validators.opendataplan_long_text),
)
EXTRA_CHECKS: Checks = (
    ("key", validators.opendataplan_line),
    ("value", validators.opendataplan_long_text),
)


def _core_field_errors(data_dict: dict) -> dict[str, Any]:
    """CKAN's own fields, resources and free extras of the plugin's types, checked as
    the plugin's texts are; each resource's and extra's errors in its place of the list,
    as CKAN's forms and ``resource_create`` read them."""
    if data_dict.get("type") not in scope.PLUGIN_TYPES:
        return {}
    errors: dict[str, Any] = _errors_of(data_dict, CORE_CHECKS)
    for key, item_errors in (("resources", _resource_errors), ("extras", _extra_errors)):
        given = data_dict.get(key)
        if given in (None, ""):
            continue
        if not (isinstance(given, list) and all(isinstance(item, dict) for item in given)):
            errors[key] = [tk._("Give a list of rows")]
        elif any(found := [item_errors(item) for item in given]):
            errors[key] = found
    return errors


def _resource_errors(resource: dict[str, Any]) -> dict[str, list[str]]:
    """Its fields, and any other text it carries (CKAN keeps a resource's other keys)."""
    known = {key for key, _check in RESOURCE_CHECKS}
    others = tuple(
        (key, validators.opendataplan_long_text)
        for key, value in resource.items()
        if key not in known and isinstance(value, str)
    )
    return _errors_of(resource, RESOURCE_CHECKS + others)


def _extra_errors(extra: dict[str, Any]) -> dict[str, list[str]]:
    return _errors_of(extra, EXTRA_CHECKS)


def _errors_of(values: Any, checks: Checks) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key, check in checks if isinstance(values, dict) else ():
        if values.get(key) not in (None, ""):
            try:
                check(values[key])
            except tk.Invalid as error:
                errors[key] = [error.error]
    return errors


def _refuse_bad_shapes(data_dict: dict) -> None:
    errors = validators.repeating_field_errors(data_dict) | _core_field_errors(data_dict)
    for key in REFERENCES:
        if data_dict.get(key) not in (None, "") and access.reference(data_dict[key]) is None:
            errors[key] = [tk._("Enter an id or a name")]
    tags = data_dict.get("tag_string")
    if tags is not None and not (isinstance(tags, str) and access.is_clean_text(tags)):
        errors["tag_string"] = [tk._("Enter text")]
    if errors:
        raise tk.ValidationError(errors)


def _refuse_harvested(context: Context, package: Any, auth: str = "package_update") -> None:
    """Harvested plans and commitments are edited at their source (federation); told
    only to those CKAN's own check lets by (the others get CKAN's answer)."""
    refusal = marks.harvested_refusal(context, package)
    if refusal is not None:
        tk.check_access(auth, context, {"id": package.id})
        raise refusal


def _refuse_moving_into_harvested(context: Context, stored: Any, data_dict: DataDict) -> None:
    """Moving a report or commitment into a harvested plan is refused as creating it
    there (one already in it keeps its place)."""
    target = access.package(data_dict.get("plan"), "plan")
    if target is not None and (stored is None or stored.extras.get("plan") != target.id):
        _refuse_harvested(context, target)


def _ours(package_type: Any) -> bool:
    return package_type in scope.PLUGIN_TYPES


def _one_index_request(ours: bool) -> ContextManager[None]:
    """A save of the plugin's types sends what it indexes (the package, and the
    commitments and plan a report moves) to Solr in one request; CKAN's own types are
    indexed as CKAN does."""
    return search_batch.one_request() if ours else contextlib.nullcontext()


@tk.chained_action
def package_create(original: Any, context: Context, data_dict: DataDict) -> Any:
    _refuse_bad_shapes(data_dict or {})
    _refuse_harvested(context, access.package((data_dict or {}).get("plan"), "plan"))
    rows.settle_form(data_dict or {}, (data_dict or {}).get("type"))
    data_dict = dataset_fields.checked(context, data_dict or {}, None, "package_create")
    ours = _ours(data_dict.get("type"))
    with unavailable.saving(), unavailable.index_reachable(ours), _one_index_request(ours):
        return original(context, data_dict)


@tk.chained_action
def package_update(original: Any, context: Context, data_dict: DataDict) -> Any:
    """Also package_patch and package_revise, which end in package_update."""
    with unavailable.saving():
        return _package_update(original, context, data_dict or {})


def _package_update(original: Any, context: Context, data_dict: DataDict) -> Any:
    # CKAN finds the package by ``id``, else by ``name``: so do the checks
    stored = access.package(data_dict.get("id") or data_dict.get("name"))
    # the stored type's rules, whatever type the caller names (CKAN keeps the stored one)
    _refuse_bad_shapes({**data_dict, "type": stored.type} if stored else data_dict)
    _refuse_harvested(context, stored)
    _refuse_moving_into_harvested(context, stored, data_dict)
    if stored is not None and rows.asks_the_form_again(data_dict):
        # the form's buttons answer only those who may save it (as CKAN's own check)
        tk.check_access("package_update", context, {"id": stored.id})
    rows.settle_form(data_dict, stored.type if stored else data_dict.get("type"))
    settling.remember(context, stored)
    settling.keep_own_figures(context, stored, data_dict)
    visibility.remember(context, stored)
    visibility.keep_hidden_rows(context, stored, data_dict)
    data_dict = dataset_fields.checked(context, data_dict, stored, "package_update")
    reader = {"user": context.get("user"), "ignore_auth": context.get("ignore_auth")}
    try:
        ours = _ours(stored.type if stored else data_dict.get("type"))
        with unavailable.index_reachable(ours), _one_index_request(ours):
            updated = original(context, data_dict)
    except tk.ValidationError as error:
        visibility.trim_kept_errors(context, error)
        raise
    if isinstance(updated, dict) and updated.get("type") == visibility.REPORT:
        visibility.for_reader(updated, reader)  # CKAN answers with what it read unchecked
    return updated


@tk.chained_action
@tk.side_effect_free
def package_show(original: Any, context: Context, data_dict: DataDict) -> Any:
    """A signed-in reader's report is read from the database, not from its index copy:
    the index holds only its public rows (all that anonymous may see), and each reader
    gets the rows they may see."""
    stored = access.package((data_dict or {}).get("id"))
    if stored is not None and stored.type == visibility.REPORT and context.get("user"):
        context["use_cache"] = False
    return original(context, data_dict)


@tk.chained_action
def package_patch(original: Any, context: Context, data_dict: DataDict) -> Any:
    data_dict = dict(data_dict or {})
    if "id" in data_dict:
        data_dict["id"] = compat.unwrapped_row(data_dict["id"])
    _refuse_bad_shapes({"id": data_dict.get("id")})
    with unavailable.saving():
        return original(context, data_dict)


@tk.chained_action
def package_delete(original: Any, context: Context, data_dict: DataDict) -> Any:
    with unavailable.saving():
        _refuse_bad_shapes({"id": (data_dict or {}).get("id")})
        stored = access.package((data_dict or {}).get("id"))
        _refuse_harvested(context, stored, "package_delete")
        with unavailable.index_reachable(_ours(stored.type if stored else None)):
            return original(context, data_dict)


@tk.chained_action
def package_revise(original: Any, context: Context, data_dict: DataDict) -> Any:
    match = (data_dict or {}).get("match")
    name_or_id = (data_dict or {}).get("match__id") or (
        (match.get("id") or match.get("name")) if isinstance(match, dict) else None
    )
    if name_or_id is not None and access.reference(name_or_id) is None:
        raise tk.ValidationError({"match": [tk._("Enter an id or a name")]})
    return original(context, data_dict)


@tk.side_effect_free
@validate(schema.plan_progress)
def opendataplan_plan_progress(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A plan's progress, its commitments per completion level, and each commitment.

    :param id: the plan's id or name
    :param as_of: an ISO date: answer as the plan stood that day, from the history
    :returns: ``progress``, ``commitment_count``, ``levels`` (count per level),
        ``progress_as_of`` (the date of the latest figure counted, ``None`` before any) and
        ``commitments`` (``name``, ``title``, ``number``, ``progress``, ``completion_level``,
        ``start_date``, ``end_date``, ``progress_as_of``)
    """
    plan = access.package(data_dict["id"], "plan")
    if plan is None or plan.state not in access.SHOWN_STATES:
        raise tk.ObjectNotFound(tk._("Plan not found"))
    access.check_visible("opendataplan_plan_progress", context, plan.id, tk._("Plan not found"))

    visible = rollup.counted_commitments(
        rollup.plan_commitments(plan.id), plan.private, plan.owner_org
    )
    if data_dict.get("as_of"):  # as the plan stood that day; no figure by then: not reported
        rollup.figures_on(visible, data_dict["as_of"])
    figures = rollup.plan_figures(visible)
    fields = (
        "id",
        "name",
        "title",
        "title_translated",
        "number",
        "progress",
        "completion_level",
        "start_date",
        "end_date",
        "progress_as_of",
    )
    return {
        "id": plan.id,
        "name": plan.name,
        "as_of": data_dict["as_of"].isoformat() if data_dict.get("as_of") else None,
        **figures,
        "commitments": [{field: c[field] for field in fields} for c in visible],
    }
