"""The two fields the plugin gives the portal's own datasets (every type but its four):
the commitment a dataset fulfils and the inventory item it comes from.

The portal keeps its own schema of datasets: none (CKAN's, where the two fields are
extras), CKAN's default or its own scheming schema (ckanext-dcat's ``dcat_ap_full.yaml``),
with or without the plugin's presets (``schemas/presets.yaml``). Whatever it is, the
fields are checked here, in the chained ``package_create`` and ``package_update`` (the
web form, ``package_patch`` and ``package_revise`` end there), with the same rights as
everywhere, and stored as extras unless the type's scheming schema names them."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.opendataplan.catalogue import scope
from ckanext.opendataplan.common import packages
from ckanext.opendataplan.inventory import validators as inventory_validators
from ckanext.opendataplan.plans import validators as plan_validators

CHECKS = dict(
    zip(
        packages.DATASET_FIELDS,
        (
            plan_validators.opendataplan_dataset_commitment,
            inventory_validators.opendataplan_inventory_item_reference,
        ),
    )
)


def checked(
    context: Context, data_dict: dict[str, Any], stored: model.Package | None, action: str
) -> dict:
    """The dataset to save (``stored``: the one updated) with its two fields checked (a
    name becomes an id) and where its schema stores them; ``ValidationError`` on the
    field when refused, after CKAN's own check of the right to save."""
    package_type = data_dict.get("type") or (stored.type if stored else "dataset")
    given = _given(data_dict)
    if package_type in scope.PLUGIN_TYPES or not given:
        return data_dict
    if action == "package_update" and stored is None:
        return data_dict  # CKAN answers that it is not found
    tk.check_access(action, context, {**data_dict, "id": stored.id} if stored else data_dict)
    owner = data_dict.get("owner_org") or (stored.owner_org if stored else None)
    flat: dict[tuple, Any] = {("id",): stored.id if stored else None, ("owner_org",): owner}
    errors: dict[str, list[str]] = {}
    for name, value in given.items():
        flat[(name,)] = value
        if value is not None and not isinstance(value, str):
            errors[name] = [tk._("Enter an id or a name")]
            continue
        try:
            CHECKS[name]((name,), flat, {}, context)
        except tk.Invalid as error:
            errors[name] = [error.error]
    if errors:
        raise tk.ValidationError(errors)
    values = {name: flat[(name,)] for name in given}
    return _placed(data_dict, values, _declared(package_type), stored)


def _given(data_dict: dict[str, Any]) -> dict[str, Any]:
    """The two fields the dict sends, at its top level or in its extras."""
    given = {name: data_dict[name] for name in CHECKS if name in data_dict}
    extras = data_dict.get("extras")
    for extra in extras if isinstance(extras, list) else []:
        if isinstance(extra, dict) and extra.get("key") in CHECKS:
            given.setdefault(extra["key"], extra.get("value"))
    return given


def _declared(package_type: str) -> set[str]:
    """The two fields that the type's scheming schema names (with the plugin's presets)."""
    if not p.plugin_loaded("scheming_datasets"):
        return set()
    schema = tk.h.scheming_get_dataset_schema(package_type) or {}
    return {field["field_name"] for field in schema.get("dataset_fields", [])} & set(CHECKS)


def _placed(
    data_dict: dict[str, Any], values: dict[str, Any], declared: set[str], stored: Any
) -> dict[str, Any]:
    """Declared fields at the top level; the others as extras (a removed one left out),
    the dataset's other extras kept when the dict does not send its extras."""
    data = {**data_dict, **{name: values[name] for name in declared & set(values)}}
    extras_of = set(values) - declared
    if not extras_of:
        return data
    for name in extras_of:
        data.pop(name, None)
    sent = data.get("extras")
    if isinstance(sent, list):
        extras = [e for e in sent if not (isinstance(e, dict) and e.get("key") in extras_of)]
    else:
        kept = stored.extras if stored is not None else {}
        extras = [{"key": k, "value": v} for k, v in kept.items() if k not in extras_of]
    extras += [{"key": name, "value": values[name]} for name in extras_of if values[name]]
    return {**data, "extras": extras}
