"""The meeting form, ``/plan/<name>/meeting``: the plan's commitments with their current
figures and their activities' statuses pre-filled, the minutes, published once through
``opendataplan_meeting_record`` (the same checks as the API). Plain HTML."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, redirect

from ckanext.opendataplan.common import access, csrf
from ckanext.opendataplan.meetings import schema

meetings = csrf.protect(Blueprint("opendataplan_meetings", __name__))

_ROW = re.compile(r"^updates-(\d{1,4})-([a-z_]+)$")
_ACTIVITY = re.compile(r"^updates-(\d{1,4})-activities-(\d{1,4})-(index|status|progress)$")


def _rows(form: Any) -> list[dict[str, Any]]:
    """The posted rows, in their order: ``updates-<i>-<field>`` and
    ``updates-<i>-activities-<j>-<field>`` inputs."""
    rows: dict[int, dict[str, Any]] = {}
    for key in form:
        if match := _ACTIVITY.match(key):
            row = rows.setdefault(int(match[1]), {})
            activity = row.setdefault("_activities", {}).setdefault(int(match[2]), {})
            activity[match[3]] = form.get(key)
        elif (match := _ROW.match(key)) and match[2] in schema.UPDATE_FIELDS:
            rows.setdefault(int(match[1]), {})[match[2]] = form.get(key)
    result = []
    for index in sorted(rows):
        row = rows[index]
        activities = row.pop("_activities", {})
        row["activities"] = [activities[j] for j in sorted(activities)]
        result.append(row)
    return result


def _posted(plan_id: str) -> dict[str, Any]:
    form = tk.request.form
    data: dict[str, Any] = {name: form.get(name) for name in schema.REPORT_FIELDS}
    data.update(
        plan=plan_id,
        updates=_rows(form),
        form=True,
        confirm_not_current=form.get("confirm_not_current") == "1",
    )
    upload = tk.request.files.get("minutes")
    if upload is not None and upload.filename:
        data["minutes"] = upload
    return data


def record(name: str) -> Any:
    """GET: the form; POST: the meeting published, then its report's page, or the form
    again with every value as typed and what to correct."""
    user = access.current_user_name()
    if not user:
        return tk.redirect_to(tk.h.url_for("user.login", came_from=tk.request.path))
    plan = access.visible_package(name, {"user": user}, "plan")
    if plan is None or not access.can("package_update", user, plan.id):
        return tk.abort(404, tk._("Plan not found"))
    values: dict[str, Any] = {"meeting_date": dt.date.today().isoformat()}
    errors: dict[str, Any] = {}
    if tk.request.method == "POST":
        values = dict(tk.request.form)
        try:
            report = tk.get_action("opendataplan_meeting_record")({"user": user}, _posted(plan.id))
        except tk.ValidationError as error:
            errors = error.error_dict
        else:
            tk.h.flash_success(tk._("The meeting is recorded: its report, figures and activities"))
            # a relative address (CKAN's redirect_to would prefix ckan.site_url)
            return redirect(tk.h.url_for("progress_report.read", id=report["name"]), 303)
    package = tk.get_action("package_show")({"user": user}, {"id": plan.id})
    return tk.render(
        "opendataplan/meeting_form.html",
        {"plan": package, "values": values, "errors": errors},
    )


meetings.add_url_rule("/plan/<name>/meeting", view_func=record, methods=["GET", "POST"])
