"""A report's updates on commitments its reader may not see are left out of every
channel, exactly as on its page.

- ``package_show`` gives each reader the rows of the commitments they may see (internal
  calls with ``ignore_auth`` get them all, to publish the figures);
- the search index, and so ``package_search`` (``q``, ``fl``), ``organization_show``
  with its datasets and ``current_package_list_with_resources``, holds the rows of
  public commitments only, whoever searches;
- the activities CKAN stores for a report (its streams, its changes) hold the same
  public rows, and lose a commitment's rows when it is made private or deleted;
- an update by someone who may not see some rows keeps them as they were.

The public figures never depended on the hidden rows: a commitment's figure is read from
the history, and only those who may see the commitment read it.
"""

from __future__ import annotations

import json
from typing import Any

import ckan.model as model
import ckan.plugins as p
from sqlalchemy import event, select

from ckanext.opendataplan.common import access, packages, search_batch

REPORT = "progress_report"
# Context key: each saved commitment's privacy and state before the save.
SEEN_BEFORE = "opendataplan_visibility_before_save"
# Context key: how many rows at the end of a report's updates are kept as stored.
KEPT_ROWS = "opendataplan_report_rows_kept"


def _rows(value: Any) -> list[dict[str, Any]] | None:
    rows = packages.load_json(value)
    return rows if isinstance(rows, list) else None


def _kept(rows: list[Any], allowed: set[str]) -> list[Any]:
    return [row for row in rows if isinstance(row, dict) and row.get("commitment") in allowed]


def _commitments(rows: list[Any]) -> set[str]:
    return {row["commitment"] for row in rows if isinstance(row, dict) and row.get("commitment")}


def _public_commitments(rows: list[Any]) -> set[str]:
    return set(packages.public_names(_commitments(rows)))


def for_reader(report: dict[str, Any], context: dict[str, Any]) -> None:
    """``package_show``: the rows whose commitment the reader may see."""
    rows = _rows(report.get("updates"))
    if not rows or context.get("ignore_auth"):
        return
    visible = access.visible_packages(list(_commitments(rows)), context, "commitment")
    report["updates"] = _kept(rows, {package.id for package in visible.values()})


def _only_public(holder: dict[str, Any], key: str, allowed: set[str]) -> None:
    """The rows under ``key`` (a list, or its JSON), public ones only, in the same form."""
    value = holder.get(key)
    rows = _rows(value)
    if rows is None:
        return
    kept = _kept(rows, allowed)
    holder[key] = json.dumps(kept) if isinstance(value, str) else kept


def _public_in_document(document: dict[str, Any], allowed: set[str]) -> None:
    _only_public(document, "updates", allowed)
    if isinstance(document.get("validated_data_dict"), str):  # CKAN 2.11 nests it here
        nested = json.loads(document["validated_data_dict"])
        _public_in_document(nested, allowed)
        document["validated_data_dict"] = json.dumps(nested)
    for extra in document.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == "updates":
            _only_public(extra, "value", allowed)


def for_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """The document CKAN indexes for a report: public rows only, in every field that
    holds them (the stored dicts ``fl`` returns and the searched text alike)."""
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    allowed = _public_commitments(_rows(validated.get("updates")) or [])
    allowed |= _public_commitments(_rows(pkg_dict.get("extras_updates")) or [])
    _public_in_document(validated, allowed)
    pkg_dict["validated_data_dict"] = json.dumps(validated)
    if pkg_dict.get("data_dict"):
        stored = json.loads(pkg_dict["data_dict"])
        _public_in_document(stored, allowed)
        pkg_dict["data_dict"] = json.dumps(stored)
    for key in ("updates", "extras_updates"):
        _only_public(pkg_dict, key, allowed)
    return pkg_dict


def keep_hidden_rows(context: dict[str, Any], stored: Any, data_dict: dict[str, Any]) -> None:
    """An update of a report by someone who may not see some of its rows (they were
    never shown them): those rows are put back as they were, after the ones sent (from
    the API's list or the form's ``updates-<n>-<field>`` inputs), and the validator is
    told how many to take as stored."""
    if stored is None or stored.type != REPORT or context.get("ignore_auth"):
        return
    sent = data_dict.get("updates")
    if sent in (None, ""):
        sent = _form_rows(data_dict)
    if not isinstance(sent, list):
        return  # refused on its field
    rows = _rows(stored.extras.get("updates")) or []
    visible = access.visible_packages(list(_commitments(rows)), context, "commitment")
    seen = {package.id for package in visible.values()}
    hidden = [row for row in rows if isinstance(row, dict) and row.get("commitment") not in seen]
    if hidden:
        for key in [key for key in data_dict if key.startswith("updates-")]:
            del data_dict[key]  # scheming reads them only when ``updates`` is absent
        data_dict["updates"] = [*sent, *hidden]
        context[KEPT_ROWS] = len(hidden)


def _form_rows(data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """The form's ``updates-<n>-<field>`` inputs as rows, in the order of ``n``."""
    rows: dict[int, dict[str, Any]] = {}
    for key, value in data_dict.items():
        _, index, field = key.split("-", 2) if key.count("-") >= 2 else (key, "", "")
        if key.startswith("updates-") and index.isdigit() and field:
            rows.setdefault(int(index), {})[field] = value
    return [rows[index] for index in sorted(rows)]


def trim_kept_errors(context: dict[str, Any], error: Any) -> None:
    """Row errors name only the rows the user sent: the kept ones are not counted."""
    kept = kept_rows(context)
    rows = error.error_dict.get("updates")
    if kept and isinstance(rows, list) and len(rows) >= kept:
        del rows[len(rows) - kept :]
        if not any(rows):
            del error.error_dict["updates"]


def recorded_commitments(stored: model.Package | None) -> set[str]:
    """The commitments a stored report has a row on."""
    return _commitments(_rows(stored.extras.get("updates")) or []) if stored else set()


def recorded_figures(stored: model.Package | None) -> dict[str, Any]:
    """``{commitment: progress}`` of a stored report's rows."""
    rows = (_rows(stored.extras.get("updates")) or []) if stored else []
    return {row.get("commitment"): row.get("progress") for row in rows if isinstance(row, dict)}


def kept_rows(context: dict[str, Any]) -> int:
    """How many of the last rows :func:`keep_hidden_rows` put back."""
    return int(context.get(KEPT_ROWS) or 0)


def remember(context: dict[str, Any], package: model.Package | None) -> None:
    if package is not None and package.type in ("commitment", "plan"):
        context.setdefault(SEEN_BEFORE, {})[package.id] = _is_public(package)


def _is_public(package: model.Package) -> bool:
    return not package.private and package.state == "active"


def visibility_saved(context: dict[str, Any], package: model.Package) -> None:
    """A commitment or plan made private, deleted, or public again: CKAN's activities
    about it are read with its new permission labels, and a commitment's reports are
    indexed again, its rows gone from their stored activities."""
    before = context.get(SEEN_BEFORE, {}).get(package.id)
    if before is not None and before != _is_public(package):
        visibility_changed(package)


def visibility_changed(package: model.Package) -> None:
    _relabel_activities(package)
    if package.type == "commitment":
        _commitment_rows_follow(package)


def _relabel_activities(package: model.Package) -> None:
    """CKAN labels an activity with its dataset's permissions when it is written, and
    never again: the past activities of a dataset made private stayed public."""
    if not p.plugin_loaded("activity"):
        return
    from ckan.lib.plugins import get_permission_labels
    from ckanext.activity.model import Activity

    labels = get_permission_labels().get_dataset_labels(package)
    rows = model.Session.query(Activity).filter(Activity.object_id == package.id)
    rows.update({Activity.permission_labels: labels}, synchronize_session=False)


def _commitment_rows_follow(package: model.Package) -> None:
    reports = _reports_updating(package)
    if not reports:
        return
    if not _is_public(package):
        _scrub_activities(list(reports), package.id)
    model.Session.flush()
    search_batch.reindex(list(reports), whole=True)


def _reports_updating(package: model.Package) -> set[str]:
    """Every report with a row on the commitment, in whichever plan it was then."""
    where = model.Package.id.in_(packages.ids_mentioning("updates", package.id))
    found = packages.with_fields(REPORT, ("updates",), where=where)
    return {
        report_id
        for report_id, report in found.items()
        if package.id in _commitments(_rows(report.get("updates")) or [])
    }


def _scrub_activities(report_ids: list[str], commitment_id: str) -> None:
    if not p.plugin_loaded("activity"):
        return
    from ckanext.activity.model import Activity

    for row in model.Session.query(Activity).filter(Activity.object_id.in_(report_ids)):
        shown = dict((row.data or {}).get("package") or {})
        rows = _rows(shown.get("updates"))
        if rows is not None and commitment_id in _commitments(rows):
            shown["updates"] = [r for r in rows if r.get("commitment") != commitment_id]
            row.data = {**row.data, "package": shown}


def install() -> None:
    """Activities CKAN writes for a report keep its public rows only (idempotent)."""
    if not p.plugin_loaded("activity"):
        return
    from ckanext.activity.model import Activity

    if not event.contains(Activity, "before_insert", _public_rows_in_activity):
        event.listen(Activity, "before_insert", _public_rows_in_activity)


def _public_rows_in_activity(_mapper: Any, connection: Any, activity: Any) -> None:
    shown = (activity.data or {}).get("package")
    if not isinstance(shown, dict) or shown.get("type") != REPORT:
        return
    rows = _rows(shown.get("updates"))
    if rows:
        # read through the flush's own connection: the session is flushing
        table = model.package_table
        public = select(table.c.id).where(
            table.c.id.in_(list(_commitments(rows))),
            table.c.private.is_(False),
            table.c.state == "active",
        )
        allowed = {row[0] for row in connection.execute(public)}
        activity.data = {**activity.data, "package": {**shown, "updates": _kept(rows, allowed)}}
