"""What each dataset type does when it is shown, saved or deleted: one table by type,
which the plugin's ``IPackageController`` hooks dispatch through (a type without an
entry does nothing, or the default for deletions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.model as model

from ckanext.opendataplan.accountability import activities
from ckanext.opendataplan.common import packages
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
    user = model.User.get(context.get("user") or "")
    settling.publish(_stored_report(package), user.id if user else None)


def _stored_report(package: model.Package) -> dict[str, Any]:
    """What publishing reads of a report, as its save stored it (the validated dict has
    its repeating fields folded into extras; showing it would dictize and validate its
    rows again, for the same values)."""
    extras = dict(package.extras)
    return {
        "id": package.id,
        "state": package.state,
        "private": package.private,
        "plan": extras.get("plan"),
        "meeting_date": extras.get("meeting_date"),
        "updates": packages.load_json(extras.get("updates")) or [],
    }


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
