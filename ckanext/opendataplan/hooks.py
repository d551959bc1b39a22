"""What each dataset type does when it is shown, saved or deleted: one table by type,
which the plugin's ``IPackageController`` hooks dispatch through (a type without an
entry does nothing, or the default for deletions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.accountability import activities
from ckanext.opendataplan.inventory import records
from ckanext.opendataplan.plans import flags, indicators
from ckanext.opendataplan.progress import rollup, settling
from ckanext.opendataplan.reports import visibility

Context = dict[str, Any]
Shown = Callable[[Context, dict[str, Any]], None]
Saved = Callable[[Context, model.Package, dict[str, Any]], None]
Deleted = Callable[[model.Package], None]


def _show_commitment(_context: Context, pkg_dict: dict[str, Any]) -> None:
    rollup.decorate_commitment(pkg_dict)
    indicators.decorate(pkg_dict)
    flags.decorate_flags(pkg_dict)


def _show_plan(_context: Context, pkg_dict: dict[str, Any]) -> None:
    rollup.decorate_plan(pkg_dict)


def _show_report(context: Context, pkg_dict: dict[str, Any]) -> None:
    visibility.for_reader(pkg_dict, context)


def _save_dataset(_context: Context, _package: model.Package, pkg_dict: dict[str, Any]) -> None:
    records.sync_dataset(pkg_dict)


def _save_commitment(context: Context, package: model.Package, _pkg_dict: dict[str, Any]) -> None:
    settling.commitment_saved(context, package)
    _save_plan(context, package, _pkg_dict)


def _save_plan(context: Context, package: model.Package, _pkg_dict: dict[str, Any]) -> None:
    activities.withdraw_if_hidden(package)
    visibility.visibility_saved(context, package)


def _save_report(context: Context, package: model.Package, _pkg_dict: dict[str, Any]) -> None:
    # The validated dict has its repeating fields folded into extras: read it back.
    shown = tk.get_action("package_show")(
        {"ignore_auth": True, "use_cache": False}, {"id": package.id}
    )
    user = model.User.get(context.get("user") or "")
    settling.publish(shown, user.id if user else None)


def _delete_report(package: model.Package) -> None:
    settling.withdraw(package.id)


def _delete_dataset(package: model.Package) -> None:
    records.dataset_withdrawn(package.id)


def _delete_commitment_or_plan(package: model.Package) -> None:
    activities.withdraw_if_hidden(package)
    visibility.visibility_changed(package)


SHOWN: dict[str, Shown] = {
    "commitment": _show_commitment,
    "plan": _show_plan,
    "progress_report": _show_report,
}
SAVED: dict[str, Saved] = {
    "dataset": _save_dataset,
    "commitment": _save_commitment,
    "plan": _save_plan,
    "progress_report": _save_report,
}
DELETED: dict[str, Deleted] = {
    "progress_report": _delete_report,
    "dataset": _delete_dataset,
    "commitment": _delete_commitment_or_plan,
    "plan": _delete_commitment_or_plan,
}
# Any other type deleted (an inventory): its activities are withdrawn if it is hidden.
DELETED_OTHERWISE: Deleted = activities.withdraw_if_hidden


def shown(context: Context, pkg_dict: dict[str, Any]) -> None:
    handler = SHOWN.get(pkg_dict.get("type") or "")
    if handler is not None:
        handler(context, pkg_dict)


def saved(context: Context, pkg_dict: dict[str, Any]) -> None:
    package = model.Package.get(pkg_dict.get("id"))
    handler = SAVED.get(package.type) if package is not None else None
    if handler is not None:
        handler(context, package, pkg_dict)


def deleted(pkg_dict: dict[str, Any]) -> None:
    package = model.Package.get(pkg_dict.get("id"))
    if package is not None:
        DELETED.get(package.type, DELETED_OTHERWISE)(package)
    rollup.reindex_plan_of(pkg_dict)
