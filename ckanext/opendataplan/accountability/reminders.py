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


@dataclass
class History:
    """Each commitment's reports (date, figure), oldest first, and the date of its last
    figure of any source; each plan's last report date (its last steering meeting)."""

    reports: dict[str, list[tuple[dt.date, int]]]
    last_figure: dict[str, dt.date]
    last_report: dict[str, dt.date]

    @classmethod
    def read(cls, data: Data) -> History:
        reports: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
        last_figure: dict[str, dt.date] = {}
        for snapshot in progress_snapshot.of_commitments(list(data.commitments)):
            last_figure[snapshot.commitment_id] = snapshot.date  # oldest first
            if snapshot.source == progress_snapshot.REPORT:
                reports[snapshot.commitment_id].append((snapshot.date, snapshot.progress))
        last_report: dict[str, dt.date] = {}  # by plan
        for cid, history in reports.items():
            pid = data.commitments[cid]["plan"]
            last_report[pid] = max(history[-1][0], last_report.get(pid, dt.date.min))
        return cls(reports, last_figure, last_report)


def reporting_dates(
    data: Data, last_report: dict[str, dt.date], today: dt.date
) -> dict[str, dt.date | None]:
    """Each plan's next reporting date (the domain's rule)."""
    return {
        pid: rules.next_reporting_date(
            plan.get("next_steering_meeting"),
            last_report.get(pid),
            plan.get("reporting_frequency"),
            (plan.get("period_start"), plan.get("period_end")),
            today,
        )
        for pid, plan in data.plans.items()
    }


def due(
    data: Data, today: dt.date, settings: Settings, history: History | None = None
) -> list[rules.Reminder]:
    """Every reminder due today, whoever it goes to."""
    history = history or History.read(data)
    reports = history.reports
    found: list[rules.Reminder] = []
    for cid, commitment in data.commitments.items():
        plan = data.plans[commitment["plan"]]
        end = flags.undated_end(commitment.get("end_date"), plan.get("period_end"))
        milestones = packages.load_json(commitment.get("milestones")) or []
        found += rules.milestone_reminders(
            plan["id"], cid, milestones, today, settings.days_ahead, settings.lookback, end
        )
        figures = reports.get(cid, [])
        if settings.no_progress and figures:
            found += rules.no_progress_reminder(
                plan["id"], cid, [v for _d, v in figures], figures[-1][0], today, settings.lookback
            )
    for pid, reporting in reporting_dates(data, history.last_report, today).items():
        found += rules.report_reminder(pid, reporting, today, settings.days_ahead)
    return found


def responsible(data: Data, reminder: rules.Reminder) -> set[str]:
    """The institutions a reminder goes to: a commitment's lead institution; for a
    reporting date, the plan's institution and every lead institution of the plan."""
    if reminder.commitment is not None:
        return {data.commitments[reminder.commitment]["owner_org"]}
    return plan_institutions(data, reminder.plan)


def plan_institutions(data: Data, plan_id: str) -> set[str]:
    """The plan's institution and every lead institution of its commitments."""
    leads = {c["owner_org"] for c in data.commitments.values() if c["plan"] == plan_id}
    return {data.plans[plan_id]["owner_org"], *leads}


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


def may_see(user: model.User, data: Data, reminder: rules.Reminder) -> bool:
    subject = data.commitments.get(reminder.commitment or "") or data.plans[reminder.plan]
    return not subject["private"] or access.can("package_show", user.name, subject["id"])


def addressed(data: Data, reminders: list[rules.Reminder], settings: Settings) -> list[Email]:
    """One email per person, with the reminders they were not sent before."""
    orgs = {reminder: responsible(data, reminder) for reminder in reminders}
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
            if (uid, key) not in sent and may_see(entry["user"], data, r)
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
