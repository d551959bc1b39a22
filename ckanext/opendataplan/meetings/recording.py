"""Writing a checked meeting, in one transaction: the activities the meeting changed
(dated on the meeting), then the report with its updates (its figures, entered last,
speak for that day), then its minutes; one sentence for the followers; one Solr request
once the database has committed. Anything refused rolls everything back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.accountability import activities as told
from ckanext.opendataplan.common import access, search_batch, transaction
from ckanext.opendataplan.domain.checks import as_date
from ckanext.opendataplan.meetings import checks
from ckanext.opendataplan.progress import settling


@contextmanager
def _all_or_nothing() -> Iterator[None]:
    try:
        yield
    except Exception:
        model.Session.rollback()
        raise


def _patched(
    update_context: dict[str, Any], commitment_id: str, checked: checks.Checked, count: int
) -> None:
    """The commitment's activities as the meeting left them; refused, the error names
    the row (its commitment) and its activities."""
    rows = checked.activities[commitment_id]
    try:
        tk.get_action("package_patch")(
            dict(update_context), {"id": commitment_id, "milestones": rows}
        )
    except tk.ValidationError as error:
        message = tk._("These activities could not be saved: %s") % access.shown(error.error_dict)
        row = {checked.rows[commitment_id]: {"activities": [message]}}
        raise tk.ValidationError(checks.as_error_dict(row, count, {})) from error


def _minutes(context: dict[str, Any], report_id: str, upload: Any) -> None:
    tk.get_action("resource_create")(
        context,
        {
            "package_id": report_id,
            "name": upload.filename,
            "url": upload.filename,
            "url_type": "upload",
            "upload": upload,
            "format": upload.filename.rsplit(".", 1)[-1].upper(),
            "description": tk._("Minutes of the meeting"),
        },
    )


def write(context: dict[str, Any], data: dict[str, Any], checked: checks.Checked) -> dict:
    """Publish the meeting; returns the report as ``package_show`` gives it. CKAN's
    actions run with their commits held (:func:`transaction.held`) and their indexing
    gathered in one Solr request, sent once the database has committed."""
    user = context.get("user")
    meeting = as_date(data.get("meeting_date")) or dt.date.today()
    actor = model.User.get(user or "")
    with _all_or_nothing(), search_batch.one_request():
        with transaction.held(), told.one_meeting(meeting, actor.id if actor else None) as said:
            count = len(data.get("updates") or [])
            for commitment_id in checked.activities:
                _patched({"user": user, settling.AS_OF: meeting}, commitment_id, checked, count)
            said["activities"].update(checked.activities)
            report_dict = checks.report_dict(data, checked.plan)
            report = tk.get_action("package_create")({"user": user}, report_dict)
            said["report"] = report["id"]
            if checked.minutes is not None:
                _minutes({"user": user}, report["id"], checked.minutes)
        model.repo.commit()
    return tk.get_action("package_show")({"user": user}, {"id": report["id"]})
