"""The meeting action: what the meeting form does, in one call of the API."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.opendataplan.meetings import checks, recording, schema


def opendataplan_meeting_record(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Record a steering meeting at once: the progress report with its updates, the
    statuses and progress of the activities it changed on each commitment (dated on the
    meeting), and its minutes. All or nothing: a refused row names its commitment and
    field, and nothing is written.

    :param plan: the plan's id or name (one the user may not edit is "not found")
    :param meeting_date: the meeting's date (ISO), not after today
    :param meeting_mode: ``in_person`` or ``remote`` (optional)
    :param place: (optional)
    :param agreed_points: (optional)
    :param updates: one row per commitment (a list, or its JSON text in a multipart
        call): ``commitment``, ``progress``, optional
        ``completion_level``, ``narrative``, ``challenges``, ``remaining_activities``
        and ``activities``, the changes the meeting decided: ``index`` (the activity's
        position in the commitment's ``milestones``), ``status`` (``not_started``,
        ``in_progress``, ``complete``), ``progress`` (0-100)
    :param minutes: the minutes file (multipart upload): PDF, DOCX, ODT or DOC, at most
        ``ckanext.opendataplan.minutes_max_bytes``
    :returns: the report, as ``package_show`` gives it
    """
    tk.check_access("opendataplan_meeting_record", context, data_dict)
    data_dict = checks.read_rows(data_dict)
    shapes = checks.shape_errors(data_dict)
    if shapes:
        raise tk.ValidationError(shapes)
    data, errors = tk.navl_validate(dict(data_dict), schema.meeting_record(), context)
    if errors:
        raise tk.ValidationError(errors)
    checked = checks.Checked(checks.plan_to_report(data["plan"], context))
    rows: checks.RowErrors = {}
    updates = data.get("updates") or []
    checks.activities(updates, checked, context, rows)
    kept = [i for i, row in enumerate(updates) if not checks.untouched(row, i, checked, rows)]
    spoken = {**data, "updates": [updates[i] for i in kept]}
    minutes = checks.minutes_errors(data.get("minutes"))
    if rows or minutes:  # with the report's own errors, to correct all at once
        others = {"minutes": minutes} if minutes else {}
        found = checks.as_error_dict(rows, len(updates), others)
        report = checks.report_errors(context, checks.report_dict(spoken, checked.plan))
        report = checks.spread(report, kept, len(updates))
        raise tk.ValidationError(checks.merged(found, report))
    checked.rows = {commitment: kept.index(i) for commitment, i in checked.rows.items()}
    checked.minutes = data.get("minutes") or None
    try:
        return recording.write(context, spoken, checked)
    except tk.ValidationError as error:
        raise tk.ValidationError(checks.spread(error.error_dict, kept, len(updates))) from error
