"""``ckan opendataplan remind``: the reminders due today, to the admins and editors of
the institutions responsible, one email per person, through CKAN's mailer (``smtp.*``).

Who is told what is logged once the email is accepted by the SMTP server, one commit per
email: a run that stops half-way sends the rest next time, and nothing twice. Reminders
are about adopted plans only (a draft has no dates to keep yet), and a person is told
only of what they may see."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import mailer

from ckanext.opendataplan.accountability import wording
from ckanext.opendataplan.common import access, packages
from ckanext.opendataplan.domain import flags
from ckanext.opendataplan.domain import reminders as rules
from ckanext.opendataplan.model import progress_snapshot
from ckanext.opendataplan.model.reminder_sent import ReminderSent, already_sent
from ckanext.opendataplan.progress import rollup

log = logging.getLogger(__name__)

_PLAN_KEYS = (
    "title_translated",
    "version_status",
    "reporting_frequency",
    "next_steering_meeting",
    "period_start",
    "period_end",
)
_COMMITMENT_KEYS = ("plan", "milestones", "end_date", "number", "title_translated")


@dataclass
class Settings:
    days_ahead: int
    lookback: int
    no_progress: bool
    roles: tuple[str, ...]

    @classmethod
    def from_config(cls) -> Settings:
        config = tk.config
        return cls(
            days_ahead=config.get("ckanext.opendataplan.remind_days_ahead"),
            lookback=config.get("ckanext.opendataplan.remind_lookback_days"),
            no_progress=config.get("ckanext.opendataplan.remind_no_progress"),
            roles=tuple(tk.aslist(config.get("ckanext.opendataplan.remind_roles"))),
        )


@dataclass
class Email:
    user: model.User
    reminders: list[rules.Reminder]
    subject: str = ""
    body: str = ""


@dataclass
class Run:
    emails: list[Email] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # the addresses the server refused


@dataclass
class Data:
    """The adopted plans and their commitments, read once for the whole run."""

    plans: dict[str, dict[str, Any]]
    commitments: dict[str, dict[str, Any]]

    @classmethod
    def read(cls) -> Data:
        plans = packages.with_fields("plan", _PLAN_KEYS)
        plans = {pid: plan for pid, plan in plans.items() if not rollup.is_draft(plan)}
        found = packages.with_fields("commitment", _COMMITMENT_KEYS)
        commitments = {cid: c for cid, c in found.items() if c.get("plan") in plans}
        return cls(plans, commitments)


def due(data: Data, today: dt.date, settings: Settings) -> list[rules.Reminder]:
    """Every reminder due today, whoever it goes to."""
    snapshots = progress_snapshot.of_commitments(list(data.commitments))
    reports: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for snapshot in snapshots:
        if snapshot.source == progress_snapshot.REPORT:
            reports[snapshot.commitment_id].append((snapshot.date, snapshot.progress))
    found: list[rules.Reminder] = []
    last_report: dict[str, dt.date] = {}  # by plan
    for cid, commitment in data.commitments.items():
        plan = data.plans[commitment["plan"]]
        end = flags.undated_end(commitment.get("end_date"), plan.get("period_end"))
        milestones = packages.load_json(commitment.get("milestones")) or []
        found += rules.milestone_reminders(
            plan["id"], cid, milestones, today, settings.days_ahead, settings.lookback, end
        )
        history = reports.get(cid, [])
        if history:
            last_report[plan["id"]] = max(history[-1][0], last_report.get(plan["id"], dt.date.min))
        if settings.no_progress and history:
            found += rules.no_progress_reminder(
                plan["id"], cid, [v for _d, v in history], history[-1][0], today, settings.lookback
            )
    for pid, plan in data.plans.items():
        reporting = rules.next_reporting_date(
            plan.get("next_steering_meeting"),
            last_report.get(pid),
            plan.get("reporting_frequency"),
            (plan.get("period_start"), plan.get("period_end")),
            today,
        )
        found += rules.report_reminder(pid, reporting, today, settings.days_ahead)
    return found


def _responsible(data: Data, reminder: rules.Reminder) -> set[str]:
    """The institutions a reminder goes to: a commitment's lead institution; for a
    reporting date, the plan's institution and every lead institution of the plan."""
    if reminder.commitment is not None:
        return {data.commitments[reminder.commitment]["owner_org"]}
    leads = {c["owner_org"] for c in data.commitments.values() if c["plan"] == reminder.plan}
    return {data.plans[reminder.plan]["owner_org"], *leads}


def _members(org_ids: set[str], roles: tuple[str, ...]) -> dict[str, list[model.User]]:
    """The active users with an email address in these roles, by institution (one query)."""
    rows = (
        model.Session.query(model.Member.group_id, model.User)
        .join(model.User, model.User.id == model.Member.table_id)
        .filter(
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Member.capacity.in_(roles),
            model.Member.group_id.in_(list(org_ids)),
            model.User.state == "active",
            model.User.email.isnot(None),
            model.User.email != "",
        )
    )
    found: dict[str, list[model.User]] = defaultdict(list)
    for group_id, user in rows:
        found[group_id].append(user)
    return found


def _may_see(user: model.User, data: Data, reminder: rules.Reminder) -> bool:
    subject = data.commitments.get(reminder.commitment or "") or data.plans[reminder.plan]
    return not subject["private"] or access.can("package_show", user.name, subject["id"])


def addressed(data: Data, reminders: list[rules.Reminder], settings: Settings) -> list[Email]:
    """One email per person, with the reminders they were not sent before."""
    orgs = {reminder: _responsible(data, reminder) for reminder in reminders}
    members = _members(set().union(*orgs.values()) if orgs else set(), settings.roles)
    by_user: dict[str, dict[str, Any]] = {}
    for reminder, institutions in orgs.items():
        for org in institutions:
            for user in members.get(org, []):
                entry = by_user.setdefault(user.id, {"user": user, "reminders": {}})
                entry["reminders"][reminder.key] = reminder
    sent = already_sent((uid, key) for uid, e in by_user.items() for key in e["reminders"])
    emails = []
    for uid, entry in sorted(by_user.items(), key=lambda item: item[1]["user"].name):
        new = [
            r
            for key, r in entry["reminders"].items()
            if (uid, key) not in sent and _may_see(entry["user"], data, r)
        ]
        if new:
            emails.append(Email(entry["user"], new))
    return emails


def run(today: dt.date, dry_run: bool, echo: Callable[[str], None]) -> Run:
    """Compose and send (or, with ``dry_run``, print) today's reminders."""
    settings = Settings.from_config()
    data = Data.read()
    result = Run(emails=addressed(data, due(data, today, settings), settings))
    for email in result.emails:
        email.subject, email.body = wording.email(email.user, email.reminders, data, today)
        if dry_run:
            echo(f"To: {email.user.name} <{email.user.email}>\nSubject: {email.subject}\n")
            echo(email.body + "\n")
            continue
        try:
            mailer.mail_recipient(
                email.user.display_name, email.user.email, email.subject, email.body
            )
        except mailer.MailerException as error:
            log.warning("reminders to %s not sent: %s", email.user.name, error)
            result.failed.append(email.user.email)
            continue
        _log_sent(email)
    return result


def _log_sent(email: Email) -> None:
    now = dt.datetime.utcnow()
    for reminder in email.reminders:
        model.Session.add(
            ReminderSent(
                user_id=email.user.id,
                reminder_key=reminder.key,
                kind=reminder.kind,
                plan_id=reminder.plan,
                commitment_id=reminder.commitment,
                sent_at=now,
            )
        )
    model.Session.commit()
