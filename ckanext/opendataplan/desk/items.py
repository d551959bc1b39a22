"""What an editor has to update, per institution they edit: the reminders' own rules
(accountability/reminders.py, one definition for the emails and this page) read for
the institutions the user is an admin or editor of, and what awaits them besides:
commitments with no figure since the last meeting, proposals and comments with no
response, inventory items due for publication, drafts. A constant number of queries
whatever the number of plans, commitments and items."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.accountability import reminders
from ckanext.opendataplan.common import multilingual, packages
from ckanext.opendataplan.domain import desk as rules
from ckanext.opendataplan.domain import reminders as reminder_rules
from ckanext.opendataplan.model.inventory_item import InventoryItem
from ckanext.opendataplan.model.participation import Comment, Proposal

# The page lists every overdue activity, however old: the emails' look-back is about
# news, and an overdue activity is still to update.
_ALL_OVERDUE = 100 * 366
_SECTION_OF = {
    reminder_rules.MILESTONE_OVERDUE: rules.OVERDUE,
    reminder_rules.MILESTONE_DUE: rules.DUE,
    reminder_rules.NO_PROGRESS: rules.NO_PROGRESS,
}
PLUGIN_TYPES = ("plan", "commitment", "progress_report", "inventory")

Sections = dict[str, dict[str, list[dict[str, Any]]]]  # {org id: {section: rows}}


def institutions_of(user: model.User, roles: tuple[str, ...]) -> list[model.Group]:
    """The active institutions the user holds one of these roles in (one query),
    sysadmins included: they see their own institutions, not the whole portal."""
    return (
        model.Session.query(model.Group)
        .join(model.Member, model.Member.group_id == model.Group.id)
        .filter(
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
            model.Member.capacity.in_(roles),
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
        )
        .order_by(model.Group.title)
        .all()
    )


def build(user: model.User, lang: str, today: dt.date | None = None) -> dict[str, Any]:
    """``institutions``: each with its sections, the most urgent first."""
    day = today or dt.date.today()
    settings = reminders.Settings.from_config()
    orgs = institutions_of(user, settings.roles)
    found: Sections = {org.id: defaultdict(list) for org in orgs}
    if orgs:
        words = _Words(lang)
        _reminded(user, found, words, settings, day)
        _contributions_and_drafts(found, words)
        _publications(found, words, settings.days_ahead, day)
    listed = [
        {
            "org": org,
            "sections": [(key, found[org.id][key]) for key in rules.SECTIONS if found[org.id][key]],
        }
        for org in orgs
    ]
    return {"institutions": listed, "today": day, "days_ahead": settings.days_ahead}


class _Words:
    """Titles and links in the reader's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def title(self, package: dict[str, Any]) -> str:
        return multilingual.title(package, self.lang)

    def commitment(self, commitment: dict[str, Any]) -> str:
        number = commitment.get("number")
        title = self.title(commitment)
        if not number:
            return title
        return tk._("Commitment {number}: {title}").format(number=number, title=title)


def _reminded(
    user: model.User, found: Sections, words: _Words, settings: Any, day: dt.date
) -> None:
    """Due, overdue, no progress (the reminders' rules), stale, and the reporting dates."""
    data = reminders.Data.read()
    history = reminders.History.read(data)
    everything = dataclasses.replace(settings, lookback=_ALL_OVERDUE)
    for reminder in reminders.due(data, day, everything, history):
        section = _SECTION_OF.get(reminder.kind)
        if section is None:  # the reporting dates are listed below, near or not
            continue
        commitment = data.commitments[reminder.commitment]
        if commitment["owner_org"] in found and reminders.may_see(user, data, reminder):
            row = _commitment_row(commitment, words)
            row.update(activity=reminder.milestone, date=reminder.date, facts=dict(reminder.facts))
            row["days"] = (day - reminder.date).days if section == rules.OVERDUE else None
            found[commitment["owner_org"]][section].append(row)
    _stale(user, data, history, found, words)
    _reporting(user, data, history, found, words, day, settings.days_ahead)
    for sections in found.values():
        for key in (rules.OVERDUE, rules.DUE):
            sections[key].sort(key=lambda row: (row["date"], row["label"], row["activity"]))


def _commitment_row(commitment: dict[str, Any], words: _Words) -> dict[str, Any]:
    return {
        "label": words.commitment(commitment),
        "url": tk.h.url_for("commitment.edit", id=commitment["name"]),
        "page": tk.h.url_for("commitment.read", id=commitment["name"]),
    }


def _visible(user: model.User, data: Any, plan: str, commitment: str | None) -> bool:
    probe = reminder_rules.Reminder(reminder_rules.NO_PROGRESS, plan, commitment, dt.date.min)
    return reminders.may_see(user, data, probe)


def _stale(user: model.User, data: Any, history: Any, found: Sections, words: _Words) -> None:
    for cid, commitment in sorted(data.commitments.items(), key=lambda i: words.commitment(i[1])):
        meeting = history.last_report.get(commitment["plan"])
        if commitment["owner_org"] not in found or not _visible(
            user, data, commitment["plan"], cid
        ):
            continue
        if rules.no_figure_since_meeting(history.last_figure.get(cid), meeting):
            row = {**_commitment_row(commitment, words), "date": meeting}
            row["figure_date"] = history.last_figure.get(cid)
            found[commitment["owner_org"]][rules.STALE].append(row)


def _reporting(
    user: model.User,
    data: Any,
    history: Any,
    found: Sections,
    words: _Words,
    day: dt.date,
    days_ahead: int,
) -> None:
    """Each plan's next reporting date, to its institution and its lead institutions."""
    leads: dict[str, set[str]] = defaultdict(set)
    for commitment in data.commitments.values():
        leads[commitment["plan"]].add(commitment["owner_org"])
    dated = reminders.reporting_dates(data, history.last_report, day)
    for pid, when in sorted(dated.items(), key=lambda item: (item[1] or dt.date.max, item[0])):
        plan = data.plans[pid]
        if when is None or not _visible(user, data, pid, None):
            continue
        row = {
            "label": words.title(plan),
            "url": tk.h.url_for("opendataplan_meetings.record", name=plan["name"]),
            "page": tk.h.url_for("plan.read", id=plan["name"]),
            "date": when,
            "soon": when <= day + dt.timedelta(days=days_ahead),
            "last_meeting": history.last_report.get(pid),
        }
        for org in {plan["owner_org"], *leads[pid]} & found.keys():
            found[org][rules.REPORTING].append(row)


def _contributions_and_drafts(found: Sections, words: _Words) -> None:
    """Proposals and comments with no response on the institutions' plans (their body
    answers them), and the drafts of the institutions."""
    where = model.Package.owner_org.in_(list(found))
    plans = packages.with_fields("plan", ("title_translated", "version_status"), where=where)
    for plan in plans.values():
        if plan.get("version_status") == "draft":
            row = {"label": words.title(plan), "url": tk.h.url_for("plan.edit", id=plan["name"])}
            found[plan["owner_org"]][rules.DRAFTS].append({**row, "kind": "version"})
    _awaiting(plans, found, words)
    rows = (
        model.Session.query(model.Package)
        .filter(model.Package.type.in_(PLUGIN_TYPES), model.Package.state == "draft", where)
        .order_by(model.Package.metadata_modified.desc())
    )
    for package in rows:
        row = {"label": package.title or package.name, "kind": package.type}
        row["url"] = tk.h.url_for(f"{package.type}.edit", id=package.name)
        found[package.owner_org][rules.DRAFTS].append(row)


def _awaiting(plans: dict[str, dict[str, Any]], found: Sections, words: _Words) -> None:
    if not plans:
        return
    for kind, table in (("proposal", Proposal), ("comment", Comment)):
        answer = table.status == "submitted" if kind == "proposal" else table.outcome.is_(None)
        query = model.Session.query(table).filter(
            table.plan_id.in_(list(plans)), table.hidden.is_(False), answer
        )
        for item in query.order_by(table.created):
            plan = plans[item.plan_id]
            found[plan["owner_org"]][rules.RESPONSES].append(_contribution(kind, item, plan, words))


def _contribution(kind: str, item: Any, plan: dict[str, Any], words: _Words) -> dict[str, Any]:
    if kind == "proposal":
        url = tk.h.url_for(
            "opendataplan_participation.proposal", name=plan["name"], proposal_id=item.id
        )
        text = item.title
    else:
        url = tk.h.url_for("opendataplan_participation.consultation", name=plan["name"])
        url += f"#reason-{item.id}"  # its response form
        text = item.body[:120]
    return {
        "kind": kind,
        "label": text,
        "plan": words.title(plan),
        "url": url,
        "date": item.created,
    }


def _publications(found: Sections, words: _Words, days_ahead: int, day: dt.date) -> None:
    where = model.Package.owner_org.in_(list(found))
    inventories = packages.with_fields("inventory", ("title_translated",), where=where)
    if not inventories:
        return
    items = (
        model.Session.query(InventoryItem)
        .filter(
            InventoryItem.inventory_id.in_(list(inventories)),
            InventoryItem.publication_status == "planned",
        )
        .order_by(InventoryItem.planned_publication_date, InventoryItem.reference)
    )
    for item in items:
        if not rules.publication_due(
            item.publication_status, item.planned_publication_date, day, days_ahead
        ):
            continue
        inventory = inventories[item.inventory_id]
        found[inventory["owner_org"]][rules.PUBLICATION].append(
            {
                "label": multilingual.pick(item.title, words.lang) or item.reference,
                "reference": item.reference,
                "inventory": words.title(inventory),
                "date": item.planned_publication_date,
                "url": tk.h.url_for(
                    "opendataplan_inventory.item_form", name=inventory["name"], item_id=item.id
                ),
            }
        )
