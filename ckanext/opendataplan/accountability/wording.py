"""The reminder email in words, in the portal's default language (the command runs in a
request context of the default locale): grouped by kind, the most urgent first, each
line with its commitment or plan and a link to it."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from babel.support import Translations

from ckanext.opendataplan import i18n
from ckanext.opendataplan.common import dates, multilingual
from ckanext.opendataplan.domain import reminders as rules


def _headings() -> dict[str, str]:
    return {
        rules.MILESTONE_OVERDUE: tk._("Activities now overdue"),
        rules.MILESTONE_DUE: tk._("Activities due soon"),
        rules.NO_PROGRESS: tk._("No progress since the last report"),
        rules.REPORT_DUE: tk._("Progress reports to prepare"),
    }


def _title(package: dict[str, Any]) -> str:
    return multilingual.title(package, dates.default_language())


def _date(day: dt.date) -> str:
    return dates.in_words(day, dates.default_language())


def _commitment(data: Any, commitment_id: str) -> tuple[str, str]:
    commitment = data.commitments[commitment_id]
    number = commitment.get("number")
    name = (
        tk._("Commitment {number}: {title}").format(number=number, title=_title(commitment))
        if number
        else _title(commitment)
    )
    return name, tk.h.url_for("commitment.read", id=commitment["name"], qualified=True)


def _line(reminder: rules.Reminder, data: Any, today: dt.date) -> str:
    if reminder.kind == rules.REPORT_DUE:
        plan = data.plans[reminder.plan]
        text = tk._(
            "{plan}: the next progress report is on {date}. Bring the progress of your "
            "commitments up to date before then."
        ).format(plan=_title(plan), date=_date(reminder.date))
        url = tk.h.url_for("plan.read", id=plan["name"], qualified=True)
        return f"- {text}\n  {url}"
    name, url = _commitment(data, reminder.commitment)
    if reminder.kind == rules.MILESTONE_OVERDUE:
        text = tk._("{activity}: was due on {date} (days overdue: {days})").format(
            activity=reminder.milestone,
            date=_date(reminder.date),
            days=(today - reminder.date).days,
        )
    elif reminder.kind == rules.MILESTONE_DUE:
        text = tk._("{activity}: due on {date}").format(
            activity=reminder.milestone, date=_date(reminder.date)
        )
    else:
        progress = dict(reminder.facts).get("progress")
        text = tk._("the last two reports gave the same progress ({progress}), the last on {date}")
        text = text.format(progress=f"{progress} %", date=_date(reminder.date))
    return f"- {name}\n  {text}\n  {url}"


def email(
    user: model.User, reminders: list[rules.Reminder], data: Any, today: dt.date
) -> tuple[str, str]:
    """``(subject, body)`` of one person's reminders."""
    site = tk.config.get("ckan.site_title") or ""
    count = len(reminders)
    subject = tk._("{site}: reminders about your plans ({count})").format(site=site, count=count)
    headings = _headings()
    parts = [
        tk._("Hello {name},").format(name=user.display_name),
        tk._("Here is what needs your attention on {site}:").format(site=site),
    ]
    for kind, items in rules.grouped(reminders):
        parts.append(headings[kind] + "\n" + "\n".join(_line(r, data, today) for r in items))
    parts.append(
        tk._(
            "You receive this as an admin or editor of an institution responsible for these "
            "commitments. Each reminder is sent once."
        )
    )
    return subject, "\n\n".join(parts) + "\n"


def change_sentence(
    data: dict[str, Any], title: str, date: str, gettext: Callable[[str], str] = tk._
) -> str:
    """What an activity of the plugin says: "Commitment 4 went from 72 % to 96 % on
    15 July 2020", "Commitment 4: the activity ... was completed on ...". The stream and
    the feed write it in the reader's language; the activity keeps it in the portal's
    for CKAN's emails (``in_default_language``)."""
    if data.get("kind") == "meeting":
        return gettext(
            "{plan}: the steering committee's meeting of {date} was recorded (commitments "
            "whose figure changed: {figures}; whose activities changed: {activities})"
        ).format(
            plan=title, date=date, figures=data.get("figures"), activities=data.get("activities")
        )
    number = data.get("number")
    who = gettext("Commitment {number}").format(number=number) if number else title
    if data.get("kind") == "milestone":
        return gettext("{commitment}: the activity “{activity}” was completed on {date}").format(
            commitment=who, activity=data.get("milestone"), date=date
        )
    after = f"{data.get('after')} %"
    if data.get("before") is None:
        return gettext("{commitment} reached {after} on {date}").format(
            commitment=who, after=after, date=date
        )
    return gettext("{commitment} went from {before} to {after} on {date}").format(
        commitment=who, before=f"{data['before']} %", after=after, date=date
    )


def in_default_language(data: dict[str, Any], title: str, day: dt.date) -> str:
    """The sentence in the portal's default language, read from the plugin's catalog
    itself: CKAN sends its activity emails from a command that has no language."""
    lang = dates.default_language()
    catalog = _catalog(i18n.catalog_directory(), lang)
    return change_sentence(data, title, dates.in_words(day, lang), catalog.gettext)


@functools.lru_cache(maxsize=8)
def _catalog(directory: str, lang: str) -> Translations:
    """The plugin's compiled catalog of a language, read once per process (a report of
    50 updates read it 50 times: 0.8 s)."""
    return Translations.load(directory, [lang], "ckanext-opendataplan")
