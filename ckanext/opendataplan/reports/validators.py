"""Validators of progress reports: their title, institution, meeting date and updates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.logic.validators import owner_org_validator

from ckanext.opendataplan.common import access, packages
from ckanext.opendataplan.common.validators import (
    Key,
    check_organization_reference,
    opendataplan_from_translated,
    repeating,
)
from ckanext.opendataplan.domain import checks
from ckanext.opendataplan.progress import provenance
from ckanext.opendataplan.reports import helpers, visibility

# Posted by the report form (never by the API): the form asks before publishing figures
# that will not become current, until the editor ticks CONFIRM.
FORM_MARK, CONFIRM = "opendataplan_report_form", "opendataplan_confirm_not_current"


def plan_for(reference: Any, context: dict) -> Any:
    """The report's plan, if the user may see it."""
    return access.visible_package(reference, context, "plan")


def opendataplan_report_title(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """A report's title: from title_translated, else the plan's title and the meeting date."""
    opendataplan_from_translated(key, data, errors, context)
    if data.get(key):
        return
    plan = plan_for(data.get(("plan",)), context)
    meeting = str(data.get(("meeting_date",)) or "")[:10]
    data[key] = " ".join(part for part in (plan.title if plan else "", meeting) if part)


def opendataplan_report_name(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """A report's web address, when none is given: kept on an edit, else made from the
    plan's and the meeting's date (``ogp-2018-2020-2020-07-15``, then ``-2``, ``-3``...
    when taken): the form asks for none."""
    if data.get(key) not in (None, "", missing):
        return
    stored = access.package(data.get(("id",)), "progress_report")
    if stored is not None:
        data[key] = stored.name
        return
    plan = plan_for(data.get(("plan",)), context)
    meeting = checks.as_date(data.get(("meeting_date",)))
    if plan is None or meeting is None:
        return  # the plan's or the date's own error says what is missing
    base = f"{plan.name[:88]}-{meeting.isoformat()}"
    taken = set(packages.names_like(base))
    data[key] = next(
        name
        for name in (base, *(f"{base}-{n}" for n in range(2, len(taken) + 3)))
        if name not in taken
    )


def opendataplan_report_owner_org(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> Any:
    """A report belongs to the institution that owns its plan, unless another is named."""
    check_organization_reference(data.get(key))
    if data.get(key) in (None, "", missing):
        plan = plan_for(data.get(("plan",)), context)
        if plan is not None:
            data[key] = plan.owner_org
    return owner_org_validator(key, data, errors, context)


def opendataplan_report_checks(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """The meeting has taken place; each update names a commitment of the report's plan
    that the user may see, once."""
    meeting = checks.as_date(data.get(("meeting_date",)))
    if meeting is not None and meeting > dt.date.today():
        errors.setdefault(("meeting_date",), []).append(
            tk._("A meeting that has not taken place yet cannot be reported")
        )
    plan = plan_for(data.get(("plan",)), context)
    seen: set[str] = set()
    updates = repeating(data, "updates")
    visible = access.visible_packages(
        [update.get("commitment") for update in updates.values()], context, "commitment"
    )
    # a row recorded earlier stays valid when its commitment has since moved to another plan
    recorded = visibility.recorded_commitments(access.package(data.get(("id",)), "progress_report"))
    kept = visibility.kept_rows(context)
    as_stored = set(sorted(updates)[len(updates) - kept :]) if kept else set()
    for index, update in updates.items():
        field = ("updates", index, "commitment")
        if index in as_stored:  # rows the user was never shown, kept as they were
            seen.add(update.get("commitment"))
            continue
        if errors.get(field):
            continue
        commitment = visible.get(access.reference(update.get("commitment")) or "")
        in_plan = (
            commitment is not None
            and plan is not None
            and (commitment.extras.get("plan") == plan.id or commitment.id in recorded)
        )
        if not in_plan:
            errors.setdefault(field, []).append(
                tk._("Not a commitment of this plan: %s") % access.shown(update.get("commitment"))
            )
            continue
        if commitment.id in seen:
            errors.setdefault(field, []).append(tk._("This commitment is updated twice"))
        seen.add(commitment.id)
        data[field] = commitment.id
    if not errors_found(errors):
        stored = access.package(data.get(("id",)), "progress_report")
        warn_not_current(context, errors, meeting, updates, visibility.recorded_figures(stored))


def opendataplan_report_form_marks(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """Before any field: whether the report form posted this (and whether the editor
    confirmed), read from the inputs that are no fields before CKAN drops them."""
    extras = data.get(("__extras",)) or {}
    context[FORM_MARK] = bool(extras.get(FORM_MARK))
    context[CONFIRM] = bool(extras.get(CONFIRM))


def errors_found(errors: dict) -> bool:
    return any(messages for messages in errors.values())


def warn_not_current(
    context: dict,
    errors: dict,
    meeting: dt.date | None,
    updates: dict[int, dict],
    published: dict[str, Any],
) -> None:
    """On the form, before publishing: each figure that will not become current, because
    a figure dated after the meeting stands (and differs from it), is named on its row,
    until the editor confirms; a row an edit leaves as it was published is not asked
    again. The API publishes as asked; the report page says why."""
    if meeting is None or not context.get(FORM_MARK) or context.get(CONFIRM):
        return
    standing = provenance.not_current([u.get("commitment") for u in updates.values()], meeting)
    lang = tk.h.lang()
    for index, update in updates.items():
        figure_id = update.get("commitment")
        figure = standing.get(figure_id)
        value = str(update.get("progress"))
        if figure is None or value in (str(figure["progress"]), str(published.get(figure_id))):
            continue
        errors.setdefault(("updates", index, "progress"), []).append(
            tk._(
                "This figure will not become current: %(progress)s %%, %(reason)s, stands. "
                'Tick "Publish anyway" to publish it.'
            )
            % {"progress": figure["progress"], "reason": helpers.figure_reason(figure, lang)}
        )
